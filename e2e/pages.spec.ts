import { expect, test } from '@playwright/test';
import { asToken, openSignedIn, pick } from './helpers.ts';

test('the example automation opens clean, a broken one is refused with issues on its node, unhandled lines reach the inbox', async ({ page, request }, testInfo) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  // The demo company's published example.
  await openSignedIn(page);
  const row = page.getByTestId('automation-row-bank-fees');
  await expect(row).toContainText('Bank fees');
  await expect(row).toContainText('v1');
  await testInfo.attach('automations', { body: await page.screenshot({ path: testInfo.outputPath('automations.png') }), contentType: 'image/png' });
  await row.getByRole('link', { name: 'Open' }).click();
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await expect(page.getByTestId('validation-status')).not.toContainText('error');
  await expect(page.getByTestId('node-is-fee')).toContainText('text contains "avgift"');
  await testInfo.attach('bank-fees', { body: await page.screenshot({ path: testInfo.outputPath('bank-fees.png') }), contentType: 'image/png' });
  // Test the draft on the trigger's example event (a dry run: nothing posted); the path lights up on the canvas.
  await page.getByTestId('test-draft').click();
  await page.getByTestId('test-run').click();
  await expect(page.getByTestId('test-would')).toHaveText('Would post');
  await expect(page.getByTestId('test-banner')).toContainText('nothing posted');
  await expect(page.getByTestId('canvas').locator('.is-trace-visited')).toHaveCount(3);
  await testInfo.attach('preview', { body: await page.screenshot({ path: testInfo.outputPath('preview.png') }), contentType: 'image/png' });
  await page.getByTestId('test-clear').click();
  await expect(page.getByTestId('test-banner')).toHaveCount(0);

  // A broken automation: publishing is refused and the issues point at the node.
  await page.getByTestId('nav-automations').click();
  await page.getByTestId('new-automation').click();
  await page.getByTestId('new-automation-name').fill('Broken rule');
  await page.getByTestId('create-automation').click();
  await page.getByTestId('palette-post-voucher').click();
  // A new voucher starts with its lines' accounts to choose (and both amounts empty).
  await pick(page, 'voucher-line-0-account', '6570');
  await pick(page, 'voucher-line-1-account', '1930');
  await page.getByTestId('voucher-line-0-amount').fill('');
  await expect(page.getByTestId('node-post-voucher').getByTestId('node-issue-badge')).toHaveAttribute('data-severity', 'error');
  await expect(page.getByTestId('field-issue')).toContainText('Only one line may take the balancing remainder');
  await page.getByTestId('publish').click();
  await expect(page.getByTestId('notice')).toContainText('Not published');
  const popover = page.getByTestId('issues-popover');
  await expect(popover).toBeVisible();
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await popover.locator('[data-testid="issue"][data-node-id="post-voucher"]').first().click();
  await expect(page.getByTestId('node-name-input')).toHaveValue('Post voucher');

  // A line no automation handles lands in the exceptions inbox.
  const lineId = `e2e-deposit-${Date.now()}`;
  const response = await request.post('/api/companies/demo/bank-lines', {
    ...asToken,
    data: { id: lineId, bookingDate: '2026-11-30', amountMinor: 150000, currency: 'SEK', text: 'INSÄTTNING KUND', reference: null, counterparty: null },
  });
  expect(response.ok(), await response.text()).toBe(true);
  await page.getByTestId('nav-exceptions').click();
  await expect(page.getByTestId('exception-row').filter({ hasText: 'INSÄTTNING KUND' }).first()).toBeVisible();
  await expect(page.getByTestId('exception-row').filter({ hasText: 'INSÄTTNING KUND' }).first()).toContainText('1 500,00');
  await testInfo.attach('exceptions', { body: await page.screenshot({ path: testInfo.outputPath('exceptions.png'), fullPage: true }), contentType: 'image/png' });

  // Working the inbox: running it again changes nothing (no rule books deposits); a person resolves it with a note.
  const deposit = page.getByTestId('exception-row').filter({ hasText: 'INSÄTTNING KUND' }).first();
  await deposit.getByTestId('exception-retry').click();
  await expect(page.getByTestId('exceptions-notice')).toContainText('Still open');
  await deposit.getByTestId('exception-resolve').click();
  await page.getByTestId('resolve-note').fill('Customer deposit matched by hand to F1002');
  await page.getByTestId('resolve-submit').click();
  await expect(page.getByTestId('exception-row').filter({ hasText: 'INSÄTTNING KUND' })).toHaveCount(0);
  await page.getByTestId('exceptions-status').selectOption('resolved');
  await expect(page.getByTestId('exception-row').filter({ hasText: 'INSÄTTNING KUND' }).first().getByTestId('exception-resolution'))
    .toHaveText('Customer deposit matched by hand to F1002');

  await page.getByTestId('nav-runs').click();
  await expect(page.getByTestId('run-row').first()).toBeVisible();
  // The lines above ran in their requests: nothing waits for the worker.
  await expect(page.getByTestId('work-queue')).toContainText('Up to date');
  await testInfo.attach('runs', { body: await page.screenshot({ path: testInfo.outputPath('runs.png') }), contentType: 'image/png' });
  expect(pageErrors).toEqual([]);
});

// Issue 12 (feel): no console errors on any page of the sidebar, and every empty list says what to do next.
test('every page opens without a console error or a page error', async ({ page }) => {
  const problems: string[] = [];
  let where = 'sign-in';
  page.on('console', (message) => { if (message.type() === 'error') problems.push(`${where}: ${message.text()}`); });
  page.on('pageerror', (error) => problems.push(`${where}: ${error.message}`));
  await openSignedIn(page);
  const pages = [
    '#/automations', '#/automations/bank-fees', '#/ledger', '#/ledger/new', '#/ledger/periods', '#/ledger/sie',
    '#/reports/trial-balance', '#/reports/general-ledger/1930', '#/reports/open-items', '#/reports/open-items?kind=ap', '#/reports/balance-sheet',
    '#/reports/income-statement', '#/runs', '#/runs?status=failed', '#/exceptions', '#/exceptions?status=all', '#/bank', '#/bank/reconciliation',
    '#/audit', '#/audit/originals', '#/admin/members', '#/admin/tokens', '#/admin/settings', '#/admin/webhooks',
  ];
  for (const hash of pages) {
    where = hash;
    await page.goto(`/${hash}`);
    await expect(page.locator('.kt-page, .kt-editor').first()).toBeVisible();
    await expect(page.locator('.kt-loading')).toHaveCount(0);
    // an empty list never just says "nothing": it says what to do next (a sentence more, or a link)
    for (const empty of await page.locator('.kt-empty:not(.kt-empty--error)').all()) {
      const text = (await empty.innerText()).trim();
      const links = await empty.locator('a').count();
      expect(links > 0 || text.split(/[.!]\s/).length > 1 || /choose|import|create|add|post|open/i.test(text), `${hash}: "${text}"`).toBe(true);
    }
  }
  expect(problems).toEqual([]);
});
