import { expect, type APIRequestContext, type Browser, type Page } from '@playwright/test';

/** Credentials the e2e server is started with (see playwright.config.ts). */
export const adminEmail = 'admin@demo.kontera.local';
export const adminPassword = 'e2e-admin-password-123';
export const bootstrapToken = 'e2e-bootstrap-token-0123456789abcdef';
/** The admin API token, for API calls. No person stands behind it, so it never approves (four-eyes): see secondPerson. */
/**
 * Today in Stockholm (the browser's zone in playwright.config.ts, and the demo company's): what the designer and
 * the server call today. Not UTC's date, which is yesterday's between midnight and 01:00/02:00 there.
 */
export const todayInStockholm = (): string => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());

export const asToken = { headers: { authorization: `Bearer ${bootstrapToken}` } };
/** The designer in English (the specs select by English text), for contexts a spec makes itself; playwright.config.ts sets it for the rest. */
export function englishStorage(baseURL: string) {
  return { cookies: [], origins: [{ origin: new URL(baseURL).origin, localStorage: [{ name: 'kontera.language', value: 'en' }] }] };
}

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

let secondPersonHeaders: Promise<Record<string, string>> | undefined;
/** A second person (an approver, signed in): their session headers, for four-eyes approvals through the API. */
export async function secondPerson(request: APIRequestContext): Promise<{ headers: Record<string, string> }> {
  secondPersonHeaders ??= (async () => {
    const who = await addMember(request, 'approver', 'Second Pair');
    const signIn = await request.post('/api/auth/sign-in', { data: { email: who.email, password: who.password } });
    expect(signIn.ok(), await signIn.text()).toBe(true);
    const { csrfToken } = await signIn.json();
    const cookie = signIn.headersArray().filter((h) => h.name.toLowerCase() === 'set-cookie').map((h) => h.value.split(';')[0]).join('; ');
    return { cookie, 'x-csrf-token': csrfToken as string };
  })();
  return { headers: await secondPersonHeaders };
}

/** After clicking Publish: when four-eyes holds it for approval, a second person approves. */
export async function approveIfPending(page: Page, request: APIRequestContext, automationId: string): Promise<void> {
  const notice = page.getByTestId('notice');
  await expect(notice).toContainText(/Published as version|Waiting for approval/);
  // Decide on the notice itself: the "awaiting approval" chip renders a moment later.
  if (!/Waiting for approval/.test((await notice.textContent()) ?? '')) return;
  const detail = await request.get(`/api/companies/demo/automations/${automationId}`, asToken);
  expect(detail.ok(), await detail.text()).toBe(true);
  const { summary } = await detail.json();
  const approved = await request.post(`/api/companies/demo/publication-requests/${summary.pendingPublication.requestId}/approve`, await secondPerson(request));
  expect(approved.ok(), await approved.text()).toBe(true);
  await page.reload();
}

/** A person the admin adds through the API (a new user with a role), for role tests. */
export async function addMember(request: APIRequestContext, role: 'viewer' | 'designer' | 'publisher' | 'approver' | 'admin', name: string) {
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, '-')}-${Date.now()}@demo.kontera.local`;
  const password = `${name} has a long password 1`;
  const response = await request.post('/api/companies/demo/members', { ...asToken, data: { email, name, password, role } });
  expect(response.ok(), await response.text()).toBe(true);
  return { email, password, name };
}

/** Signs a person in through the form in a fresh browser context (own cookies). */
export async function signInAs(browser: Browser, baseURL: string, who: { email: string; password: string }, hash = '#/automations'): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'sv-SE', timezoneId: 'Europe/Stockholm', viewport: { width: 1600, height: 1000 }, storageState: englishStorage(baseURL) });
  const page = await context.newPage();
  await page.goto(`/${hash}`);
  await page.getByTestId('sign-in-email').fill(who.email);
  await page.getByTestId('sign-in-password').fill(who.password);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('nav-automations')).toBeVisible();
  return page;
}

/** A copy of a demo automation under a new id (saved as a draft by the admin token). */
export async function copyAutomation(request: APIRequestContext, fromId: string, id: string, name: string): Promise<void> {
  const detail = await request.get(`/api/companies/demo/automations/${fromId}`, asToken);
  expect(detail.ok(), await detail.text()).toBe(true);
  const { draft } = await detail.json();
  const saved = await request.put(`/api/companies/demo/automations/${id}`, { ...asToken, data: { ...draft, id, name, version: 1 } });
  expect(saved.ok(), await saved.text()).toBe(true);
}

/** Chooses a value in a master-data picker (designer/nodes/widgets/master-data-picker.tsx): type it, Enter. */
export async function pick(page: Page, testId: string, value: string): Promise<void> {
  const input = page.getByTestId(testId);
  await input.click();
  await input.fill(value);
  await page.getByTestId(`${testId}-option`).first().waitFor();
  await input.press('Enter');
  await expect(input).toHaveAttribute('data-value', value);
}
