import { expect, test, type Page } from '@playwright/test';
import { asToken, openSignedIn } from './helpers.ts';

const shot = async (page: Page, name: string, fullPage = true) => {
  await page.screenshot({ path: `test-results/${name}.png`, fullPage });
};

test.use({ viewport: { width: 1280, height: 800 } });

test('currency: a rate set on the rates page, a manual voucher with a EUR line, the voucher page shows EUR 10.00 @ 11.50 beside 115,00 kr', async ({ page }) => {
  await openSignedIn(page, '#/ledger/exchange-rates');
  await expect(page.getByTestId('exchange-rates-page')).toBeVisible();
  await page.getByTestId('rate-date').fill('2026-11-03');
  await page.getByTestId('rate-currency').selectOption('EUR');
  await page.getByTestId('rate-value').fill('11,50');
  await page.getByTestId('rate-save').click();
  await expect(page.getByTestId('rate-notice')).toContainText(/1 added|already so/);
  await expect(page.locator('[data-testid="rate-row"][data-currency="EUR"][data-date="2026-11-03"]')).toContainText('11,50');
  await shot(page, 'currency-rates');

  await page.goto('/#/ledger/new');
  await page.getByTestId('voucher-date').fill('2026-11-03');
  await page.getByTestId('voucher-text').fill('Konferensavgift Berlin');
  await page.getByTestId('line-0-account').selectOption('6570');
  await page.getByTestId('line-0-currency').selectOption('EUR');
  await page.getByTestId('line-0-currency-amount').fill('10,00');
  await page.getByTestId('line-0-rate').fill('11,50');
  await expect(page.getByTestId('line-0-computed')).toContainText('115,00');
  await expect(page.getByTestId('line-0-debit')).toHaveValue('115,00');
  await page.getByTestId('line-1-account').selectOption('1930');
  await page.getByTestId('line-1-credit').fill('115');
  await expect(page.getByTestId('voucher-form-balanced')).toBeVisible();
  await shot(page, 'currency-new-voucher');
  await page.getByTestId('post-voucher').click();

  await expect(page.getByTestId('voucher-page')).toBeVisible();
  const fee = page.locator('[data-testid="voucher-line"][data-account="6570"]');
  await expect(fee).toHaveAttribute('data-debit', '11500');
  await expect(fee.getByTestId('voucher-line-currency')).toHaveText('EUR 10.00 @ 11.50');
  await expect(fee).toContainText('115,00 kr');
  await shot(page, 'currency-voucher');
});

test('currency: a EUR bank fee is booked at the day\'s rate and the bank list marks the line EUR', async ({ page, request }) => {
  const rate = await request.post('/api/companies/demo/exchange-rates', { ...asToken, data: { rates: [{ currency: 'EUR', date: '2026-11-04', rate: '11.50' }] } });
  expect(rate.ok(), await rate.text()).toBe(true);
  const posted = await request.post('/api/companies/demo/bank-lines', {
    ...asToken, data: { id: 'E2E-CUR-FEE', bookingDate: '2026-11-04', amountMinor: -1000, currency: 'EUR', text: 'FEE FOREIGN PAYMENT', reference: null, counterparty: null },
  });
  expect(posted.ok(), await posted.text()).toBe(true);
  await openSignedIn(page, '#/bank?q=E2E-CUR-FEE');
  const row = page.getByTestId('bank-line-currency').first();
  await expect(row).toHaveText('EUR');
  await shot(page, 'currency-bank', false);
  const vouchers = await (await request.get('/api/companies/demo/vouchers', asToken)).json();
  const voucher = vouchers.find((v: { sourceRef: string }) => v.sourceRef === 'bank-line:E2E-CUR-FEE');
  expect(voucher.lines.map((l: { account: string; debitMinor: number; currency: string; currencyAmountMinor: number; rate: string }) =>
    [l.account, l.debitMinor, l.currency, l.currencyAmountMinor, l.rate])).toEqual([['6570', 11500, 'EUR', 1000, '11.50'], ['1930', 0, 'EUR', 1000, '11.50']]);
  await page.goto(`/#/ledger/vouchers/${voucher.id}`);
  await expect(page.locator('[data-testid="voucher-line"][data-account="1930"]').getByTestId('voucher-line-currency')).toHaveText('EUR 10.00 @ 11.50');
  // Registered by the automation, by its name, on one line at 1280×800 (it said "automation:bank-fees" and wrapped the time).
  const registered = page.getByTestId('voucher-why-registered');
  await expect(registered).toContainText('Bank fees · ');
  const lineHeight = await registered.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || 20);
  expect((await registered.boundingBox())!.height).toBeLessThan(lineHeight * 1.5);
  await shot(page, 'currency-fee-voucher');
});

test('currency: a EUR bank line with no rate for its day is booked with a VAT code at the rate the person gives, and a EUR payment matched the same way', async ({ page, request }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // 2026-10-12 / 13: no EUR rate on or shortly before these days (the rates of this run are in November).
  const line = (id: string, amountMinor: number, bookingDate: string, text: string) => request.post('/api/companies/demo/bank-lines', {
    ...asToken, data: { id, bookingDate, amountMinor, currency: 'EUR', text, reference: null, counterparty: null },
  });
  expect((await line('E2E-CUR-VAT', -12_500, '2026-10-12', 'BUREAU EN GROS PARIS')).ok()).toBe(true);
  const invoice = await request.post('/api/companies/demo/customer-invoices', {
    ...asToken, data: { invoiceNumber: 'E2E-EUR-F1', customerNo: 'K1001', issueDate: '2026-10-01', dueDate: '2026-10-31', currency: 'EUR', amountMinor: 10_000, vatMinor: 0, exchangeRate: '11.00' },
  });
  expect(invoice.ok(), await invoice.text()).toBe(true);
  expect((await line('E2E-CUR-PAY', 10_000, '2026-10-13', 'PAYMENT ACME GMBH')).ok()).toBe(true);

  await openSignedIn(page, '#/bank?q=E2E-CUR-VAT');
  await page.locator('[data-testid="bank-line-row"][data-line-id="E2E-CUR-VAT"]').click();
  const panel = page.getByTestId('bank-line-panel');
  await expect(panel.getByTestId('bank-rate')).toContainText('SEK per EUR');
  await panel.getByTestId('bank-book-open').click();
  const form = panel.getByTestId('bank-book-form');
  await form.getByTestId('bank-book-account').selectOption('6110');
  // 6110's own VAT code, split out of the gross 125.00 EUR: 100.00 net, 25.00 VAT on 2641.
  await expect(form.getByTestId('bank-book-vat')).toHaveValue('I25');
  await expect(form.getByTestId('bank-book-vat-split')).toContainText('2641');
  await expect(form.getByTestId('bank-book-vat-split')).toContainText('25,00');
  await form.getByTestId('bank-book-submit').click();
  await expect(form.getByTestId('bank-book-error')).toContainText('No EUR→SEK rate for 2026-10-12');
  await panel.getByTestId('bank-rate-input').fill('11,20');
  await shot(page, 'currency-bank-book-eur', false);
  await form.getByTestId('bank-book-submit').click();
  await expect(panel.getByTestId('bank-line-notice')).toHaveText('Booked.');
  const vouchers = async () => (await (await request.get('/api/companies/demo/vouchers?limit=1000', asToken)).json()) as
    { sourceRef: string; lines: { account: string; debitMinor: number; creditMinor: number; vatCode: string | null; rate: string | null }[] }[];
  const booked = (await vouchers()).find((v) => v.sourceRef === 'bank-line:E2E-CUR-VAT')!;
  expect(booked.lines.map((l) => [l.account, l.debitMinor, l.creditMinor, l.vatCode, l.rate])).toEqual([
    ['1930', 0, 140_000, null, '11.20'], ['6110', 112_000, 0, 'I25', '11.20'], ['2641', 28_000, 0, null, '11.20'],
  ]);

  // The payment: the rate field is above Match, Split and Book; the split form sends it.
  await page.goto('/#/bank?q=E2E-CUR-PAY');
  await page.locator('[data-testid="bank-line-row"][data-line-id="E2E-CUR-PAY"]').click();
  await panel.getByTestId('bank-split-open').click();
  const split = panel.getByTestId('bank-split-form');
  await split.getByTestId('bank-split-0-invoice').fill('E2E-EUR-F1');
  await split.getByTestId('bank-split-0-amount').fill('100,00');
  await panel.getByTestId('bank-rate-input').fill('11,10');
  await shot(page, 'currency-bank-match-eur', false);
  await split.getByTestId('bank-split-submit').click();
  await expect(panel.getByTestId('bank-line-notice')).toBeVisible();
  const matched = (await vouchers()).find((v) => v.sourceRef === 'bank-line:E2E-CUR-PAY')!;
  // 100.00 EUR: the bank at 11.10, the receivable at the invoice's 11.00, 10.00 SEK exchange gain.
  expect(matched.lines.map((l) => [l.account, l.debitMinor, l.creditMinor])).toEqual([['1930', 111_000, 0], ['1510', 0, 110_000], ['3960', 0, 1_000]]);
  expect(errors).toEqual([]);
});

test('currency: a rate given for a day the company has one for is not used, and the line panel says so after booking', async ({ page, request }) => {
  // 2026-11-04 has 11.50 (set above).
  const rate = await request.post('/api/companies/demo/exchange-rates', { ...asToken, data: { rates: [{ currency: 'EUR', date: '2026-11-04', rate: '11.50' }] } });
  expect(rate.ok(), await rate.text()).toBe(true);
  const line = await request.post('/api/companies/demo/bank-lines', {
    ...asToken, data: { id: 'E2E-CUR-GIVEN', bookingDate: '2026-11-04', amountMinor: 2_000, currency: 'EUR', text: 'DEPOSIT RETURNED', reference: null, counterparty: null },
  });
  expect(line.ok(), await line.text()).toBe(true);
  await openSignedIn(page, '#/bank?q=E2E-CUR-GIVEN');
  await page.locator('[data-testid="bank-line-row"][data-line-id="E2E-CUR-GIVEN"]').click();
  const panel = page.getByTestId('bank-line-panel');
  await panel.getByTestId('bank-rate-input').fill('12,00');
  await panel.getByTestId('bank-book-open').click();
  const form = panel.getByTestId('bank-book-form');
  await form.getByTestId('bank-book-account').selectOption('5010');
  await form.getByTestId('bank-book-submit').click();
  await expect(panel.getByTestId('bank-line-notice')).toHaveText('Booked.');
  await expect(panel.getByTestId('bank-line-note')).toContainText('The rate you gave (12.00) was not used: the company has a EUR rate for 2026-11-04 (11.50)');
  await shot(page, 'currency-bank-given-rate-not-used', false);
});
