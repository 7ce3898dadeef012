/**
 * The inbox resolves in place: a person books an item with a voucher they
 * edited (through the ledger's checks, with the item's source ref), or
 * dismisses it with a reason; both audited, neither twice. The list filters
 * by status, source kind and automation. And the runs list's filters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent, BookExceptionResponse, ExceptionItem, ManualRunResponse, RunSummary, Voucher } from '../../shared/api.ts';
import { createTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
const year = new Date().getUTCFullYear();

beforeAll(async () => { t = await createTestApp(); });
afterAll(() => t.close());

/** A supplier invoice over 100 000 kr: "Supplier invoice coding" flags it for a person (a real run, posted for real). */
async function flaggedInvoice(id: string, invoiceDate = `${year}-11-20`): Promise<ExceptionItem> {
  const event = {
    id, supplierId: 'L2003', supplierName: 'Kontorsgiganten AB', invoiceNumber: `LF-${id}`, invoiceDate, dueDate: `${year}-12-20`,
    currency: 'SEK', totalMinor: 12_500_000, vatMinor: 2_500_000,
    lines: [{ description: 'Kontorsmöbler', amountMinor: 10_000_000, vatCode: 'I25' }],
  };
  const response = await t.post('/api/companies/demo/automations/supplier-invoice-coding/run', { event, post: true });
  expect(response.status).toBe(200);
  const body = await response.json() as ManualRunResponse;
  const exceptionId = 'exceptionId' in body ? body.exceptionId : null;
  expect(exceptionId).toBeTruthy();
  const items = await (await t.request('/api/companies/demo/exceptions?status=open')).json() as ExceptionItem[];
  return items.find((i) => i.id === exceptionId)!;
}

const booking = (date: string, lines = [
  { account: '5410', debitMinor: 10_000_000, vatCode: 'I25' },
  { account: '2641', debitMinor: 2_500_000 },
  { account: '2440', creditMinor: 12_500_000 },
]) => ({ date, text: 'Kontorsgiganten, kontorsmöbler (bokad från inkorgen)', series: 'A', lines, note: 'Furniture is equipment under the limit, not goods' });

async function auditOf(action: string, exceptionId: string): Promise<AuditEvent[]> {
  const all = await (await t.request(`/api/companies/demo/audit?action=${action}`)).json() as AuditEvent[];
  return all.filter((a) => a.subject === `exception:${exceptionId}`);
}

describe('Book an inbox item', () => {
  it('posts the edited voucher with the item\'s source ref, resolves the item, audits who and why; a retry with the same key answers the same', async () => {
    const item = await flaggedInvoice('INBOX-BOOK-1');
    expect(item).toMatchObject({ status: 'open', automationId: 'supplier-invoice-coding' });
    const headers = { 'idempotency-key': 'inbox-book-test-1' };
    const response = await t.post(`/api/companies/demo/exceptions/${item.id}/book`, booking(`${year}-11-20`), headers);
    expect(response.status).toBe(200);
    const body = await response.json() as BookExceptionResponse;
    expect(body.exception).toMatchObject({ id: item.id, status: 'resolved', resolvedBy: expect.stringMatching(/^token:/) });
    expect(body.exception.resolution).toBe(`Booked by hand: voucher ${body.voucherNumber} — Furniture is equipment under the limit, not goods`);
    expect(body.resolvedExceptions).toEqual([item.id]);

    const voucher = await (await t.request(`/api/companies/demo/vouchers/${body.voucherId}`)).json() as Voucher;
    expect(voucher).toMatchObject({ series: 'A', date: `${year}-11-20`, sourceRef: item.sourceRef, automationId: null });
    expect(voucher.lines.map((l) => [l.account, l.debitMinor, l.creditMinor])).toEqual([
      ['5410', 10_000_000, 0], ['2641', 2_500_000, 0], ['2440', 0, 12_500_000],
    ]);
    expect(`${voucher.series}${voucher.number}`).toBe(body.voucherNumber);

    const [audit] = await auditOf('exception.book', item.id);
    expect(audit.actor).toMatch(/^token:/);
    expect(audit.details).toMatchObject({ sourceRef: item.sourceRef, voucherId: body.voucherId, note: 'Furniture is equipment under the limit, not goods' });

    // The same request again (a client retry): the stored answer, nothing posted twice.
    const vouchersBefore = (await (await t.request('/api/companies/demo/vouchers?limit=1000')).json() as Voucher[]).length;
    const retried = await t.post(`/api/companies/demo/exceptions/${item.id}/book`, booking(`${year}-11-20`), headers);
    expect(retried.status).toBe(200);
    expect((await retried.json() as BookExceptionResponse).voucherId).toBe(body.voucherId);
    // Without the key: refused, the item is resolved.
    const again = await t.post(`/api/companies/demo/exceptions/${item.id}/book`, booking(`${year}-11-20`));
    expect(again.status).toBe(409);
    expect((await again.json() as { message: string }).message).toMatch(/already resolved at/);
    const vouchersAfter = (await (await t.request('/api/companies/demo/vouchers?limit=1000')).json() as Voucher[]).length;
    expect(vouchersAfter).toBe(vouchersBefore);
    expect(await auditOf('exception.book', item.id)).toHaveLength(1);
  });

  it('refuses lines that do not balance, naming the difference; nothing changes', async () => {
    const item = await flaggedInvoice('INBOX-BOOK-2');
    const response = await t.post(`/api/companies/demo/exceptions/${item.id}/book`, booking(`${year}-11-20`, [
      { account: '5410', debitMinor: 10_000_000 }, { account: '2440', creditMinor: 12_500_000 },
    ]));
    expect(response.status).toBe(422);
    const body = await response.json() as { error: string; message: string };
    expect(body.error).toBe('unbalanced');
    expect(body.message).toMatch(/balance|debit|credit/i);
    const items = await (await t.request('/api/companies/demo/exceptions?status=open')).json() as ExceptionItem[];
    expect(items.map((i) => i.id)).toContain(item.id);
    expect(await auditOf('exception.book', item.id)).toHaveLength(0);
  });

  it('refuses a date in a locked period, saying so', async () => {
    const item = await flaggedInvoice('INBOX-BOOK-3', `${year}-02-10`);
    expect((await t.post(`/api/companies/demo/periods/${year}-02/lock`, {})).status).toBe(200);
    try {
      const response = await t.post(`/api/companies/demo/exceptions/${item.id}/book`, booking(`${year}-02-10`));
      expect(response.status).toBe(422);
      const body = await response.json() as { error: string; message: string };
      expect(body.error).toBe('period_locked');
      expect(body.message).toContain(`${year}-02`);
      const open = await (await t.request('/api/companies/demo/exceptions?status=open')).json() as ExceptionItem[];
      expect(open.map((i) => i.id)).toContain(item.id);
    } finally {
      await t.post(`/api/companies/demo/periods/${year}-02/unlock`, { reason: 'test over' });
    }
  });

  it('refuses a bank line: its own actions book it', async () => {
    const line = { id: 'INBOX-BANK-1', bookingDate: `${year}-11-28`, amountMinor: 123_45, currency: 'SEK', text: 'OKÄND INBETALNING', reference: null, counterparty: null };
    await t.post('/api/companies/demo/bank-lines', line);
    const items = await (await t.request('/api/companies/demo/exceptions?kind=bank-line&status=open')).json() as ExceptionItem[];
    const item = items.find((i) => i.sourceRef === 'bank-line:INBOX-BANK-1')!;
    expect(item).toBeDefined();
    const response = await t.post(`/api/companies/demo/exceptions/${item.id}/book`, booking(`${year}-11-28`));
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: 'bank_line_item', message: expect.stringContaining('bank-lines/INBOX-BANK-1/book') });
  });
});

describe('Dismiss an inbox item', () => {
  it('needs a reason; keeps it on the item and in the audit log; not twice', async () => {
    const item = await flaggedInvoice('INBOX-DISMISS-1');
    const empty = await t.post(`/api/companies/demo/exceptions/${item.id}/dismiss`, { reason: '   ' });
    expect(empty.status).toBe(400);
    expect((await empty.json() as { message: string }).message).toMatch(/reason/);

    const response = await t.post(`/api/companies/demo/exceptions/${item.id}/dismiss`, { reason: 'Duplicate of LF-1007, already booked' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: item.id, status: 'dismissed', resolution: 'Duplicate of LF-1007, already booked', resolvedBy: expect.stringMatching(/^token:/) });
    const [audit] = await auditOf('exception.dismiss', item.id);
    expect(audit.details).toMatchObject({ reason: 'Duplicate of LF-1007, already booked', sourceRef: item.sourceRef });

    const again = await t.post(`/api/companies/demo/exceptions/${item.id}/dismiss`, { reason: 'again' });
    expect(again.status).toBe(409);
    expect((await again.json() as { message: string }).message).toMatch(/already dismissed/);
    // A dismissed item is not booked either.
    expect((await t.post(`/api/companies/demo/exceptions/${item.id}/book`, booking(`${year}-11-20`))).status).toBe(409);
  });
});

describe('The inbox list filters', () => {
  it('by status, source kind and automation', async () => {
    const list = async (query: string) => (await (await t.request(`/api/companies/demo/exceptions?${query}`)).json()) as ExceptionItem[];
    const dismissed = await list('status=dismissed');
    expect(dismissed.length).toBeGreaterThan(0);
    expect(dismissed.every((i) => i.status === 'dismissed')).toBe(true);
    const resolved = await list('status=resolved');
    expect(resolved.every((i) => i.status === 'resolved')).toBe(true);
    expect(resolved.length).toBeGreaterThan(0);

    const bank = await list('kind=bank-line');
    expect(bank.length).toBeGreaterThan(0);
    expect(bank.every((i) => i.sourceRef.startsWith('bank-line:'))).toBe(true);
    const manual = await list('kind=manual-event');
    expect(manual.length).toBeGreaterThan(0);
    expect(manual.every((i) => i.sourceRef.startsWith('manual:event:'))).toBe(true);

    const coding = await list('automationId=supplier-invoice-coding');
    expect(coding.length).toBeGreaterThanOrEqual(4);
    expect(coding.every((i) => i.automationId === 'supplier-invoice-coding')).toBe(true);
    const unhandled = await list('automationId=none');
    expect(unhandled.every((i) => i.automationId === null)).toBe(true);
    expect(unhandled.length).toBeGreaterThan(0);

    const bad = await t.request('/api/companies/demo/exceptions?status=closed');
    expect(bad.status).toBe(400);
    const badKind = await t.request('/api/companies/demo/exceptions?kind=fax');
    expect(badKind.status).toBe(400);
  });
});

describe('The runs list filters', () => {
  it('by automation, result and time; a bad date is refused naming the parameter', async () => {
    const runs = async (query: string) => (await (await t.request(`/api/companies/demo/runs?${query}`)).json()) as RunSummary[];
    const coding = await runs('automationId=supplier-invoice-coding');
    expect(coding.length).toBeGreaterThan(0);
    expect(coding.every((r) => r.automationId === 'supplier-invoice-coding')).toBe(true);
    const flagged = await runs('status=flagged&automationId=supplier-invoice-coding');
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.every((r) => r.status === 'flagged')).toBe(true);
    expect(await runs('status=posted&automationId=supplier-invoice-coding')).toEqual([]);

    const first = [...coding].sort((a, b) => a.startedAt.localeCompare(b.startedAt))[0];
    const since = await runs(`automationId=supplier-invoice-coding&from=${encodeURIComponent(first.startedAt)}`);
    expect(since).toHaveLength(coding.length);
    expect(await runs(`automationId=supplier-invoice-coding&to=${encodeURIComponent(new Date(Date.parse(first.startedAt) - 1).toISOString())}`)).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect(await runs(`automationId=supplier-invoice-coding&from=${today}&to=${today}`)).toHaveLength(coding.length);
    expect(await runs(`automationId=supplier-invoice-coding&to=${year - 1}-12-31`)).toEqual([]);

    const bad = await t.request('/api/companies/demo/runs?from=yesterday');
    expect(bad.status).toBe(400);
    expect((await bad.json() as { message: string }).message).toMatch(/from/);
    expect((await t.request('/api/companies/demo/runs?status=done')).status).toBe(400);
  });

  it('documents the filters in OpenAPI', async () => {
    const spec = await (await t.request('/api/openapi.json')).json() as { paths: Record<string, { get?: { parameters?: { name: string }[] } }> };
    const names = spec.paths['/api/companies/{companyId}/runs'].get!.parameters!.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['automationId', 'status', 'from', 'to', 'sourceRef', 'limit']));
    const inbox = spec.paths['/api/companies/{companyId}/exceptions'].get!.parameters!.map((p) => p.name);
    expect(inbox).toEqual(expect.arrayContaining(['status', 'kind', 'automationId']));
  });
});
