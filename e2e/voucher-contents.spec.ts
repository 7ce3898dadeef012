import { createHash } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { asToken, openSignedIn } from './helpers.ts';

// Voucher contents (BFL 5:7): a counterparty and attached files on a manual voucher, and the stored
// original behind a voucher an automation posted from a bank line. Books one balanced office-supplies
// voucher and one bank fee on the demo company (no invoice is paid; later specs use their own company).
const shot = async (page: Page, name: string, fullPage = true) => {
  await page.screenshot({ path: `test-results/${name}.png`, fullPage });
};
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const receipt = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const photo = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

test('a manual voucher with a supplier as counterparty and a receipt attached on save; another file attached on its page', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.setViewportSize({ width: 1280, height: 800 });
  await openSignedIn(page, '#/ledger');
  await page.getByTestId('new-voucher').click();
  await page.getByTestId('voucher-date').fill('2026-11-25');
  await page.getByTestId('voucher-text').fill('Pärmar och papper');
  await page.getByTestId('voucher-counterparty-source').selectOption('supplier');
  await page.getByTestId('voucher-counterparty-pick').fill('Kontors');
  await page.getByTestId('voucher-counterparty-pick-option').first().click();
  await expect(page.getByTestId('voucher-counterparty')).toHaveValue('Kontorsgiganten AB');
  await expect(page.getByTestId('voucher-counterparty-id')).toHaveValue('L2003');
  await page.getByTestId('line-0-account').selectOption('6110');
  await page.getByTestId('line-0-debit').fill('480');
  await page.getByTestId('line-1-account').selectOption('1930');
  await page.getByTestId('line-1-credit').fill('480');
  await page.getByTestId('voucher-files').setInputFiles({ name: 'kvitto-4711.pdf', mimeType: 'application/pdf', buffer: receipt });
  await expect(page.getByTestId('voucher-file')).toContainText('kvitto-4711.pdf');
  await expect(page.getByTestId('voucher-form-balanced')).toBeVisible();
  await shot(page, 'voucher-contents-form');
  await page.getByTestId('post-voucher').click();

  await expect(page.getByTestId('voucher-page')).toBeVisible();
  await expect(page.getByTestId('voucher-why-counterparty')).toHaveText('Kontorsgiganten AB (L2003)');
  const attached = page.getByTestId('voucher-attachment');
  await expect(attached).toHaveCount(1);
  await expect(attached).toHaveAttribute('data-sha256', sha256(receipt));
  await expect(attached.getByTestId('voucher-attachment-link')).toHaveText('kvitto-4711.pdf');
  await expect(page.getByTestId('voucher-source-original')).toContainText('None');

  // The download gives the same bytes.
  const href = await attached.getByTestId('voucher-attachment-link').getAttribute('href');
  const download = await page.request.get(href!);
  expect(download.ok()).toBe(true);
  expect(sha256(Buffer.from(await download.body()))).toBe(sha256(receipt));

  // Attach a photo of the receipt afterwards, on the voucher page.
  await page.getByTestId('voucher-attach').setInputFiles({ name: 'foto.png', mimeType: 'image/png', buffer: photo });
  await expect(attached).toHaveCount(2);
  await expect(attached.nth(1)).toHaveAttribute('data-sha256', sha256(photo));
  // A Word file is refused before it is sent.
  await page.getByTestId('voucher-attach').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(page.getByTestId('voucher-attach-error')).toContainText('PDF, PNG, JPEG or XML');
  await expect(attached).toHaveCount(2);
  await page.getByTestId('voucher-attachments').scrollIntoViewIfNeeded();
  await shot(page, 'voucher-contents-page', false);
  expect(pageErrors).toEqual([]);
});

test('a voucher an automation posted from a bank line shows the line\'s counterparty and the stored original', async ({ page, request }) => {
  const line = { id: 'E2E-VC-FEE-1', bookingDate: '2026-11-26', amountMinor: -3500, currency: 'SEK', text: 'AVGIFT BANKGIRO', reference: null, counterparty: 'Bankgirocentralen BGC AB' };
  const response = await request.post('/api/companies/demo/bank-lines', { ...asToken, data: line });
  expect(response.ok(), await response.text()).toBe(true);
  const [result] = (await response.json()).results;
  const voucherId = result.runs.find((r: { status: string }) => r.status === 'posted').voucherIds[0] as string;

  await page.setViewportSize({ width: 1280, height: 800 });
  await openSignedIn(page, `#/ledger/vouchers/${voucherId}`);
  await expect(page.getByTestId('voucher-page')).toBeVisible();
  await expect(page.getByTestId('voucher-why-counterparty')).toHaveText('Bankgirocentralen BGC AB');
  const source = page.getByTestId('voucher-source-original');
  await expect(source.getByTestId('voucher-source-original-link')).toContainText('bank-lines-request');
  await expect(source).toContainText('SHA-256 ');
  await page.getByTestId('voucher-attachments').scrollIntoViewIfNeeded();
  await shot(page, 'voucher-contents-source', false);
});
