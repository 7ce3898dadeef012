import { expect, test } from '@playwright/test';
import { adminEmail, asToken, openSignedIn } from './helpers.ts';

// A company of its own (the demo's periods stay as they are for the later specs), Q1 2025, figures by hand:
//   sale 25 %: 3001 10 050,00 MP1, 2611 2 512,50 · EU service purchase: 4535 4 000,00 EUTI, 2645 D / 2614 C 1 000,00
//   input VAT: 6110 1 200,40 I25, 2641 300,10 · EU goods sale: invoice EU-1, 3106 8 000,00 EUVF to Berlin GmbH (DE123456789)
// Boxes: 05 10 050, 10 2 512, 21 4 000, 30 1 000, 35 8 000, 48 1 300 (1 300,10), 49 = 2 512 + 1 000 − 1 300 = 2 212;
// the VAT accounts net 2 212,40, so 0,40 goes to 3740 on settlement.
test('the VAT return: boxes in Skatteverket\'s order, a drill-down, the EU sales list, and the settlement posted once', async ({ page, request }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const id = `moms-${Date.now().toString(36)}`;
  const created = await request.post('/api/companies', { ...asToken, data: { id, name: 'Moms AB', orgNumber: '556000-0001', fiscalYear: { start: '2025-01-01', end: '2025-12-31' } } });
  expect(created.ok(), await created.text()).toBe(true);
  const { token } = await created.json();
  const as = { authorization: `Bearer ${token.token}` };
  for (const voucher of [
    { date: '2025-01-15', series: 'A', text: 'Försäljning', lines: [{ account: '1930', debitMinor: 1_256_250 }, { account: '3001', creditMinor: 1_005_000, vatCode: 'MP1' }, { account: '2611', creditMinor: 251_250 }] },
    { date: '2025-02-01', series: 'A', text: 'Konsult från Irland', lines: [
      { account: '4535', debitMinor: 400_000, vatCode: 'EUTI' }, { account: '2645', debitMinor: 100_000 }, { account: '2614', creditMinor: 100_000 }, { account: '2440', creditMinor: 400_000 }] },
    { date: '2025-03-12', series: 'A', text: 'Kontorsmaterial', lines: [{ account: '6110', debitMinor: 120_040, vatCode: 'I25' }, { account: '2641', debitMinor: 30_010 }, { account: '2440', creditMinor: 150_050 }] },
  ]) {
    const posted = await request.post(`/api/companies/${id}/vouchers`, { headers: as, data: voucher });
    expect(posted.ok(), await posted.text()).toBe(true);
  }
  // 30,00 VAT on a base of 80,00 at 25 % is refused, naming the line.
  const wrong = await request.post(`/api/companies/${id}/vouchers`, { headers: as, data: { date: '2025-03-13', series: 'A', text: 'Fel moms', lines: [
    { account: '1930', debitMinor: 11_000 }, { account: '3001', creditMinor: 8_000, vatCode: 'MP1' }, { account: '2611', creditMinor: 3_000 }] } });
  expect(wrong.status()).toBe(422);
  expect(await wrong.json()).toMatchObject({ error: 'vat_amount_mismatch', issues: [{ path: 'lines[1]' }] });
  const customer = await request.post(`/api/companies/${id}/customers`, { headers: as, data: { customerNo: 'K-DE', name: 'Berlin GmbH', vatNumber: 'DE123456789' } });
  expect(customer.ok(), await customer.text()).toBe(true);
  const invoice = await request.post(`/api/companies/${id}/customer-invoices`, { headers: as, data: {
    invoiceNumber: 'EU-1', customerNo: 'K-DE', issueDate: '2025-03-05', dueDate: '2025-04-04', currency: 'SEK', amountMinor: 800_000, vatMinor: 0,
    lines: [{ account: '3106', amountMinor: 800_000, vatCode: 'EUVF' }] } });
  expect(invoice.ok(), await invoice.text()).toBe(true);
  const member = await request.post(`/api/companies/${id}/members`, { headers: as, data: { email: adminEmail, role: 'admin' } });
  expect(member.ok(), await member.text()).toBe(true);

  await page.setViewportSize({ width: 1280, height: 800 });
  await openSignedIn(page);
  await page.getByTestId('company-switcher').selectOption(id);
  await expect(page.getByTestId('company-switcher')).toHaveValue(id);
  // In the form, 30,00 VAT on a base of 80,00 is refused, shown on line 2 (the coded base line), and nothing posts.
  await page.goto('/#/ledger/new');
  await page.getByTestId('voucher-date').fill('2025-03-14');
  await page.getByTestId('voucher-text').fill('Kontantförsäljning');
  await page.getByTestId('add-line').click();
  await page.getByTestId('line-0-account').selectOption('1930');
  await page.getByTestId('line-0-debit').fill('110');
  await page.getByTestId('line-1-account').selectOption('3001');
  await page.getByTestId('line-1-credit').fill('80');
  await page.getByTestId('line-1-vat').fill('MP1');
  await page.getByTestId('line-2-account').selectOption('2611');
  await page.getByTestId('line-2-credit').fill('30');
  await page.getByTestId('post-voucher').click();
  await expect(page.getByTestId('line-1-issue')).toContainText('calls for 20.00 credit on 2611; the voucher books 30.00');
  await page.screenshot({ path: 'test-results/vat-voucher-refused.png' });
  await page.getByTestId('nav-reports').click();
  await page.getByTestId('report-tab-vat-return').click();
  await page.getByTestId('vat-period').selectOption('2025-01..2025-03');
  const table = page.getByTestId('vat-return-table');
  await expect(table).toBeVisible();
  const boxes = table.getByTestId('vat-box');
  await expect(boxes).toHaveCount(29);
  await expect(boxes.first()).toHaveAttribute('data-box', '05');
  const declared = await boxes.evaluateAll((rows) => Object.fromEntries(rows
    .filter((r) => r.getAttribute('data-kronor') !== '0').map((r) => [r.getAttribute('data-box'), Number(r.getAttribute('data-kronor'))])));
  expect(declared).toEqual({ '05': 10_050, 10: 2_512, 21: 4_000, 30: 1_000, 35: 8_000, 48: 1_300, 49: 2_212 });
  await expect(page.getByTestId('vat-box49')).toContainText('2 212 kr');
  await page.screenshot({ path: 'test-results/vat-return.png' });

  // The drill-down: box 21 is the EU service purchase on 4535.
  await page.getByTestId('vat-box-toggle-21').click();
  const detail = page.getByTestId('vat-box-detail-21');
  await expect(detail.getByTestId('vat-box-line')).toHaveCount(1);
  await expect(detail.getByTestId('vat-box-line')).toContainText('4535');
  await expect(detail.getByTestId('vat-box-line')).toContainText('EUTI');

  // The EU sales list, since box 35 is not zero.
  await expect(page.getByTestId('eu-sales-row')).toHaveCount(1);
  await expect(page.getByTestId('eu-sales-row')).toContainText('DE123456789');
  await expect(page.getByTestId('eu-sales-row')).toContainText('8 000');
  await page.getByTestId('eu-sales-list').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/vat-eu-sales-list.png' });

  // Post the settlement, after the confirmation.
  await page.getByTestId('vat-settle').click();
  const dialog = page.getByTestId('vat-settle-dialog');
  await expect(dialog.getByTestId('vat-settle-summary')).toContainText('2 212 kr');
  await expect(dialog.getByTestId('vat-settle-summary')).toContainText('3740');
  await page.screenshot({ path: 'test-results/vat-settle-dialog.png' });
  await dialog.getByTestId('vat-settle-confirm').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('vat-status')).toContainText('Settled by voucher');
  await expect(page.getByTestId('vat-settle')).toHaveCount(0);
  await page.getByTestId('vat-settlement-voucher').click();
  const lines = page.getByTestId('voucher-line');
  await expect(lines).toHaveCount(6);
  expect(await lines.evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-account'), Number(r.getAttribute('data-debit')), Number(r.getAttribute('data-credit'))])))
    .toEqual([['2611', 251_250, 0], ['2614', 100_000, 0], ['2641', 0, 30_010], ['2645', 0, 100_000], ['2650', 0, 221_200], ['3740', 0, 40]]);
  await page.screenshot({ path: 'test-results/vat-settlement-voucher.png' });

  // A second settlement of the period is refused.
  const again = await request.post(`/api/companies/${id}/vat-returns`, { headers: as, data: { from: '2025-01', to: '2025-03' } });
  expect(again.status()).toBe(409);
  expect(pageErrors).toEqual([]);
});
