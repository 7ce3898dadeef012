import { expect, type APIRequestContext, type Page } from '@playwright/test';

/** Credentials the e2e server is started with (see playwright.config.ts). */
export const adminEmail = 'admin@demo.kontera.local';
export const adminPassword = 'e2e-admin-password-123';
export const bootstrapToken = 'e2e-bootstrap-token-0123456789abcdef';
/** The admin API token: a second principal, for API calls and four-eyes approvals. */
export const asToken = { headers: { authorization: `Bearer ${bootstrapToken}` } };

/** Opens the app and signs in through the form. */
export async function openSignedIn(page: Page, hash = '#/automations'): Promise<void> {
  await page.goto(`/${hash}`);
  const form = page.getByTestId('sign-in');
  const nav = page.getByTestId('nav-automations');
  await expect(form.or(nav).first()).toBeVisible();
  if (await form.isVisible()) {
    await page.getByTestId('sign-in-email').fill(adminEmail);
    await page.getByTestId('sign-in-password').fill(adminPassword);
    await page.getByTestId('sign-in-submit').click();
    await expect(nav).toBeVisible();
  }
}

/** After clicking Publish: when four-eyes holds it for approval, a second principal (the API token) approves. */
export async function approveIfPending(page: Page, request: APIRequestContext, automationId: string): Promise<void> {
  await expect(page.getByTestId('notice')).toContainText(/Published as version|Waiting for approval/);
  if (!(await page.getByTestId('pending-publication').isVisible())) return;
  const detail = await request.get(`/api/companies/demo/automations/${automationId}`, asToken);
  expect(detail.ok(), await detail.text()).toBe(true);
  const { summary } = await detail.json();
  const approved = await request.post(`/api/companies/demo/publication-requests/${summary.pendingPublication.requestId}/approve`, asToken);
  expect(approved.ok(), await approved.text()).toBe(true);
  await page.reload();
}
