import { expect, test } from '@playwright/test';
import { addMember, asToken, copyAutomation, signInAs } from './helpers.ts';

test('a viewer sees no edit controls anywhere', async ({ browser, request, baseURL }) => {
  const viewer = await addMember(request, 'viewer', 'Vera Viewer');
  const page = await signInAs(browser, baseURL!, viewer);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  await expect(page.getByTestId('signed-in-role')).toHaveText('viewer');
  await expect(page.getByTestId('nav-admin')).toHaveCount(0);
  await expect(page.getByTestId('automations-table')).toBeVisible();
  await expect(page.getByTestId('new-automation')).toHaveCount(0);

  // The automation opens read-only: no Save/Publish/Run now, no palette, inspector disabled, canvas locked.
  await page.getByTestId('automation-row-bank-fees').getByRole('link', { name: 'Open' }).click();
  await expect(page.getByTestId('node-is-fee')).toBeVisible();
  await expect(page.getByTestId('read-only')).toBeVisible();
  for (const id of ['save', 'publish', 'approve-publication', 'run-now', 'palette', 'delete-node']) await expect(page.getByTestId(id)).toHaveCount(0);
  await expect(page.getByTestId('canvas')).toHaveAttribute('data-read-only', 'true');
  await page.getByTestId('node-is-fee').click();
  await expect(page.getByTestId('inspector-read-only')).toBeVisible();
  await expect(page.getByTestId('node-name-input')).toBeDisabled();
  await expect(page.getByTestId('inspector-fields')).toHaveAttribute('disabled', '');
  // The condition's builder and code editor are read-only too: typing changes nothing.
  await expect(page.getByTestId('condition-row-0-field')).toBeDisabled();
  await expect(page.getByTestId('condition-add-rule-root')).toHaveCount(0);
  await page.getByTestId('condition-tab-json').click();
  const code = page.getByTestId('json-logic-editor').locator('.view-lines');
  await expect(code).toContainText('avgift');
  const before = await code.textContent();
  await code.click();
  await page.keyboard.insertText('tampered');
  await page.waitForTimeout(200);
  await expect(code).toHaveText(before!);
  await page.screenshot({ path: 'test-results/viewer-editor.png' });

  // Ledger, voucher, periods, SIE: nothing to change.
  await page.getByTestId('nav-ledger').click();
  await expect(page.getByTestId('voucher').first()).toBeVisible();
  await expect(page.getByTestId('new-voucher')).toHaveCount(0);
  await page.getByTestId('voucher-number').first().click();
  await expect(page.getByTestId('voucher-page')).toBeVisible();
  await expect(page.getByTestId('reverse-voucher')).toHaveCount(0);
  await page.goto('/#/ledger/periods');
  await expect(page.getByTestId('period-row').first()).toBeVisible();
  await expect(page.getByTestId('period-lock')).toHaveCount(0);
  await expect(page.getByTestId('period-unlock')).toHaveCount(0);
  await page.goto('/#/ledger/sie');
  await expect(page.getByTestId('sie-download')).toBeVisible();
  await expect(page.getByTestId('sie-upload')).toHaveCount(0);
  await page.goto('/#/ledger/new');
  await expect(page.getByTestId('voucher-form')).toHaveCount(0);
  await page.goto('/#/admin/members');
  await expect(page.getByTestId('read-only-note')).toContainText('Only administrators');
  await expect(page.getByTestId('members-table')).toHaveCount(0);
  // The audit log is open to every member.
  await page.getByTestId('nav-audit').click();
  await expect(page.getByTestId('audit-table')).toBeVisible();
  expect(pageErrors).toEqual([]);
  await page.context().close();
});

test('four-eyes: Anna asks to publish, cannot approve herself; Bo approves and the version goes live', async ({ browser, request, baseURL }) => {
  const settings = await request.put('/api/companies/demo/settings', { ...asToken, data: { fourEyesPublish: true } });
  expect(settings.ok(), await settings.text()).toBe(true);
  const id = `four-eyes-${Date.now()}`;
  await copyAutomation(request, 'bank-fees', id, 'Four-eyes fees');
  const anna = await addMember(request, 'publisher', 'Anna Andersson');
  const bo = await addMember(request, 'approver', 'Bo Berg');

  // Anna (designer + publisher) edits, saves and publishes: it waits for someone else.
  const annaPage = await signInAs(browser, baseURL!, anna, `#/automations/${id}`);
  await expect(annaPage.getByTestId('published-version')).toHaveText('Not published');
  await annaPage.getByTestId('automation-name').fill('Four-eyes fees (checked)');
  await annaPage.getByTestId('save').click();
  await expect(annaPage.getByTestId('notice')).toContainText('Draft saved');
  await annaPage.getByTestId('publish').click();
  await expect(annaPage.getByTestId('notice')).toContainText('Waiting for approval');
  await expect(annaPage.getByTestId('pending-publication')).toContainText('Awaiting approval');
  await expect(annaPage.getByTestId('approve-publication')).toHaveCount(0);
  await expect(annaPage.getByTestId('published-version')).toHaveText('Not published');

  // Bo (approver) sees the pending publication and approves it.
  const boPage = await signInAs(browser, baseURL!, bo);
  await expect(boPage.getByTestId(`automation-row-${id}`)).toContainText('Awaiting approval');
  await boPage.getByTestId(`automation-row-${id}`).getByRole('link', { name: 'Open' }).click();
  await expect(boPage.getByTestId('pending-publication')).toBeVisible();
  await expect(boPage.getByTestId('save')).toHaveCount(0); // an approver does not edit
  await expect(boPage.getByTestId('publish')).toHaveCount(0);
  await boPage.getByTestId('approve-publication').click();
  await expect(boPage.getByTestId('notice')).toContainText('Approved and published as version 1');
  await expect(boPage.getByTestId('published-version')).toHaveText('Published v1');
  await expect(boPage.getByTestId('pending-publication')).toHaveCount(0);

  // The list shows the new active version, for Anna too.
  await annaPage.getByTestId('nav-automations').click();
  const row = annaPage.getByTestId(`automation-row-${id}`);
  await expect(row).toContainText('Four-eyes fees (checked)');
  await expect(row).toContainText('v1');
  await expect(row).not.toContainText('Awaiting approval');
  await annaPage.context().close();
  await boPage.context().close();
});
