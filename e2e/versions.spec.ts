import { expect, test, type APIRequestContext } from '@playwright/test';
import { asToken, copyAutomation, openSignedIn, secondPerson } from './helpers.ts';

/**
 * Versions (issue 12): history with who and when, a version read-only on the
 * canvas, a comparison highlighted on the canvas with its list of changes,
 * restore as draft, pause/resume (editor and list), delete a draft never published.
 */
test.use({ viewport: { width: 1280, height: 800 } });

const base = '/api/companies/demo/automations';

/** The usual publish through the API: the admin token asks (four-eyes), a second person approves. */
async function publish(request: APIRequestContext, id: string): Promise<number> {
  const asked = await request.post(`${base}/${id}/publish`, asToken);
  expect(asked.ok(), await asked.text()).toBe(true);
  const body = await asked.json();
  if (body.status === 'published') return body.version;
  const approved = await request.post(`/api/companies/demo/publication-requests/${body.requestId}/approve`, await secondPerson(request));
  expect(approved.ok(), await approved.text()).toBe(true);
  return (await approved.json()).version;
}

test('versions: history, view, compare on the canvas, restore as draft, pause and resume, delete a draft', async ({ page, request }) => {
  const id = `versions-${Date.now().toString(36)}`;
  await copyAutomation(request, 'bank-fees', id, 'Versioned fees');
  expect(await publish(request, id)).toBe(1);
  // Version 2: the fee is booked with another text, and the condition is renamed.
  const { draft } = await (await request.get(`${base}/${id}`, asToken)).json();
  const post = draft.nodes.find((n: { id: string }) => n.id === 'post-fee');
  post.config.text = 'Bankavgift (v2): {{event.text}}';
  draft.nodes.find((n: { id: string }) => n.id === 'is-fee').name = 'Fee in SEK?';
  expect((await request.put(`${base}/${id}`, { ...asToken, data: draft })).ok()).toBe(true);
  expect(await publish(request, id)).toBe(2);

  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('dialog', (dialog) => void dialog.accept());
  await openSignedIn(page, `#/automations/${id}`);
  await page.getByTestId('versions-toggle').click();
  const panel = page.getByTestId('versions-panel');
  await expect(panel.getByTestId('version-2')).toContainText('In force');
  await expect(panel.getByTestId('version-1')).toContainText('Published by');
  await expect(panel.getByTestId('version-1')).not.toContainText('In force');
  await expect(panel.getByTestId('versions-activity')).toContainText('Published');
  await page.screenshot({ path: 'test-results/versions-history.png' });

  // Version 1, read-only on the canvas
  await panel.getByTestId('view-version-1').click();
  await expect(page.getByTestId('version-banner')).toContainText('Version 1');
  await expect(page.getByTestId('canvas')).toHaveAttribute('data-read-only', 'true');
  await expect(page.locator('.react-flow__node', { hasText: 'Is it a bank fee?' })).toBeVisible();
  await page.screenshot({ path: 'test-results/versions-view-v1.png' });

  // Compare 1 → 2: the changed nodes are highlighted and listed with the config that changed
  await panel.getByTestId('compare-from').selectOption('1');
  await panel.getByTestId('compare-to').selectOption('2');
  await panel.getByTestId('compare').click();
  const changes = panel.getByTestId('change-list');
  await expect(changes).toContainText('From version 1 to version 2');
  await expect(changes.getByTestId('change-post-fee')).toContainText('config.text');
  await expect(changes.getByTestId('change-post-fee')).toContainText('Bankavgift (v2)');
  await expect(changes.getByTestId('change-is-fee')).toContainText('Fee in SEK?');
  await expect(page.locator('.react-flow__node.kt-node--diff-changed')).toHaveCount(2);
  await expect(page.locator('.react-flow__node[data-id="trigger"]')).not.toHaveClass(/kt-node--diff/);
  await page.screenshot({ path: 'test-results/versions-compare.png' });

  // Restore version 1 as the draft: nothing published until the usual publish
  await panel.getByTestId('restore-version-1').click();
  await expect(page.getByTestId('notice')).toContainText('Version 1 restored as the draft');
  await expect(page.getByTestId('published-version')).toHaveText('Published v2');
  const restored = await (await request.get(`${base}/${id}`, asToken)).json();
  const v1 = await (await request.get(`${base}/${id}/versions/1`, asToken)).json();
  expect(restored.draft.nodes).toEqual(v1.document.nodes);
  expect(restored.summary.hasUnpublishedChanges).toBe(true);
  await expect(page.locator('.react-flow__node', { hasText: 'Is it a bank fee?' })).toBeVisible(); // back on the draft

  // Pause in the editor: the chip shows; the list shows the badge; resume from the list
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('paused-chip')).toBeVisible();
  await expect(page.getByTestId('resume')).toBeVisible();
  await page.screenshot({ path: 'test-results/versions-paused-editor.png' });
  await page.getByRole('link', { name: /Automations/ }).first().click();
  await expect(page.getByTestId(`paused-${id}`)).toBeVisible();
  await page.getByTestId(`automation-row-${id}`).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/versions-paused-list.png' });
  await page.getByTestId(`resume-${id}`).click();
  await expect(page.getByTestId(`paused-${id}`)).toHaveCount(0);
  await expect(page.getByTestId(`pause-${id}`)).toBeVisible();
  const history = await (await request.get(`${base}/${id}/versions`, asToken)).json();
  expect(history.activity.slice(0, 2).map((a: { action: string }) => a.action)).toEqual(['automation.resume', 'automation.pause']);

  // A draft never published can be deleted (the published one cannot: its panel offers no delete)
  const scratch = `${id}-scratch`;
  await copyAutomation(request, 'bank-fees', scratch, 'Scratch draft');
  await page.goto(`/#/automations/${scratch}`);
  await page.getByTestId('versions-toggle').click();
  await expect(page.getByTestId('versions-empty')).toContainText('Not published yet');
  await page.screenshot({ path: 'test-results/versions-unpublished.png' });
  await page.getByTestId('delete-draft').click();
  await expect(page.getByTestId('automations-page')).toBeVisible();
  await expect(page.getByTestId(`automation-row-${scratch}`)).toHaveCount(0);
  expect((await request.get(`${base}/${scratch}`, asToken)).status()).toBe(404);
  expect((await request.delete(`${base}/${id}`, asToken)).status()).toBe(409);

  expect(errors).toEqual([]);
});
