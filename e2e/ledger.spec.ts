import { expect, test, type Page } from '@playwright/test';
import { asToken, openSignedIn } from './helpers.ts';

const shot = async (page: Page, name: string, fullPage = true) => {
  await page.screenshot({ path: `test-results/${name}.png`, fullPage });
};

test('reports: the trial balance nets to zero and leads to the general ledger and a voucher', async ({ page }) => {
  await openSignedIn(page, '#/reports/trial-balance?from=2026-01&to=2026-12');
  const totals = page.getByTestId('tb-totals');
  await expect(totals).toHaveAttribute('data-closing', '0');
  expect(await totals.getAttribute('data-debit')).toBe(await totals.getAttribute('data-credit'));
  await expect(page.getByTestId('tb-balanced')).toBeVisible();
  const receivables = page.locator('[data-testid="tb-row"][data-account="1510"]');
  await expect(receivables).toContainText('Kundfordringar');
  await shot(page, 'reports-trial-balance');

  await receivables.getByTestId('tb-account-link').click();
  await expect(page.getByTestId('gl-summary')).toContainText('1510');
  await expect(page.getByTestId('gl-entry').first()).toBeVisible();
  await shot(page, 'reports-general-ledger');
  await page.getByTestId('gl-voucher-link').first().click();
  await expect(page.getByTestId('voucher-page')).toBeVisible();
  await expect(page.locator('[data-testid="voucher-line"][data-account="1510"]')).toBeVisible();

  await page.goto('/#/reports/open-items?kind=ar&asOf=2026-12-31');
  await expect(page.getByTestId('open-item').first()).toBeVisible();
  // The bank walk-through (bank.spec) pays some of the demo's invoices first: what is open differs, the sums agree.
  await expect(page.getByTestId('open-items-table')).toContainText('F1003');
  const total = (await page.getByTestId('open-items-total').textContent())!.trim();
  await expect(page.getByTestId('ageing-total')).toContainText(total);
  await shot(page, 'reports-open-items');
  await page.getByTestId('open-items-ap').click();
  await expect(page.getByTestId('open-items-table')).toContainText('Telia');
});

test('a manual voucher through the form, then reversed from its detail page', async ({ page }) => {
  await openSignedIn(page, '#/ledger');
  await page.getByTestId('new-voucher').click();
  await page.getByTestId('voucher-date').fill('2026-11-20');
  await page.getByTestId('voucher-text').fill('Kontorsmaterial, kortköp');
  await page.getByTestId('line-0-account').selectOption('6110');
  await page.getByTestId('line-0-debit').fill('1 234,50');
  await page.getByTestId('line-1-account').selectOption('1930');
  await page.getByTestId('line-1-credit').fill('1 234');
  await expect(page.getByTestId('voucher-form-difference')).toHaveAttribute('data-difference', '50');
  await expect(page.getByTestId('voucher-form-difference')).toContainText('0,50');
  await shot(page, 'voucher-new-unbalanced');
  await page.getByTestId('line-1-credit').fill('1234,5');
  await expect(page.getByTestId('voucher-form-balanced')).toBeVisible();
  await page.getByTestId('post-voucher').click();

  await expect(page.getByTestId('voucher-page')).toBeVisible();
  await expect(page.locator('[data-testid="voucher-line"][data-account="6110"]')).toHaveAttribute('data-debit', '123450');
  await expect(page.locator('[data-testid="voucher-line"][data-account="1930"]')).toHaveAttribute('data-credit', '123450');
  await expect(page.getByTestId('voucher-why')).toContainText('Registered manually');
  await expect(page.getByTestId('voucher-why-registered')).toContainText('You');
  await shot(page, 'voucher-detail');
  const title = (await page.getByTestId('voucher-title').textContent())!.replace('Voucher ', '');

  await page.getByTestId('reverse-voucher').click();
  await page.getByTestId('reverse-date').fill('2026-11-21');
  await shot(page, 'voucher-reverse-confirm', false);
  await page.getByTestId('reverse-confirm').click();
  await expect(page.getByTestId('reverse-notice')).toBeVisible();
  await expect(page.getByTestId('voucher-reversed-chip')).toBeVisible();
  await expect(page.getByTestId('reverse-voucher')).toHaveCount(0);
  await page.getByTestId('reversed-by-link').click();
  await expect(page.getByTestId('reverses-link')).toContainText(title);
  await expect(page.locator('[data-testid="voucher-line"][data-account="6110"]')).toHaveAttribute('data-credit', '123450');
  await shot(page, 'voucher-reversal');
});

test('a period is locked, then unlocked with a reason that shows in the audit log', async ({ page }) => {
  await openSignedIn(page, '#/ledger/periods');
  const march = page.locator('[data-testid="period-row"][data-period="2026-03"]');
  await march.getByTestId('period-lock').click();
  await expect(march).toHaveAttribute('data-status', 'locked');
  await march.getByTestId('period-unlock').click();
  await page.getByTestId('unlock-confirm').click();
  await expect(page.getByTestId('unlock-error')).toContainText('reason');
  await page.getByTestId('unlock-reason').fill('Sen leverantörsfaktura för mars');
  await page.getByTestId('unlock-confirm').click();
  await expect(march).toHaveAttribute('data-status', 'open');
  await shot(page, 'periods');

  await page.getByTestId('nav-audit').click();
  await page.getByTestId('audit-action').selectOption('period.');
  const unlock = page.locator('[data-testid="audit-row"][data-action="period.unlock"]').first();
  await expect(unlock).toContainText('Sen leverantörsfaktura för mars');
  await expect(unlock).toContainText('Period 2026-03');
  await expect(unlock).toContainText('You');
  await expect(page.locator('[data-testid="audit-row"][data-action="period.lock"]').first()).toBeVisible();
  await expect(page.locator('[data-testid="audit-row"]:not([data-action^="period."])')).toHaveCount(0);
  await page.getByTestId('audit-action').selectOption('');
  await expect(page.locator('[data-testid="audit-row"][data-action="member.role"]').first()).toBeVisible();
  await shot(page, 'audit-log');
});

test('administration: members, a token shown once, duties, webhooks', async ({ page }) => {
  await openSignedIn(page, '#/admin/members');
  await expect(page.getByTestId('member-row').first()).toBeVisible();
  await shot(page, 'administration-members');
  await page.getByTestId('admin-tab-tokens').click();
  await page.getByTestId('token-name').fill('Bank integration');
  await page.getByTestId('token-permission-events:write').check();
  await page.getByTestId('token-create-submit').click();
  await expect(page.getByTestId('token-secret-value')).toHaveText(/\S{20,}/);
  await expect(page.getByTestId('token-secret')).toContainText('shown only once');
  await expect(page.locator('[data-testid="token-row"][data-name="Bank integration"]').first()).toContainText('events:write');
  await shot(page, 'administration-tokens');
  await page.getByTestId('token-secret-done').click();
  await expect(page.getByTestId('token-secret')).toHaveCount(0);
  await page.getByTestId('admin-tab-settings').click();
  await expect(page.getByTestId('setting-fourEyesPublish')).toBeChecked();
  await shot(page, 'administration-settings');
  await page.getByTestId('admin-tab-webhooks').click();
  await page.getByTestId('webhook-create-submit').click();
  await expect(page.getByTestId('webhook-url')).toContainText('/hooks/');
  await expect(page.getByTestId('webhook-secret-value')).toHaveText(/^whsec_/);
  // A signing secret cannot be hashed (the server signs with it): the page says how it is really kept.
  await expect(page.getByTestId('webhook-secret')).toContainText('stores it encrypted (AES-256-GCM)');
  await expect(page.getByTestId('webhook-secret')).not.toContainText('hash');
  await shot(page, 'administration-webhooks');
});

test('the schedule trigger shows its next five fire times', async ({ page }) => {
  await openSignedIn(page);
  await page.getByTestId('new-automation').click();
  await page.getByTestId('new-automation-name').fill('Month end');
  await page.getByTestId('create-automation').click();
  await page.getByTestId('palette-schedule').click();
  await expect(page.getByTestId('schedule-fire-time')).toHaveCount(5);
  await expect(page.getByTestId('schedule-description')).toContainText('weekday');
  await expect(page.getByTestId('schedule-fire-time').first()).toHaveText(/^\S+ \d{4}-\d{2}-\d{2} 06:00$/);
  await page.getByTestId('field-cron').fill('0 61 * * *');
  await expect(page.getByTestId('schedule-preview-error')).toContainText('cron');
  await page.getByTestId('field-cron').fill('0 7 1 * *');
  await expect(page.getByTestId('schedule-fire-time').first()).toHaveText(/-01 07:00$/);
  await shot(page, 'schedule-preview', false);
});

test('Run now is a test run first (nothing posted, what it would post shown); Post for real books it after a confirmation', async ({ page }) => {
  await openSignedIn(page, '#/automations/monthly-depreciation');
  await page.getByTestId('run-now').click();
  await expect(page.getByTestId('run-now-dialog').locator('.view-lines')).toContainText('2026-11-30');
  await expect(page.getByTestId('run-now-post')).toBeDisabled();
  const vouchersBefore = (await (await page.request.get('/api/companies/demo/vouchers?limit=1000', asToken)).json()).length;
  await page.getByTestId('run-now-submit').click();
  await expect(page.getByTestId('run-now-result')).toContainText('nothing was posted');
  await expect(page.getByTestId('run-now-would-post')).toContainText('7832 debit 800,00');
  await shot(page, 'run-now-test-run');
  expect((await (await page.request.get('/api/companies/demo/vouchers?limit=1000', asToken)).json()).length).toBe(vouchersBefore);
  await page.getByTestId('run-now-post').click();
  await expect(page.getByTestId('run-now-confirm-vouchers')).toContainText('1229 credit 800,00');
  await shot(page, 'run-now-confirm');
  await page.getByTestId('run-now-confirm-post').click();
  await expect(page.getByTestId('run-page')).toBeVisible();
  await expect(page.getByTestId('trace-graph').locator('.is-trace-visited').first()).toBeVisible();
  expect((await (await page.request.get('/api/companies/demo/vouchers?limit=1000', asToken)).json()).length).toBe(vouchersBefore + 1);

  // On a bank line already booked: the test run says by which voucher, and there is nothing to post.
  const line = { id: 'E2E-RUN-NOW-1', bookingDate: '2026-11-30', amountMinor: -2500, currency: 'SEK', text: 'AVGIFT BANKGIRO', reference: null, counterparty: null };
  expect((await page.request.post('/api/companies/demo/bank-lines', { ...asToken, data: line })).ok()).toBe(true);
  await page.goto('/#/automations/bank-fees');
  await page.getByTestId('run-now').click();
  await page.getByTestId('run-now-on-bank-line').check();
  await page.getByTestId('run-now-bank-line').fill('E2E-RUN-NOW-1');
  await page.getByTestId('run-now-submit').click();
  await expect(page.getByTestId('run-now-booked-by')).toContainText('Already booked by voucher E');
  await expect(page.getByTestId('run-now-post')).toBeDisabled();
  await shot(page, 'run-now-bank-line-booked');
});

test('SIE: a broken file is refused with its line numbers; an exported year imports as already there', async ({ page, request }) => {
  await openSignedIn(page, '#/ledger/sie');
  const broken = '#FLAGGA 0\n#SIETYP 4\n#GEN 20261130\n#KONTO 1930 "Bank"\n#VER A 1 20260101 "x"\n{\n#TRANS 1930 {} 100\n}\n';
  await page.getByTestId('sie-file').setInputFiles({ name: 'broken.se', mimeType: 'application/octet-stream', buffer: Buffer.from(broken) });
  await page.getByTestId('sie-upload-button').click();
  await expect(page.getByTestId('sie-refusal')).toContainText('Line 5');
  await expect(page.getByTestId('sie-refusal')).toContainText('does not balance');
  await shot(page, 'sie-refused');

  const exported = await request.get('/api/companies/demo/sie?year=2026', asToken);
  expect(exported.ok()).toBe(true);
  await page.getByTestId('sie-file').setInputFiles({ name: 'demo-2026.se', mimeType: 'application/octet-stream', buffer: Buffer.from(await exported.body()) });
  await page.getByTestId('sie-upload-button').click();
  await expect(page.getByTestId('sie-result')).toContainText('already in the ledger');
  await shot(page, 'sie-imported');
});
