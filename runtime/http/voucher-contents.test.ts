/**
 * Voucher contents (BFL 5:7) over HTTP: a counterparty on the voucher, the
 * original of the event it was posted from, and files attached after posting
 * (stored with their SHA-256, never replaced or removed, audited).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { voucherAttachmentBytesMax, type BankLinesResponse, type Voucher, type VoucherAttachment, type VoucherAttachments } from '../../shared/api.ts';
import { signedHeaders } from '../webhooks/signature.ts';
import { createTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
const year = new Date().getUTCFullYear();
beforeAll(async () => { t = await createTestApp(); });
afterAll(() => t.close());

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

async function manualVoucher(extra: Record<string, unknown> = {}): Promise<Voucher> {
  const response = await t.post('/api/companies/demo/vouchers', {
    date: `${year}-11-20`, series: 'A', text: 'Kontorsmaterial',
    lines: [{ account: '6110', debitMinor: 40_000 }, { account: '1930', creditMinor: 40_000 }], ...extra,
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json() as Promise<Voucher>;
}

const attach = (voucherId: string, bytes: Uint8Array, contentType: string, name?: string) => t.request(
  `/api/companies/demo/vouchers/${voucherId}/attachments${name === undefined ? '' : `?name=${encodeURIComponent(name)}`}`,
  { method: 'POST', headers: { 'content-type': contentType }, body: bytes.slice().buffer as ArrayBuffer },
);

describe('counterparty', () => {
  it('a manual voucher keeps its counterparty, name and number, and GET gives it back', async () => {
    const posted = await manualVoucher({ counterparty: { name: ' Kontorsgiganten AB ', id: 'L2003' } });
    expect(posted.counterparty).toEqual({ name: 'Kontorsgiganten AB', id: 'L2003' });
    const read = await (await t.request(`/api/companies/demo/vouchers/${posted.id}`)).json() as Voucher;
    expect(read.counterparty).toEqual({ name: 'Kontorsgiganten AB', id: 'L2003' });
    const listed = (await (await t.request('/api/companies/demo/vouchers?limit=5')).json() as Voucher[]).find((v) => v.id === posted.id);
    expect(listed?.counterparty).toEqual({ name: 'Kontorsgiganten AB', id: 'L2003' });
  });

  it('without one it is null; a blank name is refused', async () => {
    expect((await manualVoucher()).counterparty).toBeNull();
    const blank = await t.post('/api/companies/demo/vouchers', {
      date: `${year}-11-20`, text: 'x', counterparty: { name: '  ' }, lines: [{ account: '6110', debitMinor: 1 }, { account: '1930', creditMinor: 1 }],
    });
    expect(blank.status).toBe(400);
    expect(JSON.stringify(await blank.json())).toContain('counterparty');
  });

  it('a reversal carries the counterparty of the voucher it reverses', async () => {
    const posted = await manualVoucher({ counterparty: { name: 'Telia Sverige AB' } });
    const reversal = await t.post(`/api/companies/demo/vouchers/${posted.id}/reverse`, { date: `${year}-11-21` });
    expect(reversal.status).toBe(201);
    expect((await reversal.json() as Voucher).counterparty).toEqual({ name: 'Telia Sverige AB', id: null });
  });
});

describe('a voucher posted from an event', () => {
  it('takes the bank line\'s counterparty and links to the stored original of the bank-lines request', async () => {
    const line = { id: 'FEE-VC-1', bookingDate: `${year}-11-30`, amountMinor: -2500, currency: 'SEK', text: 'AVGIFT BANKGIRO', reference: null, counterparty: 'Bankgirocentralen BGC AB' };
    const body = JSON.stringify(line);
    const response = await t.post('/api/companies/demo/bank-lines', body);
    expect(response.status).toBe(200);
    const [result] = (await response.json() as BankLinesResponse).results;
    const voucherId = result.runs.find((r) => r.status === 'posted')!.voucherIds[0];
    const voucher = await (await t.request(`/api/companies/demo/vouchers/${voucherId}`)).json() as Voucher;
    expect(voucher.sourceRef).toBe('bank-line:FEE-VC-1');
    expect(voucher.counterparty).toEqual({ name: 'Bankgirocentralen BGC AB', id: null });

    const underlag = await (await t.request(`/api/companies/demo/vouchers/${voucherId}/attachments`)).json() as VoucherAttachments;
    expect(underlag.attachments).toEqual([]);
    expect(underlag.source).toMatchObject({ kind: 'bank-lines-request', sha256: sha256(new TextEncoder().encode(body)) });
    const bytes = new Uint8Array(await (await t.request(`/api/companies/demo/originals/${underlag.source!.id}/content`)).arrayBuffer());
    expect(new TextDecoder().decode(bytes)).toBe(body);
  });

  it('a supplier invoice delivered by webhook: the supplier is the counterparty, the delivery\'s body the source original', async () => {
    const endpoint = await (await t.post('/api/companies/demo/webhook-endpoints', { trigger: 'supplier-invoice-arrived' })).json();
    const body = JSON.stringify({
      id: 'in-vc-1', supplierId: 'L2003', supplierName: 'Kontorsgiganten AB', invoiceNumber: 'LF-VC-1', invoiceDate: `${year}-11-20`, dueDate: `${year}-12-10`,
      currency: 'SEK', totalMinor: 125000, vatMinor: 25000, lines: [{ description: 'Kopieringspapper', amountMinor: 100000, vatCode: 'I25', account: '6110' }],
    });
    const delivered = await t.app.request(`/hooks/${endpoint.id}`, { method: 'POST', headers: signedHeaders(endpoint.secret, 'vc_msg_1', body), body });
    expect(delivered.status).toBe(202);
    await t.services.runner.drain();
    const vouchers = (await (await t.request('/api/companies/demo/vouchers?limit=20')).json() as Voucher[]).filter((v) => v.sourceRef === 'webhook:vc_msg_1');
    expect(vouchers.length).toBeGreaterThan(0);
    for (const voucher of vouchers) {
      expect(voucher.counterparty).toEqual({ name: 'Kontorsgiganten AB', id: 'L2003' });
      const { source } = await (await t.request(`/api/companies/demo/vouchers/${voucher.id}/attachments`)).json() as VoucherAttachments;
      expect(source).toMatchObject({ kind: 'webhook-delivery', sha256: sha256(new TextEncoder().encode(body)) });
    }
  });

  it('a manual voucher has no source original', async () => {
    const posted = await manualVoucher();
    expect((await (await t.request(`/api/companies/demo/vouchers/${posted.id}/attachments`)).json() as VoucherAttachments).source).toBeNull();
  });
});

describe('attachments', () => {
  it('uploads a PDF, lists it, and downloads the same bytes with their SHA-256; attaching is audited', async () => {
    const voucher = await manualVoucher();
    const response = await attach(voucher.id, pdf, 'application/pdf', 'kvitto-åäö 1.pdf');
    expect(response.status, await response.clone().text()).toBe(201);
    const attachment = await response.json() as VoucherAttachment;
    expect(attachment).toMatchObject({ voucherId: voucher.id, fileName: 'kvitto-åäö 1.pdf', mediaType: 'application/pdf', byteLength: pdf.byteLength, sha256: sha256(pdf) });
    expect(attachment.attachedBy).toMatch(/^token:/);

    const second = await (await attach(voucher.id, png, 'image/png')).json() as VoucherAttachment;
    expect(second.fileName).toBe('attachment.png');
    const listed = await (await t.request(`/api/companies/demo/vouchers/${voucher.id}/attachments`)).json() as VoucherAttachments;
    expect(listed.attachments.map((a) => [a.id, a.sha256])).toEqual([[attachment.id, sha256(pdf)], [second.id, sha256(png)]]);

    const download = await t.request(`/api/companies/demo/vouchers/${voucher.id}/attachments/${attachment.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('kvitto-åäö 1.pdf')}`);
    expect(download.headers.get('repr-digest')).toBe(`sha-256=:${Buffer.from(sha256(pdf), 'hex').toString('base64')}:`);
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect(Buffer.from(bytes).equals(Buffer.from(pdf))).toBe(true);

    // The bytes are an original of their own, kept like every original: to the end of the 7th year after the fiscal year (calendar year).
    const original = await (await t.request(`/api/companies/demo/originals/${attachment.originalId}`)).json();
    expect(original).toMatchObject({ kind: 'voucher-attachment', sha256: sha256(pdf), retainUntil: `${year + 7}-12-31` });

    const audit = await (await t.request('/api/companies/demo/audit?action=voucher.attach')).json() as { subject: string; details: Record<string, unknown> }[];
    const row = audit.find((a) => a.details.attachmentId === attachment.id);
    expect(row).toMatchObject({ subject: `voucher:${voucher.id}`, details: { fileName: 'kvitto-åäö 1.pdf', sha256: sha256(pdf), byteLength: pdf.byteLength } });
  });

  it('refuses an unknown type, bytes that are not what the type says, an empty file and one over the limit', async () => {
    const voucher = await manualVoucher();
    const unknown = await attach(voucher.id, new TextEncoder().encode('hello'), 'text/plain');
    expect(unknown.status).toBe(415);
    expect(await unknown.json()).toMatchObject({ error: 'unsupported_media_type' });
    const mismatch = await attach(voucher.id, png, 'application/pdf');
    expect(mismatch.status).toBe(415);
    expect(await mismatch.json()).toMatchObject({ error: 'content_mismatch' });
    expect((await attach(voucher.id, new Uint8Array(0), 'application/pdf')).status).toBe(422);
    const big = new Uint8Array(voucherAttachmentBytesMax + 1);
    big.set(pdf.subarray(0, 8));
    const tooLarge = await attach(voucher.id, big, 'application/pdf');
    expect(tooLarge.status).toBe(413);
    expect((await attach(voucher.id, pdf, 'application/pdf', 'a/b.pdf')).status).toBe(422);
    expect((await (await t.request(`/api/companies/demo/vouchers/${voucher.id}/attachments`)).json() as VoucherAttachments).attachments).toEqual([]);
  });

  it('an XML e-invoice with a BOM is accepted; an unknown voucher is 404', async () => {
    const voucher = await manualVoucher();
    const xml = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('\n<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>')]);
    expect((await attach(voucher.id, xml, 'application/xml; charset=utf-8', 'faktura.xml')).status).toBe(201);
    expect((await attach('no-such-voucher', pdf, 'application/pdf')).status).toBe(404);
    expect((await t.request('/api/companies/demo/vouchers/no-such-voucher/attachments')).status).toBe(404);
  });

  it('has no route to delete or replace one, and the database refuses both', async () => {
    const voucher = await manualVoucher();
    const attachment = await (await attach(voucher.id, pdf, 'application/pdf')).json() as VoucherAttachment;
    const path = `/api/companies/demo/vouchers/${voucher.id}/attachments/${attachment.id}`;
    expect((await t.request(path, { method: 'DELETE' })).status).toBe(404);
    expect((await t.request(path, { method: 'PUT', headers: { 'content-type': 'application/pdf' }, body: pdf })).status).toBe(404);
    await expect(t.database.client.execute({ sql: 'DELETE FROM voucher_attachments WHERE id = ?', args: [attachment.id] })).rejects.toThrow(/ledger_immutable/);
    await expect(t.database.client.execute({ sql: "UPDATE voucher_attachments SET file_name = 'x.pdf' WHERE id = ?", args: [attachment.id] })).rejects.toThrow(/ledger_immutable/);
    await expect(t.database.client.execute({
      sql: `INSERT OR REPLACE INTO voucher_attachments (id, company_id, voucher_id, original_id, file_name, media_type, byte_length, sha256, attached_at, attached_by)
        SELECT id, company_id, voucher_id, original_id, 'other.pdf', media_type, byte_length, sha256, attached_at, attached_by FROM voucher_attachments WHERE id = ?`,
      args: [attachment.id],
    })).rejects.toThrow(/ledger_immutable/);
  });

  it('the same Idempotency-Key again attaches once and answers the first attachment', async () => {
    const voucher = await manualVoucher();
    const send = () => t.request(`/api/companies/demo/vouchers/${voucher.id}/attachments?name=kvitto.pdf`, {
      method: 'POST', headers: { 'content-type': 'application/pdf', 'idempotency-key': `attach-${voucher.id}` }, body: pdf,
    });
    const first = await (await send()).json() as VoucherAttachment;
    const again = await send();
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await again.json() as VoucherAttachment).id).toBe(first.id);
    expect((await (await t.request(`/api/companies/demo/vouchers/${voucher.id}/attachments`)).json() as VoucherAttachments).attachments).toHaveLength(1);
  });

  it('a viewer reads attachments but cannot attach', async () => {
    const voucher = await manualVoucher();
    const viewer = await t.tokenFor('demo', ['read']);
    const headers = { authorization: `Bearer ${viewer}` };
    expect((await t.request(`/api/companies/demo/vouchers/${voucher.id}/attachments`, { headers })).status).toBe(200);
    const refused = await t.request(`/api/companies/demo/vouchers/${voucher.id}/attachments`, { method: 'POST', headers: { ...headers, 'content-type': 'application/pdf' }, body: pdf });
    expect(refused.status).toBe(403);
  });
});
