import { expect, test, type APIRequestContext } from '@playwright/test';
import { asToken, openSignedIn } from './helpers.ts';

// Issue 12, operations: the inbox resolves in place (book with edited lines, dismiss with a reason), runs filter in the URL,
// and a priority tie is warned in the editor. Its data: two flagged supplier invoices (nothing a later spec looks at).
const year = new Date().getFullYear();

async function flagInvoice(request: APIRequestContext, id: string, invoice: Record<string, unknown> = {}): Promise<void> {
  const response = await request.post('/api/companies/demo/automations/supplier-invoice-coding/run', {
    ...asToken,
    data: {
      post: true,
      event: {
        id, supplierId: 'L2003', supplierName: 'Kontorsgiganten AB', invoiceNumber: `LF-${id}`, invoiceDate: `${year}-11-20`, dueDate: `${year}-12-20`,
        currency: 'SEK', totalMinor: 12_500_000, vatMinor: 2_500_000, lines: [{ description: 'Kontorsmöbler', amountMinor: 10_000_000, vatCode: 'I25' }],
        ...invoice,
      },
    },
  });
  expect(response.ok(), await response.text()).toBe(true);
  expect((await response.json()).exceptionId).toBeTruthy();
}

test('an inbox item is booked with edited lines, another dismissed with a reason; both say how and by whom', async ({ page, request }, testInfo) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const tag = Date.now().toString(36).toUpperCase();
  const [bookId, dismissId] = [`E2E-BOOK-${tag}`, `E2E-DISMISS-${tag}`];
  await flagInvoice(request, bookId);
  await flagInvoice(request, dismissId);

  // The filter lives in the URL: a link opens the same view.
  await openSignedIn(page, '#/exceptions?kind=manual-event&automationId=supplier-invoice-coding');
  await expect(page.getByTestId('exceptions-kind')).toHaveValue('manual-event');
  await expect(page.getByTestId('exceptions-automation')).toHaveValue('supplier-invoice-coding');
  const toBook = page.getByTestId('exception-row').filter({ hasText: `LF-${bookId}` });
  await expect(toBook).toContainText('125 000,00');
  await testInfo.attach('inbox', { body: await page.screenshot({ path: testInfo.outputPath('inbox.png') }), contentType: 'image/png' });

  // Book: prefilled from the invoice (lines, input VAT, payable); the person picks the account and splits the line.
  await toBook.getByTestId('exception-book').click();
  const dialog = page.getByTestId('book-dialog');
  await expect(dialog.getByTestId('book-text')).toHaveValue(`Kontorsgiganten AB LF-${bookId}`);
  await expect(dialog.getByTestId('book-line-1-account')).toHaveValue(/^2641/);
  await expect(dialog.getByTestId('book-line-2-account')).toHaveValue(/^2440/);
  await expect(dialog.getByTestId('book-balanced')).toBeVisible();
  await dialog.getByTestId('book-line-0-account').fill('5410');
  await dialog.getByTestId('book-line-0-debit').fill('90 000');
  await expect(dialog.getByTestId('book-difference')).toContainText('10 000,00');
  await dialog.getByTestId('book-add-line').click();
  await dialog.getByTestId('book-line-3-account').fill('6110');
  await dialog.getByTestId('book-line-3-debit').fill('10 000,00');
  await expect(dialog.getByTestId('book-balanced')).toBeVisible();
  await dialog.getByTestId('book-note').fill('Chairs are equipment; the delivery charge is office supplies');
  await testInfo.attach('book', { body: await page.screenshot({ path: testInfo.outputPath('book.png') }), contentType: 'image/png' });
  await dialog.getByTestId('book-submit').click();
  await expect(page.getByTestId('exceptions-notice')).toContainText(/Posted voucher A\d+; the exception is resolved/);
  await expect(page.getByTestId('exception-row').filter({ hasText: `LF-${bookId}` })).toHaveCount(0);

  // The voucher: the person's lines, the item's source, through the normal numbering.
  const vouchers = await (await request.get('/api/companies/demo/vouchers?limit=1000', asToken)).json() as
    { series: string; sourceRef: string | null; text: string; lines: { account: string; debitMinor: number; creditMinor: number }[] }[];
  const booked = vouchers.find((v) => v.text === `Kontorsgiganten AB LF-${bookId}`)!;
  expect(booked.sourceRef).toMatch(/^manual:event:/);
  expect(booked.lines.map((l) => [l.account, l.debitMinor, l.creditMinor])).toEqual([
    ['5410', 9_000_000, 0], ['2641', 2_500_000, 0], ['2440', 0, 12_500_000], ['6110', 1_000_000, 0],
  ]);

  // Dismiss: the reason is required.
  const toDismiss = page.getByTestId('exception-row').filter({ hasText: `LF-${dismissId}` });
  await toDismiss.getByTestId('exception-dismiss').click();
  await page.getByTestId('dismiss-submit').click();
  await expect(page.getByTestId('dismiss-error')).toContainText('Say why');
  await page.getByTestId('dismiss-reason').fill('A duplicate of LF-1007, already booked');
  await page.getByTestId('dismiss-submit').click();
  await expect(page.getByTestId('exception-row').filter({ hasText: `LF-${dismissId}` })).toHaveCount(0);

  // Dismissed and resolved items say how, by whom and when.
  await page.getByTestId('exceptions-status').selectOption('dismissed');
  await expect(page).toHaveURL(/status=dismissed/);
  const dismissed = page.getByTestId('exception-row').filter({ hasText: `LF-${dismissId}` });
  await expect(dismissed.getByTestId('exception-resolution')).toHaveText('Reason: A duplicate of LF-1007, already booked');
  await expect(dismissed.getByTestId('exception-resolved-by')).toContainText('You');
  await page.getByTestId('exceptions-status').selectOption('resolved');
  const resolved = page.getByTestId('exception-row').filter({ hasText: `LF-${bookId}` });
  await expect(resolved.getByTestId('exception-resolution')).toContainText(`voucher ${booked.series}`);
  await testInfo.attach('resolved', { body: await page.screenshot({ path: testInfo.outputPath('resolved.png') }), contentType: 'image/png' });

  // Both are in the audit log with who and why.
  const audit = await (await request.get('/api/companies/demo/audit?action=exception.', asToken)).json() as { action: string; details: Record<string, unknown> }[];
  expect(audit.find((a) => a.action === 'exception.book' && a.details.note === 'Chairs are equipment; the delivery charge is office supplies')).toBeTruthy();
  expect(audit.find((a) => a.action === 'exception.dismiss' && a.details.reason === 'A duplicate of LF-1007, already booked')).toBeTruthy();
  expect(pageErrors).toEqual([]);
});

test('runs filter by automation, result and dates in the URL; nothing matching says how to clear', async ({ page }, testInfo) => {
  await openSignedIn(page, '#/runs');
  await page.getByTestId('runs-automation').selectOption('supplier-invoice-coding');
  await page.getByTestId('runs-status').selectOption('flagged');
  await expect(page).toHaveURL(/automationId=supplier-invoice-coding/);
  await expect(page).toHaveURL(/status=flagged/);
  await expect(page.getByTestId('run-row').first()).toBeVisible();
  await expect(page.getByTestId('run-row').first()).toContainText('Supplier invoice coding');
  // A linked view: the same filters from the address, with a date range before anything ran.
  await page.goto(`/#/runs?automationId=supplier-invoice-coding&status=flagged&from=${year - 5}-01-01&to=${year - 5}-01-31`);
  await expect(page.getByTestId('runs-empty')).toContainText('No runs match');
  await testInfo.attach('runs-empty', { body: await page.screenshot({ path: testInfo.outputPath('runs-empty.png') }), contentType: 'image/png' });
  await page.getByTestId('runs-empty-clear').click();
  await expect(page).toHaveURL(/#\/runs$/);
  await expect(page.getByTestId('run-row').first()).toBeVisible();
});

test('a draft at the priority of a published automation on the same trigger is warned of the tie', async ({ page, request }, testInfo) => {
  const id = `e2e-tie-${Date.now().toString(36)}`;
  const fees = await (await request.get('/api/companies/demo/automations/bank-fees', asToken)).json();
  const draft = { ...fees.published, id, name: 'Fee copy (tie)', status: 'draft', version: 1, priority: 60 };
  const saved = await request.put(`/api/companies/demo/automations/${id}`, { ...asToken, data: draft });
  expect(saved.ok(), await saved.text()).toBe(true);
  try {
    await openSignedIn(page, `#/automations/${id}`);
    await expect(page.getByTestId('priority-tie-chip')).toBeVisible();
    await expect(page.getByTestId('priority-tie-note')).toContainText('Ties with "Bank fees" at priority 60');
    await testInfo.attach('tie', { body: await page.screenshot({ path: testInfo.outputPath('tie.png') }), contentType: 'image/png' });
    // Another priority: no tie (nothing saved).
    await page.getByTestId('automation-priority-input').fill('61');
    await expect(page.getByTestId('priority-tie-note')).toHaveCount(0);
    await page.getByTestId('automation-priority-input').fill('60');
    await expect(page.getByTestId('priority-tie-note')).toBeVisible();
  } finally {
    const removed = await request.delete(`/api/companies/demo/automations/${id}`, asToken);
    expect(removed.ok(), await removed.text()).toBe(true);
  }
});

test('the Book dialog pre-fills an account\'s VAT code only when the voucher has its VAT line, and says which line is missing', async ({ page, request }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const id = `E2E-NOVAT-${Date.now().toString(36).toUpperCase()}`;
  await flagInvoice(request, id, { invoiceDate: `${year}-11-21`, totalMinor: 50_000, vatMinor: 0, lines: [{ description: 'Pärmar', amountMinor: 50_000 }] });

  await openSignedIn(page, '#/exceptions?kind=manual-event&automationId=supplier-invoice-coding');
  await page.getByTestId('exception-row').filter({ hasText: `LF-${id}` }).getByTestId('exception-book').click();
  const dialog = page.getByTestId('book-dialog');
  await expect(dialog.getByTestId('book-line-1-account')).toHaveValue(/^2440/);
  // Two lines, no VAT line: 6110 (default I25) gets no code — I25 would be refused — and the dialog says why.
  await dialog.getByTestId('book-line-0-account').fill('6110');
  await expect(dialog.getByTestId('book-line-0-vat')).toHaveValue('');
  await expect(dialog.getByTestId('book-line-0-vat-hint')).toContainText('6110 usually carries VAT code I25; its VAT goes to 2641');
  await testInfo.attach('book-no-vat-line', { body: await page.screenshot({ path: testInfo.outputPath('book-no-vat-line.png') }), contentType: 'image/png' });
  // With the VAT line added first, choosing 6110 again pre-fills I25.
  await dialog.getByTestId('book-line-0-debit').fill('400,00');
  await dialog.getByTestId('book-add-line').click();
  await dialog.getByTestId('book-line-2-account').fill('2641');
  await dialog.getByTestId('book-line-2-debit').fill('100,00');
  await expect(dialog.getByTestId('book-line-0-vat-hint')).toHaveCount(0);
  await dialog.getByTestId('book-line-0-account').fill('');
  await dialog.getByTestId('book-line-0-account').fill('6110');
  await expect(dialog.getByTestId('book-line-0-vat')).toHaveValue('I25');
  await expect(dialog.getByTestId('book-balanced')).toBeVisible();
  await testInfo.attach('book-vat-code', { body: await page.screenshot({ path: testInfo.outputPath('book-vat-code.png') }), contentType: 'image/png' });
  await page.screenshot({ path: 'test-results/inbox-book-vat-code.png' });
  await dialog.getByTestId('book-submit').click();
  await expect(page.getByTestId('exceptions-notice')).toContainText(/Posted voucher A\d+; the exception is resolved/);
  const vouchers = await (await request.get('/api/companies/demo/vouchers?limit=1000', asToken)).json() as
    { text: string; lines: { account: string; debitMinor: number; creditMinor: number; vatCode: string | null }[] }[];
  expect(vouchers.find((v) => v.text === `Kontorsgiganten AB LF-${id}`)!.lines.map((l) => [l.account, l.debitMinor, l.creditMinor, l.vatCode])).toEqual([
    ['6110', 40_000, 0, 'I25'], ['2440', 0, 50_000, null], ['2641', 10_000, 0, null],
  ]);
});
