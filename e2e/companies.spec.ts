import { expect, test } from '@playwright/test';
import { addMember, openSignedIn, signInAs } from './helpers.ts';

test('the first admin creates a company from the navigation, lands in it, and switches back', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await openSignedIn(page);
  await expect(page.getByTestId('company-name')).toHaveText('Demo AB');
  await page.getByTestId('new-company-open').click();
  const dialog = page.getByTestId('new-company');
  await expect(dialog).toBeVisible();
  const id = `e2e-${Date.now().toString(36)}`;
  await page.getByTestId('new-company-name').fill('Nya Bolaget AB');
  await page.getByTestId('new-company-id').fill(id);
  await page.getByTestId('new-company-org').fill('556000-0002'); // a wrong check digit first
  await page.screenshot({ path: 'test-results/new-company-dialog.png' });
  await page.getByTestId('new-company-create').click();
  await expect(page.getByTestId('new-company-error')).toContainText('orgNumber');
  await page.getByTestId('new-company-org').fill('556000-0001');
  await page.getByTestId('new-company-create').click();

  // The designer reloads for the new company: the switcher shows it, its ledger and automations are its own.
  const switcher = page.getByTestId('company-switcher');
  await expect(switcher).toHaveValue(id);
  await expect(switcher.locator('option')).toHaveText(['Demo AB', 'Nya Bolaget AB']);
  await expect(page.getByTestId('automations-table')).toBeVisible();
  await page.getByTestId('nav-ledger').click();
  await expect(page.getByTestId('voucher')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/new-company-ledger.png' });

  await switcher.selectOption('demo');
  await expect(page.getByTestId('company-switcher')).toHaveValue('demo');
  await page.getByTestId('nav-ledger').click();
  await expect(page.getByTestId('voucher').first()).toBeVisible();
  expect(pageErrors).toEqual([]);
});

test('someone who is not the first admin sees no "New company"', async ({ browser, request, baseURL }) => {
  const admin = await addMember(request, 'admin', 'Other Admin');
  const page = await signInAs(browser, baseURL!, admin);
  await expect(page.getByTestId('company-name')).toHaveText('Demo AB');
  await expect(page.getByTestId('new-company-open')).toHaveCount(0);
});
