import { expect, test, type Locator, type Page } from '@playwright/test';
import { approveIfPending, asToken, openSignedIn, pick } from './helpers.ts';

/** A handle's box once the canvas has stopped moving (a fit after a drop animates the viewport). */
async function settledBox(page: Page, handle: Locator) {
  let last = await handle.boundingBox();
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(100);
    const now = await handle.boundingBox();
    if (now && last && Math.abs(now.x - last.x) < 0.5 && Math.abs(now.y - last.y) < 0.5) return now;
    last = now;
  }
  return last;
}

/**
 * Connects two handles by dragging from the centre of one to the centre of the other with the
 * mouse, as a user does. On a loaded machine a drag that starts while React Flow is still
 * measuring a just-dropped node makes no edge (seen in CI, 1 run in 3): the drag is tried again,
 * up to three times, until exactly one more edge is on the canvas.
 */
async function dragHandle(page: Page, from: Locator, to: Locator): Promise<void> {
  const edges = page.locator('.react-flow__edge');
  const before = await edges.count();
  for (let attempt = 1; attempt <= 3; attempt++) {
    const a = await settledBox(page, from);
    const b = await settledBox(page, to);
    if (!a || !b) throw new Error('handle not visible');
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
    await page.mouse.up();
    try {
      await expect(edges).toHaveCount(before + 1, { timeout: 2_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      console.warn(`designer.spec: drag ${attempt} made no edge; trying again`);
    }
  }
}

// "bankgiro", not "avgift": a bank line is booked by one automation only (in priority order), and the
// demo's "Bank fees" already books every AVGIFT/FEE line; this test's line is one only the new rule matches.
const condition = '{"and":[{"<":[{"var":"event.amountMinor"},0]},{"icontains":[{"var":"event.text"},"bankgiro"]}]}';

test('a new user builds the bank-fees automation from scratch, fires it with a bank line and sees the voucher', async ({ page, context, request, baseURL }, testInfo) => {
  const urls: string[] = [];
  context.on('request', (r) => urls.push(r.url()));
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  // New automation.
  await openSignedIn(page);
  await expect(page.getByTestId('automations-table')).toBeVisible();
  await page.getByTestId('new-automation').click();
  await page.getByTestId('new-automation-name').fill('My bank fees');
  await expect(page.getByTestId('new-automation-id')).toHaveText(/^my-bank-fees(-\d+)?$/); // "-2" only on a reused server
  const automationId = (await page.getByTestId('new-automation-id').textContent())!;
  await page.getByTestId('create-automation').click();
  await expect(page).toHaveURL(new RegExp(`#/automations/${automationId}$`));
  const canvas = page.getByTestId('canvas');
  await expect(page.getByTestId('canvas-empty')).toBeVisible();

  // Drag a trigger, a condition and a "Post voucher" from the palette onto the canvas.
  await page.getByTestId('palette-bank-line-imported').dragTo(canvas, { targetPosition: { x: 130, y: 140 } });
  await page.getByTestId('palette-condition').dragTo(canvas, { targetPosition: { x: 400, y: 140 } });
  await page.getByTestId('palette-post-voucher').dragTo(canvas, { targetPosition: { x: 670, y: 140 } });
  for (const id of ['bank-line-imported', 'condition', 'post-voucher']) await expect(page.getByTestId(`node-${id}`)).toBeVisible();
  await expect(page.getByTestId('validation-status')).toContainText('error'); // nothing is connected yet

  // Connect trigger → condition, and condition "true" → post voucher, by dragging handles.
  await dragHandle(page, page.getByTestId('handle-bank-line-imported-out'), page.getByTestId('handle-condition-in'));
  await dragHandle(page, page.getByTestId('handle-condition-true'), page.getByTestId('handle-post-voucher-in'));
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);

  // Write the condition in Monaco (the builder's other view; a new condition opens in the builder, empty).
  await page.getByTestId('node-condition').click();
  await page.getByTestId('node-name-input').fill('Is it a bank fee?');
  await expect(page.getByTestId('condition-empty')).toBeVisible();
  await page.getByTestId('condition-tab-json').click();
  const editor = page.getByTestId('json-logic-editor');
  await expect(editor.locator('.view-lines')).toBeVisible();
  await editor.locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // Errors from the shared analyzer are squiggles; var paths complete from the trigger's event.
  await page.keyboard.insertText('{"bogus": [1]}');
  await expect(editor.locator('.squiggly-error')).toBeVisible();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText('{"var": "event.am');
  await page.keyboard.press('Control+Space');
  await expect(page.locator('.suggest-widget')).toContainText('event.amountMinor');
  await page.keyboard.press('Escape');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(condition);
  await expect(page.getByTestId('preview-expression-value')).toHaveText('true');
  await expect(page.getByTestId('node-condition')).toContainText('amountMinor < 0 and text contains "bankgiro"');

  // Voucher lines: 6570 debit |amount|, 1930 credit balancing (empty amount).
  await page.getByTestId('node-post-voucher').click();
  await page.getByTestId('node-name-input').fill('Book the fee');
  await pick(page, 'voucher-line-0-account', '6570');
  await page.getByTestId('voucher-line-0-side').selectOption('debit');
  await page.getByTestId('voucher-line-0-amount').fill('{"abs":{"var":"event.amountMinor"}}');
  await pick(page, 'voucher-line-1-account', '1930');
  await page.getByTestId('voucher-line-1-side').selectOption('credit');
  await page.getByTestId('voucher-line-1-amount').fill('');
  await expect(page.getByTestId('node-post-voucher')).toContainText('6570 D / 1930 C');

  // Click-to-add, then delete with the keyboard.
  await page.getByTestId('palette-flag-for-review').click();
  await expect(page.getByTestId('node-flag-for-review')).toBeVisible();
  await page.getByTestId('node-flag-for-review').click();
  // selected first (a click during the canvas's fit animation can miss), then the key
  await expect(page.locator('.react-flow__node.selected').getByTestId('node-flag-for-review')).toBeVisible();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('node-flag-for-review')).toHaveCount(0);

  await expect(page.getByTestId('validation-status')).not.toContainText('error');
  await page.locator('.react-flow__controls-fitview').click();
  await page.getByTestId('node-condition').click();
  await page.waitForTimeout(350); // fit-view animation
  const shot = await page.screenshot({ path: testInfo.outputPath('designer.png') });
  await testInfo.attach('designer', { body: shot, contentType: 'image/png' });

  // Save and publish.
  await page.getByTestId('save').click();
  await expect(page.getByTestId('notice')).toContainText('Draft saved');
  // Never published: it says so once, not also "Draft differs from published".
  await expect(page.getByTestId('published-version')).toHaveText('Not published');
  await expect(page.getByText('Draft differs from published')).toHaveCount(0);
  await page.getByTestId('publish').click();
  await approveIfPending(page, request, automationId);
  await expect(page.getByTestId('published-version')).toContainText('Published v');

  // A bank fee arrives.
  const lineId = `e2e-${Date.now()}`;
  const response = await request.post('/api/companies/demo/bank-lines', {
    ...asToken,
    data: { id: lineId, bookingDate: '2026-11-30', amountMinor: -2500, currency: 'SEK', text: 'BANKGIRO ÅRSKOSTNAD', reference: null, counterparty: null },
  });
  expect(response.ok(), await response.text()).toBe(true);
  const result = await response.json();
  const mine = result.results[0].runs.find((r: { automationId: string }) => r.automationId === automationId);
  expect(mine?.status).toBe('posted');

  // The ledger shows the voucher, attributed to the automation and its run.
  await page.getByTestId('nav-ledger').click();
  const voucher = page.locator(`[data-testid="voucher"][data-voucher-id="${mine.voucherIds[0]}"]`);
  await expect(voucher).toBeVisible();
  await expect(voucher.locator('[data-testid="voucher-line"][data-account="6570"]')).toHaveAttribute('data-debit', '2500');
  await expect(voucher.locator('[data-testid="voucher-line"][data-account="1930"]')).toHaveAttribute('data-credit', '2500');
  await expect(voucher.locator('[data-testid="voucher-line"][data-account="6570"]')).toContainText('25,00');
  await expect(voucher.getByTestId('voucher-origin')).toContainText(/Created by automation My bank fees v\d+ — run /);
  const ledgerShot = await page.screenshot({ path: testInfo.outputPath('ledger.png'), fullPage: true });
  await testInfo.attach('ledger', { body: ledgerShot, contentType: 'image/png' });

  // Its run shows the path through the graph.
  await voucher.getByTestId('voucher-run').click();
  await expect(page.getByTestId('run-status')).toHaveText('Posted');
  await expect(page.getByTestId('trace-step')).toHaveCount(3);
  await expect(page.getByTestId('trace-graph').locator('.is-trace-visited')).toHaveCount(3);
  const runShot = await page.screenshot({ path: testInfo.outputPath('run.png'), fullPage: true });
  await testInfo.attach('run', { body: runShot, contentType: 'image/png' });

  // Nothing came from anywhere but our own server (Monaco included).
  const foreign = urls.filter((url) => !url.startsWith(baseURL!) && !url.startsWith('data:') && !url.startsWith('blob:'));
  expect(foreign).toEqual([]);
  expect(pageErrors).toEqual([]);
});
