import { expect, test } from '@playwright/test';
import { asToken, openSignedIn } from './helpers.ts';

/**
 * Testing a draft without side effects: the customer-payments example run on
 * a real bank line through the dry-run endpoint — the path lit on the
 * canvas, each step in the trace panel, the voucher it would post — and not
 * a single voucher posted by the test.
 */
test('a draft tested on a real bank line shows the path, the steps and the voucher it would post, and posts nothing', async ({ page, request }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const shot = async (name: string) =>
    testInfo.attach(name, { body: await page.screenshot({ path: testInfo.outputPath(`${name}.png`) }), contentType: 'image/png' });
  const voucherCount = async () => {
    const response = await request.get('/api/companies/demo/vouchers', asToken);
    expect(response.ok(), await response.text()).toBe(true);
    return ((await response.json()) as unknown[]).length;
  };

  // A payment of an open invoice's amount, without the payer's name or a reference: the published version
  // cannot match it with confidence (only the amount agrees), so receiving it posts nothing — it waits in the inbox.
  const listed = await request.get('/api/companies/demo/customer-invoices', asToken);
  expect(listed.ok(), await listed.text()).toBe(true);
  const open = ((await listed.json()).invoices as { invoiceNumber: string; openMinor: number; currency: string; dueDate: string; status: string }[])
    .filter((i) => i.currency === 'SEK' && i.openMinor > 0);
  const invoice = open.find((i) => open.filter((j) => j.openMinor === i.openMinor).length === 1);
  expect(invoice, 'an open SEK invoice with an amount of its own').toBeTruthy();
  const lineId = `e2e-test-run-${Date.now()}`;
  const sent = await request.post('/api/companies/demo/bank-lines', {
    ...asToken,
    data: { id: lineId, bookingDate: invoice!.dueDate, amountMinor: invoice!.openMinor, currency: 'SEK', text: 'INBETALNING', reference: null, counterparty: null },
  });
  expect(sent.ok(), await sent.text()).toBe(true);
  expect((await sent.json()).results[0].runs.filter((r: { status: string }) => r.status === 'posted')).toEqual([]);
  const vouchersBefore = await voucherCount();

  await openSignedIn(page);
  await page.getByTestId('automation-row-customer-payments').getByRole('link', { name: 'Open' }).click();
  await expect(page.locator('.react-flow__node')).toHaveCount(3);

  // Pick the bank line and test: no match (below the threshold), the candidate ranked.
  await page.getByTestId('test-draft').click();
  await page.getByTestId('test-bank-line').selectOption({ value: lineId });
  await expect(page.getByTestId('test-event-from')).toContainText(lineId);
  await page.getByTestId('test-run').click();
  await expect(page.getByTestId('test-would')).toHaveText('No match: would post nothing');
  await expect(page.getByTestId('test-step')).toHaveCount(3);
  await expect(page.getByTestId('canvas').locator('.is-trace-visited')).toHaveCount(3);
  await expect(page.getByTestId('test-banner')).toContainText('INBETALNING');
  const decision = page.getByTestId('test-payment-decision');
  await expect(decision).toContainText('Not matched');
  await expect(decision).toContainText('below_threshold');
  await expect(decision.getByTestId('test-candidates')).toContainText(invoice!.invoiceNumber);
  await expect(page.getByTestId('test-no-vouchers')).toBeVisible();
  await shot('test-no-match');

  // An invalid draft is not run: the dry run's issues show instead.
  await page.getByTestId('node-match').click();
  await page.getByTestId('inspector-tab').click();
  await page.getByTestId('field-thresholdScore').fill('2');
  await page.getByTestId('test-tab').click();
  await expect(page.getByTestId('test-invalid')).toBeVisible();
  await expect(page.getByTestId('test-invalid').getByTestId('issue')).not.toHaveCount(0);

  // Lower the threshold: the edit tests again by itself, and the draft would settle the invoice.
  await page.getByTestId('inspector-tab').click();
  await page.getByTestId('field-thresholdScore').fill('0.5');
  await page.getByTestId('test-tab').click();
  await expect(page.getByTestId('test-would')).toHaveText('Would post');
  await expect(decision).toContainText('Matched');
  await expect(decision).toContainText(`Settles invoice ${invoice!.invoiceNumber}`);
  const debit = page.locator('[data-testid="test-voucher-line"][data-account="1930"]');
  const credit = page.locator('[data-testid="test-voucher-line"][data-account="1510"]');
  await expect(debit).toHaveAttribute('data-debit', String(invoice!.openMinor));
  await expect(credit).toHaveAttribute('data-credit', String(invoice!.openMinor));
  await expect(credit).toContainText('Kundfordringar');
  await expect(page.getByTestId('test-voucher')).toContainText(invoice!.invoiceNumber);
  await page.getByTestId('test-vouchers').scrollIntoViewIfNeeded();
  await shot('test-would-post');
  await page.getByTestId('test-step').nth(2).getByText('Input').click();
  await page.getByTestId('test-payment-decision').scrollIntoViewIfNeeded();
  await shot('test-decision');

  // Nothing was posted by testing.
  expect(await voucherCount()).toBe(vouchersBefore);
  expect(pageErrors).toEqual([]);
});
