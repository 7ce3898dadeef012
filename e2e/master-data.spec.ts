import { expect, test } from '@playwright/test';
import { openSignedIn, pick } from './helpers.ts';

// New records only (account 4019, supplier L9001, a draft automation): the demo accounts the example rules use stay as they are.
test.use({ viewport: { width: 1280, height: 800 } });

test('master data: create an account and a supplier, then pick the account in a Post voucher node; an unknown series is an error before save', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const shot = async (name: string) => testInfo.attach(name, { body: await page.screenshot({ path: testInfo.outputPath(`${name}.png`) }), contentType: 'image/png' });

  // Accounts: search by a word of the name.
  await openSignedIn(page, '#/master-data/accounts');
  await expect(page.getByTestId('nav-master-data')).toHaveAttribute('aria-current', 'page');
  await page.getByTestId('account-search').fill('bank');
  await expect(page.locator('[data-testid="account-row"][data-number="6570"]')).toBeVisible();
  await expect(page.locator('[data-testid="account-row"][data-number="1510"]')).toHaveCount(0);
  await page.getByTestId('account-search').fill('');

  // A new account: the fields say what is wrong as you type, and what the server refuses.
  await page.getByTestId('account-new').click();
  const dialog = page.getByTestId('account-dialog');
  await dialog.getByTestId('account-dialog-number').fill('40');
  await dialog.getByTestId('account-dialog-name').fill('Inköp e2e-material');
  await expect(dialog.getByTestId('account-dialog-number-issue')).toHaveText('must be a 4-digit account number, 1000–9999');
  await dialog.getByTestId('account-dialog-number').fill('1930');
  await expect(dialog.getByTestId('account-dialog-number-issue')).toHaveCount(0);
  await dialog.getByTestId('account-dialog-save').click();
  await expect(dialog.getByTestId('account-dialog-number-issue')).toContainText('account 1930 already exists');
  await shot('account-dialog');
  await dialog.getByTestId('account-dialog-number').fill('4019');
  await dialog.getByTestId('account-dialog-save').click();
  await expect(dialog).toHaveCount(0);
  await page.getByTestId('account-search').fill('4019');
  const row = page.locator('[data-testid="account-row"][data-number="4019"]');
  await expect(row).toContainText('Inköp e2e-material');
  await expect(row).toContainText('expense');
  await shot('accounts');

  // A new supplier: a bad bankgiro is refused at its field, then fixed.
  await page.getByTestId('master-tab-suppliers').click();
  await expect(page.locator('[data-testid="supplier-row"][data-number="L2001"]')).toBeVisible();
  await page.getByTestId('supplier-new').click();
  const supplier = page.getByTestId('supplier-dialog');
  await supplier.getByTestId('supplier-dialog-supplierNo').fill('L9001');
  await supplier.getByTestId('supplier-dialog-name').fill('E2E Byggvaror AB');
  await supplier.getByTestId('supplier-dialog-orgNumber').fill('5560000001');
  await supplier.getByTestId('supplier-dialog-bankgiro').fill('1234567');
  await supplier.getByTestId('supplier-dialog-save').click();
  await expect(supplier.getByTestId('supplier-dialog-bankgiro-issue')).toContainText('is not a bankgiro number');
  await supplier.getByTestId('supplier-dialog-bankgiro').fill('5050-1055');
  await supplier.getByTestId('supplier-dialog-defaultExpenseAccount').fill('4019');
  await supplier.getByTestId('supplier-dialog-defaultExpenseAccount').press('Enter');
  await expect(supplier.getByTestId('supplier-dialog-defaultExpenseAccount')).toHaveAttribute('data-value', '4019');
  await shot('supplier-dialog');
  await supplier.getByTestId('supplier-dialog-save').click();
  await expect(supplier).toHaveCount(0);
  const supplierRow = page.locator('[data-testid="supplier-row"][data-number="L9001"]');
  await expect(supplierRow).toContainText('E2E Byggvaror AB');
  await expect(supplierRow).toContainText('556000-0001');
  await expect(supplierRow).toContainText('4019');
  await shot('suppliers');

  // The new account in a Post voucher node, through the picker: type a word of its name, arrows, Enter.
  await page.getByTestId('nav-automations').click();
  await page.getByTestId('new-automation').click();
  await page.getByTestId('new-automation-name').fill('Master data pickers');
  await page.getByTestId('create-automation').click();
  await expect(page.getByTestId('canvas')).toBeVisible();
  if (await page.getByTestId('palette-post-voucher').count() === 0) await page.getByTestId('palette-toggle').click(); // folded below 1400 px
  await page.getByTestId('palette-post-voucher').click();
  const account = page.getByTestId('voucher-line-0-account');
  await account.click();
  await account.fill('e2e-mat');
  const options = page.getByTestId('voucher-line-0-account-option');
  await expect(options).toHaveCount(1);
  await expect(options.first()).toContainText('4019');
  await expect(options.first()).toContainText('Inköp e2e-material');
  await shot('account-picker');
  await account.press('ArrowDown'); // to "From the event (JSON Logic)…"
  await account.press('ArrowUp');
  await account.press('Enter');
  await expect(account).toHaveAttribute('data-value', '4019');
  await expect(account).toHaveValue('4019 Inköp e2e-material');
  await expect(page.getByTestId('node-post-voucher')).toContainText('4019');
  // The line's VAT code and cost centre, through pickers too.
  await page.getByTestId('voucher-line-0-more').click();
  await pick(page, 'voucher-line-0-vat', 'I25');
  await pick(page, 'voucher-line-0-dimension-1', '100');
  await expect(page.getByTestId('voucher-line-0-dimension-1')).toHaveValue('100 Ledning');
  await shot('line-extras');

  // An unknown series is an error as soon as it is typed, before any save; a known one clears it.
  const series = page.getByTestId('field-series');
  await series.click();
  await series.fill('X');
  await expect(page.getByTestId('field-series-problem')).toHaveText('Series X does not exist in this company');
  await series.press('Enter');
  await expect(series).toHaveAttribute('data-value', 'X');
  await expect(page.getByTestId('field-series-problem')).toHaveText('Series X does not exist in this company');
  await expect(page.getByTestId('node-post-voucher').getByTestId('node-issue-badge')).toHaveAttribute('data-severity', 'error');
  await shot('unknown-series');
  await series.click();
  await series.fill('E');
  await series.press('Enter');
  await expect(series).toHaveAttribute('data-value', 'E');
  await expect(page.getByTestId('field-series-problem')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});

test('master data: a new VAT code gets its VAT-return boxes (chosen, or from kind and rate); a code on vouchers keeps its rate', async ({ page }, testInfo) => {
  test.setTimeout(60_000);
  const shot = async (name: string) => testInfo.attach(name, { body: await page.screenshot({ path: testInfo.outputPath(`${name}.png`) }), contentType: 'image/png' });
  await openSignedIn(page, '#/master-data/vat-codes');
  await expect(page.locator('[data-testid="vat-row"][data-code="MP1"] [data-testid="vat-boxes"]')).toHaveText('05 / 10');

  // A new output code for self-supply: base box 06 chosen, the VAT box from the kind and rate (25 %: 10).
  await page.getByTestId('vat-new').click();
  const dialog = page.getByTestId('vat-dialog');
  await dialog.getByTestId('vat-dialog-code').fill('MPE2E');
  await dialog.getByTestId('vat-dialog-name').fill('Uttag 25 % (e2e)');
  await pick(page, 'vat-dialog-outputAccount', '2611');
  await dialog.getByTestId('vat-dialog-baseBox').selectOption('06');
  await shot('vat-dialog');
  await dialog.getByTestId('vat-dialog-save').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.locator('[data-testid="vat-row"][data-code="MPE2E"] [data-testid="vat-boxes"]')).toHaveText('06 / 10');

  // MP1 is on vouchers: its rate cannot change; the dialog says why and what to do.
  await page.locator('[data-testid="vat-row"][data-code="MP1"] [data-testid="vat-edit"]').click();
  const edit = page.getByTestId('vat-dialog');
  await edit.getByTestId('vat-dialog-rateBasisPoints').fill('12');
  await edit.getByTestId('vat-dialog-save').click();
  await expect(edit).toContainText(/VAT code MP1 is on \d+ vouchers?; its rate cannot change .*create a new code/);
  await shot('vat-in-use');
  await edit.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('[data-testid="vat-row"][data-code="MP1"]')).toContainText('25 %');
});
