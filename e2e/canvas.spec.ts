import { expect, test, type Locator, type Page } from '@playwright/test';
import { openSignedIn, pick } from './helpers.ts';

// A laptop window: the canvas must keep its room here.
test.use({ viewport: { width: 1280, height: 800 } });

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  if (!found) throw new Error('not visible');
  return found;
}

/** Every node card lies inside the canvas (the graph fits). */
async function expectGraphInside(page: Page) {
  const canvas = await box(page.getByTestId('canvas'));
  const cards = page.locator('.react-flow__node');
  expect(await cards.count()).toBeGreaterThan(0);
  for (const card of await cards.all()) {
    const b = await box(card);
    expect(b.x).toBeGreaterThanOrEqual(canvas.x - 1);
    expect(b.y).toBeGreaterThanOrEqual(canvas.y - 1);
    expect(b.x + b.width).toBeLessThanOrEqual(canvas.x + canvas.width + 1);
    expect(b.y + b.height).toBeLessThanOrEqual(canvas.y + canvas.height + 1);
  }
}

test('at 1280×800 the canvas keeps its room: collapsible panels, palette search, fit, a new voucher starts empty', async ({ page }, testInfo) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await openSignedIn(page);

  // An existing graph opens fitted, the header wraps instead of overlapping.
  await page.goto('/#/automations/bank-fees');
  await expect(page.getByTestId('automation-editor')).toBeVisible();
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  await expectGraphInside(page);
  const toolbar = await box(page.locator('.kt-toolbar'));
  for (const id of ['fit-view', 'save', 'publish', 'validation-status']) {
    const b = await box(page.getByTestId(id));
    expect(b.y + b.height).toBeLessThanOrEqual(toolbar.y + toolbar.height);
    expect(b.x + b.width).toBeLessThanOrEqual(toolbar.x + toolbar.width);
  }
  expect((await box(page.getByTestId('canvas'))).y).toBeGreaterThanOrEqual(toolbar.y + toolbar.height - 1);

  // Below 1400 px the palette starts collapsed.
  const paletteToggle = page.getByTestId('palette-toggle');
  await expect(paletteToggle).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('palette-search')).toHaveCount(0);
  const sideToggle = page.getByTestId('side-toggle');
  await expect(sideToggle).toHaveAttribute('aria-expanded', 'true');
  await testInfo.attach('side-open', { body: await page.screenshot({ path: testInfo.outputPath('side-open.png') }), contentType: 'image/png' });

  // Collapsing the right column with the keyboard: the canvas gets ≥ 60 % of the window, the graph is fitted again.
  await sideToggle.focus();
  await page.keyboard.press('Enter');
  await expect(sideToggle).toHaveAttribute('aria-expanded', 'false');
  await expect.poll(async () => (await box(page.getByTestId('canvas'))).width).toBeGreaterThanOrEqual(0.6 * 1280);
  await page.waitForTimeout(400); // the fit's animation
  await expectGraphInside(page);
  await testInfo.attach('collapsed', { body: await page.screenshot({ path: testInfo.outputPath('collapsed.png') }), contentType: 'image/png' });

  // Zoomed far out or in, Fit brings the whole graph back.
  await page.locator('.react-flow__pane').hover();
  for (let i = 0; i < 6; i += 1) await page.mouse.wheel(0, -400);
  await page.getByTestId('fit-view').click();
  await page.waitForTimeout(500);
  await expectGraphInside(page);

  // Selecting a node opens the right column again.
  await page.locator('.react-flow__node').first().click();
  await expect(sideToggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('node-name-input')).toBeVisible();

  // The choices are remembered: after a reload the palette is still collapsed, the side open.
  await page.reload();
  await expect(page.getByTestId('palette-toggle')).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('side-toggle')).toHaveAttribute('aria-expanded', 'true');

  // A new automation: "/" opens the palette and focuses its search; the search filters the steps.
  await page.getByTestId('nav-automations').click();
  await page.getByTestId('new-automation').click();
  await page.getByTestId('new-automation-name').fill(`Canvas room ${Date.now()}`);
  await page.getByTestId('create-automation').click();
  await expect(page.getByTestId('canvas-empty')).toBeVisible();
  await page.locator('.react-flow__pane').click({ position: { x: 40, y: 40 } });
  await page.keyboard.press('/');
  const search = page.getByTestId('palette-search');
  await expect(search).toBeFocused();
  await expect(page.getByTestId('palette-toggle')).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.type('voucher');
  await expect(page.getByTestId('palette-post-voucher')).toBeVisible();
  await expect(page.getByTestId('palette-condition')).toHaveCount(0);
  await page.keyboard.type(' nothing-like-this');
  await expect(page.getByTestId('palette-no-match')).toBeVisible();
  await search.fill('voucher');
  await testInfo.attach('palette-search', { body: await page.screenshot({ path: testInfo.outputPath('palette-search.png') }), contentType: 'image/png' });

  // A new "Post voucher" starts empty: no accounts chosen, a clear error on each line until they are.
  await page.getByTestId('side-toggle').click();
  await expect(page.getByTestId('side-toggle')).toHaveAttribute('aria-expanded', 'false');
  await page.getByTestId('palette-post-voucher').click();
  await expect(page.getByTestId('node-post-voucher')).toBeVisible();
  await expect(page.getByTestId('side-toggle')).toHaveAttribute('aria-expanded', 'true'); // selected: the inspector opens
  await expect(page.getByTestId('voucher-line-0-account')).toHaveValue('');
  await expect(page.getByTestId('voucher-line-1-account')).toHaveValue('');
  await expect(page.getByTestId('voucher-line-0-amount')).toHaveValue('');
  await expect(page.getByTestId('node-post-voucher')).not.toContainText('6570');
  await expect(page.getByTestId('node-post-voucher').getByTestId('node-issue-badge')).toHaveAttribute('data-severity', 'error');
  const fieldIssues = page.getByTestId('field-issue');
  await expect(fieldIssues).toHaveCount(2);
  await expect(fieldIssues.nth(0)).toContainText('lines.0.account: no account chosen');
  await expect(fieldIssues.nth(1)).toContainText('lines.1.account: no account chosen');
  await pick(page, 'voucher-line-0-account', '6570');
  await expect(fieldIssues).toHaveCount(1);
  await testInfo.attach('new-voucher', { body: await page.screenshot({ path: testInfo.outputPath('new-voucher.png') }), contentType: 'image/png' });

  // The palette collapses again with its toggle (Enter on the focused button).
  await page.getByTestId('palette-toggle').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('palette-toggle')).toHaveAttribute('aria-expanded', 'false');

  expect(pageErrors).toEqual([]);
  // Leave without saving (nothing published or saved by this test).
  page.on('dialog', (dialog) => void dialog.accept());
});
