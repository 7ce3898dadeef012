/**
 * VAT codes as the ledger reads them: which way a code goes (a sale or a
 * purchase), which accounts carry its VAT, which of Skatteverket's boxes its
 * base and its VAT go to (vat_codes.base_box / vat_box, migration 0029), and
 * the posting check that a coded line and its VAT agree.
 *
 * Where a code sits: on the base line (the revenue or cost account, e.g.
 * 3001 MP1 or 4535 EUTI); its VAT is on the code's VAT account(s) in the same
 * voucher (2611; 2614 and 2645 for a reverse charge). A line on a VAT account
 * may carry the code too, if it is one of that code's accounts.
 */
import { parseExchangeRate } from '../../shared/exchange.ts';
import { decimalsOf, formatMinorPlain, percentOf } from '../../shared/money.ts';

export interface VatCodeRule {
  code: string;
  kind: 'output' | 'input' | 'reverse_charge' | 'eu_goods' | 'eu_services' | 'exempt';
  rateBasisPoints: number;
  outputAccount: string | null;
  inputAccount: string | null;
  baseBox: string | null;
  vatBox: string | null;
}

/** A sale (the base is a credit, e.g. MP1, EUTF) or a purchase (a debit, e.g. I25, EUTI). EU codes go by whether they deduct input VAT. */
export function directionOf(rule: Pick<VatCodeRule, 'kind' | 'inputAccount'>): 'sale' | 'purchase' {
  if (rule.kind === 'input' || rule.kind === 'reverse_charge') return 'purchase';
  if (rule.kind === 'output' || rule.kind === 'exempt') return 'sale';
  return rule.inputAccount ? 'purchase' : 'sale';
}

/** BAS 2610–2639: output VAT (utgående moms); 2640–2649: input VAT (ingående moms). 2650 is the settlement account, not a VAT account here. */
const outputVatRange = /^26[123]\d$/;
const inputVatRange = /^264\d$/;

export interface VatAccounts {
  /** account → the box its balance goes to on the return (from the codes: output account → vat_box, input account → 48) */
  boxOf: Map<string, string>;
  output: Set<string>;
  input: Set<string>;
  /** an account two codes send to different boxes: the first wins, and the return says so */
  conflicts: { account: string; boxes: string[] }[];
}

export function vatAccountsOf(rules: Iterable<VatCodeRule>): VatAccounts {
  const boxOf = new Map<string, string>();
  const output = new Set<string>();
  const input = new Set<string>();
  const seen = new Map<string, Set<string>>();
  const note = (account: string, box: string) => {
    if (!boxOf.has(account)) boxOf.set(account, box);
    seen.set(account, (seen.get(account) ?? new Set()).add(box));
  };
  for (const rule of rules) {
    if (rule.outputAccount) {
      output.add(rule.outputAccount);
      if (rule.vatBox && rule.vatBox !== '48') note(rule.outputAccount, rule.vatBox);
    }
    if (rule.inputAccount) {
      input.add(rule.inputAccount);
      note(rule.inputAccount, '48');
    }
  }
  const conflicts = [...seen].filter(([, boxes]) => boxes.size > 1).map(([account, boxes]) => ({ account, boxes: [...boxes].sort() }));
  return { boxOf, output, input, conflicts };
}

const vatAccountsByRules = new WeakMap<ReadonlyMap<string, VatCodeRule>, VatAccounts>();

/** `vatAccountsOf` a chart's codes, made once per codes map (a chart is read once per version, and never changed in place). */
function vatAccountsOfChart(rules: ReadonlyMap<string, VatCodeRule>): VatAccounts {
  let accounts = vatAccountsByRules.get(rules);
  if (!accounts) vatAccountsByRules.set(rules, accounts = vatAccountsOf(rules.values()));
  return accounts;
}

export function isOutputVatAccount(account: string, accounts: VatAccounts): boolean {
  return accounts.output.has(account) || (outputVatRange.test(account) && !accounts.input.has(account));
}
export function isInputVatAccount(account: string, accounts: VatAccounts): boolean {
  return accounts.input.has(account) || (inputVatRange.test(account) && !accounts.output.has(account));
}
export function isVatAccount(account: string, accounts: VatAccounts): boolean {
  return isOutputVatAccount(account, accounts) || isInputVatAccount(account, accounts);
}

/** The VAT on a base, rounded half away from zero to the öre. */
export function vatOnBase(baseMinor: number, rateBasisPoints: number): number {
  return percentOf(baseMinor, rateBasisPoints / 100, 'half_up');
}

export interface VatLine {
  account: string;
  debitMinor?: number;
  creditMinor?: number;
  currency?: string;
  currencyAmountMinor?: number | null;
  rate?: string | null;
  vatCode?: string | null;
}

/**
 * The posting check's tolerance, in base minor units, for one coded line in `currency` at `rate`:
 * 1 öre in the base currency; for another currency, half a minor unit of that currency's VAT
 * rounding, worth ⌈rate × 10^(base decimals − its decimals) / 2⌉ öre, plus 1 öre for the conversion
 * (EUR at 11.4523: ⌈5.73⌉ + 1 = 7 öre; JPY at 0.0712: ⌈3.56⌉ + 1 = 5 öre). Exact (BigInt).
 */
export function foreignVatToleranceMinor(currency: string, rate: string | null | undefined, baseCurrency: string): number {
  const parsed = currency === baseCurrency ? null : parseExchangeRate(rate);
  if (!parsed) return 1;
  const shift = decimalsOf(baseCurrency) - decimalsOf(currency);
  const numerator = parsed.numerator * 10n ** BigInt(Math.max(shift, 0));
  const denominator = parsed.denominator * 10n ** BigInt(Math.max(-shift, 0)) * 2n;
  const half = (numerator + denominator - 1n) / denominator;
  return Number(half) + 1;
}

function isForeign(line: VatLine, baseCurrency: string): line is VatLine & { currency: string; rate: string } {
  return typeof line.currency === 'string' && line.currency !== baseCurrency && typeof line.rate === 'string' && typeof line.currencyAmountMinor === 'number';
}

export interface VatProblem {
  code: 'vat_account_mismatch' | 'vat_amount_mismatch';
  message: string;
  lineIndex: number;
}

/**
 * The posting check (runtime/ledger/check.ts calls it for every voucher but a
 * SIE import's history and a reversal):
 *  1. a code on a VAT account must be that code's own account (MP1 on 2641, I25 on 2611 are refused);
 *     a sales code on an expense account (classes 4–8) and a purchase code on a revenue account are refused;
 *  2. per VAT account, the VAT the coded lines call for — Σ base × rate, each line rounded to the öre —
 *     must be what the voucher books there, within 1 öre per coded line (an invoice may round its VAT on
 *     the total). 30,00 on a base of 80,00 at 25 % is refused: it should be 20,00. Compared in the base
 *     currency per account; a coded line in another currency allows foreignVatToleranceMinor instead of 1 öre.
 * Returns the first problem, or null.
 */
export function checkVatLines(
  lines: VatLine[], rules: Map<string, VatCodeRule>, accountType: (account: string) => string | undefined, baseCurrency: string,
): VatProblem | null {
  // Most vouchers an automation posts code no line (a payment, a fee): nothing to check, nothing to build.
  if (!lines.some((line) => line.vatCode && rules.has(line.vatCode))) return null;
  const vatAccounts = vatAccountsOfChart(rules);
  // 1. The code fits the account.
  for (const [i, line] of lines.entries()) {
    const rule = line.vatCode ? rules.get(line.vatCode) : undefined;
    if (!rule) continue;
    const label = `Line ${i + 1}`;
    const direction = directionOf(rule);
    const what = direction === 'sale' ? `a sales code${rule.outputAccount ? ' (output VAT)' : ''}` : `a purchase code${rule.inputAccount ? ' (input VAT)' : ''}`;
    if (isVatAccount(line.account, vatAccounts)) {
      if (line.account !== rule.outputAccount && line.account !== rule.inputAccount) {
        const own = [rule.outputAccount, rule.inputAccount].filter(Boolean).join(' and ');
        const side = isOutputVatAccount(line.account, vatAccounts) ? 'an output VAT account' : 'an input VAT account';
        return {
          code: 'vat_account_mismatch', lineIndex: i,
          message: `${label}: VAT code ${rule.code} is ${what}; account ${line.account} is ${side}` +
            (own ? ` — ${rule.code} books its VAT to ${own}` : ` — ${rule.code} carries no VAT`),
        };
      }
      continue;
    }
    const type = accountType(line.account);
    if (direction === 'sale' && type === 'expense') {
      return { code: 'vat_account_mismatch', lineIndex: i, message: `${label}: VAT code ${rule.code} is ${what}; account ${line.account} is an expense account — use a purchase code (e.g. I25)` };
    }
    if (direction === 'purchase' && type === 'revenue') {
      return { code: 'vat_account_mismatch', lineIndex: i, message: `${label}: VAT code ${rule.code} is ${what}; account ${line.account} is a revenue account — use a sales code (e.g. MP1)` };
    }
  }

  // 2. The amounts: what the coded base lines call for on each VAT account, against what is booked there —
  // in the base currency (every debit and credit is), per account, whatever currency a line was in.
  interface Expectation { expectedMinor: number; lines: number[]; codes: Set<string>; basesMinor: number; side: 'output' | 'input'; toleranceMinor: number }
  const expected = new Map<string, Expectation>();
  // A coded line that lost its currency (ar/invoices.ts puts the rounding öre on the revenue line) takes
  // the widest tolerance of the foreign lines booked on its VAT account.
  const foreignToleranceOn = (account: string): number => {
    let widest = 1;
    for (const line of lines) {
      if (line.account === account && isForeign(line, baseCurrency)) widest = Math.max(widest, foreignVatToleranceMinor(line.currency, line.rate, baseCurrency));
    }
    return widest;
  };
  const expect = (account: string, side: 'output' | 'input', vatMinor: number, baseMinor: number, i: number, code: string, line: VatLine) => {
    const e = expected.get(account) ?? { expectedMinor: 0, lines: [], codes: new Set<string>(), basesMinor: 0, side, toleranceMinor: 0 };
    e.expectedMinor += vatMinor;
    e.basesMinor += baseMinor;
    e.lines.push(i);
    e.codes.add(code);
    e.toleranceMinor += isForeign(line, baseCurrency) ? foreignVatToleranceMinor(line.currency, line.rate, baseCurrency) : foreignToleranceOn(account);
    expected.set(account, e);
  };
  for (const [i, line] of lines.entries()) {
    const rule = line.vatCode ? rules.get(line.vatCode) : undefined;
    if (!rule || rule.rateBasisPoints <= 0 || isVatAccount(line.account, vatAccounts)) continue;
    const debit = line.debitMinor ?? 0;
    const credit = line.creditMinor ?? 0;
    const base = directionOf(rule) === 'sale' ? credit - debit : debit - credit;
    const vat = vatOnBase(base, rule.rateBasisPoints);
    if (rule.outputAccount) expect(rule.outputAccount, 'output', vat, base, i, rule.code, line);
    if (rule.inputAccount) expect(rule.inputAccount, 'input', vat, base, i, rule.code, line);
  }
  const currency = baseCurrency;
  for (const [account, e] of expected) {
    let booked = 0;
    for (const line of lines) {
      if (line.account !== account) continue;
      const net = (line.creditMinor ?? 0) - (line.debitMinor ?? 0);
      booked += e.side === 'output' ? net : -net;
    }
    const tolerance = e.toleranceMinor;
    if (Math.abs(booked - e.expectedMinor) > tolerance) {
      const rates = [...e.codes].map((c) => `${c} ${rules.get(c)!.rateBasisPoints / 100} %`).join(', ');
      const where = e.lines.map((i) => i + 1).join(', ');
      const side = e.side === 'output' ? 'credit' : 'debit';
      const allowance = tolerance === e.lines.length ? '0.01 per coded line' : '0.01 per coded line, more for a line in another currency (docs/vat.md)';
      return {
        code: 'vat_amount_mismatch', lineIndex: e.lines[0],
        message: `Line${e.lines.length > 1 ? 's' : ''} ${where}: the base ${formatMinorPlain(e.basesMinor, currency)} at ${rates} calls for ` +
          `${formatMinorPlain(e.expectedMinor, currency)} ${side} on ${account}; the voucher books ${formatMinorPlain(booked, currency)} ` +
          `(difference ${formatMinorPlain(booked - e.expectedMinor, currency)}; allowed ± ${formatMinorPlain(tolerance, currency)}, ${allowance})`,
      };
    }
  }
  return null;
}
