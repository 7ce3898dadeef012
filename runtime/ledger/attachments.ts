/**
 * A voucher's underlag (BFL 5:6–5:7): the files a person attaches to a voucher
 * after it is posted (a receipt, an invoice PDF, an e-invoice XML), and the
 * original of the event or file it was posted from.
 *
 * An attachment's bytes are an original (runtime/originals/store.ts, kind
 * 'voucher-attachment'): hashed with SHA-256, kept until the same retention
 * date, never changed. `voucher_attachments` links it to the voucher with its
 * file name; the database refuses UPDATE, DELETE and REPLACE (migration 0033).
 * Attaching is audited ('voucher.attach'). There is no way to remove one:
 * a wrong file is followed by the right one, both kept.
 */
import { and, asc, count, eq } from 'drizzle-orm';
import { voucherAttachmentBytesMax, voucherAttachmentMediaTypes, voucherAttachmentsMax, type Original, type VoucherAttachment } from '../../shared/api.ts';
import { parseSourceRef } from '../../shared/sources.ts';
import { rawExecutor, type Db } from '../db/client.ts';
import { bankLines, voucherAttachments, vouchers } from '../db/schema.ts';
import { recordAudit } from '../kernel/audit.ts';
import type { LedgerClock } from '../kernel/clock.ts';
import { DomainRefusal } from '../kernel/errors.ts';
import { NotFound } from '../automations/store.ts';
import { deliveryOriginalId, fiscalYearEndOf, getOriginal, readOriginal, storeOriginal } from '../originals/store.ts';

export type AttachmentMediaType = (typeof voucherAttachmentMediaTypes)[number];

/** The media type without parameters, lower case ("application/pdf; name=x" → "application/pdf"). */
export function baseMediaType(contentType: string | undefined | null): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** Whether the bytes start as a file of that type says (a PNG sent as a PDF is refused). */
export function bytesFit(mediaType: AttachmentMediaType, bytes: Uint8Array): boolean {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  switch (mediaType) {
    case 'application/pdf': return starts(0x25, 0x50, 0x44, 0x46, 0x2d); // %PDF-
    case 'image/png': return starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
    case 'image/jpeg': return starts(0xff, 0xd8, 0xff);
    case 'application/xml':
    case 'text/xml': {
      // A UTF-8 BOM and white space may come before the first '<'.
      let at = starts(0xef, 0xbb, 0xbf) ? 3 : 0;
      while (at < bytes.length && at < 1024 && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[at])) at++;
      return bytes[at] === 0x3c;
    }
  }
}

const fileNamePattern = /^[^\u0000-\u001f\u007f/\\"]{1,200}$/;

export interface AttachInput {
  companyId: string;
  voucherId: string;
  /** the request's Content-Type */
  contentType: string | undefined;
  /** what the file is called; defaults to "attachment" with the type's extension */
  fileName?: string;
  bytes: Uint8Array;
  /** "user:<id>" or "token:<id>" */
  attachedBy: string;
}

const extensionOf: Record<AttachmentMediaType, string> = {
  'application/pdf': '.pdf', 'image/png': '.png', 'image/jpeg': '.jpg', 'application/xml': '.xml', 'text/xml': '.xml',
};

/** Stores the file as an original and links it to the voucher, with an audit row, in one transaction. */
export async function attachToVoucher(db: Db, clock: LedgerClock, input: AttachInput): Promise<VoucherAttachment> {
  const mediaType = baseMediaType(input.contentType);
  if (!(voucherAttachmentMediaTypes as readonly string[]).includes(mediaType)) {
    throw new DomainRefusal(415, 'unsupported_media_type',
      `A voucher attachment is a PDF, PNG, JPEG or XML file (Content-Type ${voucherAttachmentMediaTypes.join(', ')}); got "${mediaType || 'none'}"`);
  }
  const type = mediaType as AttachmentMediaType;
  if (input.bytes.byteLength === 0) throw new DomainRefusal(422, 'empty_file', 'The attachment is empty (0 bytes)');
  if (input.bytes.byteLength > voucherAttachmentBytesMax) {
    throw new DomainRefusal(413, 'payload_too_large', `A voucher attachment is at most ${voucherAttachmentBytesMax / 1024 / 1024} MB (got ${input.bytes.byteLength} bytes)`);
  }
  if (!bytesFit(type, input.bytes)) {
    throw new DomainRefusal(415, 'content_mismatch', `The file's bytes are not a ${type} file (its first bytes do not match the Content-Type)`);
  }
  const fileName = (input.fileName ?? '').trim() || `attachment${extensionOf[type]}`;
  if (!fileNamePattern.test(fileName)) {
    throw new DomainRefusal(422, 'invalid_file_name', 'A file name is 1–200 characters without control characters, slashes or quotes', { field: 'name' });
  }
  return db.transaction(async (tx) => {
    const [voucher] = await tx.select({ id: vouchers.id, date: vouchers.date, series: vouchers.series, number: vouchers.number })
      .from(vouchers).where(and(eq(vouchers.companyId, input.companyId), eq(vouchers.id, input.voucherId)));
    if (!voucher) throw new NotFound(`Voucher "${input.voucherId}" does not exist`);
    const [{ n }] = await tx.select({ n: count() }).from(voucherAttachments)
      .where(and(eq(voucherAttachments.companyId, input.companyId), eq(voucherAttachments.voucherId, voucher.id)));
    if (n >= voucherAttachmentsMax) {
      throw new DomainRefusal(422, 'too_many_attachments', `Voucher ${voucher.series} ${voucher.number} has ${n} attachments, the most a voucher keeps`);
    }
    const attachedAt = clock.now().toISOString();
    const original = await storeOriginal(tx, {
      companyId: input.companyId, kind: 'voucher-attachment', mediaType: type, bytes: input.bytes, receivedAt: attachedAt,
      receivedBy: input.attachedBy, sourceRef: fileName, documentDate: voucher.date,
      fiscalYearEnd: await fiscalYearEndOf(tx, input.companyId, voucher.date),
    });
    const row: VoucherAttachment = {
      id: clock.newId(), voucherId: voucher.id, originalId: original.id, fileName, mediaType: type, byteLength: input.bytes.byteLength,
      sha256: original.sha256, attachedAt, attachedBy: input.attachedBy,
    };
    await tx.insert(voucherAttachments).values({ ...row, companyId: input.companyId });
    await recordAudit(tx, {
      id: clock.newId(), companyId: input.companyId, at: attachedAt, actor: input.attachedBy, action: 'voucher.attach',
      subject: `voucher:${voucher.id}`,
      details: { voucher: `${voucher.series} ${voucher.number}`, attachmentId: row.id, originalId: row.originalId, fileName, mediaType: type, byteLength: row.byteLength, sha256: row.sha256 },
    });
    return row;
  });
}

/** A voucher's attachments, oldest first (null when the company has no such voucher). */
export async function listAttachments(db: Db, companyId: string, voucherId: string): Promise<VoucherAttachment[]> {
  const rows = await db.select().from(voucherAttachments)
    .where(and(eq(voucherAttachments.companyId, companyId), eq(voucherAttachments.voucherId, voucherId)))
    .orderBy(asc(voucherAttachments.attachedAt), asc(voucherAttachments.id)).limit(voucherAttachmentsMax);
  return rows.map(({ companyId: _company, ...row }) => row);
}

/** One attachment with its bytes (checked against the stored SHA-256 by readOriginal), or null. */
export async function readAttachment(db: Db, companyId: string, voucherId: string, attachmentId: string) {
  const [row] = await db.select().from(voucherAttachments)
    .where(and(eq(voucherAttachments.companyId, companyId), eq(voucherAttachments.voucherId, voucherId), eq(voucherAttachments.id, attachmentId)));
  if (!row) return null;
  const original = await readOriginal(db, companyId, row.originalId);
  if (!original) throw new Error(`assertion failed: attachment ${row.id}: its original ${row.originalId} is missing`);
  return { ...row, bytes: original.bytes };
}

/**
 * The stored original a voucher's source reference leads to: a bank line's
 * request or statement file, a webhook event's delivery body, a SIE import's
 * file (through its imported history). Null when the source has none (a manual
 * voucher, an invoice, a correction).
 */
export async function sourceOriginalOf(db: Db, companyId: string, ref: string | null, importedOriginalId?: string | null): Promise<Original | null> {
  if (importedOriginalId) return getOriginal(db, companyId, importedOriginalId);
  const parsed = ref ? parseSourceRef(ref) : null;
  if (!parsed) return null;
  if (parsed.kind === 'bank-line') {
    const [line] = await db.select({ originalId: bankLines.originalId }).from(bankLines)
      .where(and(eq(bankLines.companyId, companyId), eq(bankLines.id, parsed.parts[0])));
    return line?.originalId ? getOriginal(db, companyId, line.originalId) : null;
  }
  if (parsed.kind === 'webhook' || parsed.kind === 'webhook-delivery') {
    const webhookId = parsed.kind === 'webhook' ? parsed.parts[0] : parsed.parts[1];
    const { rows } = await rawExecutor(db).execute({
      sql: 'SELECT endpoint_id FROM webhook_deliveries WHERE company_id = ? AND webhook_id = ? AND original IS NOT NULL'
        + (parsed.kind === 'webhook-delivery' ? ' AND endpoint_id = ?' : '') + ' ORDER BY received_at LIMIT 1',
      args: parsed.kind === 'webhook-delivery' ? [companyId, webhookId, parsed.parts[0]] : [companyId, webhookId],
    });
    return rows.length ? getOriginal(db, companyId, deliveryOriginalId(String(rows[0].endpoint_id), webhookId)) : null;
  }
  return null;
}
