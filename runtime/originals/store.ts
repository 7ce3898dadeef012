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
 */
import { createHash } from 'node:crypto';
import { and, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import { inclusiveUntil } from '../../shared/api.ts';
import { rawExecutor, type Db, type SqlExecutor } from '../db/client.ts';
import { uuidv7 } from '../db/ids.ts';
import { originals } from '../db/schema.ts';

/** Kinds stored today; later 'camt053', 'bgmax', 'peppol'… (stored data: never rename one). */
export type OriginalKind = 'sie' | 'webhook-delivery' | 'bank-lines-request';

/** The largest original accepted (the SIE route allows 50 MB; everything else is smaller). */
export const originalBytesMax = 64 * 1024 * 1024;

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
  return { ...input, id: newId(), sha256: sha256Hex(input.bytes), retainUntil: retainUntil(input) };
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

/** The end of the company's fiscal year that contains `date`, or null when none does. */
export async function fiscalYearEndOf(tx: unknown, companyId: string, date: string): Promise<string | null> {
  const { rows } = await rawExecutor(tx).execute({
    sql: 'SELECT end_date FROM fiscal_years WHERE company_id = ? AND start_date <= ? AND end_date >= ? LIMIT 1', args: [companyId, date, date],
  });
  return rows.length ? String(rows[0].end_date) : null;
}

const metadataColumns = {
  id: originals.id, companyId: originals.companyId, kind: originals.kind, mediaType: originals.mediaType, byteLength: originals.byteLength,
  sha256: originals.sha256, receivedAt: originals.receivedAt, receivedBy: originals.receivedBy, sourceRef: originals.sourceRef,
  documentDate: originals.documentDate, fiscalYearEnd: originals.fiscalYearEnd, retainUntil: originals.retainUntil,
};

export const originalsPageMax = 500;

/** A company's originals, newest first; `from`/`to` filter on the receipt (dates inclusive). */
export async function listOriginals(db: Db, companyId: string, filter: { kind?: string; from?: string; to?: string; limit?: number; offset?: number } = {})
  : Promise<{ originals: OriginalMetadata[]; nextOffset: number | null }> {
  const limit = Math.min(filter.limit ?? 100, originalsPageMax);
  const offset = filter.offset ?? 0;
  const where: SQL[] = [eq(originals.companyId, companyId)];
  if (filter.kind) where.push(eq(originals.kind, filter.kind));
  if (filter.from) where.push(gte(originals.receivedAt, filter.from));
  if (filter.to) where.push(lte(originals.receivedAt, inclusiveUntil(filter.to)));
  const rows = await db.select(metadataColumns).from(originals).where(and(...where))
    .orderBy(desc(originals.receivedAt), desc(originals.id)).limit(limit + 1).offset(offset);
  return { originals: rows.slice(0, limit), nextOffset: rows.length > limit ? offset + limit : null };
}

/** One original's metadata, or null (also for another company's: the caller answers 404). */
export async function getOriginal(db: Db, companyId: string, id: string): Promise<OriginalMetadata | null> {
  const [row] = await db.select(metadataColumns).from(originals).where(and(eq(originals.companyId, companyId), eq(originals.id, id)));
  return row ?? null;
}

/**
 * One original with its bytes, or null. The bytes are hashed again and
 * compared with the stored SHA-256: an auditor never gets altered bytes
 * without the server saying so (it throws, and the answer is a 500).
 */
export async function readOriginal(db: Db, companyId: string, id: string): Promise<(OriginalMetadata & { bytes: Uint8Array }) | null> {
  const { rows } = await rawExecutor(db).execute({
    sql: `SELECT ${columns} FROM originals WHERE company_id = ? AND id = ?`, args: [companyId, id],
  });
  if (!rows.length) return null;
  const r = rows[0];
  const content = r.content;
  assert(content instanceof ArrayBuffer || content instanceof Uint8Array, `original ${id}: content is not a BLOB`);
  const bytes = content instanceof Uint8Array ? content : new Uint8Array(content);
  const metadata: OriginalMetadata = {
    id: String(r.id), companyId: String(r.company_id), kind: String(r.kind), mediaType: String(r.media_type), byteLength: Number(r.byte_length),
    sha256: String(r.sha256), receivedAt: String(r.received_at), receivedBy: String(r.received_by), sourceRef: r.source_ref === null ? null : String(r.source_ref),
    documentDate: r.document_date === null ? null : String(r.document_date), fiscalYearEnd: r.fiscal_year_end === null ? null : String(r.fiscal_year_end),
    retainUntil: String(r.retain_until),
  };
  assert(bytes.byteLength === metadata.byteLength && sha256Hex(bytes) === metadata.sha256,
    `original ${id}: the stored bytes no longer match their length and SHA-256`);
  return { ...metadata, bytes };
}
