import { expect, test } from '@playwright/test';
import { addMember, asToken, openSignedIn, signInAs } from './helpers.ts';

test('switching four-eyes off waits: shown with who asked and when; another admin confirms it', async ({ page, browser, request, baseURL }) => {
  // The demo admin switches four-eyes invoice approval off: it stays on, with the pending change shown.
  await openSignedIn(page, '#/admin/settings');
  const toggle = page.getByTestId('setting-fourEyesInvoices');
  await expect(toggle).toBeChecked();
  await page.locator('label.kt-switch', { has: toggle }).click(); // the switch's label: the input itself is drawn over
  const pending = page.getByTestId('setting-pending-fourEyesInvoices');
  await expect(pending).toContainText('Switching off asked by Demo Admin');
  await expect(pending).toContainText('another admin can confirm it sooner');
  await expect(page.getByTestId('setting-confirm-fourEyesInvoices')).toHaveCount(0); // not by the one who asked
  await expect(toggle).toBeChecked();
  await page.screenshot({ path: 'test-results/administration-settings-pending.png', fullPage: true });

  // Bo, a second admin, confirms: off from now.
  const bo = await addMember(request, 'admin', 'Bo Admin');
  const boPage = await signInAs(browser, baseURL!, bo, '#/admin/settings');
  await boPage.getByTestId('setting-confirm-fourEyesInvoices').click();
  await expect(boPage.getByTestId('setting-fourEyesInvoices')).not.toBeChecked();
  await expect(boPage.getByTestId('setting-pending-fourEyesInvoices')).toHaveCount(0);
  const audit = await (await request.get('/api/companies/demo/audit?action=settings.change', asToken)).json();
  expect(audit.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['settings.change_requested', 'settings.change_confirmed']));

  // Back on (at once), for the other tests.
  expect((await request.put('/api/companies/demo/settings', { ...asToken, data: { fourEyesInvoices: true } })).status()).toBe(200);
  await boPage.context().close();
});
