import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { asToken, openSignedIn } from './helpers.ts';

// The demo company is seeded for the current year; one voucher on project P1 is posted here for the dimension filter.
const year = new Date().getFullYear();

test.use({ viewport: { width: 1280, height: 800 } });

test('balance sheet and income statement: they balance, filter by project, and download as CSV', async ({ page, request }) => {
  const posted = await request.post('/api/companies/demo/vouchers', {
    ...asToken,
    data: { date: `${year}-11-15`, series: 'A', text: 'Webbplats, konsult', lines: [
      { account: '6110', debitMinor: 250_000, dimensions: { 6: 'P1' } }, { account: '1930', creditMinor: 250_000 },
    ] },
  });
  expect(posted.ok(), await posted.text()).toBe(true);

  await openSignedIn(page, `#/reports/balance-sheet?to=${year}-11`);
  await expect(page.getByTestId('bs-balanced')).toBeVisible();
  const yearResult = page.getByTestId('statement-year_result');
  await expect(yearResult).toContainText('Årets resultat');
  const assets = page.locator('[data-testid="statement-section_total"][data-key="assets"] td[data-column="closing"]');
  const claims = page.locator('[data-testid="statement-section_total"][data-key="equity_and_liabilities"] td[data-column="closing"]');
  expect(await assets.getAttribute('data-minor')).toBe(await claims.getAttribute('data-minor'));
  await page.screenshot({ path: 'test-results/reports-balance-sheet.png' });
  // Printed (the browser's "Save as PDF"): the statement alone, under its title and company.
  await expect(page.getByTestId('bs-print')).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('nav-reports')).toBeHidden();
  await expect(page.locator('h2.kt-print-only')).toContainText(`Balansräkning ${year}-01–${year}-11 · Demo AB`);
  await page.screenshot({ path: 'test-results/reports-balance-sheet-print.png', fullPage: true });
  await page.pdf({ path: 'test-results/reports-balance-sheet.pdf', format: 'A4' });
  await page.emulateMedia({ media: 'screen' });

  const download = page.waitForEvent('download');
  await page.getByTestId('bs-csv').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`demo-balansrakning-${year}-11.csv`);
  const bytes = readFileSync((await file.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes.toString('utf8')).toContain(';Årets resultat;');

  await page.getByTestId('report-tab-income-statement').click();
  await expect(page.getByTestId('income-statement-table')).toBeVisible();
  await page.getByTestId('is-from').selectOption(`${year}-11`);
  await page.getByTestId('is-to').selectOption(`${year}-11`);
  await expect(page.getByTestId('statement-column-period')).toContainText(`${year}-11`);
  await page.getByTestId('statement-dimension').selectOption('6');
  await page.getByTestId('statement-object').fill('P1');
  await page.getByTestId('statement-object').press('Enter');
  await expect(page).toHaveURL(/dimension=6(:|%3A)P1/);
  await expect(page.getByTestId('statement-note')).toContainText('Project P1');
  const accountRows = page.getByTestId('statement-account');
  await expect(accountRows).toHaveCount(1);
  await expect(accountRows.first()).toHaveAttribute('data-account', '6110');
  await expect(page.locator('[data-testid="statement-subtotal"][data-key="year_result"] td[data-column="period"]')).toHaveAttribute('data-minor', '-250000');
  await page.screenshot({ path: 'test-results/reports-income-statement.png' });

  await page.getByTestId('report-tab-trial-balance').click();
  const tbDownload = page.waitForEvent('download');
  await page.getByTestId('tb-csv').click();
  expect((await tbDownload).suggestedFilename()).toMatch(/^demo-saldobalans-\d{4}-\d{2}-\d{4}-\d{2}\.csv$/);
});
