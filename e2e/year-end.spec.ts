import { expect, test } from '@playwright/test';
import { adminEmail, asToken, openSignedIn } from './helpers.ts';

// A company of its own (the demo's years stay as they are for the other specs): 2025 with a profit
// of 7 500,00 (a sale of 10 000,00, rent of 2 500,00), and 2026 to carry into.
test('closes a fiscal year from the Periods page after seeing the result and the balances to carry, and re-opens it with a reason', async ({ page, request }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const id = `ye-${Date.now().toString(36)}`;
  const created = await request.post('/api/companies', { ...asToken, data: { id, name: 'Bokslut AB', orgNumber: '556000-0001', fiscalYear: { start: '2025-01-01', end: '2025-12-31' } } });
  expect(created.ok(), await created.text()).toBe(true);
  const { token } = await created.json();
  const as = { authorization: `Bearer ${token.token}` };
  for (const voucher of [
    { date: '2025-04-01', series: 'A', text: 'Försäljning', lines: [{ account: '1930', debitMinor: 1_000_000 }, { account: '3001', creditMinor: 1_000_000 }] },
    { date: '2025-05-01', series: 'A', text: 'Hyra', lines: [{ account: '5010', debitMinor: 250_000 }, { account: '1930', creditMinor: 250_000 }] },
  ]) {
    const posted = await request.post(`/api/companies/${id}/vouchers`, { headers: as, data: voucher });
    expect(posted.ok(), await posted.text()).toBe(true);
  }

  // Created with the bootstrap token, the company has no admin yet: the signed-in admin becomes one.
  const member = await request.post(`/api/companies/${id}/members`, { headers: as, data: { email: adminEmail, role: 'admin' } });
  expect(member.ok(), await member.text()).toBe(true);

  await page.setViewportSize({ width: 1280, height: 800 });
  await openSignedIn(page, '#/ledger/periods');
  await page.getByTestId('company-switcher').selectOption(id);
  await expect(page).toHaveURL(/#\/automations/); // the designer reloads for the company
  await expect(page.getByTestId('company-switcher')).toHaveValue(id);
  await page.goto('/#/ledger/periods');
  const year2025 = page.getByTestId('fiscal-year-2025');
  await expect(year2025).toBeVisible();

  // Without a next year the dialog says what to do and cannot be confirmed.
  await year2025.getByTestId('close-year').click();
  const dialog = page.getByTestId('close-year-dialog');
  await expect(dialog.getByTestId('year-end-refusal')).toContainText('has no next fiscal year');
  await expect(dialog.getByTestId('close-year-confirm')).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  const next = await request.post(`/api/companies/${id}/fiscal-years`, { headers: as, data: { start: '2026-01-01', end: '2026-12-31' } });
  expect(next.ok(), await next.text()).toBe(true);
  await page.reload();
  await year2025.getByTestId('close-year').click();
  await expect(dialog.getByTestId('year-end-result')).toContainText('profit of 7 500,00 kr');
  await expect(dialog.getByTestId('year-end-balances').locator('tbody tr')).toHaveCount(2);
  await expect(dialog.locator('tr[data-account="2099"]')).toContainText('7 500,00');
  await page.screenshot({ path: 'test-results/year-end-close-dialog.png' });
  await dialog.getByTestId('close-year-confirm').click();
  await expect(dialog).toHaveCount(0);

  await expect(year2025).toHaveAttribute('data-year-status', 'closed');
  await expect(year2025.getByTestId('year-closed')).toBeVisible();
  await expect(year2025.locator('[data-testid="period-row"][data-status="locked"]')).toHaveCount(12);
  await year2025.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/year-end-closed.png' });

  // The next year opens with the carried balances.
  const tb = await request.get(`/api/companies/${id}/reports/trial-balance?from=2026-01&to=2026-12`, { headers: as });
  const opening = Object.fromEntries((await tb.json()).rows.map((r: { account: string; openingMinor: number }) => [r.account, r.openingMinor]));
  expect(opening).toEqual({ 1930: 750_000, 2099: -750_000 });

  // An SIE file imported afterwards gives 2026 an opening balance on a result account: the closed year
  // says its next year no longer opens with what it carried, and to re-open and close it again.
  const sie = ['#FLAGGA 0', '#PROGRAM "T" 1', '#GEN 20260105', '#SIETYP 4', '#ORGNR 556000-0001', '#FNAMN "Bokslut AB"',
    '#RAR 0 20260101 20261231', '#KONTO 3001 "Försäljning"', '#IB 0 3001 -100.00'].join('\r\n') + '\r\n';
  const imported = await request.post(`/api/companies/${id}/sie`, { headers: { ...as, 'content-type': 'application/octet-stream' }, data: Buffer.from(sie, 'utf8') });
  expect(imported.ok(), await imported.text()).toBe(true);
  expect((await imported.json()).warnings.map((w: { code: string }) => w.code)).toContain('opening_on_result_account');
  await page.reload();
  await expect(year2025.getByTestId('year-end-opening-check')).toContainText('Fiscal year 2026 does not open with what closing 2025 carried');
  await expect(year2025.getByTestId('year-end-opening-check')).toContainText('result accounts 3001 have opening balances');
  await year2025.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/year-end-opening-check.png' });

  await year2025.getByTestId('reopen-year').click();
  const reopen = page.getByTestId('reopen-year-dialog');
  await reopen.getByTestId('reopen-confirm').click();
  await expect(reopen.getByTestId('reopen-error')).toContainText('Give a reason');
  await reopen.getByTestId('reopen-reason').fill('En leverantörsfaktura för december kom efter bokslutet');
  await page.screenshot({ path: 'test-results/year-end-reopen-dialog.png' });
  await reopen.getByTestId('reopen-confirm').click();
  await expect(reopen).toHaveCount(0);
  await expect(year2025).toHaveAttribute('data-year-status', 'open');
  await expect(year2025.getByTestId('year-end-opening-check')).toHaveCount(0);
  await expect(year2025.locator('[data-testid="period-row"][data-status="open"]')).toHaveCount(12);
  expect(pageErrors).toEqual([]);
});
