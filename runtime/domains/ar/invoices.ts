/**
 * Customer invoices: each one an open AR invoice (kind 'ar', open amount =
 * total) and its voucher, posted through the ledger in the same transaction —
 * debit the customer's receivable account (1510), credit revenue and output
 * VAT. One or up to 10 000 in a request, all or nothing.
 *
 * The credit side comes from `lines` (revenue and 26xx VAT lines in the
 * invoice's currency, summing to the total) or, without lines, 3001 for the
 * total less `vatMinor` and 2611 for `vatMinor`. Another currency than the
 * company's needs `exchangeRate` (base currency per unit, a decimal string):
 * every line is converted exactly (BigInt), rounded half away from zero to
 * the öre, and whatever the rounding leaves between the receivable and the
 * credits goes onto the largest revenue line, so the voucher balances in SEK
 * while the invoice keeps its own currency and amounts.
 *
 * Without `ocrReference` one is made from the invoice number (numbers.ts);
 * an OCR reference is unique among the company's customer invoices.
 */
import { and, asc, count, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { CustomerInvoice, CustomerInvoiceRequest } from '../../../shared/api.ts';
import { formatMinorPlain, isCurrency } from '../../../shared/money.ts';
import { sourceRef } from '../../../shared/sources.ts';
import type { Db } from '../../db/client.ts';
import { voucherSeries } from '../../db/schema.ts';
import { recordAudit } from '../../kernel/audit.ts';
import type { LedgerClock } from '../../kernel/clock.ts';
import { DomainRefusal } from '../../kernel/errors.ts';
import { loadChart } from '../../ledger/chart.ts';
import { postVouchersWithin } from '../../ledger/ledger.ts';
import { LedgerRefusal, type VoucherDraft, type VoucherLineDraft } from '../../ledger/types.ts';
import { fieldPath, invalid } from './customers.ts';
import { normaliseOcrReference, ocrForInvoiceNumber } from './numbers.ts';
import { convertToBase, parseExchangeRate } from '../../../shared/exchange.ts';
import { customers, invoices } from './schema.ts';

export type InvoiceRow = typeof invoices.$inferSelect;

/** Without lines: revenue here (with this VAT code when there is VAT), output VAT there. */
export const defaultRevenueAccount = '3001';
export const defaultVatAccount = '2611';
export const defaultVatCode = 'MP1';

/** An account of the credit side that carries VAT: BAS group 26 (Moms och punktskatter). */
const isVatAccount = (account: string) => account.startsWith('26');

const chunked = <T>(items: T[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

export function customerInvoiceOf(row: InvoiceRow, customerName: string): CustomerInvoice {
  return {
    invoiceNumber: row.invoiceNumber, customerNo: row.counterpartyId, customerName, issueDate: row.invoiceDate, dueDate: row.dueDate,
    currency: row.currency, amountMinor: row.totalMinor, vatMinor: row.vatMinor, openMinor: row.openMinor, exchangeRate: row.exchangeRate,
    amountBaseMinor: row.totalBaseMinor, ocrReference: row.ocrReference, status: row.status, voucherId: row.voucherId,
  };
}

/**
 * The series customer invoices are numbered in: the one named "Kundfakturor" (as the demo and
 * POST /api/companies make it, code C), else a series with code C; null when the company has neither.
 */
export async function customerInvoiceSeries(db: Pick<Db, 'select'>, companyId: string): Promise<string | null> {
  const rows = await db.select().from(voucherSeries).where(eq(voucherSeries.companyId, companyId));
  return rows.find((s) => s.name.trim().toLowerCase() === 'kundfakturor')?.code ?? rows.find((s) => s.code === 'C')?.code ?? null;
}

interface Checked {
  request: CustomerInvoiceRequest;
  index: number | null;
  ocrReference: string;
  rate: { numerator: bigint; denominator: bigint } | null;
  /** credit lines in the invoice's currency */
  credits: { account: string; amountMinor: number; vatCode?: string; text?: string }[];
  vatMinor: number;
}

/** What can be checked without the database; throws a DomainRefusal naming the element and field. */
function checkRequest(request: CustomerInvoiceRequest, index: number | null, baseCurrency: string): Checked {
  const at = (field: string) => fieldPath(index, field);
  if (request.dueDate < request.issueDate) throw invalid('invalid_invoice', at('dueDate'), `the due date ${request.dueDate} is before the issue date ${request.issueDate}`);
  if (!isCurrency(request.currency)) throw invalid('invalid_invoice', at('currency'), `unknown currency "${request.currency}"`);
  let rate: Checked['rate'] = null;
  if (request.currency === baseCurrency) {
    const one = request.exchangeRate === undefined ? null : parseExchangeRate(request.exchangeRate);
    if (request.exchangeRate !== undefined && (!one || one.numerator !== one.denominator)) {
      throw invalid('invalid_invoice', at('exchangeRate'), `an invoice in ${baseCurrency}, the company's currency, has no exchange rate (got "${request.exchangeRate}")`);
    }
  } else {
    if (request.exchangeRate === undefined) {
      throw invalid('invalid_invoice', at('exchangeRate'), `an invoice in ${request.currency} needs exchangeRate: ${baseCurrency} per ${request.currency}, e.g. "11.4523"`);
    }
    rate = parseExchangeRate(request.exchangeRate);
    if (!rate) throw invalid('invalid_invoice', at('exchangeRate'), `"${request.exchangeRate}" is not an exchange rate above zero`);
  }
  let ocrReference: string | null;
  if (request.ocrReference !== undefined) {
    ocrReference = normaliseOcrReference(request.ocrReference);
    if (!ocrReference) throw invalid('invalid_invoice', at('ocrReference'), `"${request.ocrReference}" is not an OCR reference (2–25 digits, the last a mod-10 check digit)`);
  } else {
    ocrReference = ocrForInvoiceNumber(request.invoiceNumber);
    if (!ocrReference) {
      throw invalid('invalid_invoice', at('invoiceNumber'), `no OCR reference can be made from invoice number "${request.invoiceNumber}" (it needs 1–23 digits); give ocrReference`);
    }
  }
  let credits: Checked['credits'];
  let vatMinor: number;
  if (request.lines) {
    credits = request.lines.map((line) => ({ ...line }));
    const sum = credits.reduce((s, l) => s + l.amountMinor, 0);
    if (sum !== request.amountMinor) {
      throw invalid('invalid_invoice', at('lines'), `the lines sum to ${formatMinorPlain(sum, request.currency)}, not the invoice's amount ${formatMinorPlain(request.amountMinor, request.currency)} ${request.currency}`);
    }
    if (!credits.some((l) => !isVatAccount(l.account))) throw invalid('invalid_invoice', at('lines'), 'at least one line must be a revenue line (not a 26xx VAT account)');
    vatMinor = credits.filter((l) => isVatAccount(l.account)).reduce((s, l) => s + l.amountMinor, 0);
    if (request.vatMinor !== undefined && request.vatMinor !== vatMinor) {
      throw invalid('invalid_invoice', at('vatMinor'), `vatMinor ${request.vatMinor} is not the sum of the 26xx (VAT) lines, ${vatMinor}`);
    }
  } else {
    vatMinor = request.vatMinor ?? 0;
    if (vatMinor >= request.amountMinor) throw invalid('invalid_invoice', at('vatMinor'), `the VAT ${vatMinor} must be less than the amount ${request.amountMinor}`);
    credits = [
      { account: defaultRevenueAccount, amountMinor: request.amountMinor - vatMinor, ...(vatMinor > 0 ? { vatCode: defaultVatCode } : {}) },
      ...(vatMinor > 0 ? [{ account: defaultVatAccount, amountMinor: vatMinor }] : []),
    ];
  }
  return { request, index, ocrReference, rate, credits, vatMinor };
}

/** The voucher lines in the base currency: every figure converted, the rounding on the largest revenue line. */
function voucherLines(item: Checked, receivableAccount: string, baseCurrency: string): { lines: VoucherLineDraft[]; totalBaseMinor: number } {
  const { request, rate } = item;
  const at = (field: string) => fieldPath(item.index, field);
  const convert = (amountMinor: number, field: string) => {
    if (!rate) return amountMinor;
    const converted = convertToBase(amountMinor, rate, request.currency, baseCurrency);
    if (converted === null) throw invalid('invalid_invoice', at(field), `${amountMinor} at ${request.exchangeRate} is too large`);
    return converted;
  };
  const totalBaseMinor = convert(request.amountMinor, 'amountMinor');
  const foreign = (amountMinor: number) => (rate ? `${formatMinorPlain(amountMinor, request.currency)} ${request.currency} à ${request.exchangeRate}` : null);
  const credits = item.credits.map((line, j) => ({ ...line, baseMinor: convert(line.amountMinor, item.request.lines ? `lines[${j}].amountMinor` : 'amountMinor') }));
  const rounding = totalBaseMinor - credits.reduce((s, l) => s + l.baseMinor, 0);
  if (rounding !== 0) {
    let largest = -1;
    credits.forEach((l, j) => { if (!isVatAccount(l.account) && (largest < 0 || l.baseMinor > credits[largest].baseMinor)) largest = j; });
    credits[largest].baseMinor += rounding;
  }
  // Each line carries its currency, amount and rate where it is exactly amount × rate (the line that took the rounding is not).
  const triple = (amountMinor: number, baseMinor: number) => (rate && convert(amountMinor, 'amountMinor') === baseMinor
    ? { currency: request.currency, currencyAmountMinor: amountMinor, rate: request.exchangeRate! } : {});
  return {
    totalBaseMinor,
    lines: [
      { account: receivableAccount, debitMinor: totalBaseMinor, text: foreign(request.amountMinor), ...triple(request.amountMinor, totalBaseMinor) },
      ...credits.map((l) => ({ account: l.account, creditMinor: l.baseMinor, vatCode: l.vatCode ?? null, text: l.text ?? foreign(l.amountMinor), ...triple(l.amountMinor, l.baseMinor) })),
    ],
  };
}

/**
 * Creates the invoices and posts their vouchers in one transaction, audited: all or nothing.
 * Refusals name the element ("[3].customerNo") unless the request was one object (`single`).
 */
export async function createCustomerInvoices(
  db: Db, companyId: string, requests: CustomerInvoiceRequest[], single: boolean, by: { actor: string; clock: LedgerClock },
): Promise<CustomerInvoice[]> {
  const at = (index: number | null, field: string) => fieldPath(index, field);
  return db.transaction(async (tx) => {
    const chart = await loadChart(tx, companyId);
    if (!chart) throw new DomainRefusal(422, 'unknown_company', `Company "${companyId}" does not exist`);
    const series = await customerInvoiceSeries(tx, companyId);
    if (!series) throw new DomainRefusal(422, 'no_series', `Company "${companyId}" has no voucher series for customer invoices (named "Kundfakturor", or code C)`);

    // 1. Each element alone, then the request as a whole: numbers and OCRs appear once.
    const checked = requests.map((request, i) => checkRequest(request, single ? null : i, chart.baseCurrency));
    const firstOf = new Map<string, number>();
    const firstOcr = new Map<string, number>();
    for (const [i, item] of checked.entries()) {
      const number = item.request.invoiceNumber;
      if (firstOf.has(number)) {
        throw new DomainRefusal(409, 'duplicate_invoice', `${at(item.index, 'invoiceNumber')}: invoice number "${number}" appears twice in this request (also at [${firstOf.get(number)}])`,
          { field: at(item.index, 'invoiceNumber'), invoiceNumber: number });
      }
      firstOf.set(number, i);
      if (firstOcr.has(item.ocrReference)) {
        throw new DomainRefusal(409, 'duplicate_ocr_reference', `${at(item.index, 'ocrReference')}: OCR reference ${item.ocrReference} appears twice in this request (also at [${firstOcr.get(item.ocrReference)}])`,
          { field: at(item.index, 'ocrReference'), ocrReference: item.ocrReference });
      }
      firstOcr.set(item.ocrReference, i);
    }

    // 2. Against what is stored: the customers exist; no invoice has the number (or id) or the OCR yet.
    const customerRows = new Map<string, typeof customers.$inferSelect>();
    for (const chunk of chunked([...new Set(requests.map((r) => r.customerNo))], 500)) {
      for (const row of await tx.select().from(customers).where(and(eq(customers.companyId, companyId), inArray(customers.id, chunk)))) customerRows.set(row.id, row);
    }
    const takenNumbers = new Set<string>();
    const takenOcrs = new Map<string, string>();
    for (const chunk of chunked(checked, 300)) {
      const numbers = chunk.map((c) => c.request.invoiceNumber);
      const ocrs = chunk.map((c) => c.ocrReference);
      const rows = await tx.select({ id: invoices.id, kind: invoices.kind, invoiceNumber: invoices.invoiceNumber, ocrReference: invoices.ocrReference }).from(invoices)
        .where(and(eq(invoices.companyId, companyId), or(inArray(invoices.id, numbers), inArray(invoices.invoiceNumber, numbers), and(eq(invoices.kind, 'ar'), inArray(invoices.ocrReference, ocrs)))));
      for (const row of rows) {
        if (row.kind === 'ar') takenNumbers.add(row.invoiceNumber);
        takenNumbers.add(row.id);
        if (row.kind === 'ar' && row.ocrReference) takenOcrs.set(row.ocrReference, row.invoiceNumber);
      }
    }
    const drafts: VoucherDraft[] = [];
    const totals: number[] = [];
    for (const item of checked) {
      const { request, index } = item;
      if (takenNumbers.has(request.invoiceNumber)) {
        throw new DomainRefusal(409, 'duplicate_invoice', `${at(index, 'invoiceNumber')}: invoice number "${request.invoiceNumber}" already exists`,
          { field: at(index, 'invoiceNumber'), invoiceNumber: request.invoiceNumber });
      }
      const other = takenOcrs.get(item.ocrReference);
      if (other !== undefined) {
        throw new DomainRefusal(409, 'duplicate_ocr_reference', `${at(index, 'ocrReference')}: OCR reference ${item.ocrReference} is already invoice "${other}"'s`,
          { field: at(index, 'ocrReference'), ocrReference: item.ocrReference });
      }
      const customer = customerRows.get(request.customerNo);
      if (!customer) throw invalid('unknown_customer', at(index, 'customerNo'), `customer "${request.customerNo}" does not exist (create it with POST …/customers)`);
      item.credits.forEach((line, j) => {
        const path = at(index, request.lines ? `lines[${j}].account` : 'amountMinor');
        const account = chart.accounts.get(line.account);
        if (!account) throw invalid('invalid_invoice', path, `account ${line.account} is not in the chart of accounts`);
        if (account.type !== 'revenue' && !isVatAccount(line.account)) throw invalid('invalid_invoice', path, `account ${line.account} is neither a revenue account nor a 26xx VAT account`);
      });
      const { lines, totalBaseMinor } = voucherLines(item, customer.receivableAccount, chart.baseCurrency);
      totals.push(totalBaseMinor);
      drafts.push({
        date: request.issueDate, series, text: `Kundfaktura ${request.invoiceNumber} ${customer.name}`.slice(0, 200),
        sourceRef: sourceRef('invoice', request.invoiceNumber), registeredBy: by.actor, lines,
        counterparty: { name: customer.name.slice(0, 200), id: request.customerNo },
      });
    }

    // 3. The vouchers (the ledger checks periods, accounts, VAT codes, balance), then the invoices that point at them.
    let posted;
    try {
      posted = await postVouchersWithin(tx, chart, drafts, by.clock);
    } catch (error) {
      if (!(error instanceof LedgerRefusal)) throw error;
      const item = checked[error.voucherIndex ?? 0];
      const path = at(item.index, error.code === 'no_fiscal_year' || error.code === 'period_locked' || error.code === 'invalid_date' ? 'issueDate'
        : error.lineIndex !== undefined && error.lineIndex > 0 && item.request.lines ? `lines[${error.lineIndex - 1}]` : 'amountMinor');
      throw new DomainRefusal(422, error.code, `${path}: ${error.message}`, { issues: [{ path, message: error.message, code: error.code }] });
    }
    const createdAt = by.clock.now().toISOString();
    const rows: InvoiceRow[] = checked.map((item, i) => ({
      companyId, id: item.request.invoiceNumber, kind: 'ar', counterpartyId: item.request.customerNo, invoiceNumber: item.request.invoiceNumber,
      invoiceDate: item.request.issueDate, dueDate: item.request.dueDate, currency: item.request.currency, totalMinor: item.request.amountMinor,
      vatMinor: item.vatMinor, openMinor: item.request.amountMinor, ocrReference: item.ocrReference, voucherId: posted[i].voucher.id, status: 'open',
      exchangeRate: item.rate ? item.request.exchangeRate! : null, totalBaseMinor: totals[i], createdAt, createdBy: by.actor,
    }));
    for (const chunk of chunked(rows, 400)) await tx.insert(invoices).values(chunk);
    const numbers = rows.map((r) => r.invoiceNumber);
    await recordAudit(tx, {
      id: by.clock.newId(), companyId, at: createdAt, actor: by.actor, action: 'customer_invoice.create',
      subject: numbers.length === 1 ? `invoice:${numbers[0]}` : `invoices:${numbers.length}`,
      details: {
        count: numbers.length, voucherIds: rows.length <= 1000 ? rows.map((r) => r.voucherId) : undefined,
        invoiceNumbers: numbers.length <= 1000 ? numbers : [...numbers.slice(0, 1000), `… ${numbers.length - 1000} more`],
      },
    });
    return rows.map((row) => customerInvoiceOf(row, customerRows.get(row.counterpartyId)!.name));
  });
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A page of customer invoices by due date; `q` searches invoice number, OCR reference and customer name. */
export async function listCustomerInvoices(db: Db, companyId: string, query: { status?: 'open' | 'paid' | 'all'; customerNo?: string; q?: string; limit?: number; offset?: number })
  : Promise<{ invoices: CustomerInvoice[]; total: number; nextOffset: number | null }> {
  const limit = query.limit ?? 100;
  const offset = query.offset ?? 0;
  const conditions: SQL[] = [eq(invoices.companyId, companyId), eq(invoices.kind, 'ar')];
  if (query.status && query.status !== 'all') conditions.push(eq(invoices.status, query.status));
  if (query.customerNo) conditions.push(eq(invoices.counterpartyId, query.customerNo));
  const q = query.q?.trim();
  if (q) {
    const pattern = likePattern(q);
    conditions.push(or(
      sql`${invoices.invoiceNumber} LIKE ${pattern} ESCAPE '\\'`, sql`${invoices.ocrReference} LIKE ${likePattern(q.replace(/[\s-]+/g, ''))} ESCAPE '\\'`,
      sql`${customers.name} LIKE ${pattern} ESCAPE '\\'`,
    )!);
  }
  const where = and(...conditions);
  const joined = and(eq(customers.companyId, invoices.companyId), eq(customers.id, invoices.counterpartyId));
  const [rows, [{ n }]] = await Promise.all([
    db.select({ invoice: invoices, customerName: customers.name }).from(invoices).leftJoin(customers, joined).where(where)
      .orderBy(asc(invoices.dueDate), asc(invoices.invoiceNumber)).limit(limit).offset(offset),
    db.select({ n: count() }).from(invoices).leftJoin(customers, joined).where(where),
  ]);
  return {
    invoices: rows.map((r) => customerInvoiceOf(r.invoice, r.customerName ?? r.invoice.counterpartyId)),
    total: n, nextOffset: offset + rows.length < n ? offset + rows.length : null,
  };
}
