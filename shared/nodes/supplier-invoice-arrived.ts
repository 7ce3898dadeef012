import { z } from 'zod';
import { lineAmountMinorMax } from '../money.ts';
import { defineTrigger } from './descriptor.ts';

const minor = (description: string) => z.number().int().refine(Number.isSafeInteger, 'must be a safe integer')
  .refine((n) => Math.abs(n) <= lineAmountMinorMax, `must be at most ${lineAmountMinorMax} minor units either way (the per-line cap)`).describe(description);

export const supplierInvoiceLineSchema = z.object({
  description: z.string().max(500).default(''),
  amountMinor: minor('Net amount of the line in minor units (öre)'),
  vatCode: z.string().max(20).default('').describe('VAT code, e.g. I25'),
  account: z.string().regex(/^\d{4}$/).optional().describe('Suggested ledger account, when the sender gives one'),
});

/** A supplier invoice as it arrives (PEPPOL, PDF, API); lines are net amounts. */
export const supplierInvoiceSchema = z.object({
  id: z.string().min(1).max(200).describe('Unique id of the incoming document'),
  supplierId: z.string().max(64).nullable().default(null),
  supplierName: z.string().max(200).default(''),
  invoiceNumber: z.string().min(1).max(100),
  invoiceDate: z.iso.date(),
  dueDate: z.iso.date(),
  currency: z.string().regex(/^[A-Z]{3}$/).default('SEK'),
  totalMinor: minor('Total including VAT, in minor units'),
  vatMinor: minor('VAT in minor units'),
  lines: z.array(supplierInvoiceLineSchema).max(1000),
});
export type SupplierInvoice = z.infer<typeof supplierInvoiceSchema>;

export const supplierInvoiceArrived = defineTrigger({
  type: 'supplier-invoice-arrived',
  label: 'Supplier invoice arrived',
  description: 'Fires for every incoming supplier invoice (PEPPOL, PDF, API), with its lines.',
  event: {
    schema: supplierInvoiceSchema,
    fields: [
      { path: 'event.id', type: 'string', label: 'Document id', example: 'in-2026-0042' },
      { path: 'event.supplierId', type: 'string|null', label: 'Supplier id', example: 'L2003' },
      { path: 'event.supplierName', type: 'string', label: 'Supplier name', example: 'Kontorsgiganten AB' },
      { path: 'event.invoiceNumber', type: 'string', label: 'Invoice number', example: 'LF-55121' },
      { path: 'event.invoiceDate', type: 'date', label: 'Invoice date', example: '2026-11-20' },
      { path: 'event.dueDate', type: 'date', label: 'Due date', example: '2026-12-10' },
      { path: 'event.currency', type: 'string', label: 'Currency', example: 'SEK' },
      { path: 'event.totalMinor', type: 'integer', label: 'Total incl. VAT (öre)', example: 125000 },
      { path: 'event.vatMinor', type: 'integer', label: 'VAT (öre)', example: 25000 },
      {
        path: 'event.lines', type: 'array', label: 'Invoice lines', example: [{ description: 'Kopieringspapper', amountMinor: 100000, vatCode: 'I25' }],
        itemFields: [
          { path: 'item.description', type: 'string', label: 'Line text', example: 'Kopieringspapper' },
          { path: 'item.amountMinor', type: 'integer', label: 'Net amount (öre)', example: 100000 },
          { path: 'item.vatCode', type: 'string', label: 'VAT code', example: 'I25' },
          { path: 'item.account', type: 'string', label: 'Suggested account', example: '6110' },
        ],
      },
    ],
    example: {
      id: 'in-2026-0042', supplierId: 'L2003', supplierName: 'Kontorsgiganten AB', invoiceNumber: 'LF-55121',
      invoiceDate: '2026-11-20', dueDate: '2026-12-10', currency: 'SEK', totalMinor: 125000, vatMinor: 25000,
      lines: [{ description: 'Kopieringspapper', amountMinor: 100000, vatCode: 'I25', account: '6110' }],
    },
  },
});
