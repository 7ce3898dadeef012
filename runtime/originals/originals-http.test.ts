/**
 * Originals through the API (BFL 7:2): what came in — a webhook body, a SIE
 * file, a bank-lines request — is kept byte for byte with its SHA-256, in the
 * same transaction as what was made from it, and an auditor (read) gets the
 * exact bytes back; another company's originals do not exist for you.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Original, OriginalsPage } from '../../shared/api.ts';
import { encodeCp437 } from '../formats/sie/index.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { importSie } from '../ledger/sie.ts';
import { signedHeaders } from '../webhooks/signature.ts';
import { deliveryOriginalId, prepareDeliveryOriginal } from './store.ts';

let t: TestApp;
let readOnlyToken: string;
const year = new Date().getUTCFullYear();
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const base64Sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('base64');

beforeAll(async () => {
  t = await createTestApp();
  readOnlyToken = await t.tokenFor('demo', ['read']);
});
afterAll(() => t.close());

const asViewer = (path: string) => t.request(path, { headers: { authorization: `Bearer ${readOnlyToken}` } });
async function list(query = ''): Promise<OriginalsPage> {
  const response = await asViewer(`/api/companies/demo/originals${query}`);
  expect(response.status).toBe(200);
  return response.json();
}
async function content(id: string, companyId = 'demo') {
  const response = await asViewer(`/api/companies/${companyId}/originals/${id}/content`);
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}
async function count(sql: string, args: string[] = []): Promise<number> {
  return Number((await t.database.client.execute({ sql, args })).rows[0].n);
}

describe('webhook deliveries', () => {
  it('keeps the body exactly as sent (unknown fields, odd whitespace, escapes), with its SHA-256, linked to the delivery and its line', async () => {
    const endpoint = await (await t.post('/api/companies/demo/webhook-endpoints', { trigger: 'bank-line-imported' })).json();
    // What the checked payload drops or rewrites: key order, spacing, tabs, CRLF, \u escapes, a field nobody asked for.
    const body = `{\r\n\t"currency" :"SEK",  "id":"ORIG-WH-1", "bookingDate": "${year}-11-30",\n  "amountMinor":   -2500,`
      + ` "text": "AVGIFT \\u00d6RE \u00e5\u00e4\u00f6", "reference": null, "counterparty": null,\n  "bankSpecific": {"x": [1, 2.50, "\u20ac"]}   }\n\n`;
    const bytes = new TextEncoder().encode(body);
    const response = await t.app.request(`/hooks/${endpoint.id}`, { method: 'POST', headers: signedHeaders(endpoint.secret, 'orig_msg_1', body), body: bytes });
    expect(response.status).toBe(202);

    const { originals } = await list('?kind=webhook-delivery');
    expect(originals).toHaveLength(1);
    const [original] = originals;
    expect(original).toMatchObject({
      kind: 'webhook-delivery', mediaType: 'application/json', byteLength: bytes.byteLength, sha256: sha256(bytes),
      receivedBy: `webhook:${endpoint.id}`, sourceRef: `webhook-delivery:${endpoint.id}:orig_msg_1`, documentDate: `${year}-11-30`,
    });
    const { response: got, bytes: back } = await content(original.id);
    expect(got.status).toBe(200);
    expect(Buffer.from(back).equals(Buffer.from(bytes))).toBe(true);
    expect(sha256(back)).toBe(original.sha256);
    expect(got.headers.get('repr-digest')).toBe(`sha-256=:${base64Sha256(bytes)}:`);
    expect(got.headers.get('content-disposition')).toMatch(/^attachment; filename="original-.+\.json"$/);
    expect(got.headers.get('content-type')).toBe('application/json');

    // The delivery names its original at once; the bank line the worker makes from it, too.
    expect(original.id).toBe(deliveryOriginalId(endpoint.id, 'orig_msg_1'));
    expect(await count('SELECT count(*) AS n FROM webhook_deliveries WHERE webhook_id = ? AND original_sha256 = ?', ['orig_msg_1', sha256(bytes)])).toBe(1);
    // It is kept in the delivery's own row, and that row refuses changes to it (raw SQL).
    await expect(t.database.client.execute({ sql: "UPDATE webhook_deliveries SET original = x'00' WHERE webhook_id = ?", args: ['orig_msg_1'] }))
      .rejects.toThrow(/original_immutable/);
    expect(await t.services.runner.drain()).toBe(1);
    expect(await count("SELECT count(*) AS n FROM bank_lines WHERE id = 'ORIG-WH-1' AND original_id = ?", [original.id])).toBe(1);

    // A replay of the same webhook-id is not a new document: nothing more is stored.
    const again = await t.app.request(`/hooks/${endpoint.id}`, { method: 'POST', headers: signedHeaders(endpoint.secret, 'orig_msg_1', body), body: bytes });
    expect(again.status).toBe(202);
    expect((await list('?kind=webhook-delivery')).originals).toHaveLength(1);
    // A refused delivery (bad signature) stores nothing either.
    const forged = await t.app.request(`/hooks/${endpoint.id}`, { method: 'POST', headers: signedHeaders('whsec_bm90IHRoZSBzZWNyZXQ=', 'orig_msg_2', body), body: bytes });
    expect(forged.status).toBe(401);
    expect((await list('?kind=webhook-delivery')).originals).toHaveLength(1);
  });
});

describe('webhook group commit', () => {
  it('stores one original per delivery in a batch; a replay later in the same batch adds none', async () => {
    const endpoint = await (await t.post('/api/companies/demo/webhook-endpoints', { trigger: 'webhook-received' })).json();
    const receivedAt = new Date().toISOString();
    const item = (webhookId: string, text: string) => {
      const bytes = new TextEncoder().encode(text);
      return {
        endpointId: endpoint.id, webhookId, companyId: 'demo', receivedAt, triggerType: 'webhook-received', payload: JSON.stringify({ text }),
        original: prepareDeliveryOriginal(bytes, receivedAt, null),
      };
    };
    const batch = [item('gc_1', '{"a":1}'), item('gc_2', '{"b":2}'), item('gc_1', '{"a":"replayed"}')];
    const results = await t.services.webhooks.storeBatch(batch);
    expect(results.map((r) => r.replay)).toEqual([false, false, true]);
    // Each delivery keeps its own body; the replay's different bytes are not stored over the first.
    const { rows } = await t.database.client.execute({
      sql: 'SELECT webhook_id, original, original_sha256 FROM webhook_deliveries WHERE endpoint_id = ? ORDER BY webhook_id', args: [endpoint.id],
    });
    expect(rows.map((r) => [r.webhook_id, Buffer.from(r.original as ArrayBuffer).toString('utf8'), r.original_sha256]))
      .toEqual([['gc_1', '{"a":1}', sha256(new TextEncoder().encode('{"a":1}'))], ['gc_2', '{"b":2}', sha256(new TextEncoder().encode('{"b":2}'))]]);
    const listed = await (await asViewer(`/api/companies/demo/originals?kind=webhook-delivery`)).json() as { originals: Original[] };
    expect(listed.originals.filter((o) => o.sourceRef?.startsWith(`webhook-delivery:${endpoint.id}:`)).map((o) => o.sourceRef).sort())
      .toEqual([`webhook-delivery:${endpoint.id}:gc_1`, `webhook-delivery:${endpoint.id}:gc_2`]);
    expect(await t.services.runner.drain()).toBe(2);
  });
});

describe('SIE imports', () => {
  const sieFile = (voucherLines: string[]) => encodeCp437(['#FLAGGA 0', '#PROGRAM "Bokföring på väg" 1.0', '#FORMAT PC8', '#GEN 20250105', '#SIETYP 4',
    '#FNAMN "Demo AB"', '#RAR 0 20250101 20251231', '#KONTO 1930 "Företagskonto"', '#KONTO 6570 "Bankkostnader"',
    ...voucherLines].join('\r\n') + '\r\n').bytes;

  it('keeps the uploaded file byte for byte (CP437, before decoding), and a refused file not at all', async () => {
    const before = await count('SELECT count(*) AS n FROM originals');
    const refusedFile = sieFile(['#VER A 1 20250301 "Avgift för året"', '{', '#TRANS 6570 {} 25.00', '#TRANS 1930 {} -20.00', '}']);
    const refused = await t.request('/api/companies/demo/sie?fileName=fel.se', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: refusedFile as BodyInit });
    expect(refused.status).toBe(422);
    expect(await count('SELECT count(*) AS n FROM originals')).toBe(before);

    const file = sieFile(['#VER A 1 20250301 "Årsavgift Bankgirot"', '{', '#TRANS 6570 {} 25.00', '#TRANS 1930 {} -25.00', '}']);
    expect([...file].filter((b) => b >= 0x80).length).toBeGreaterThan(0); // å, ä, ö as CP437 bytes: not UTF-8
    const imported = await t.request('/api/companies/demo/sie?fileName=bokslut.se', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: file as BodyInit });
    expect(imported.status).toBe(200);
    const summary = await imported.json();
    expect(summary.originalId).toEqual(expect.any(String));
    expect(await count('SELECT count(*) AS n FROM originals')).toBe(before + 1);

    const metadata = await (await asViewer(`/api/companies/demo/originals/${summary.originalId}`)).json() as Original;
    expect(metadata).toMatchObject({
      kind: 'sie', mediaType: 'text/plain; charset=IBM437', byteLength: file.byteLength, sha256: sha256(file), sourceRef: 'bokslut.se',
      documentDate: '2025-03-01', fiscalYearEnd: '2025-12-31', retainUntil: '2032-12-31',
    });
    const { response, bytes } = await content(summary.originalId);
    expect(response.headers.get('content-disposition')).toMatch(/\.se"$/);
    expect(Buffer.from(bytes).equals(Buffer.from(file))).toBe(true);
    // The audit row of the import names it.
    const audit = await (await t.request('/api/companies/demo/audit?action=sie.')).json();
    expect(audit[0].details).toMatchObject({ originalId: summary.originalId, originalSha256: sha256(file) });
  });
});

describe('POST bank-lines', () => {
  it('keeps the request body as sent and links the lines to it; kept by their fiscal year', async () => {
    const body = `[ {"id": "ORIG-BL-1", "bookingDate": "${year}-11-30", "amountMinor": -2500, "currency": "SEK", "text": "AVGIFT BANKGIRO",`
      + ` "reference": null, "counterparty": null, "note": "ignored by the schema"} ]\n`;
    // With a UTF-8 byte order mark, which text decoding drops: the original keeps it.
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(body)]);
    const response = await t.request('/api/companies/demo/bank-lines', { method: 'POST', headers: { 'content-type': 'application/json' }, body: bytes });
    expect(response.status).toBe(200);
    const { originalId } = await response.json();
    const metadata = await (await asViewer(`/api/companies/demo/originals/${originalId}`)).json() as Original;
    expect(metadata).toMatchObject({
      kind: 'bank-lines-request', byteLength: bytes.byteLength, sha256: sha256(bytes), receivedBy: expect.stringMatching(/^token:/),
      documentDate: `${year}-11-30`, fiscalYearEnd: `${year}-12-31`, retainUntil: `${year + 7}-12-31`,
    });
    expect(Buffer.from((await content(originalId)).bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(await count("SELECT count(*) AS n FROM bank_lines WHERE id = 'ORIG-BL-1' AND original_id = ?", [originalId])).toBe(1);
  });
});

describe('listing, paging, permissions and tenancy', () => {
  it('lists newest first in pages, filtered by kind and receipt date', async () => {
    const all = await list();
    expect(all.originals.map((o) => o.kind).sort()).toEqual(['bank-lines-request', 'sie', 'webhook-delivery', 'webhook-delivery', 'webhook-delivery']);
    const paged: string[] = [];
    const offsets: (number | null)[] = [];
    for (let offset: number | null = 0; offset !== null;) {
      const page: OriginalsPage = await list(`?limit=2&offset=${offset}`);
      paged.push(...page.originals.map((o) => o.id));
      offsets.push(offset = page.nextOffset);
    }
    expect(offsets).toEqual([2, 4, null]);
    expect(paged).toEqual(all.originals.map((o) => o.id));
    expect(all.originals.map((o) => o.receivedAt)).toEqual(all.originals.map((o) => o.receivedAt).sort().reverse());
    expect((await list('?kind=sie')).originals.map((o) => o.kind)).toEqual(['sie']);
    expect((await list('?to=2000-01-01')).originals).toEqual([]);
    expect((await list(`?from=${new Date().toISOString().slice(0, 10)}`)).originals).toHaveLength(5);
  });

  it("answers 404 for another company's original, by any path", async () => {
    // Another company, with a broken fiscal year (May–April): its original is kept to the end of 2034.
    const file = encodeCp437(['#FLAGGA 0', '#PROGRAM "T" 1', '#GEN 20260601', '#SIETYP 4', '#FNAMN "Annat AB"', '#RAR 0 20260501 20270430',
      '#KONTO 1930 "Bank"', '#KONTO 6570 "Avgifter"', '#VER A 1 20260605 "x"', '{', '#TRANS 6570 {} 1.00', '#TRANS 1930 {} -1.00', '}'].join('\n')).bytes;
    const summary = await importSie(t.database.db, file, { companyId: 'annat', actor: 'cli:import-sie' });
    const otherToken = await t.tokenFor('annat', ['read']);
    const own = await t.request(`/api/companies/annat/originals/${summary.originalId}`, { headers: { authorization: `Bearer ${otherToken}` } });
    expect(own.status).toBe(200);
    expect(await own.json()).toMatchObject({ companyId: 'annat', fiscalYearEnd: '2027-04-30', retainUntil: '2034-12-31', receivedBy: 'cli:import-sie' });

    for (const path of [`/api/companies/demo/originals/${summary.originalId}`, `/api/companies/demo/originals/${summary.originalId}/content`,
      `/api/companies/annat/originals/${summary.originalId}`, `/api/companies/annat/originals/${summary.originalId}/content`, '/api/companies/annat/originals']) {
      const response = await asViewer(path);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
    expect((await list()).originals.every((o) => o.companyId === 'demo')).toBe(true);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = await (await t.request('/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/api/companies/{companyId}/originals', '/api/companies/{companyId}/originals/{originalId}', '/api/companies/{companyId}/originals/{originalId}/content',
    ]));
  });
});
