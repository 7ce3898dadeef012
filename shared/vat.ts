/**
 * The VAT return (momsdeklaration): Skatteverket's boxes (rutor) 05–62 in the
 * form's order, with their Swedish and English labels, and the API's answer
 * schemas. Shared by the runtime (runtime/ledger/vat.ts) and the designer.
 */
import { z } from 'zod';
import { divideRound } from './money.ts';

export type VatBoxSection = 'A' | 'B' | 'C' | 'D' | 'H' | 'I' | 'E' | 'F' | 'G';

export interface VatBox {
  box: string;
  section: VatBoxSection;
  labelSv: string;
  labelEn: string;
  /** what the box holds: a base (underlag), output VAT, input VAT, or the result (49) */
  holds: 'base' | 'output_vat' | 'input_vat' | 'result';
}

export const vatSections: Record<VatBoxSection, { sv: string; en: string }> = {
  A: { sv: 'Momspliktig försäljning eller uttag exklusive moms', en: 'Taxable sales or self-supply, excluding VAT' },
  B: { sv: 'Utgående moms på försäljning eller uttag i ruta 05–08', en: 'Output VAT on sales or self-supply in boxes 05–08' },
  C: { sv: 'Momspliktiga inköp vid omvänd skattskyldighet', en: 'Taxable purchases where the buyer is liable (reverse charge)' },
  D: { sv: 'Utgående moms på inköp i ruta 20–24', en: 'Output VAT on purchases in boxes 20–24' },
  H: { sv: 'Import', en: 'Imports' },
  I: { sv: 'Utgående moms på import i ruta 50', en: 'Output VAT on imports in box 50' },
  E: { sv: 'Försäljning m.m. som är undantagen från moms', en: 'Sales etc. exempt from VAT' },
  F: { sv: 'Ingående moms', en: 'Input VAT' },
  G: { sv: 'Moms att betala eller få tillbaka', en: 'VAT to pay or get back' },
};

/** Every box, in the order of Skatteverket's form (SKV 4700): A, B, C, D, H, I, E, F, G. */
export const vatBoxes: readonly VatBox[] = [
  { box: '05', section: 'A', holds: 'base', labelSv: 'Momspliktig försäljning som inte ingår i ruta 06, 07 eller 08', labelEn: 'Taxable sales not included in boxes 06, 07 or 08' },
  { box: '06', section: 'A', holds: 'base', labelSv: 'Momspliktiga uttag', labelEn: 'Taxable self-supply' },
  { box: '07', section: 'A', holds: 'base', labelSv: 'Beskattningsunderlag vid vinstmarginalbeskattning', labelEn: 'Taxable base under the margin scheme' },
  { box: '08', section: 'A', holds: 'base', labelSv: 'Hyresinkomster vid frivillig skattskyldighet', labelEn: 'Rental income under voluntary tax liability' },
  { box: '10', section: 'B', holds: 'output_vat', labelSv: 'Utgående moms 25 %', labelEn: 'Output VAT 25 %' },
  { box: '11', section: 'B', holds: 'output_vat', labelSv: 'Utgående moms 12 %', labelEn: 'Output VAT 12 %' },
  { box: '12', section: 'B', holds: 'output_vat', labelSv: 'Utgående moms 6 %', labelEn: 'Output VAT 6 %' },
  { box: '20', section: 'C', holds: 'base', labelSv: 'Inköp av varor från ett annat EU-land', labelEn: 'Purchases of goods from another EU country' },
  { box: '21', section: 'C', holds: 'base', labelSv: 'Inköp av tjänster från ett annat EU-land enligt huvudregeln', labelEn: 'Purchases of services from another EU country (main rule)' },
  { box: '22', section: 'C', holds: 'base', labelSv: 'Inköp av tjänster från ett land utanför EU', labelEn: 'Purchases of services from a country outside the EU' },
  { box: '23', section: 'C', holds: 'base', labelSv: 'Inköp av varor i Sverige som köparen är skattskyldig för', labelEn: 'Purchases of goods in Sweden for which the buyer is liable' },
  { box: '24', section: 'C', holds: 'base', labelSv: 'Övriga inköp av tjänster', labelEn: 'Other purchases of services (buyer liable)' },
  { box: '30', section: 'D', holds: 'output_vat', labelSv: 'Utgående moms 25 %', labelEn: 'Output VAT 25 %' },
  { box: '31', section: 'D', holds: 'output_vat', labelSv: 'Utgående moms 12 %', labelEn: 'Output VAT 12 %' },
  { box: '32', section: 'D', holds: 'output_vat', labelSv: 'Utgående moms 6 %', labelEn: 'Output VAT 6 %' },
  { box: '50', section: 'H', holds: 'base', labelSv: 'Beskattningsunderlag vid import', labelEn: 'Taxable base on imports' },
  { box: '60', section: 'I', holds: 'output_vat', labelSv: 'Utgående moms 25 %', labelEn: 'Output VAT 25 %' },
  { box: '61', section: 'I', holds: 'output_vat', labelSv: 'Utgående moms 12 %', labelEn: 'Output VAT 12 %' },
  { box: '62', section: 'I', holds: 'output_vat', labelSv: 'Utgående moms 6 %', labelEn: 'Output VAT 6 %' },
  { box: '35', section: 'E', holds: 'base', labelSv: 'Försäljning av varor till ett annat EU-land', labelEn: 'Sales of goods to another EU country' },
  { box: '36', section: 'E', holds: 'base', labelSv: 'Försäljning av varor utanför EU', labelEn: 'Sales of goods outside the EU' },
  { box: '37', section: 'E', holds: 'base', labelSv: 'Mellanmans inköp av varor vid trepartshandel', labelEn: "Intermediary's purchases of goods in triangulation" },
  { box: '38', section: 'E', holds: 'base', labelSv: 'Mellanmans försäljning av varor vid trepartshandel', labelEn: "Intermediary's sales of goods in triangulation" },
  { box: '39', section: 'E', holds: 'base', labelSv: 'Försäljning av tjänster till en näringsidkare i ett annat EU-land enligt huvudregeln', labelEn: 'Sales of services to a business in another EU country (main rule)' },
  { box: '40', section: 'E', holds: 'base', labelSv: 'Övrig försäljning av tjänster omsatta utanför Sverige', labelEn: 'Other sales of services supplied outside Sweden' },
  { box: '41', section: 'E', holds: 'base', labelSv: 'Försäljning när köparen är skattskyldig i Sverige', labelEn: 'Sales where the buyer is liable in Sweden' },
  { box: '42', section: 'E', holds: 'base', labelSv: 'Övrig försäljning m.m.', labelEn: 'Other sales etc.' },
  { box: '48', section: 'F', holds: 'input_vat', labelSv: 'Ingående moms att dra av', labelEn: 'Input VAT to deduct' },
  { box: '49', section: 'G', holds: 'result', labelSv: 'Moms att betala eller få tillbaka', labelEn: 'VAT to pay (+) or get back (−)' },
];

/** The boxes box 49 adds (output VAT); box 48 is subtracted. */
export const outputVatBoxIds = vatBoxes.filter((b) => b.holds === 'output_vat').map((b) => b.box);
/** The boxes of the EU sales list (periodisk sammanställning): goods, triangulation, services. */
export const euSalesListBoxes = { goods: '35', triangulation: '38', services: '39' } as const;

/**
 * Whole kronor as Skatteverket takes them: the öre are dropped (truncated toward zero), box by box;
 * box 49 is computed from the boxes so truncated. 1 250,75 → 1 250; −3,99 → −3.
 */
export function wholeKronor(amountMinor: number): number {
  return divideRound(amountMinor, 100, 'trunc');
}

const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const vatReturnLineSchema = z.object({
  voucherId: z.string(), voucher: z.string().describe('series and number, e.g. "C 12"'), date: dateSchema,
  account: z.string(), vatCode: z.string().nullable(), text: z.string().nullable(),
  amountMinor: z.number().int().describe('in the box\'s direction: a sale\'s base and output VAT credit positive, a purchase\'s base and input VAT debit positive'),
});

export const vatReturnSourceSchema = z.object({
  account: z.string(), vatCode: z.string().nullable(), amountMinor: z.number().int(), lineCount: z.number().int(),
});

export const vatReturnBoxSchema = z.object({
  box: z.string(), section: z.string(), labelSv: z.string(), labelEn: z.string(),
  amountMinor: z.number().int().describe('exact, in öre'), kronor: z.number().int().describe('as declared: whole kronor, öre dropped'),
  sources: z.array(vatReturnSourceSchema).describe('the accounts and VAT codes that make up the box'),
  lines: z.array(vatReturnLineSchema).describe('the voucher lines (up to linesMax per box)'),
  linesTruncated: z.boolean(),
});

export const euSalesListRowSchema = z.object({
  vatNumber: z.string().nullable().describe('the buyer\'s VAT number (with country code); null when the voucher does not lead to a customer with one'),
  customerId: z.string().nullable(), customerName: z.string().nullable(),
  goodsMinor: z.number().int(), triangulationMinor: z.number().int(), servicesMinor: z.number().int(),
  goodsKronor: z.number().int(), triangulationKronor: z.number().int(), servicesKronor: z.number().int(),
  vouchers: z.array(z.string()),
});

export const vatSettlementSchema = z.object({
  id: z.string(), fromDate: dateSchema, toDate: dateSchema, voucherId: z.string(), voucher: z.string(),
  box49Kronor: z.number().int(), at: z.string(), actor: z.string(), reversed: z.boolean(),
});

export const vatReturnSchema = z.object({
  companyId: z.string(), from: dateSchema, to: dateSchema, fromPeriod: z.string(), toPeriod: z.string(),
  currency: z.string(),
  boxes: z.array(vatReturnBoxSchema).describe('every box 05–62 in the form\'s order, then 48 and 49'),
  box49Kronor: z.number().int().describe('to pay positive, to get back negative: 10+11+12+30+31+32+60+61+62 − 48, in whole kronor'),
  netVatMinor: z.number().int().describe('the exact balance of the VAT accounts the return covers (output − input), in öre'),
  roundingMinor: z.number().int().describe('netVatMinor − box 49 × 100: the öre dropped, booked to 3740 on settlement'),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
  settlement: vatSettlementSchema.nullable().describe('the settlement of exactly this period, when one stands (not reversed)'),
  overlappingSettlements: z.array(vatSettlementSchema).describe('standing settlements of other periods that overlap this one'),
  euSalesList: z.object({
    required: z.boolean().describe('true when box 35, 38 or 39 is not zero'),
    rows: z.array(euSalesListRowSchema),
  }),
});
export type VatReturn = z.infer<typeof vatReturnSchema>;
export type VatReturnBox = z.infer<typeof vatReturnBoxSchema>;
export type VatSettlement = z.infer<typeof vatSettlementSchema>;

export const vatSettleRequestSchema = z.object({
  from: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a period is YYYY-MM'),
  to: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a period is YYYY-MM'),
});

export const vatSettleResponseSchema = z.object({
  settlement: vatSettlementSchema,
  voucher: z.object({ id: z.string(), series: z.string(), number: z.number().int(), date: z.string() }).passthrough(),
});
