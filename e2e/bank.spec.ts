import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { addMember, asToken, openSignedIn, signInAs } from './helpers.ts';

/*
 * A finance admin's bank day, at a laptop's size: a camt.053 statement dropped on the Bank page
 * (e2e/fixtures/camt053-bank-e2e.xml: a payment with OCR 10017 for F1001, a payment with no
 * reference, a bank fee), the lines with their outcomes, and the exception matched by hand.
 */
test.use({ viewport: { width: 1280, height: 800 } });

const fixture = fileURLToPath(new URL('./fixtures/camt053-bank-e2e.xml', import.meta.url));

const shot = async (page: Page, name: string, fullPage = false) => {
  await page.screenshot({ path: `test-results/${name}.png`, fullPage });
};

/** Errors thrown by the page or logged to its console fail the test. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  return errors;
}

const row = (page: Page, lineId: string) => page.locator(`[data-testid="bank-line-row"][data-line-id="${lineId}"]`);

test('bank: a statement is dropped and imported, the payment matched, the fee booked, the exception matched by hand', async ({ page }) => {
  const errors = watchErrors(page);
  await openSignedIn(page, '#/automations');
  await page.getByTestId('nav-bank').click();
  await expect(page.getByTestId('bank-page')).toBeVisible();
  await expect(page.getByTestId('bank-empty')).toBeVisible();

  // Drop the file on the drop zone, as a person drags it from the desktop.
  const xml = readFileSync(fixture, 'utf8');
  const dataTransfer = await page.evaluateHandle((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'camt053-bank-e2e.xml', { type: 'application/xml' }));
    return transfer;
  }, xml);
  await page.getByTestId('bank-drop-zone').dispatchEvent('dragover', { dataTransfer });
  await page.getByTestId('bank-drop-zone').dispatchEvent('drop', { dataTransfer });
  await expect(page.getByTestId('bank-file-name')).toContainText('camt053-bank-e2e.xml');
  await shot(page, 'bank-1-file-dropped');

  await page.getByTestId('bank-import-button').click();
  const result = page.getByTestId('bank-import-result');
  await expect(result).toContainText('3 lines, 3 new, 0 already here');
  await expect(result).toHaveAttribute('data-queued', 'false');
  const statement = page.getByTestId('bank-import-statement');
  await expect(statement).toContainText('E2E-STMT-2026-12-03');
  await expect(page.getByTestId('bank-import-credit')).toContainText('65 625,00');
  await expect(page.getByTestId('bank-import-closing')).toContainText('165 500,00');

  // Each line with its outcome: the OCR payment settled F1001, the fee booked by the rule, the other an exception.
  await expect(row(page, 'E2E-0001:1')).toHaveAttribute('data-kind', 'matched');
  await expect(row(page, 'E2E-0003:1').getByTestId('bank-outcome')).toHaveText('Bank rule (6570)');
  const exception = row(page, 'E2E-0002:1');
  await expect(exception).toHaveAttribute('data-kind', 'exception');
  await expect(exception.getByTestId('bank-outcome')).toContainText('Exception: no candidate is certain enough');
  await expect(page.getByTestId('bank-chip-exception').getByTestId('bank-chip-count')).toHaveText('1');
  await shot(page, 'bank-2-imported', true);

  // The same file again changes nothing: every line a duplicate.
  await page.getByTestId('bank-file').setInputFiles(fixture);
  await page.getByTestId('bank-import-button').click();
  await expect(page.getByTestId('bank-import-result')).toContainText('3 lines, 0 new, 3 already here');

  // Only the exceptions, then the one line.
  await page.getByTestId('bank-chip-exception').click();
  await expect(page.getByTestId('bank-line-row')).toHaveCount(1);
  await expect(page).toHaveURL(/#\/bank\?outcome=exception/);
  await exception.getByTestId('bank-line-open').click();
  const panel = page.getByTestId('bank-line-panel');
  await expect(panel).toHaveAttribute('data-line-id', 'E2E-0002:1');
  const candidate = panel.locator('[data-testid="bank-candidate"][data-invoice="F1002"]');
  await expect(candidate).toContainText('Bageriet i Gamla Stan HB');
  await expect(candidate.getByTestId('bank-candidate-score')).toHaveText('50 %');
  const match = candidate.getByTestId('bank-candidate-match');
  await expect(match).toHaveAttribute('title', /Settle invoice F1002 with 15\s625,00\skr: the invoice is paid in full/);
  await shot(page, 'bank-3-exception-candidates');

  // One click settles it.
  await match.click();
  await expect(page.getByTestId('bank-line-notice')).toContainText('Matched');
  await expect(panel.getByTestId('bank-line-outcome').getByTestId('bank-outcome')).toHaveAttribute('data-kind', 'matched');
  await expect(panel.locator('[data-testid="bank-line-allocation"][data-invoice="F1002"]')).toContainText('15 625,00');
  await expect(panel.getByTestId('bank-line-actions')).toHaveCount(0);
  await expect(panel.locator('[data-testid="bank-line-decision"]')).toHaveCount(2);
  await shot(page, 'bank-4-matched-by-hand');
  // The list refreshed: no exception is left on it.
  await expect(page.getByTestId('bank-line-row')).toHaveCount(0);

  // The voucher: the bank account debited, the customer's receivable credited.
  await panel.getByTestId('bank-line-voucher').click();
  await expect(page.getByTestId('voucher-page')).toBeVisible();
  await expect(page.locator('[data-testid="voucher-line"][data-account="1510"]')).toHaveAttribute('data-credit', '1562500');
  await expect(page.locator('[data-testid="voucher-line"][data-account="1930"]')).toHaveAttribute('data-debit', '1562500');

  // Back on the Bank page, every line is handled; the inbox has nothing left of this statement.
  await page.getByTestId('nav-bank').click();
  await expect(row(page, 'E2E-0002:1')).toHaveAttribute('data-kind', 'matched');
  await expect(page.getByTestId('bank-chip-exception')).toHaveCount(0);
  await shot(page, 'bank-5-all-handled', true);
  // The statement filter offers the imported statement.
  await page.getByTestId('bank-statement').selectOption('E2E-STMT-2026-12-03');
  await expect(page).toHaveURL(/statement=E2E-STMT-2026-12-03/);

  // The reconciliation: the bank's closing balance beside the ledger's, nothing left unbooked.
  await page.getByTestId('bank-tab-reconciliation').click();
  await page.getByTestId('recon-date').fill('2026-12-03');
  const card = page.locator('[data-testid="recon-account-card"][data-bank-account="main"]');
  await expect(card.getByTestId('recon-statement-balance')).toContainText('165 500,00');
  await expect(card).toContainText('E2E-STMT-2026-12-03');
  await expect(card.getByTestId('recon-unbooked-line')).toHaveCount(0);
  await expect(card.getByTestId('recon-ledger-balance')).not.toHaveText('—');
  await shot(page, 'bank-6-reconciliation');

  await page.getByTestId('nav-exceptions').click();
  await expect(page.locator('[data-testid="exception-row"][data-source-ref="bank-line:E2E-0002:1"]')).toHaveCount(0);

  expect(errors).toEqual([]);
});

test('bank: on the Exceptions page a payment is split over an invoice and a customer credit, in place', async ({ page, request }) => {
  const errors = watchErrors(page);
  const sent = await request.post('/api/companies/demo/bank-lines', {
    ...asToken,
    data: { id: 'E2E-SPLIT-1', bookingDate: '2026-12-02', amountMinor: 123_450, text: 'Betalning', counterparty: 'Okänd Inbetalare', reference: null },
  });
  expect(sent.ok(), await sent.text()).toBe(true);

  await openSignedIn(page, '#/exceptions');
  const item = page.locator('[data-testid="exception-row"][data-source-ref="bank-line:E2E-SPLIT-1"]');
  await item.getByTestId('exception-bank-open').click();
  const panel = page.getByTestId('exception-bank-row').getByTestId('bank-line-panel');
  await expect(panel.getByTestId('bank-line-outcome')).toContainText('Exception');
  await panel.getByTestId('bank-split-open').click();
  const form = panel.getByTestId('bank-split-form');
  await form.getByTestId('bank-split-0-invoice').fill('F1003');
  await form.getByTestId('bank-split-0-amount').fill('1 000,5');
  await form.getByTestId('bank-split-0-amount').blur();
  await expect(form.getByTestId('bank-split-0-amount')).toHaveValue(/^1\s000,50$/);
  await expect(form.getByTestId('bank-split-sum')).toHaveAttribute('data-rest', '23400');
  await expect(form.getByTestId('bank-split-excess')).toHaveValue('2420');
  await form.getByTestId('bank-split-note').fill('Delbetalning enligt samtal');
  await shot(page, 'bank-7-exceptions-split', true);
  await form.getByTestId('bank-split-submit').click();

  await expect(item).toHaveCount(0);
  const line = await request.get('/api/companies/demo/bank-lines/E2E-SPLIT-1', asToken);
  const body = await line.json();
  expect(body.outcome).toMatchObject({ kind: 'overpaid', allocations: [{ invoiceNumber: 'F1003', amountMinor: 100_050 }], excessMinor: 23_400, account: '2420' });
  expect(errors).toEqual([]);
});

test('bank: a viewer sees the lines and the candidates, but neither the import nor the actions', async ({ browser, baseURL, request }) => {
  const sent = await request.post('/api/companies/demo/bank-lines', {
    ...asToken, data: { id: 'E2E-VIEW-1', bookingDate: '2026-12-01', amountMinor: 99_900, text: 'Okänd', counterparty: 'Någon Annan', reference: null },
  });
  expect(sent.ok(), await sent.text()).toBe(true);
  const viewer = await signInAs(browser, baseURL!, await addMember(request, 'viewer', 'Bank Viewer'), '#/bank?line=E2E-VIEW-1');
  const errors = watchErrors(viewer);
  await expect(viewer.getByTestId('bank-page')).toBeVisible();
  await expect(viewer.getByTestId('bank-line-panel')).toHaveAttribute('data-line-id', 'E2E-VIEW-1');
  await expect(viewer.getByTestId('read-only-note')).toBeVisible();
  await expect(viewer.getByTestId('bank-import')).toHaveCount(0);
  await expect(viewer.getByTestId('bank-split-open')).toHaveCount(0);
  await expect(viewer.getByTestId('bank-book-open')).toHaveCount(0);
  await viewer.keyboard.press('Escape');
  await expect(viewer.getByTestId('bank-line-drawer')).toHaveCount(0);
  expect(errors).toEqual([]);
  await viewer.context().close();
});
