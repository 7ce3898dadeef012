/**
 * The ceiling of the per-rule JSON Logic scenario (issue 14): for each rule
 * of perRuleSet (bench/scenarios/json-logic.ts), the plain JavaScript a
 * developer would write by hand for that one rule, computing the same
 * result as json-logic-js on the bench's rows (truthiness, loose `==` where
 * the rule has it, `and`/`or` returning an operand, `missing*` returning
 * lists, the finance operators as `plainFinance` defines them). No budgets,
 * no blocked keys, no checks for fields the bench's data always has: only
 * the optional fields (`supplier.vatNumber`, `paymentDate`, `ocr`,
 * `meta.approval`, …) are tested for. It is an upper bound for any
 * evaluator of these rules, generated code included: an evaluator that
 * reads the rule as data can at best do this much work per row.
 *
 * `json-logic-ceiling.test.ts` checks every function against json-logic-js on
 * every row the bench times, so the bound is for the same results.
 */
import type { WideBankLine, WideInvoice } from './scenarios/json-logic.ts';

type InvoiceRule = (invoice: WideInvoice) => unknown;
type BankLineRule = (line: WideBankLine) => unknown;

/**
 * Days since 1970-01-01 of an ISO date `YYYY-MM-DD`, read with char codes
 * (days-from-civil); on valid dates the same as `Date.parse(text) / 86 400 000`,
 * which is what plainFinance's days_between divides (52 ns a row for rule 22
 * against 214 with Date.parse).
 */
function isoDayNumber(text: string): number {
  const yearOfText = (text.charCodeAt(0) - 48) * 1000 + (text.charCodeAt(1) - 48) * 100 + (text.charCodeAt(2) - 48) * 10 + (text.charCodeAt(3) - 48);
  const month = (text.charCodeAt(5) - 48) * 10 + (text.charCodeAt(6) - 48);
  const day = (text.charCodeAt(8) - 48) * 10 + (text.charCodeAt(9) - 48);
  const year = month <= 2 ? yearOfText - 1 : yearOfText;
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146_097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - 719_468;
}

/** plainFinance's ocr_valid (2–25 digits, Luhn), with the digit check folded into the Luhn loop instead of a RegExp. */
function ocrValid(reference: string): boolean {
  const length = reference.length;
  if (length < 2 || length > 25) return false;
  let sum = 0;
  for (let i = length - 1, weight = 1; i >= 0; i--, weight = 3 - weight) {
    const digit = reference.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return false;
    const product = digit * weight;
    sum += product > 9 ? product - 9 : product;
  }
  return sum % 10 === 0;
}

/** Rule 04's 27 EU countries as a `switch` (19 ns a row on the bench's invoices, against 31 for a Set and 43 for Array.includes). */
function isEuCountry(country: string): boolean {
  switch (country) {
    case 'AT': case 'BE': case 'BG': case 'HR': case 'CY': case 'CZ': case 'DK': case 'EE': case 'FI':
    case 'FR': case 'DE': case 'GR': case 'HU': case 'IE': case 'IT': case 'LV': case 'LT': case 'LU':
    case 'MT': case 'NL': case 'PL': case 'PT': case 'RO': case 'SK': case 'SI': case 'ES': case 'SE':
      return true;
    default:
      return false;
  }
}

/**
 * Rule 24's two icontains as one case-insensitive RegExp (24 ns a row against
 * 34 for one toLowerCase() and two includes()). `/i` folds case like
 * toLowerCase() on the bench's Latin-1 texts, not on all of Unicode (Kelvin
 * sign, dotted İ): an evaluator must, so this bound is loose on that side.
 */
const feeText = /avgift|fee/i;

const invoiceCeiling: Record<string, InvoiceRule> = {
  'comparison chain': (invoice) => {
    const total = invoice.total;
    return total.amountMinor >= 100_000 && total.amountMinor < 5_000_000 && total.currency != 'USD';
  },
  'between, computed bound': (invoice) => {
    const total = invoice.total;
    return total.netMinor <= total.amountMinor && total.amountMinor <= 10_000_000;
  },
  'nested and/or/!': (invoice) => {
    const supplier = invoice.supplier;
    const total = invoice.total;
    const country = supplier.country;
    return (
      (country == 'SE' && total.amountMinor > 1_000_000) ||
      ((country === 'NO' || country === 'DK' || country === 'FI') && total.currency == 'EUR') ||
      !supplier.approved
    );
  },
  'in: long literal list': (invoice) => isEuCountry(invoice.supplier.country),
  'in: text': (invoice) => invoice.supplier.name.indexOf('AB') !== -1,
  'substr in list': (invoice) => {
    const vatNumber = invoice.supplier.vatNumber;
    const prefix = vatNumber === undefined ? '' : vatNumber.slice(0, 2);
    return prefix === 'SE' || prefix === 'NO' || prefix === 'DK';
  },
  'cat + substr': (invoice) => {
    const number = invoice.number;
    return number.slice(0, 3) + '/' + number.slice(-2) == 'INV/42';
  },
  'var: default, deep path': (invoice) => {
    const approval = invoice.meta.approval;
    return invoice.total.amountMinor > (approval === undefined ? 2_000_000 : approval.limit.amountMinor);
  },
  '! missing': (invoice) => {
    const vatNumber = invoice.supplier.vatNumber;
    const paymentDate = invoice.paymentDate;
    const ocr = invoice.ocr;
    return vatNumber != null && vatNumber !== '' && paymentDate != null && paymentDate !== '' && ocr != null && ocr !== '';
  },
  missing_some: (invoice) => {
    const supplier = invoice.supplier;
    const { iban, bankgiro, plusgiro } = supplier;
    if ((iban != null && iban !== '') || (bankgiro != null && bankgiro !== '') || (plusgiro != null && plusgiro !== '')) return [];
    return ['supplier.iban', 'supplier.bankgiro', 'supplier.plusgiro'];
  },
  'arithmetic + -': (invoice) => {
    const total = invoice.total;
    return total.amountMinor - (total.netMinor + total.vatMinor) == 0;
  },
  'arithmetic / %': (invoice) => {
    const total = invoice.total;
    return total.vatMinor / total.amountMinor < 0.19 || total.amountMinor % 100 == 0;
  },
  'max of 3': (invoice) => {
    const total = invoice.total;
    const minimum = invoice.meta.minimumVatMinor;
    return Math.max(total.vatMinor, total.netMinor * 0.12, minimum === undefined ? 0 : minimum);
  },
  'dates: var vs var': (invoice) => {
    const paymentDate = invoice.paymentDate;
    return invoice.issueDate >= '2026-01-15' && (paymentDate === undefined ? '9999-12-31' : paymentDate) < invoice.dueDate;
  },
  'if: 6 branches': (invoice) => {
    const supplier = invoice.supplier;
    const total = invoice.total;
    if (!supplier.approved) return 'blocked';
    if (total.amountMinor > 10_000_000) return 'cfo';
    if (total.amountMinor > 1_000_000) return 'controller';
    if (total.currency != 'SEK') return 'fx';
    if (supplier.country === 'US' || supplier.country === 'GB') return 'non-eu';
    if (total.amountMinor < 0) return 'credit';
    return 'auto';
  },
  'some: and inside': (invoice) => {
    const lines = invoice.lines;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (line.account == '6212' && line.amountMinor > 500_000) return true;
    }
    return false;
  },
  'all: nested some': (invoice) => {
    const lines = invoice.lines;
    if (lines.length === 0) return false;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (line.vatCode === 'MP1' || line.vatCode === 'MP2') continue;
      const allocations = line.allocations;
      let some = false;
      for (let j = 0; j < allocations.length; j++) {
        if (allocations[j].costCenter == 'CC10') {
          some = true;
          break;
        }
      }
      if (!some) return false;
    }
    return true;
  },
  'reduce: sum of lines': (invoice) => {
    const lines = invoice.lines;
    let sum = 0;
    for (let i = 0; i < lines.length; i++) sum += lines[i].amountMinor;
    return sum > 1_000_000;
  },
  'filter + reduce': (invoice) => {
    const lines = invoice.lines;
    let sum = 0;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (line.vatCode == 'MP1') sum += line.quantity * line.unitPriceMinor;
    }
    return sum >= 500_000;
  },
  'map + in': (invoice) => {
    const lines = invoice.lines;
    for (let i = 0; i < lines.length; i++) if (lines[i].account === '6212') return true;
    return false;
  },
  'none: tags': (invoice) => {
    const lines = invoice.lines;
    for (let i = 0; i < lines.length; i++) if (lines[i].tags.includes('reverse-charge')) return false;
    return true;
  },
  days_between: (invoice) => isoDayNumber(invoice.dueDate) - isoDayNumber(invoice.issueDate) > 30,
  percent_of: (invoice) => {
    const total = invoice.total;
    const exact = (total.netMinor * 25) / 100;
    return (exact < 0 ? -Math.round(-exact) : Math.round(exact)) > total.vatMinor;
  },
};

const bankLineCeiling: Record<string, BankLineRule> = {
  'bank fees (or of icontains)': (line) => line.amountMinor < 0 && feeText.test(line.text),
  ocr_valid: (line) => line.amountMinor > 0 && ocrValid(line.reference),
  // the prefix compared by char codes, ASCII letters folded with `| 32` (no string made; the first ceiling,
  // `name.slice(0, 5).toLowerCase() === 'telia'`, was slower than our evaluator's character-by-character compare)
  'istarts_with + abs': (line) => {
    const name = line.counterparty.name;
    return (
      name.length >= 5 &&
      (name.charCodeAt(0) | 32) === 116 &&
      (name.charCodeAt(1) | 32) === 101 &&
      (name.charCodeAt(2) | 32) === 108 &&
      (name.charCodeAt(3) | 32) === 105 &&
      (name.charCodeAt(4) | 32) === 97 &&
      Math.abs(line.amountMinor) > 10_000
    );
  },
  same_period: (line) => line.bookingDate.slice(0, 7) === line.valueDate.slice(0, 7),
  '!! and !==': (line) => line.reference !== '' && line.currency !== 'SEK',
  'cat: result text': (line) => line.counterparty.account + ' ' + line.bookingDate,
};

/** The hand-written function of a perRuleSet rule, by its name and data. */
export function handWritten(name: string, data: 'invoices' | 'bank lines'): (row: unknown) => unknown {
  const table: Record<string, (row: never) => unknown> = data === 'invoices' ? invoiceCeiling : bankLineCeiling;
  const rule = table[name];
  if (rule === undefined) throw new Error(`bench/json-logic-ceiling.ts: no hand-written function for ${data} rule "${name}"`);
  return rule as (row: unknown) => unknown;
}

/** Every rule name with a hand-written function (the test checks it against perRuleSet). */
export const handWrittenNames: readonly string[] = [...Object.keys(invoiceCeiling), ...Object.keys(bankLineCeiling)];
