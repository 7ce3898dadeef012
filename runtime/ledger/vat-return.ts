/**
 * The VAT return (momsdeklaration) for a month, a calendar quarter or a
 * fiscal year, its settlement voucher, and the EU sales list (periodisk
 * sammanställning).
 *
 * Where the figures come from (the mapping is defined once, on the VAT codes:
 * vat_codes.base_box / vat_box, runtime/ledger/vat-codes.ts):
 *  - a VAT box (10–12, 30–32, 60–62, 48) is the period's movement on the VAT
 *    accounts the codes name: a code's output account goes to its vat_box,
 *    its input account to 48; output VAT credit positive, input VAT debit positive;
 *  - a base box (05–08, 20–24, 35–42, 50) is the movement on the lines that
 *    carry a code with that base_box: a sale's credit, a purchase's debit.
 * Settlement vouchers (and their reversals) are left out, so the return of a
 * settled period still shows what was declared.
 *
 * Whole kronor: Skatteverket takes every box in whole kronor with the öre
 * dropped; each box is truncated toward zero, and box 49 is computed from the
 * truncated boxes: 10+11+12+30+31+32+60+61+62 − 48. The settlement voucher
 * zeroes each VAT account's exact balance, books box 49 to 2650 and the öre
 * dropped to 3740 (öres- och kronutjämning).
 */
import { DomainRefusal } from '../kernel/errors.ts';
import { recordAudit } from '../kernel/audit.ts';
import { rawExecutor, type Db } from '../db/client.ts';
import { vatSettlements } from '../db/schema.ts';
import { formatMinorPlain } from '../../shared/money.ts';
import { message, renderMessage, type Message, type MessageLanguage } from '../../shared/i18n/messages.ts';
import {
  euSalesListBoxes, outputVatBoxIds, vatBoxes, wholeKronor, type VatReturn, type VatReturnBox, type VatSettlement,
} from '../../shared/vat.ts';
import { loadChart, vatCodeRuleOf } from './chart.ts';
import { postVouchersWithin, systemClock, type LedgerClock, type Tx } from './ledger.ts';
import { toCsv } from './report-csv.ts';
import type { VoucherLineDraft } from './types.ts';
import { directionOf, foreignVatToleranceMinor, isVatAccount, vatAccountsOf, vatOnBase, type VatAccounts, type VatCodeRule } from './vat-codes.ts';

type Reader = Db | Tx;

/** The settlement account (redovisningskonto för moms) and the rounding account (öres- och kronutjämning). */
export const vatSettlementAccount = '2650';
export const vatRoundingAccount = '3740';
/** Voucher lines listed per box for the drill-down (the sums are always over every line). */
export const vatReturnLinesMax = 200;
/** Vouchers named at most in the warning about VAT booked without a coded line. */
export const vatReturnUncodedVouchersMax = 20;
/** Lines read for the drill-down at most, over all boxes. */
const lineRowsMax = 20_000;

const periodPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

function lastDay(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return `${period}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return (ty - fy) * 12 + (tm - fm) + 1;
}

export interface VatPeriod { fromPeriod: string; toPeriod: string; from: string; to: string; kind: 'month' | 'quarter' | 'year' }

/** A VAT period is a month, a calendar quarter, or one whole fiscal year (Skatteverket's three redovisningsperioder). */
export async function vatPeriodOf(db: Reader, companyId: string, fromPeriod: string, toPeriod: string): Promise<VatPeriod> {
  for (const [name, p] of [['from', fromPeriod], ['to', toPeriod]] as const) {
    if (!periodPattern.test(p)) throw new DomainRefusal(422, 'invalid_vat_period', `${name} "${p}" is not a period (YYYY-MM)`, { field: name });
  }
  const from = `${fromPeriod}-01`;
  const to = lastDay(toPeriod);
  if (toPeriod < fromPeriod) throw new DomainRefusal(422, 'invalid_vat_period', `The VAT period ${fromPeriod}..${toPeriod} ends before it starts`, { field: 'to' });
  const months = monthsBetween(fromPeriod, toPeriod);
  if (months === 1) return { fromPeriod, toPeriod, from, to, kind: 'month' };
  if (months === 3 && (Number(fromPeriod.slice(5)) - 1) % 3 === 0) return { fromPeriod, toPeriod, from, to, kind: 'quarter' };
  const years = await rawExecutor(db).execute({ sql: 'SELECT start_date, end_date FROM fiscal_years WHERE company_id = ? AND start_date = ? AND end_date = ?', args: [companyId, from, to] });
  if (years.rows.length) return { fromPeriod, toPeriod, from, to, kind: 'year' };
  throw new DomainRefusal(422, 'invalid_vat_period',
    `${fromPeriod}..${toPeriod} is not a VAT period: give a month (from = to), a calendar quarter (e.g. 2026-01..2026-03) or a whole fiscal year of the company`,
    { field: 'from' });
}

interface Aggregate { account: string; vatCode: string | null; currency: string; debit: number; credit: number; count: number }

/** The WHERE clause of the lines a return reads: the period, without settlement vouchers and their reversals. */
const periodLines = `v.company_id = ? AND v.date >= ? AND v.date <= ?
  AND v.id NOT IN (SELECT voucher_id FROM vat_settlements WHERE company_id = ?)
  AND (v.reverses_voucher_id IS NULL OR v.reverses_voucher_id NOT IN (SELECT voucher_id FROM vat_settlements WHERE company_id = ?))`;

const safe = (value: unknown, what: string): number => {
  const n = Number(value ?? 0);
  if (!Number.isSafeInteger(n)) throw new DomainRefusal(422, 'amount_too_large', `The sum of ${what} is beyond what the VAT return can state exactly`);
  return n;
};

async function loadRules(db: Reader, companyId: string): Promise<Map<string, VatCodeRule>> {
  const rows = await rawExecutor(db).execute({
    sql: 'SELECT code, kind, rate_basis_points, output_account, input_account, base_box, vat_box FROM vat_codes WHERE company_id = ?', args: [companyId],
  });
  return new Map(rows.rows.map((r) => [String(r.code), vatCodeRuleOf(r)]));
}

async function settlementsOverlapping(db: Reader, companyId: string, from: string, to: string): Promise<VatSettlement[]> {
  const rows = await rawExecutor(db).execute({
    sql: `SELECT s.id, s.from_date, s.to_date, s.voucher_id, s.box49_minor, s.at, s.actor, v.series, v.number,
            EXISTS (SELECT 1 FROM vouchers r WHERE r.company_id = s.company_id AND r.reverses_voucher_id = s.voucher_id) AS reversed
          FROM vat_settlements s JOIN vouchers v ON v.id = s.voucher_id
          WHERE s.company_id = ? AND s.from_date <= ? AND s.to_date >= ? ORDER BY s.at`,
    args: [companyId, to, from],
  });
  return rows.rows.map((r) => ({
    id: String(r.id), fromDate: String(r.from_date), toDate: String(r.to_date), voucherId: String(r.voucher_id), voucher: `${r.series} ${r.number}`,
    box49Kronor: wholeKronor(Number(r.box49_minor)), at: String(r.at), actor: String(r.actor), reversed: Number(r.reversed) === 1,
  }));
}

/** The return for a VAT period: every box (exact and in whole kronor) with its sources and lines, box 49, the EU sales list. */
/** A warning as the return lists it: its code, and its message in `language` (English unless the request asks for Swedish). */
function warningIn(language: MessageLanguage): (code: string, text: Message) => { code: string; message: string } {
  return (code, text) => ({ code, message: renderMessage(language, text) });
}

export async function vatReturn(db: Reader, companyId: string, range: { fromPeriod: string; toPeriod: string }, language: MessageLanguage = 'en'): Promise<VatReturn> {
  const say = warningIn(language);
  const raw = rawExecutor(db);
  const [company] = (await raw.execute({ sql: 'SELECT base_currency FROM companies WHERE id = ?', args: [companyId] })).rows;
  if (!company) throw new DomainRefusal(422, 'unknown_company', `Company "${companyId}" does not exist`);
  const currency = String(company.base_currency);
  const period = await vatPeriodOf(db, companyId, range.fromPeriod, range.toPeriod);
  const rules = await loadRules(db, companyId);
  const vatAccounts = vatAccountsOf(rules.values());
  const warnings: { code: string; message: string }[] = [];
  for (const c of vatAccounts.conflicts) {
    const boxes = { items: c.boxes, join: renderMessage(language, message('vat_warning.and')) };
    warnings.push(say('vat_account_two_boxes', message('vat_warning.account_two_boxes', { account: c.account, boxes, box: String(vatAccounts.boxOf.get(c.account)) })));
  }
  const mappedAccounts = [...vatAccounts.boxOf.keys()];
  const accountFilter = `(l.vat_code IS NOT NULL OR (l.account >= '2610' AND l.account <= '2649')${mappedAccounts.length ? ` OR l.account IN (${mappedAccounts.map(() => '?').join(',')})` : ''})`;
  const args = [companyId, period.from, period.to, companyId, companyId, ...mappedAccounts];

  const aggregates: Aggregate[] = (await raw.execute({
    sql: `SELECT l.account, l.vat_code, l.currency, SUM(l.debit_minor) AS debit, SUM(l.credit_minor) AS credit, COUNT(*) AS n
          FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id
          WHERE ${periodLines} AND ${accountFilter}
          GROUP BY l.account, l.vat_code, l.currency ORDER BY l.account, l.vat_code`,
    args,
  })).rows.map((r) => ({
    account: String(r.account), vatCode: r.vat_code === null ? null : String(r.vat_code), currency: String(r.currency),
    debit: safe(r.debit, `debits on ${r.account}`), credit: safe(r.credit, `credits on ${r.account}`), count: Number(r.n),
  }));

  /** Which box a line goes to, and its amount in the box's direction; null: none (input VAT code's base, an unmapped account). */
  const placeOf = (account: string, vatCode: string | null, debit: number, credit: number): { box: string; amount: number } | null => {
    const vatBox = vatAccounts.boxOf.get(account);
    if (vatBox) return { box: vatBox, amount: vatBox === '48' ? debit - credit : credit - debit };
    if (isVatAccount(account, vatAccounts)) return null;
    const rule = vatCode ? rules.get(vatCode) : undefined;
    if (!rule?.baseBox) return null;
    return { box: rule.baseBox, amount: directionOf(rule) === 'sale' ? credit - debit : debit - credit };
  };

  const amounts = new Map<string, number>();
  const sources = new Map<string, Map<string, { account: string; vatCode: string | null; amountMinor: number; lineCount: number }>>();
  const unmapped = new Map<string, number>();
  let netVatMinor = 0;
  for (const a of aggregates) {
    if (a.currency !== currency) {
      const params = { count: a.count, account: a.account, currency: a.currency, base: currency };
      warnings.push(say('foreign_currency_line', a.vatCode
        ? message('vat_warning.foreign_currency_line_code', { ...params, vatCode: a.vatCode })
        : message('vat_warning.foreign_currency_line', params)));
      continue;
    }
    if (a.vatCode && !rules.has(a.vatCode)) {
      warnings.push(say('unknown_vat_code', message('vat_warning.unknown_vat_code', { count: a.count, account: a.account, vatCode: a.vatCode })));
    }
    const place = placeOf(a.account, a.vatCode, a.debit, a.credit);
    if (!place) {
      if (isVatAccount(a.account, vatAccounts) && !vatAccounts.boxOf.has(a.account)) unmapped.set(a.account, (unmapped.get(a.account) ?? 0) + a.credit - a.debit);
      continue;
    }
    amounts.set(place.box, (amounts.get(place.box) ?? 0) + place.amount);
    const key = `${a.account}\u0000${a.vatCode ?? ''}`;
    const boxSources = sources.get(place.box) ?? new Map();
    const source = boxSources.get(key) ?? { account: a.account, vatCode: a.vatCode, amountMinor: 0, lineCount: 0 };
    source.amountMinor += place.amount;
    source.lineCount += a.count;
    boxSources.set(key, source);
    sources.set(place.box, boxSources);
    if (vatAccounts.boxOf.has(a.account)) netVatMinor += a.credit - a.debit;
  }
  for (const [account, balance] of unmapped) {
    if (balance !== 0) {
      warnings.push(say('unmapped_vat_account', message('vat_warning.unmapped_vat_account', { account, amount: formatMinorPlain(balance, currency) })));
    }
  }

  // The drill-down: the lines behind each box, up to vatReturnLinesMax per box.
  const lineRows = (await raw.execute({
    sql: `SELECT v.id, v.series, v.number, v.date, l.account, l.vat_code, l.currency, l.debit_minor, l.credit_minor, COALESCE(l.text, v.text) AS text
          FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id
          WHERE ${periodLines} AND ${accountFilter}
          ORDER BY v.date, v.series, v.number, l.line_no LIMIT ${lineRowsMax + 1}`,
    args,
  })).rows;
  const linesOf = new Map<string, VatReturnBox['lines']>();
  const truncated = new Set<string>();
  for (const r of lineRows.slice(0, lineRowsMax)) {
    if (String(r.currency) !== currency) continue;
    const place = placeOf(String(r.account), r.vat_code === null ? null : String(r.vat_code), Number(r.debit_minor), Number(r.credit_minor));
    if (!place) continue;
    const list = linesOf.get(place.box) ?? [];
    if (list.length >= vatReturnLinesMax) { truncated.add(place.box); continue; }
    list.push({
      voucherId: String(r.id), voucher: `${r.series} ${r.number}`, date: String(r.date), account: String(r.account),
      vatCode: r.vat_code === null ? null : String(r.vat_code), text: r.text === null ? null : String(r.text), amountMinor: place.amount,
    });
    linesOf.set(place.box, list);
  }
  if (lineRows.length > lineRowsMax) for (const box of amounts.keys()) truncated.add(box);

  // Box 49 from the boxes as declared (whole kronor).
  const kronorOf = (box: string) => wholeKronor(amounts.get(box) ?? 0);
  const box49Kronor = outputVatBoxIds.reduce((sum, box) => sum + kronorOf(box), 0) - kronorOf('48');
  const boxes: VatReturnBox[] = vatBoxes.map((b) => {
    const isResult = b.box === '49';
    return {
      box: b.box, section: b.section, labelSv: b.labelSv, labelEn: b.labelEn,
      amountMinor: isResult ? box49Kronor * 100 : amounts.get(b.box) ?? 0,
      kronor: isResult ? box49Kronor : kronorOf(b.box),
      sources: [...(sources.get(b.box)?.values() ?? [])],
      lines: linesOf.get(b.box) ?? [],
      linesTruncated: truncated.has(b.box),
    };
  });

  warnings.push(...await consistencyWarnings(db, { companyId, period, rules, vatAccounts, currency, amounts, mappedAccounts, language }));

  const overlapping = await settlementsOverlapping(db, companyId, period.from, period.to);
  const standing = overlapping.filter((s) => !s.reversed);
  const settlement = standing.find((s) => s.fromDate === period.from && s.toDate === period.to) ?? null;
  const others = standing.filter((s) => s !== settlement);

  const euRequired = [euSalesListBoxes.goods, euSalesListBoxes.triangulation, euSalesListBoxes.services].some((box) => (amounts.get(box) ?? 0) !== 0);
  return {
    companyId, from: period.from, to: period.to, fromPeriod: period.fromPeriod, toPeriod: period.toPeriod, currency,
    boxes, box49Kronor, netVatMinor, roundingMinor: netVatMinor - box49Kronor * 100, warnings,
    settlement, overlappingSettlements: others,
    euSalesList: { required: euRequired, rows: await euSalesList(db, companyId, period, rules, currency) },
  };
}

/**
 * What the posting check cannot see (VAT booked with no coded line: a voucher with 2611 and an uncoded 3001,
 * every voucher a SIE file brought), said on the return:
 *  - per output VAT box (10–12, 30–32, 60–62), when the box differs from what the coded lines whose code
 *    sends its VAT there call for (Σ base × rate) by more than rounding — 1 öre per coded line, more for a
 *    line in another currency (foreignVatToleranceMinor, as the posting check);
 *  - the vouchers that moved a VAT account without any line carrying a VAT code (the first vatReturnUncodedVouchersMax).
 */
async function consistencyWarnings(db: Reader, args: {
  companyId: string; period: VatPeriod; rules: Map<string, VatCodeRule>; vatAccounts: VatAccounts; currency: string;
  amounts: Map<string, number>; mappedAccounts: string[]; language: MessageLanguage;
}): Promise<{ code: string; message: string }[]> {
  const { companyId, period, rules, vatAccounts, currency } = args;
  const say = warningIn(args.language);
  const raw = rawExecutor(db);
  const warnings: { code: string; message: string }[] = [];
  const periodArgs = [companyId, period.from, period.to, companyId, companyId];
  const coded = (await raw.execute({
    sql: `SELECT l.account, l.vat_code, l.foreign_currency, l.rate, SUM(l.debit_minor) AS debit, SUM(l.credit_minor) AS credit, COUNT(*) AS n
          FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id
          WHERE ${periodLines} AND l.vat_code IS NOT NULL
          GROUP BY l.account, l.vat_code, l.foreign_currency, l.rate`,
    args: periodArgs,
  })).rows;
  interface Expected { vatMinor: number; baseMinor: number; tolerance: number; codes: Set<string> }
  const expected = new Map<string, Expected>();
  for (const r of coded) {
    const rule = rules.get(String(r.vat_code));
    const account = String(r.account);
    if (!rule || !rule.outputAccount || rule.rateBasisPoints <= 0 || isVatAccount(account, vatAccounts)) continue;
    const box = vatAccounts.boxOf.get(rule.outputAccount);
    if (!box || box === '48') continue;
    const debit = safe(r.debit, `debits on ${account}`);
    const credit = safe(r.credit, `credits on ${account}`);
    const base = directionOf(rule) === 'sale' ? credit - debit : debit - credit;
    const e = expected.get(box) ?? { vatMinor: 0, baseMinor: 0, tolerance: 0, codes: new Set<string>() };
    e.vatMinor += vatOnBase(base, rule.rateBasisPoints);
    e.baseMinor += base;
    e.tolerance += Number(r.n) * foreignVatToleranceMinor(r.foreign_currency === null ? currency : String(r.foreign_currency), r.rate === null ? null : String(r.rate), currency);
    e.codes.add(rule.code);
    expected.set(box, e);
  }
  for (const box of outputVatBoxIds) {
    const e = expected.get(box) ?? { vatMinor: 0, baseMinor: 0, tolerance: 0, codes: new Set<string>() };
    const booked = args.amounts.get(box) ?? 0;
    if (Math.abs(booked - e.vatMinor) <= e.tolerance) continue;
    const rates = [...e.codes].sort().map((c) => `${c} ${rules.get(c)!.rateBasisPoints / 100} %`).join(', ');
    const difference = booked - e.vatMinor;
    const expectedText = e.codes.size
      ? message('vat_warning.coded_lines_call_for', { base: formatMinorPlain(e.baseMinor, currency), rates, vat: formatMinorPlain(e.vatMinor, currency) })
      : message('vat_warning.no_coded_line');
    warnings.push(say('vat_box_base_mismatch', message(difference > 0 ? 'vat_warning.box_base_mismatch_more' : 'vat_warning.box_base_mismatch_less', {
      box, booked: formatMinorPlain(booked, currency), expected: expectedText,
      difference: formatMinorPlain(Math.abs(difference), currency), tolerance: formatMinorPlain(e.tolerance, currency),
    })));
  }
  const vatAccountFilter = `(l.account >= '2610' AND l.account <= '2649'${args.mappedAccounts.length ? ` OR l.account IN (${args.mappedAccounts.map(() => '?').join(',')})` : ''})`;
  const uncoded = (await raw.execute({
    sql: `SELECT v.series, v.number, COUNT(*) OVER () AS total FROM vouchers v
          WHERE ${periodLines}
            AND EXISTS (SELECT 1 FROM voucher_lines l WHERE l.voucher_id = v.id AND ${vatAccountFilter})
            AND NOT EXISTS (SELECT 1 FROM voucher_lines l WHERE l.voucher_id = v.id AND l.vat_code IS NOT NULL)
          ORDER BY v.date, v.series, v.number LIMIT ${vatReturnUncodedVouchersMax}`,
    args: [...periodArgs, ...args.mappedAccounts],
  })).rows;
  if (uncoded.length) {
    const total = Number(uncoded[0].total);
    const named = uncoded.map((r) => `${r.series} ${r.number}`).join(', ');
    const vouchers = total > uncoded.length ? message('vat_warning.and_more', { named, more: total - uncoded.length }) : named;
    warnings.push(say('vat_without_coded_line', message(total === 1 ? 'vat_warning.without_coded_line_one' : 'vat_warning.without_coded_line_many', { count: total, vouchers })));
  }
  return warnings;
}

/** The EU sales list: per buyer, the period's goods (35), triangulation (38) and services (39) sales; the buyer from the invoice the voucher came from. */
async function euSalesList(db: Reader, companyId: string, period: VatPeriod, rules: Map<string, VatCodeRule>, currency: string): Promise<VatReturn['euSalesList']['rows']> {
  const kindOf = new Map<string, 'goods' | 'triangulation' | 'services'>();
  for (const rule of rules.values()) {
    if (directionOf(rule) !== 'sale') continue;
    if (rule.baseBox === euSalesListBoxes.goods) kindOf.set(rule.code, 'goods');
    if (rule.baseBox === euSalesListBoxes.triangulation) kindOf.set(rule.code, 'triangulation');
    if (rule.baseBox === euSalesListBoxes.services) kindOf.set(rule.code, 'services');
  }
  if (!kindOf.size) return [];
  const codes = [...kindOf.keys()];
  const rows = (await rawExecutor(db).execute({
    sql: `SELECT v.series, v.number, v.source_ref, l.vat_code, SUM(l.credit_minor) - SUM(l.debit_minor) AS amount,
            c.id AS customer_id, c.name AS customer_name, c.vat_number
          FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id
          LEFT JOIN invoices i ON i.company_id = v.company_id AND i.kind = 'ar' AND v.source_ref LIKE 'invoice:%'
            AND (i.id = substr(v.source_ref, 9) OR i.invoice_number = substr(v.source_ref, 9))
          LEFT JOIN customers c ON c.company_id = i.company_id AND c.id = i.counterparty_id
          WHERE ${periodLines} AND l.currency = ? AND l.vat_code IN (${codes.map(() => '?').join(',')})
          GROUP BY v.id, l.vat_code ORDER BY v.date, v.series, v.number`,
    args: [companyId, period.from, period.to, companyId, companyId, currency, ...codes],
  })).rows;
  const byBuyer = new Map<string, VatReturn['euSalesList']['rows'][number]>();
  for (const r of rows) {
    const vatNumber = r.vat_number === null || r.vat_number === undefined ? null : String(r.vat_number).replace(/\s+/g, '').toUpperCase();
    const key = vatNumber ?? `?${r.customer_id ?? ''}`;
    const row = byBuyer.get(key) ?? {
      vatNumber, customerId: r.customer_id === null ? null : String(r.customer_id), customerName: r.customer_name === null ? null : String(r.customer_name),
      goodsMinor: 0, triangulationMinor: 0, servicesMinor: 0, goodsKronor: 0, triangulationKronor: 0, servicesKronor: 0, vouchers: [],
    };
    const kind = kindOf.get(String(r.vat_code))!;
    row[`${kind}Minor`] += safe(r.amount, 'EU sales');
    const label = `${r.series} ${r.number}`;
    if (!row.vouchers.includes(label)) row.vouchers.push(label);
    byBuyer.set(key, row);
  }
  return [...byBuyer.values()].map((row) => ({
    ...row, goodsKronor: wholeKronor(row.goodsMinor), triangulationKronor: wholeKronor(row.triangulationMinor), servicesKronor: wholeKronor(row.servicesMinor),
  })).sort((a, b) => (a.vatNumber ?? '~').localeCompare(b.vatNumber ?? '~'));
}

/**
 * Posts the settlement of a VAT period, in one transaction, audited: each VAT account the return covers is
 * zeroed (output VAT debited, input VAT credited), box 49 goes to 2650 (to pay: credit; to get back: debit)
 * and the öre dropped to 3740. Refused when a standing (not reversed) settlement overlaps the period (409);
 * reversing the settlement voucher (POST …/vouchers/:id/reverse) un-settles the period.
 */
export async function settleVatReturn(
  db: Db, companyId: string, range: { fromPeriod: string; toPeriod: string }, actor: string, clock: LedgerClock = systemClock,
): Promise<{ settlement: VatSettlement; voucher: { id: string; series: string; number: number; date: string } }> {
  return db.transaction(async (tx) => {
    const report = await vatReturn(tx, companyId, range);
    const standing = [...(report.settlement ? [report.settlement] : []), ...report.overlappingSettlements];
    if (standing.length) {
      const s = standing[0];
      throw new DomainRefusal(409, 'vat_period_settled',
        `The VAT period ${s.fromDate}..${s.toDate} is already settled by voucher ${s.voucher} (${s.at.slice(0, 10)}); reverse that voucher first to settle again`,
        { voucherId: s.voucherId });
    }
    const chart = await loadChart(tx, companyId);
    if (!chart) throw new DomainRefusal(422, 'unknown_company', `Company "${companyId}" does not exist`);
    const text = `Momsredovisning ${report.fromPeriod === report.toPeriod ? report.fromPeriod : `${report.fromPeriod}–${report.toPeriod}`}`;
    const lines: VoucherLineDraft[] = [];
    const side = (account: string, creditPositive: number) =>
      lines.push(creditPositive > 0 ? { account, creditMinor: creditPositive, text } : { account, debitMinor: -creditPositive, text });
    // The exact balance of each VAT account the return covers, taken out (credit balance → debit).
    const balances = new Map<string, number>();
    for (const box of report.boxes) {
      if (!/^(1[0-2]|3[0-2]|6[0-2]|48)$/.test(box.box)) continue;
      for (const source of box.sources) {
        const creditPositive = box.box === '48' ? -source.amountMinor : source.amountMinor;
        balances.set(source.account, (balances.get(source.account) ?? 0) + creditPositive);
      }
    }
    for (const [account, balance] of [...balances].sort(([a], [b]) => a.localeCompare(b))) if (balance !== 0) side(account, -balance);
    if (!lines.length && report.box49Kronor === 0) {
      throw new DomainRefusal(422, 'nothing_to_settle', `No VAT to settle for ${report.from}..${report.to}: the VAT accounts did not move in the period`);
    }
    for (const account of [vatSettlementAccount, ...(report.roundingMinor !== 0 ? [vatRoundingAccount] : [])]) {
      if (!chart.accounts.has(account)) {
        throw new DomainRefusal(422, 'vat_account_missing', `Account ${account} is not in the chart of accounts of "${companyId}"; add it before settling VAT`, { field: 'account' });
      }
    }
    if (report.box49Kronor !== 0) side(vatSettlementAccount, report.box49Kronor * 100);
    if (report.roundingMinor !== 0) side(vatRoundingAccount, report.roundingMinor);
    const series = chart.series.has('A') ? 'A' : [...chart.series].sort()[0];
    if (!series) throw new DomainRefusal(422, 'no_voucher_series', `Company "${companyId}" has no voucher series to number the settlement voucher in`);
    const [posted] = await postVouchersWithin(tx, chart, [{ date: report.to, series, text, registeredBy: actor, lines }], clock);
    const at = clock.now().toISOString();
    const declared = Object.fromEntries(report.boxes.filter((b) => b.kronor !== 0).map((b) => [b.box, b.kronor]));
    const id = clock.newId();
    await tx.insert(vatSettlements).values({
      companyId, id, fromDate: report.from, toDate: report.to, voucherId: posted.voucher.id, box49Minor: report.box49Kronor * 100,
      boxes: JSON.stringify(declared), at, actor,
    });
    const voucher = `${posted.voucher.series} ${posted.voucher.number}`;
    await recordAudit(tx, {
      id: clock.newId(), companyId, at, actor, action: 'vat_return.settle', subject: `vat-return:${report.from}..${report.to}`,
      details: { settlementId: id, voucherId: posted.voucher.id, voucher, box49Kronor: report.box49Kronor, roundingMinor: report.roundingMinor, boxes: declared },
    });
    return {
      settlement: { id, fromDate: report.from, toDate: report.to, voucherId: posted.voucher.id, voucher, box49Kronor: report.box49Kronor, at, actor, reversed: false },
      voucher: { id: posted.voucher.id, series: posted.voucher.series, number: posted.voucher.number, date: posted.voucher.date },
    };
  });
}

/** The return as a CSV file (Swedish Excel; runtime/ledger/report-csv.ts): box, labels, whole kronor, the exact amount. */
export function vatReturnCsv(report: VatReturn): string {
  return toCsv(['Ruta', 'Benämning', 'Label', 'Belopp (kr)', 'Exakt belopp'], report.boxes.map((b) => [
    { text: b.box }, { text: b.labelSv }, { text: b.labelEn }, { integer: b.kronor }, { minor: b.amountMinor, currency: report.currency },
  ]));
}

/** The EU sales list as a plain CSV (one row per buyer). */
export function euSalesListCsv(report: VatReturn): string {
  return toCsv(['VAT-nummer', 'Kund', 'Varor (kr)', 'Trepartshandel (kr)', 'Tjänster (kr)', 'Verifikationer'], report.euSalesList.rows.map((r) => [
    { text: r.vatNumber ?? '' }, { text: r.customerName ?? '' }, { integer: r.goodsKronor }, { integer: r.triangulationKronor }, { integer: r.servicesKronor },
    { text: r.vouchers.join(' ') },
  ]));
}

/**
 * The EU sales list in Skatteverket's file format for the file transfer service (SKV 574, "SKV574008"):
 * line 1 `SKV574008;`; line 2 the reporter's 12-digit VAT number, the period code (YYMM for a month,
 * YY-Q for a quarter), the contact's name (≤ 35), phone (≤ 17) and e-mail; then per buyer
 * `VAT number;goods;triangulation;services;` in whole kronor, a column empty when its sum is zero.
 * Only a month or a calendar quarter; every buyer needs a VAT number.
 */
export function euSalesListSkv(report: VatReturn, reporter: { orgNumber: string; contactName: string; contactPhone: string; contactEmail?: string }): string {
  const months = monthsBetween(report.fromPeriod, report.toPeriod);
  if (months !== 1 && months !== 3) throw new DomainRefusal(422, 'invalid_vat_period', 'The EU sales list is for a month or a calendar quarter', { field: 'from' });
  const yy = report.fromPeriod.slice(2, 4);
  const periodCode = months === 1 ? `${yy}${report.fromPeriod.slice(5, 7)}` : `${yy}-${(Number(report.fromPeriod.slice(5, 7)) + 2) / 3}`;
  const digits = reporter.orgNumber.replace(/\D/g, '');
  if (digits.length !== 10) throw new DomainRefusal(422, 'invalid_org_number', `The organisation number "${reporter.orgNumber}" does not give a VAT number (10 digits + 01)`);
  const name = reporter.contactName.trim();
  const phone = reporter.contactPhone.trim();
  if (!name || name.length > 35 || /[;\r\n]/.test(name)) throw new DomainRefusal(422, 'invalid_contact', 'contactName: 1–35 characters, no semicolon', { field: 'contactName' });
  if (!/^\+?[0-9]+(-[0-9]+)?$/.test(phone) || phone.length > 17) throw new DomainRefusal(422, 'invalid_contact', 'contactPhone: digits, one hyphen after the area code or a leading +, at most 17 characters', { field: 'contactPhone' });
  const email = reporter.contactEmail?.trim() ?? '';
  if (/[;\r\n]/.test(email)) throw new DomainRefusal(422, 'invalid_contact', 'contactEmail: no semicolon', { field: 'contactEmail' });
  const missing = report.euSalesList.rows.filter((r) => !r.vatNumber);
  if (missing.length) {
    throw new DomainRefusal(422, 'eu_buyer_without_vat_number',
      `The EU sales list needs the buyer's VAT number; none for the sale(s) on voucher ${missing.flatMap((r) => r.vouchers).join(', ')} (give the customer a VAT number, and book the sale from its invoice)`);
  }
  const lines = ['SKV574008;', `${digits}01;${periodCode};${name};${phone};${email}`];
  for (const row of report.euSalesList.rows) {
    const cell = (minor: number, kronor: number) => (minor !== 0 ? String(kronor) : '');
    lines.push(`${row.vatNumber};${cell(row.goodsMinor, row.goodsKronor)};${cell(row.triangulationMinor, row.triangulationKronor)};${cell(row.servicesMinor, row.servicesKronor)};`);
  }
  return lines.join('\r\n') + '\r\n';
}
