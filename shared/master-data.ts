/**
 * Master data (issue 13): the request and response schemas of the chart
 * (accounts, series, VAT codes, dimensions and their objects), suppliers and
 * bank-account edits (runtime/domains/masterdata/), and the one rule the
 * designer's pickers and the automation validator share for "does this value
 * exist in this company" (masterDataProblem).
 */
import { z } from 'zod';
import { accountSchema, accountTypeSchema, bankAccountSchema, customerAddressSchema } from './api.ts';
import { message, renderMessage, type Message, type MessageLanguage } from './i18n/messages.ts';

const noControlCharacters = /^[^\u0000-\u001f\u007f]+$/;
const name = z.string().trim().min(1, 'must not be empty').max(200).regex(noControlCharacters, 'must not contain control characters');

/** A BAS account number: four digits, 1000–9999. */
export const accountNumberSchema = z.string().regex(/^[1-9]\d{3}$/, 'must be a 4-digit account number, 1000–9999');

/** POST …/accounts: the type is inferred from the BAS class (1 asset, 20 equity, 2 liability, 3 and 83 revenue, else expense) unless given. */
export const accountCreateSchema = z.object({
  number: accountNumberSchema,
  name,
  type: accountTypeSchema.optional().describe('default: from the BAS class of the number'),
  vatCode: z.string().max(10).nullable().optional(),
}).strict();
export type AccountCreate = z.infer<typeof accountCreateSchema>;

/** PATCH …/accounts/{number}: rename, retype, set the default VAT code, deactivate or reactivate. The number never changes. */
export const accountPatchSchema = z.object({
  name: name.optional(),
  type: accountTypeSchema.optional(),
  vatCode: z.string().max(10).nullable().optional(),
  active: z.boolean().optional(),
}).strict();
export type AccountPatch = z.infer<typeof accountPatchSchema>;

/** An account as master data: what the chart says, whether vouchers use it, and what a change should warn about. */
export const accountChangeSchema = z.object({
  account: accountSchema,
  warnings: z.array(z.string()).describe('e.g. published automations that post to a deactivated account'),
});
export type AccountChange = z.infer<typeof accountChangeSchema>;

export const seriesCodeSchema = z.string().regex(/^[A-Z]{1,2}$/, 'must be one or two capital letters, e.g. F');
export const seriesSchema = z.object({
  code: z.string(), name: z.string(),
  vouchers: z.number().int().describe('vouchers posted in the series (its code and numbering never change)'),
});
export type Series = z.infer<typeof seriesSchema>;
export const seriesCreateSchema = z.object({ code: seriesCodeSchema, name }).strict();
export const seriesPatchSchema = z.object({ name }).strict();

export const vatKindSchema = z.enum(['output', 'input', 'reverse_charge', 'eu_goods', 'eu_services', 'exempt']);
export const vatCodeSchema = z.object({
  code: z.string(), name: z.string(),
  rateBasisPoints: z.number().int().describe('percent × 100: 2500 is 25 %'),
  kind: vatKindSchema, outputAccount: z.string().nullable(), inputAccount: z.string().nullable(), active: z.boolean(),
  baseBox: z.string().nullable().describe('the VAT return box (ruta) of the base, e.g. "05"; null: the base is not declared (input VAT)'),
  vatBox: z.string().nullable().describe('the box of the VAT on its accounts, e.g. "10", or "48" for input VAT; null: no VAT'),
  lines: z.number().int().describe('voucher lines that carry the code (a code in use is deactivated, never deleted)'),
});
export type VatCode = z.infer<typeof vatCodeSchema>;
/** PATCH …/vat-codes/{code}: the code as it is now, and what deactivating it may break. */
export const vatCodeChangeSchema = vatCodeSchema.extend({
  warnings: z.array(z.string()).describe('published automations and accounts that use a code being deactivated'),
});
export type VatCodeChange = z.infer<typeof vatCodeChangeSchema>;
/** Skatteverket's boxes a VAT code's base may go to (05–08, 20–24, 35–42, 50) and its VAT (10–12, 30–32, 60–62, 48). */
export const vatBaseBoxes = ['05', '06', '07', '08', '20', '21', '22', '23', '24', '35', '36', '37', '38', '39', '40', '41', '42', '50'] as const;
export const vatVatBoxes = ['10', '11', '12', '30', '31', '32', '60', '61', '62', '48'] as const;
const baseBoxSchema = z.enum(vatBaseBoxes, { error: `must be a base box of the VAT return: ${vatBaseBoxes.join(', ')}` });
const vatBoxSchema = z.enum(vatVatBoxes, { error: `must be a VAT box of the VAT return: ${vatVatBoxes.join(', ')}` });
const rateBasisPoints = z.number({ error: 'must be a number' }).int('must be a whole number of basis points').min(0, 'must be 0 or more').max(10_000, 'must be at most 10000 (100 %)');
export const vatCodeCreateSchema = z.object({
  code: z.string().regex(/^[A-Z0-9]{1,10}$/, 'must be 1–10 capital letters or digits, e.g. MP1'),
  name,
  rateBasisPoints,
  kind: vatKindSchema,
  outputAccount: accountNumberSchema.nullable().optional(),
  inputAccount: accountNumberSchema.nullable().optional(),
  baseBox: baseBoxSchema.nullable().optional().describe('default from kind and rate (docs/master-data.md)'),
  vatBox: vatBoxSchema.nullable().optional().describe('default from kind and rate (docs/master-data.md)'),
}).strict();
export type VatCodeCreate = z.infer<typeof vatCodeCreateSchema>;
export const vatCodePatchSchema = z.object({
  name: name.optional(), rateBasisPoints: rateBasisPoints.optional(), kind: vatKindSchema.optional(),
  outputAccount: accountNumberSchema.nullable().optional(), inputAccount: accountNumberSchema.nullable().optional(), active: z.boolean().optional(),
  baseBox: baseBoxSchema.nullable().optional(), vatBox: vatBoxSchema.nullable().optional(),
}).strict();
export type VatCodePatch = z.infer<typeof vatCodePatchSchema>;

export const dimensionObjectSchema = z.object({ code: z.string(), name: z.string(), active: z.boolean() });
export const dimensionSchema = z.object({
  number: z.number().int().describe('SIE numbering: 1 cost centre, 6 project'), name: z.string(), objects: z.array(dimensionObjectSchema),
});
export type Dimension = z.infer<typeof dimensionSchema>;
export const dimensionCreateSchema = z.object({ number: z.number().int().min(1, 'must be 1–99').max(99, 'must be 1–99'), name }).strict();
export const dimensionPatchSchema = z.object({ name }).strict();
export const dimensionObjectCreateSchema = z.object({
  code: z.string().trim().min(1, 'must not be empty').max(40).regex(/^[^\s:]+$/, 'must not contain spaces or ":"'), name,
}).strict();
export const dimensionObjectPatchSchema = z.object({ name: name.optional(), active: z.boolean().optional() }).strict();

/** One supplier of POST …/suppliers, upserted by `supplierNo`; an absent field keeps what is stored, null clears it. */
export const supplierRequestSchema = z.object({
  supplierNo: z.string().trim().min(1).max(64).regex(noControlCharacters, 'must not contain control characters'),
  name,
  orgNumber: z.string().max(20).nullable().optional().describe('Swedish organisation or personal identity number (mod 10), stored as NNNNNN-NNNN'),
  vatNumber: z.string().max(20).nullable().optional(),
  bankgiro: z.string().max(20).nullable().optional().describe('7–8 digits ending in a mod-10 check digit'),
  plusgiro: z.string().max(20).nullable().optional().describe('2–8 digits ending in a mod-10 check digit'),
  iban: z.string().max(50).nullable().optional(),
  email: z.email().max(200).nullable().optional(),
  address: customerAddressSchema.nullable().optional(),
  paymentTermsDays: z.number().int().min(0).max(365).optional(),
  defaultExpenseAccount: accountNumberSchema.nullable().optional(),
  active: z.boolean().optional(),
}).strict();
export type SupplierRequest = z.infer<typeof supplierRequestSchema>;
export const suppliersPerRequestMax = 10_000;
export const suppliersRequestSchema = z.union([z.array(supplierRequestSchema).min(1).max(suppliersPerRequestMax), supplierRequestSchema]);
export const supplierSchema = z.object({
  supplierNo: z.string(), name: z.string(), orgNumber: z.string().nullable(), vatNumber: z.string().nullable(), bankgiro: z.string().nullable(),
  plusgiro: z.string().nullable(), iban: z.string().nullable(), email: z.string().nullable(), address: customerAddressSchema.nullable(),
  paymentTermsDays: z.number().int(), payableAccount: z.string(), defaultExpenseAccount: z.string().nullable(), active: z.boolean(),
  createdAt: z.string().nullable(), updatedAt: z.string().nullable(),
});
export type Supplier = z.infer<typeof supplierSchema>;
export const suppliersPageSchema = z.object({
  suppliers: z.array(supplierSchema).describe('by supplier number'), total: z.number().int(),
  nextOffset: z.number().int().nullable().describe('pass as offset for the next page; null on the last'),
});
export type SuppliersPage = z.infer<typeof suppliersPageSchema>;

/** PATCH …/bank-accounts/{id}: its name and currency label stay what statements expect; the ledger account and numbers are fixed. */
export const bankAccountPatchSchema = z.object({ name }).strict();
export { bankAccountSchema };

/** What the pickers need, in one read: everything small, and customers and suppliers up to `pickerPartiesMax` each. */
export const pickerPartiesMax = 5000;
export const masterDataSchema = z.object({
  accounts: z.array(accountSchema),
  series: z.array(seriesSchema),
  vatCodes: z.array(vatCodeSchema),
  dimensions: z.array(dimensionSchema),
  customers: z.array(z.object({ customerNo: z.string(), name: z.string() })),
  suppliers: z.array(z.object({ supplierNo: z.string(), name: z.string(), active: z.boolean() })),
  bankAccounts: z.array(z.object({ id: z.string(), name: z.string(), ledgerAccount: z.string(), currency: z.string() })),
  truncated: z.object({ customers: z.boolean(), suppliers: z.boolean() }).describe(`true when there are more than ${pickerPartiesMax}`),
});
export type MasterData = z.infer<typeof masterDataSchema>;

/** What a picker chooses from. */
export type MasterDataKind = 'account' | 'series' | 'vat-code' | 'dimension-object' | 'customer' | 'supplier' | 'bank-account';

/** What the validator and the pickers know of a company's master data: a kind's values, and whether each is active. */
export type KnownValues = Map<string, { active: boolean }>;

/**
 * Why a chosen value is not usable, or null when it is: "Series X does not
 * exist in this company", "Account 6570 is inactive". An empty value is not
 * judged here (the config schema says it is required). One rule for the
 * picker (as you type) and the save path (shared/automation/validate.ts).
 */
export function masterDataMessage(kind: MasterDataKind, value: string, known: KnownValues | undefined): Message | null {
  if (!known || value === '') return null;
  const found = known.get(value);
  const what = message(`master_data.${kind}`, { value });
  if (!found) return message('master_data.does_not_exist', { what });
  if (!found.active) return message('master_data.inactive', { what });
  return null;
}

/** masterDataMessage in a language (English unless told). */
export function masterDataProblem(kind: MasterDataKind, value: string, known: KnownValues | undefined, language: MessageLanguage = 'en'): string | null {
  const problem = masterDataMessage(kind, value, known);
  return problem && renderMessage(language, problem);
}
