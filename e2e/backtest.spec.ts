import { expect, test, type Page } from '@playwright/test';
import { asToken, todayInStockholm } from './helpers.ts';

/**
 * Backtest (issue 12): a draft run over the company's real bank lines of a
 * period beside what the published version did — changed vouchers, a line
 * left to another automation (book-once by priority), the account table, an
 * event's before and after — and the approver backtesting the version
 * awaiting approval. It runs before bank.spec (which starts from an empty
 * Bank page) and companies.spec (which counts the admin's companies): so it
 * works in a company of its own, created by the bootstrap token (the admin is
 * not its member), with a person of its own who signs in.
 */
test.use({ viewport: { width: 1280, height: 800 } });

const shot = async (page: Page, name: string) => { await page.screenshot({ path: `test-results/${name}.png` }); };

type Doc = { priority?: number; nodes: { id: string; config: Record<string, unknown> }[] } & Record<string, unknown>;

/** A valid Swedish organisation number (mod 10) not used by the other specs. */
function orgNumber(): string {
  const digits = `559${String(Date.now() % 1_000_000).padStart(6, '0')}`;
  let sum = 0;
  for (let i = 0; i < 9; i++) { let d = Number(digits[i]) * (i % 2 === 0 ? 2 : 1); if (d > 9) d -= 9; sum += d; }
  return `${digits.slice(0, 6)}-${digits.slice(6)}${(10 - (sum % 10)) % 10}`;
}

/** Asked twice: the server may close an idle kept-alive socket just as it is reused. */
async function retried<T>(call: () => Promise<T>): Promise<T> {
  try { return await call(); } catch { return call(); }
}

test('backtest: a draft over real bank lines, compared with what was posted; the approver backtests the requested version', async ({ page, request }) => {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const stamp = Date.now().toString(36);
  const companyId = `bt-${stamp}`;
  const base = `/api/companies/${companyId}`;

  // A company of its own with the example automations (bank-fees books fees on 6570, priority 60), and a person.
  const created = await request.post('/api/companies', { ...asToken, data: { id: companyId, name: 'Backtest AB', orgNumber: orgNumber(), examples: true } });
  expect(created.status(), await created.text()).toBe(201);
  const companyToken = { headers: { authorization: `Bearer ${(await created.json()).token.token}` } };
  const person = { email: `backtest-${stamp}@demo.kontera.local`, password: 'Backtest person has a long password 1', name: 'Bea Backtest' };
  const member = await request.post(`${base}/members`, { ...companyToken, data: { ...person, role: 'admin' } });
  expect(member.ok(), await member.text()).toBe(true);
  const signIn = await request.post('/api/auth/sign-in', { data: { email: person.email, password: person.password } });
  expect(signIn.ok(), await signIn.text()).toBe(true);
  const personSession = { headers: {
    cookie: signIn.headersArray().filter((h) => h.name.toLowerCase() === 'set-cookie').map((h) => h.value.split(';')[0]).join('; '),
    'x-csrf-token': (await signIn.json()).csrfToken as string,
  } };

  const saveDraft = async (id: string, change: (draft: Doc) => void, from = id) => {
    const { draft } = await (await request.get(`${base}/automations/${from}`, companyToken)).json();
    change(draft);
    const saved = await request.put(`${base}/automations/${id}`, { ...companyToken, data: { ...draft, id } });
    expect(saved.ok(), await saved.text()).toBe(true);
  };
  /** The token asks (four-eyes: no person stands behind it); returns the request id. */
  const ask = async (id: string): Promise<string> => {
    const asked = await request.post(`${base}/automations/${id}/publish`, companyToken);
    const body = await asked.json();
    expect(body.status, JSON.stringify(body)).toBe('pending_approval');
    return body.requestId as string;
  };

  // Published: fees whose text says BTEST, on 6570 — before bank-fees, which would book them too.
  const id = 'btest-fees';
  await saveDraft(id, (d) => {
    d.name = 'Backtest fees';
    d.priority = 55;
    d.nodes.find((n) => n.id === 'is-fee')!.config.expression = { and: [{ '<': [{ var: 'event.amountMinor' }, 0] }, { icontains: [{ var: 'event.text' }, 'btest'] }] };
  }, 'bank-fees');
  const first = await request.post(`${base}/publication-requests/${await ask(id)}/approve`, personSession);
  expect(first.ok(), await first.text()).toBe(true);

  // Three real lines arrive and are booked by it.
  const lines = [
    { id: 'BT-1', text: 'BTEST AVGIFT BANKGIRO', amountMinor: -2500 },
    { id: 'BT-2', text: 'BTEST AVGIFT KONTO', amountMinor: -4000 },
    { id: 'BT-3', text: 'BTEST CARD FEE', amountMinor: -1500 },
  ];
  const sent = await request.post(`${base}/bank-lines`, {
    ...companyToken, data: lines.map((l) => ({ ...l, bookingDate: '2026-11-30', currency: 'SEK', reference: null, counterparty: null })),
  });
  expect(sent.ok(), await sent.text()).toBe(true);
  for (const result of (await sent.json()).results) {
    expect(result.runs.find((r: { automationId: string }) => r.automationId === id)?.status).toBe('posted');
  }

  // The draft: fees on 6310 instead, and only "avgift" — the card fee is then left to bank-fees.
  await saveDraft(id, (d) => {
    d.nodes.find((n) => n.id === 'is-fee')!.config.expression = { and: [{ '<': [{ var: 'event.amountMinor' }, 0] }, { icontains: [{ var: 'event.text' }, 'btest avgift'] }] };
    (d.nodes.find((n) => n.id === 'post-fee')!.config.lines as { account: unknown }[])[0].account = '6310';
  });
  const voucherCount = () => retried(async () => (await (await request.get(`${base}/vouchers?limit=1000`, companyToken)).json()).length as number);
  const vouchersBefore = await voucherCount();

  // The person signs in; the designer shows their company.
  await page.addInitScript((company) => window.localStorage.setItem('kontera.company', company), companyId);
  await page.goto(`/#/automations/${id}`);
  await page.getByTestId('sign-in-email').fill(person.email);
  await page.getByTestId('sign-in-password').fill(person.password);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('automation-editor')).toBeVisible();

  await page.getByTestId('backtest-open').click();
  const panel = page.getByTestId('backtest-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('backtest-none')).toContainText('No backtest yet');
  await expect(panel.getByTestId('backtest-to')).toHaveValue(todayInStockholm());
  await shot(page, 'backtest-1-panel');

  await panel.getByTestId('backtest-run').click();
  await expect(panel.getByTestId('backtest-status')).toHaveText('Done');
  await expect(panel.getByTestId('backtest-headline')).toHaveText('3 of 3 events change: 2 vouchers changed, 1 added, 1 removed, leaves 1 to others.');
  const account = (n: string) => panel.locator(`[data-testid="backtest-account"][data-account="${n}"]`);
  await expect(account('6570')).toHaveAttribute('data-change', '-6500');
  await expect(account('6310')).toHaveAttribute('data-change', '6500');
  await expect(account('6310')).toContainText('65,00');
  await expect(panel.locator('[data-testid="backtest-difference"][data-change="changed"]')).toHaveCount(2);
  const leftTo = panel.locator('[data-testid="backtest-difference"][data-source="bank-line:BT-3"]');
  await expect(leftTo).toHaveAttribute('data-change', 'left_to');
  await shot(page, 'backtest-2-result');

  // One event's before and after.
  await leftTo.locator('button').first().click();
  const detail = leftTo.getByTestId('backtest-difference-detail');
  await expect(detail).toContainText('Left to “bank-fees”');
  await expect(detail.getByTestId('backtest-difference-ledger')).toContainText('the ledger ends the same for this event');
  await expect(detail.getByTestId('backtest-outcome').first()).toContainText('posted');
  await expect(detail.locator('[data-testid="backtest-voucher"] tr[data-account="6570"]')).toHaveCount(1);
  await leftTo.scrollIntoViewIfNeeded();
  await shot(page, 'backtest-3-event');

  // Nothing was written to the ledger.
  expect(await voucherCount()).toBe(vouchersBefore);

  // A period without lines says what to do.
  await panel.getByTestId('backtest-from').fill('2020-01-01');
  await panel.getByTestId('backtest-to').fill('2020-03-31');
  await panel.getByTestId('backtest-run').click();
  await expect(panel.getByTestId('backtest-empty')).toContainText('No bank lines arrived in this period — import a statement on the Bank page');
  await shot(page, 'backtest-4-empty');

  // Asked to be published (four-eyes): the approver backtests exactly the requested version, beside the Approve button.
  const requestId = await ask(id);
  await page.reload();
  await page.getByTestId('backtest-open').click();
  const requestBox = page.getByTestId('backtest-request');
  await expect(requestBox).toContainText('Awaiting approval');
  await expect(requestBox).toContainText('No events in this period.'); // the latest backtest of this version: the empty period
  await panel.getByTestId('backtest-from').fill(`${new Date().getFullYear()}-01-01`);
  await panel.getByTestId('backtest-to').fill(todayInStockholm());
  await requestBox.getByTestId('backtest-request-run').click();
  await expect(panel.getByTestId('backtest-headline')).toHaveText('3 of 3 events change: 2 vouchers changed, 1 added, 1 removed, leaves 1 to others.');
  await expect(panel.getByTestId('backtest-job')).toContainText('The version awaiting approval');
  await expect(requestBox).toContainText('3 of 3 events change'); // the request now links this backtest
  const answer = await (await retried(() => request.get(`${base}/publication-requests/${requestId}`, companyToken))).json();
  expect(answer.backtest).toMatchObject({ publicationRequestId: requestId, status: 'done' });
  await expect(page.getByTestId('approve-publication')).toBeVisible();
  // Beside it, the version diff on the canvas: version 1 → the requested draft.
  await requestBox.getByTestId('backtest-request-compare').click();
  await expect(page.getByTestId('version-banner')).toContainText('Comparing version 1 → the draft');
  await expect(panel).toBeVisible();
  await shot(page, 'backtest-5-approver');
  await page.getByTestId('approve-publication').click();
  await expect(page.getByTestId('published-version')).toHaveText('Published v2');
  expect(errors).toEqual([]);
});
