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
  await shot(page, 'currency-fee-voucher');
});
