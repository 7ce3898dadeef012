/**
 * A voucher's underlag over HTTP: attach a file after posting, list what a
 * voucher has (with the original of the event it was posted from), download
 * one. The body of POST is the file itself (Content-Type says its type,
 * ?name= its file name); there is no DELETE or PUT: attachments are kept.
 * Mounted by runtime/http/app.ts with `app.route('/', …)`; runtime/ledger/attachments.ts does the work.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { apiErrorSchema, voucherAttachmentBytesMax, voucherAttachmentMediaTypes, voucherAttachmentSchema, voucherAttachmentsSchema } from '../../shared/api.ts';
import type { Db } from '../db/client.ts';
import { NotFound } from '../automations/store.ts';
import type { LedgerClock } from '../kernel/clock.ts';
import { attachToVoucher, listAttachments, readAttachment, sourceOriginalOf } from '../ledger/attachments.ts';
import { readVouchers } from '../ledger/ledger.ts';
import { voucherOrigins } from '../ledger/sie-fidelity.ts';
import { actorOf } from './auth.ts';
import { apiApp, companyParams, errors, json } from './openapi.ts';

const voucherParams = companyParams.extend({ voucherId: z.string().min(1).max(100) });

export function voucherAttachmentRoutes(db: Db, clock: LedgerClock) {
  const app = apiApp();

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/vouchers/{voucherId}/attachments', tags: ['Ledger'],
    summary: `Attach a file to a posted voucher (its underlag): the body is the file (${voucherAttachmentMediaTypes.join(', ')}; at most ${voucherAttachmentBytesMax / 1024 / 1024} MB), `
      + 'stored with its SHA-256 and never replaced or removed; audited',
    request: { params: voucherParams, query: z.object({ name: z.string().max(200).optional().describe('the file name, e.g. kvitto-1234.pdf') }) },
    responses: {
      201: json(voucherAttachmentSchema, 'Attached'),
      413: json(apiErrorSchema, 'Larger than the limit'),
      415: json(apiErrorSchema, 'Not a PDF, PNG, JPEG or XML file, or the bytes do not match the Content-Type'),
      422: json(apiErrorSchema, 'Empty, a bad file name, or too many attachments'), ...errors,
    },
  }), async (c) => {
    const { companyId, voucherId } = c.req.valid('param');
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const attachment = await attachToVoucher(db, clock, {
      companyId, voucherId, contentType: c.req.header('content-type'), fileName: c.req.valid('query').name, bytes, attachedBy: actorOf(c.get('principal')),
    });
    return c.json(attachment, 201);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/vouchers/{voucherId}/attachments', tags: ['Ledger'],
    summary: 'A voucher\'s underlag: the stored original it was posted from (if any) and the files attached to it',
    request: { params: voucherParams },
    responses: { 200: json(voucherAttachmentsSchema, 'The source original and the attachments'), ...errors },
  }), async (c) => {
    const { companyId, voucherId } = c.req.valid('param');
    const [voucher] = await readVouchers(db, companyId, [voucherId]);
    if (!voucher) throw new NotFound(`Voucher "${voucherId}" does not exist`);
    const imported = (await voucherOrigins(db, companyId, [voucherId])).get(voucherId);
    const [source, attachments] = await Promise.all([
      sourceOriginalOf(db, companyId, voucher.sourceRef, imported?.originalId ?? null), listAttachments(db, companyId, voucherId),
    ]);
    return c.json({ source, attachments }, 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/vouchers/{voucherId}/attachments/{attachmentId}', tags: ['Ledger'],
    summary: 'One attachment\'s exact bytes, with their SHA-256 in Repr-Digest (RFC 9530)',
    request: { params: voucherParams.extend({ attachmentId: z.string().min(1).max(100) }) },
    responses: { 200: { content: { 'application/octet-stream': { schema: z.string() } }, description: 'The file, with its media type' }, ...errors },
  }), async (c) => {
    const { companyId, voucherId, attachmentId } = c.req.valid('param');
    const attachment = await readAttachment(db, companyId, voucherId, attachmentId);
    if (!attachment) throw new NotFound(`Voucher "${voucherId}" has no attachment "${attachmentId}"`);
    const digest = Buffer.from(attachment.sha256, 'hex').toString('base64');
    // RFC 6266: an ASCII fallback and the UTF-8 name (å, ä, ö).
    const ascii = attachment.fileName.replace(/[^\x20-\x7e]/g, '_');
    return c.body(new Uint8Array(attachment.bytes), 200, {
      'content-type': attachment.mediaType,
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
      'repr-digest': `sha-256=:${digest}:`, 'x-content-type-options': 'nosniff', 'cache-control': 'private, no-store',
    });
  });

  return app;
}
