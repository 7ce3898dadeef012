import { expect, test } from '@playwright/test';
// Runs after companies.spec (alphabetical): that spec expects the admin to start with the demo company only.
import { adminEmail, asToken, openSignedIn, todayInStockholm } from './helpers.ts';

// A company of its own (with customers and open invoices made through the API), so importing the example
// pays nothing the later specs expect open in the demo company.
test('a finance admin with no bank file imports the example statement and sees each outcome', async ({ page, request }) => {
  const id = `example-${Date.now().toString(36)}`;
  const year = new Date().getFullYear();
  const created = await request.post('/api/companies', { ...asToken, data: { id, name: 'Exempel AB', orgNumber: '556677-8899', fiscalYear: { start: `${year}-01-01`, end: `${year}-12-31` }, examples: true } });
  expect(created.ok(), await created.text()).toBe(true);
  const asCompany = { headers: { authorization: `Bearer ${(await created.json()).token.token}` } };
  expect((await request.post(`/api/companies/${id}/members`, { ...asCompany, data: { email: adminEmail, role: 'admin' } })).ok()).toBe(true);
  const account = await request.post(`/api/companies/${id}/bank-accounts`, { ...asCompany, data: { id: 'main', name: 'Företagskonto', ledgerAccount: '1930', iban: 'SE4550000000058398257466', currency: 'SEK' } });
  expect(account.ok(), await account.text()).toBe(true);
  expect((await request.post(`/api/companies/${id}/customers`, { ...asCompany, data: [
    { customerNo: 'K1', name: 'Nordisk Design AB' }, { customerNo: 'K2', name: 'Bageriet HB' }, { customerNo: 'K3', name: 'Kommunförbundet Norr' },
  ] })).ok()).toBe(true);
  const today = todayInStockholm();
  const invoices = await request.post(`/api/companies/${id}/customer-invoices`, { ...asCompany, data: [
    { invoiceNumber: '1001', customerNo: 'K1', issueDate: today, dueDate: today, currency: 'SEK', amountMinor: 500000, vatMinor: 100000 },
    { invoiceNumber: '1002', customerNo: 'K2', issueDate: today, dueDate: today, currency: 'SEK', amountMinor: 125000, vatMinor: 25000 },
    { invoiceNumber: '1003', customerNo: 'K3', issueDate: today, dueDate: today, currency: 'SEK', amountMinor: 980000, vatMinor: 196000 },
  ] });
  expect(invoices.ok(), await invoices.text()).toBe(true);

  await openSignedIn(page, '#/bank');
  await page.getByTestId('company-switcher').selectOption(id);
  await expect(page.getByTestId('company-switcher')).toHaveValue(id);
  await page.getByTestId('nav-bank').click();
  await page.getByTestId('bank-example').click();
  await expect(page.getByTestId('bank-file-name')).toContainText(/exempel-kontoutdrag-\d{4}-\d{2}-\d{2}\.xml/);
  await page.getByTestId('bank-import-button').click();
  await expect(page.getByTestId('bank-import')).toContainText('7 lines, 7 new, 0 already here.');
  const counts = { matched: '2', partial: '1', exception: '1', bank_rule: '3' };
  for (const [kind, count] of Object.entries(counts)) await expect(page.getByTestId(`bank-chip-${kind}`).getByTestId('bank-chip-count')).toHaveText(count);

  // The runs page lists what ran; the automations that stood aside (a line is booked once) only when asked.
  await page.getByTestId('nav-runs').click();
  const rows = page.getByTestId('run-row');
  await expect(rows.first()).toBeVisible();
  const shown = await rows.count();
  await expect(page.getByTestId('runs-skipped')).not.toBeChecked();
  await page.getByTestId('runs-skipped').check();
  await expect(page).toHaveURL(/skipped=show/);
  await expect.poll(() => rows.count()).toBeGreaterThan(shown);
  await expect(page.getByTestId('runs-table')).toContainText('already booked by');
  await page.getByTestId('company-switcher').selectOption('demo');
  await expect(page.getByTestId('company-switcher')).toHaveValue('demo');
});
