/**
 * Originals (Bokföringslagen 7:2): the exact bytes of every imported file
 * and delivery — a SIE file before it is decoded, a webhook body before it
 * is parsed, a bank-lines request body — with their SHA-256, stored in the
 * same transaction as what was made from them (a refused import stores
 * nothing), and readable by an auditor through the API.
 *
 * Retention (`retain_until`, always a 31 December): BFL 7:2 keeps
 * räkenskapsinformation until the end of the seventh calendar year after the
 * year in which the fiscal year ended. So:
 *  - the fiscal year is known (a SIE file's years, a bank line's booking date
 *    in a fiscal year of the company): 31 December of (its end year + 7);
 *  - it is not known: the latest a fiscal year containing the document's date
 *    (or the receipt date, whichever is later) can end — a fiscal year lasts
 *    at most 18 months (BFL 3:1–3) — so never too short;
 *  - and never before the end of the year it was received.
 * The database refuses UPDATE and REPLACE always and DELETE until
 * `retain_until` has passed (migration 0017). Nothing deletes originals yet.
 *
 * Two places hold them: the `originals` table (files and request bodies),
 * and, for a webhook delivery, its own intake row in `webhook_deliveries`
 * (the body, its SHA-256, date and retention beside the checked payload):
 * one row per delivery keeps the acknowledgement as cheap as before. Such an
 * original's id is "wd." + hex(endpoint id) + "." + hex(webhook id), so it is
 * found by the delivery's primary key. The functions below read both.
 */
import { createHash } from 'node:crypto';
import { inclusiveUntil } from '../../shared/api.ts';
import { rawExecutor, type Db, type SqlExecutor } from '../db/client.ts';
import { uuidv7 } from '../db/ids.ts';

/** Kinds stored today; later 'camt053', 'bgmax', 'peppol'… (stored data: never rename one). */
export type OriginalKind = 'sie' | 'webhook-delivery' | 'bank-lines-request' | 'bank-statement' | 'voucher-attachment';

/** The largest original accepted (a bank statement file, 100 MB; SIE 50 MB; everything else is smaller). */
export const originalBytesMax = 100 * 1024 * 1024;

export interface OriginalInput {
  companyId: string;
  kind: OriginalKind;
  mediaType: string;
  bytes: Uint8Array;
  /** ISO instant */
  receivedAt: string;
  /** "user:<id>", "token:<id>", "webhook:<endpoint>", "cli:import-sie" */
  receivedBy: string;
  /** what it is known as: a file name, "webhook-delivery:<endpoint>:<webhook-id>" */
  sourceRef?: string | null;
  /** the latest date the document records (YYYY-MM-DD), when known */
  documentDate?: string | null;
  /** the end of the fiscal year it belongs to (YYYY-MM-DD), when known */
  fiscalYearEnd?: string | null;
  /** the bytes' SHA-256 when the caller has it already (a large file is hashed once, outside the transaction) */
  sha256?: string;
}

/** An original ready to insert: hashed, with its id and retention (work done outside the transaction). */
export interface PreparedOriginal extends OriginalInput {
  id: string;
  sha256: string;
  retainUntil: string;
}

/** An original's metadata, as the API shows it. */
export interface OriginalMetadata {
  id: string;
  companyId: string;
  kind: string;
  mediaType: string;
  byteLength: number;
  sha256: string;
  receivedAt: string;
  receivedBy: string;
  sourceRef: string | null;
  documentDate: string | null;
  fiscalYearEnd: string | null;
  retainUntil: string;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

/** The last day an original must be kept (see the rule at the top of this file). */
export function retainUntil(input: { fiscalYearEnd?: string | null; documentDate?: string | null; receivedAt: string }): string {
  const received = input.receivedAt.slice(0, 10);
  assert(isoDate.test(received), `receivedAt "${input.receivedAt}" is not an ISO date or instant`);
  let fiscalEndYear: number;
  if (input.fiscalYearEnd) {
    assert(isoDate.test(input.fiscalYearEnd), `fiscalYearEnd "${input.fiscalYearEnd}" is not YYYY-MM-DD`);
    fiscalEndYear = Number(input.fiscalYearEnd.slice(0, 4));
  } else {
    if (input.documentDate) assert(isoDate.test(input.documentDate), `documentDate "${input.documentDate}" is not YYYY-MM-DD`);
    const date = input.documentDate && input.documentDate > received ? input.documentDate : received;
    const [y, m, d] = date.split('-').map(Number);
    // The latest end of a fiscal year that contains `date`: 18 months later, less a day.
    fiscalEndYear = new Date(Date.UTC(y, m - 1 + 18, d - 1)).getUTCFullYear();
  }
  const year = Math.max(fiscalEndYear + 7, Number(received.slice(0, 4)));
  return `${year}-12-31`;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Hashes and names an original; cheap and outside any transaction (the webhook path does it per request). */
export function prepareOriginal(input: OriginalInput, newId: () => string = () => uuidv7()): PreparedOriginal {
  assert(input.bytes instanceof Uint8Array, 'bytes must be a Uint8Array');
  assert(input.bytes.byteLength <= originalBytesMax, `an original is at most ${originalBytesMax} bytes (got ${input.bytes.byteLength})`);
  assert(input.companyId && input.kind && input.mediaType && input.receivedBy, 'companyId, kind, mediaType and receivedBy are required');
  assert(input.mediaType.length <= 200, 'mediaType is at most 200 characters');
  assert((input.sourceRef ?? '').length <= 500, 'sourceRef is at most 500 characters');
  return { ...input, id: newId(), sha256: input.sha256 ?? sha256Hex(input.bytes), retainUntil: retainUntil(input) };
}

const columns = 'id, company_id, kind, media_type, byte_length, sha256, content, received_at, received_by, source_ref, document_date, fiscal_year_end, retain_until';

/**
 * Inserts prepared originals with multi-row INSERTs inside the caller's
 * transaction (the webhook group commit: one statement per batch of up to 100).
 */
export async function storeOriginals(sqlOf: SqlExecutor, items: PreparedOriginal[], chunk = 100): Promise<void> {
  for (let start = 0; start < items.length; start += chunk) {
    const part = items.slice(start, start + chunk);
    await sqlOf.execute({
      sql: `INSERT INTO originals (${columns}) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      // libSQL binds a Uint8Array as a BLOB (SqlExecutor's type only names the common cases).
      args: part.flatMap((o) => [o.id, o.companyId, o.kind, o.mediaType, o.bytes.byteLength, o.sha256, o.bytes as unknown as string, o.receivedAt,
        o.receivedBy, o.sourceRef ?? null, o.documentDate ?? null, o.fiscalYearEnd ?? null, o.retainUntil]),
    });
  }
}

/** Stores one original inside the caller's transaction (a drizzle transaction or a raw executor). */
export async function storeOriginal(tx: unknown, input: OriginalInput): Promise<{ id: string; sha256: string }> {
  const prepared = prepareOriginal(input);
  await storeOriginals(rawExecutor(tx), [prepared]);
  return { id: prepared.id, sha256: prepared.sha256 };
}

/** What a webhook delivery's intake row keeps of its body (see the top of this file). */
export interface DeliveryOriginal {
  bytes: Uint8Array;
  sha256: string;
  documentDate: string | null;
  retainUntil: string;
}

/** Hashes a delivery's body and works out its retention (the fiscal year is not looked up on the hot path). */
export function prepareDeliveryOriginal(bytes: Uint8Array, receivedAt: string, documentDate: string | null): DeliveryOriginal {
  assert(bytes.byteLength <= originalBytesMax, `an original is at most ${originalBytesMax} bytes (got ${bytes.byteLength})`);
  // Deliveries arriving together share their day and usually their date: the last retention is reused.
  const day = receivedAt.slice(0, 10);
  if (lastRetention.day !== day || lastRetention.documentDate !== documentDate) {
    lastRetention = { day, documentDate, retainUntil: retainUntil({ receivedAt, documentDate }) };
  }
  return { bytes, sha256: sha256Hex(bytes), documentDate, retainUntil: lastRetention.retainUntil };
}
let lastRetention: { day: string; documentDate: string | null; retainUntil: string } = { day: '', documentDate: null, retainUntil: '' };

const hexOf = (text: string) => Buffer.from(text, 'utf8').toString('hex');

/** The originals API's id of a webhook delivery's body. */
export function deliveryOriginalId(endpointId: string, webhookId: string): string {
  return `wd.${hexOf(endpointId)}.${hexOf(webhookId)}`;
}

/** The delivery an original id names, or null when it names no delivery. */
function deliveryOfOriginalId(id: string): { endpointId: string; webhookId: string } | null {
  const match = /^wd\.((?:[0-9a-f]{2})+)\.((?:[0-9a-f]{2})+)$/.exec(id);
  if (!match) return null;
  return { endpointId: Buffer.from(match[1], 'hex').toString('utf8'), webhookId: Buffer.from(match[2], 'hex').toString('utf8') };
}

/** The id of an original of this kind with exactly these bytes (by SHA-256), kept for the company before, or null. */
export async function sameOriginal(tx: unknown, companyId: string, kind: OriginalKind, sha256: string): Promise<string | null> {
  const { rows } = await rawExecutor(tx).execute({
    sql: 'SELECT id FROM originals WHERE company_id = ? AND kind = ? AND sha256 = ? ORDER BY received_at LIMIT 1', args: [companyId, kind, sha256],
  });
  return rows.length ? String(rows[0].id) : null;
}

/** The end of the company's fiscal year that contains `date`, or null when none does. */
export async function fiscalYearEndOf(tx: unknown, companyId: string, date: string): Promise<string | null> {
  const { rows } = await rawExecutor(tx).execute({
    sql: 'SELECT end_date FROM fiscal_years WHERE company_id = ? AND start_date <= ? AND end_date >= ? LIMIT 1', args: [companyId, date, date],
  });
  return rows.length ? String(rows[0].end_date) : null;
}

/** Both places as one relation, with the columns of `originals` (a webhook row's are derived). */
const deliveryColumns = `'wd.' || lower(hex(endpoint_id)) || '.' || lower(hex(webhook_id)) AS id, company_id, 'webhook-delivery' AS kind,
  'application/json' AS media_type, length(original) AS byte_length, original_sha256 AS sha256, received_at, 'webhook:' || endpoint_id AS received_by,
  'webhook-delivery:' || endpoint_id || ':' || webhook_id AS source_ref, original_document_date AS document_date, NULL AS fiscal_year_end,
  original_retain_until AS retain_until`;
const metadataColumnList = 'id, company_id, kind, media_type, byte_length, sha256, received_at, received_by, source_ref, document_date, fiscal_year_end, retain_until';

type Row = Record<string, unknown>;
const textOrNull = (value: unknown) => (value === null || value === undefined ? null : String(value));
function metadataOf(r: Row): OriginalMetadata {
  return {
    id: String(r.id), companyId: String(r.company_id), kind: String(r.kind), mediaType: String(r.media_type), byteLength: Number(r.byte_length),
    sha256: String(r.sha256), receivedAt: String(r.received_at), receivedBy: String(r.received_by), sourceRef: textOrNull(r.source_ref),
    documentDate: textOrNull(r.document_date), fiscalYearEnd: textOrNull(r.fiscal_year_end), retainUntil: String(r.retain_until),
  };
}

export const originalsPageMax = 500;

/**
 * A company's originals, newest first; `from`/`to` filter on the receipt
 * (dates inclusive). Webhook deliveries are found through the company's
 * endpoints (the intake's primary key), so no index is added to the hot path.
 */
export async function listOriginals(db: Db, companyId: string, filter: { kind?: string; from?: string; to?: string; limit?: number; offset?: number } = {})
  : Promise<{ originals: OriginalMetadata[]; nextOffset: number | null }> {
  const limit = Math.min(filter.limit ?? 100, originalsPageMax);
  const offset = filter.offset ?? 0;
  const conditions: string[] = [];
  const args: (string | number)[] = [];
  if (filter.from) { conditions.push('received_at >= ?'); args.push(filter.from); }
  if (filter.to) { conditions.push('received_at <= ?'); args.push(inclusiveUntil(filter.to)); }
  const extra = conditions.map((c) => ` AND ${c}`).join('');
  const branches: string[] = [];
  const branchArgs: (string | number)[] = [];
  if (!filter.kind || filter.kind !== 'webhook-delivery') {
    branches.push(`SELECT ${metadataColumnList} FROM originals WHERE company_id = ?${filter.kind ? ' AND kind = ?' : ''}${extra}`);
    branchArgs.push(companyId, ...(filter.kind ? [filter.kind] : []), ...args);
  }
  if (!filter.kind || filter.kind === 'webhook-delivery') {
    branches.push(`SELECT ${deliveryColumns} FROM webhook_deliveries
      WHERE endpoint_id IN (SELECT id FROM webhook_endpoints WHERE company_id = ?) AND original IS NOT NULL${extra}`);
    branchArgs.push(companyId, ...args);
  }
  const { rows } = await rawExecutor(db).execute({
    sql: `SELECT * FROM (${branches.join(' UNION ALL ')}) ORDER BY received_at DESC, id DESC LIMIT ? OFFSET ?`,
    args: [...branchArgs, limit + 1, offset],
  });
  return { originals: rows.slice(0, limit).map(metadataOf), nextOffset: rows.length > limit ? offset + limit : null };
}

/** One original's row with its content, from whichever place holds it (null also for another company's). */
async function originalRow(db: Db, companyId: string, id: string, withContent: boolean): Promise<Row | null> {
  const delivery = deliveryOfOriginalId(id);
  const { rows } = delivery
    ? await rawExecutor(db).execute({
      sql: `SELECT ${deliveryColumns}${withContent ? ', original AS content' : ''} FROM webhook_deliveries
        WHERE endpoint_id = ? AND webhook_id = ? AND company_id = ? AND original IS NOT NULL`,
      args: [delivery.endpointId, delivery.webhookId, companyId],
    })
    // The metadata alone never reads the bytes (a statement file may be 100 MB).
    : await rawExecutor(db).execute({ sql: `SELECT ${withContent ? columns : metadataColumnList} FROM originals WHERE company_id = ? AND id = ?`, args: [companyId, id] });
  return rows[0] ?? null;
}

/** One original's metadata, or null (also for another company's: the caller answers 404). */
export async function getOriginal(db: Db, companyId: string, id: string): Promise<OriginalMetadata | null> {
  const row = await originalRow(db, companyId, id, false);
  return row ? metadataOf(row) : null;
}

/**
 * One original with its bytes, or null. The bytes are hashed again and
 * compared with the stored SHA-256: an auditor never gets altered bytes
 * without the server saying so (it throws, and the answer is a 500).
 */
export async function readOriginal(db: Db, companyId: string, id: string): Promise<(OriginalMetadata & { bytes: Uint8Array }) | null> {
  const row = await originalRow(db, companyId, id, true);
  if (!row) return null;
  const content = row.content;
  assert(content instanceof ArrayBuffer || content instanceof Uint8Array, `original ${id}: content is not a BLOB`);
  const bytes = content instanceof Uint8Array ? content : new Uint8Array(content);
  const metadata = metadataOf(row);
  assert(bytes.byteLength === metadata.byteLength && sha256Hex(bytes) === metadata.sha256,
    `original ${id}: the stored bytes no longer match their length and SHA-256`);
  return { ...metadata, bytes };
}
