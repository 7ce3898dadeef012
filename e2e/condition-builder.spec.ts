import { expect, test, type Page } from '@playwright/test';
import { asToken, openSignedIn } from './helpers.ts';

/** Replaces what the (visible) Monaco editor holds. */
async function typeInMonaco(page: Page, text: string): Promise<void> {
  const lines = page.getByTestId('json-logic-editor').locator('.view-lines');
  await expect(lines).toBeVisible();
  await lines.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

const ranta = { and: [
  { icontains: [{ var: 'event.text' }, 'RÄNTA'] },
  { '>': [{ var: 'event.amountMinor' }, 0] },
] };

test('a finance admin builds "text contains RÄNTA and amount > 0,00 kr" without writing JSON Logic', async ({ page, request }, testInfo) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  // A new automation with a bank-line trigger and a condition (click to add).
  await openSignedIn(page);
  await page.getByTestId('new-automation').click();
  await page.getByTestId('new-automation-name').fill('Interest income by builder');
  const automationId = (await page.getByTestId('new-automation-id').textContent())!;
  await page.getByTestId('create-automation').click();
  await expect(page).toHaveURL(new RegExp(`#/automations/${automationId}$`));
  await page.getByTestId('palette-bank-line-imported').click();
  await page.getByTestId('palette-condition').click();
  await page.getByTestId('node-condition').click();

  // The new condition opens in the builder, empty ("always true" until a condition is added).
  await expect(page.getByTestId('condition-tab-builder')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('condition-empty')).toBeVisible();

  // Row 1: Bank text contains RÄNTA.
  await page.getByTestId('condition-add-rule-root').click();
  await page.getByTestId('condition-row-0-field').selectOption({ label: 'Bank text' });
  await expect(page.getByTestId('condition-row-0-operator')).toHaveValue('contains');
  await page.getByTestId('condition-row-0-value').fill('RÄNTA');

  // Row 2: Amount > 0,00 kr — typed in kronor; a third decimal is refused with the reason.
  await page.getByTestId('condition-add-rule-root').click();
  await page.getByTestId('condition-row-1-field').selectOption('event.amountMinor');
  await page.getByTestId('condition-row-1-operator').selectOption({ label: '>' });
  await page.getByTestId('condition-row-1-value').fill('12,345');
  await expect(page.getByTestId('condition-row-1-problem')).toHaveText('At most two decimals (öre)');
  await page.getByTestId('condition-row-1-value').fill('0,00');
  await expect(page.getByTestId('condition-row-1-problem')).toHaveCount(0);
  await expect(page.getByTestId('condition-join-root-and')).toHaveAttribute('aria-checked', 'true');
  // The trigger's example line is a fee (AVGIFT BANKGIRO, −25,00): not interest income.
  await expect(page.getByTestId('condition-preview')).toContainText('false');

  // The other view: the same expression as JSON Logic, in öre.
  await page.getByTestId('condition-tab-json').click();
  const code = page.getByTestId('json-logic-editor').locator('.view-lines');
  // (Monaco shows spaces as no-break spaces and breaks long lines: compare without white space.)
  await expect.poll(async () => ((await code.textContent()) ?? '').replace(/\s/g, ''))
    .toBe('{"and":[{"icontains":[{"var":"event.text"},"RÄNTA"]},{">":[{"var":"event.amountMinor"},0]}]}');

  // Edited as JSON, shown again in the builder: a third row appears.
  await typeInMonaco(page, JSON.stringify({ and: [...ranta.and, { '!': { var: 'event.reversal' } }] }));
  await page.getByTestId('condition-tab-builder').click();
  await expect(page.getByTestId('condition-row-2-field')).toHaveValue('event.reversal');
  await expect(page.getByTestId('condition-row-2-operator')).toHaveValue('no');
  await page.getByTestId('condition-row-2-remove').click();
  await expect(page.getByTestId('condition-row-2')).toHaveCount(0);

  // An expression the builder cannot show stays in Monaco, with the reason.
  await page.getByTestId('condition-tab-json').click();
  await typeInMonaco(page, '{"and": [{">": [{"var": "event.amountMinor"}, 0.5]}]}');
  await page.getByTestId('condition-tab-builder').click();
  await expect(page.getByTestId('condition-builder-note')).toContainText('whole öre; 0.5 is not one');
  await expect(page.getByTestId('json-logic-editor')).toBeVisible();
  await expect(page.getByTestId('condition-builder')).toHaveCount(0);
  await typeInMonaco(page, JSON.stringify(ranta));
  await page.getByTestId('condition-tab-builder').click();
  await expect(page.getByTestId('condition-row-1-value')).toHaveValue('0,00');

  // Saved as that JSON Logic (0 öre), and shown in the builder again after a reload.
  await page.getByTestId('save').click();
  await expect(page.getByTestId('notice')).toContainText('Draft saved');
  const detail = await request.get(`/api/companies/demo/automations/${automationId}`, asToken);
  expect(detail.ok(), await detail.text()).toBe(true);
  const { draft } = await detail.json();
  expect(draft.nodes.find((n: { type: string }) => n.type === 'condition').config.expression).toEqual(ranta);

  await page.reload();
  await page.getByTestId('node-condition').click();
  await expect(page.getByTestId('condition-tab-builder')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('condition-row-0-field')).toHaveValue('event.text');
  await expect(page.getByTestId('condition-row-0-value')).toHaveValue('RÄNTA');
  await expect(page.getByTestId('condition-row-1-field')).toHaveValue('event.amountMinor');
  await expect(page.getByTestId('condition-row-1-operator')).toHaveValue('gt');
  await expect(page.getByTestId('condition-row-1-value')).toHaveValue('0,00');
  await expect(page.getByTestId('node-condition')).toContainText('text contains "RÄNTA" and amountMinor > 0');

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.waitForTimeout(400);
  await page.screenshot({ path: testInfo.outputPath('condition-builder.png') });
  expect(pageErrors).toEqual([]);
});

test('a switch\'s cases each have the builder, without warnings on valid cases', async ({ page, request }) => {
  // A copy of the supplier-invoice example's switch: two valid cases on item.vatCode.
  const id = `switch-builder-${Date.now()}`;
  const detail = await request.get('/api/companies/demo/automations/supplier-invoice-coding', asToken);
  expect(detail.ok(), await detail.text()).toBe(true);
  const { draft } = await detail.json();
  const saved = await request.put(`/api/companies/demo/automations/${id}`, { ...asToken, data: { ...draft, id, name: 'Switch builder', version: 1 } });
  expect(saved.ok(), await saved.text()).toBe(true);

  await openSignedIn(page, `#/automations/${id}`);
  await page.getByTestId('node-vat-code').click();
  const first = page.getByTestId('switch-case-0');
  await expect(first.getByTestId('condition-row-0-field')).toHaveValue('item.vatCode');
  await expect(first.getByTestId('condition-row-0-value')).toHaveValue('I25');
  // A condition on item.… is previewed on the example invoice's first line (VAT code I25).
  await expect(first.getByTestId('switch-case-0-preview')).toHaveText("With the example's first of invoice lines: true");
  await expect(page.getByTestId('inspector').getByTestId('field-issue')).toHaveCount(0);
  // In JSON Logic, a case's editor holds that case's expression only: no squiggles.
  await first.getByTestId('switch-case-0-tab-json').click();
  await expect(first.getByTestId('json-logic-editor').locator('.view-lines')).toContainText('"I25"');
  await expect(first.locator('.squiggly-warning, .squiggly-error')).toHaveCount(0);

  // A third case, built in the builder, becomes a branch on the canvas.
  await page.getByTestId('switch-add-case').click();
  const third = page.getByTestId('switch-case-2');
  await third.getByTestId('switch-case-2-label').fill('I6 (6 %)');
  // The view chosen last (JSON Logic, above) is where a new case opens; back to the builder.
  await expect(third.getByTestId('switch-case-2-tab-json')).toHaveAttribute('aria-selected', 'true');
  await third.getByTestId('switch-case-2-tab-builder').click();
  await third.getByTestId('condition-add-rule-root').click();
  await third.getByTestId('condition-row-0-field').selectOption('item.vatCode');
  await third.getByTestId('condition-row-0-operator').selectOption('eq');
  await third.getByTestId('condition-row-0-value').fill('I6');
  await expect(page.getByTestId('node-vat-code')).toContainText('3 case(s) + default');
  await page.getByTestId('save').click();
  await expect(page.getByTestId('notice')).toContainText('Draft saved');
  const after = await (await request.get(`/api/companies/demo/automations/${id}`, asToken)).json();
  const cases = after.draft.nodes.find((n: { id: string }) => n.id === 'vat-code').config.cases;
  expect(cases[2]).toEqual({ id: 'case-3', label: 'I6 (6 %)', expression: { '==': [{ var: 'item.vatCode' }, 'I6'] } });
});
