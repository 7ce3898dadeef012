/**
 * The manual-voucher form without React: kronor typed by people ("1 234,50")
 * to integer öre with exact string arithmetic (shared/money.ts), the live
 * difference, the request body, and the server's issues put back on lines.
 */
import { counterpartyIdMax, counterpartyNameMax, voucherAttachmentBytesMax, voucherAttachmentMediaTypes, type ApiError, type ManualVoucherRequest } from '../../shared/api.ts';
import { convertToBase, normaliseRate, parseExchangeRate } from '../../shared/exchange.ts';
import { formatMinor, MoneyError, parseDecimalToMinor } from '../../shared/money.ts';
import { t } from '../i18n/i18n.ts';

export interface VoucherFormLine {
  account: string;
  /** as typed, in kronor: "1 234,50" */
  debit: string;
  credit: string;
  vatCode: string;
  /** "1=100; 6=P12" (dimension number = object) */
  dimensions: string;
  text: string;
  /** the line's own currency: '' or 'SEK' for kronor; another (EUR…) takes its amount and rate, and the kronor are computed */
  currency?: string;
  /** as typed, in that currency: "10,00" */
  currencyAmount?: string;
  /** kronor per unit, as typed: "11,50" */
  rate?: string;
  /** the side of a line in another currency */
  side?: 'debit' | 'credit';
}

/** The currencies the form offers beside kronor (shared/money.ts knows them all). */
export const formCurrencies = ['SEK', 'EUR', 'USD', 'GBP', 'NOK', 'DKK', 'CHF', 'PLN', 'JPY', 'ISK'];

/** Whether the line is in another currency than kronor. */
export const isForeignFormLine = (line: VoucherFormLine): boolean => !!line.currency && line.currency !== 'SEK';

export interface VoucherForm {
  date: string;
  series: string;
  text: string;
  lines: VoucherFormLine[];
  /** BFL 5:7: who the business event was with; '' or absent: none */
  counterpartyName?: string;
  /** a customer or supplier number, or an org number */
  counterpartyId?: string;
}

export const emptyLine = (): VoucherFormLine => ({ account: '', debit: '', credit: '', vatCode: '', dimensions: '', text: '' });

export type Parsed = { ok: true; minor: number | null } | { ok: false; message: string };

/** "1 234,50" → 123450; "" → null. Spaces (also non-breaking) group thousands; "," or "." is the decimal mark. */
export function parseKronor(text: string): Parsed {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '');
  if (compact === '') return { ok: true, minor: null };
  if (compact.startsWith('-') || compact.startsWith('−')) return { ok: false, message: 'Enter a positive amount; put it in the other column to change side' };
  try {
    const minor = parseDecimalToMinor(compact, 'SEK');
    return { ok: true, minor };
  } catch (error) {
    if (error instanceof MoneyError && error.code === 'too_many_decimals') return { ok: false, message: 'At most two decimals (öre)' };
    if (error instanceof MoneyError && error.code === 'amount_too_large') return { ok: false, message: 'The amount is too large' };
    return { ok: false, message: 'Not an amount — write e.g. 1 234,50' };
  }
}

/** 123450 → "1 234,50" (for the input after it loses focus). */
export function formatKronor(minor: number): string {
  return formatMinor(minor, 'SEK').replace(/\s*kr$/, '');
}

/** "1=100; 6=P12" → { "1": "100", "6": "P12" }. */
export function parseDimensions(text: string): { ok: true; dimensions: Record<string, string> | undefined } | { ok: false; message: string } {
  const parts = text.split(/[;,]/).map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) return { ok: true, dimensions: undefined };
  const dimensions: Record<string, string> = {};
  for (const part of parts) {
    const match = /^(\d{1,3})\s*[=:]\s*(\S.*)$/.exec(part);
    if (!match) return { ok: false, message: `"${part}" is not dimension=object, e.g. 1=100` };
    dimensions[match[1]] = match[2].trim();
  }
  return { ok: true, dimensions };
}

export interface LineState {
  debitMinor: number;
  creditMinor: number;
  /** field → message, for the fields of this line that cannot be sent */
  errors: Partial<Record<'account' | 'debit' | 'credit' | 'amount' | 'dimensions' | 'currencyAmount' | 'rate', string>>;
  /** a line in another currency: its amount (minor units) and rate as sent */
  foreign?: { currency: string; amountMinor: number; rate: string };
  /** nothing entered at all: ignored */
  blank: boolean;
}

export function lineState(line: VoucherFormLine): LineState {
  if (isForeignFormLine(line)) return foreignLineState(line);
  const errors: LineState['errors'] = {};
  const debit = parseKronor(line.debit);
  const credit = parseKronor(line.credit);
  if (!debit.ok) errors.debit = debit.message;
  if (!credit.ok) errors.credit = credit.message;
  const debitMinor = debit.ok ? debit.minor ?? 0 : 0;
  const creditMinor = credit.ok ? credit.minor ?? 0 : 0;
  const blank = !line.account && !line.debit.trim() && !line.credit.trim() && !line.text.trim() && !line.vatCode && !line.dimensions.trim();
  if (!blank) {
    if (!line.account) errors.account = 'Choose an account';
    if (debit.ok && credit.ok) {
      if (debitMinor > 0 && creditMinor > 0) errors.amount = 'A line is either debit or credit, not both';
      else if (debitMinor === 0 && creditMinor === 0) errors.amount = 'Enter a debit or a credit amount';
    }
    const dimensions = parseDimensions(line.dimensions);
    if (!dimensions.ok) errors.dimensions = dimensions.message;
  }
  return { debitMinor, creditMinor, errors, blank };
}

/**
 * A line in another currency: the amount in that currency times the rate, rounded half away from
 * zero to the öre (shared/exchange.ts, exactly as the ledger checks it), on the line's side.
 */
function foreignLineState(line: VoucherFormLine): LineState {
  const currency = line.currency!;
  const errors: LineState['errors'] = {};
  const amountText = (line.currencyAmount ?? '').replace(/[\s\u00a0\u202f]/g, '');
  let amountMinor: number | null = null;
  if (amountText === '') errors.currencyAmount = `Enter the amount in ${currency}`;
  else {
    try {
      amountMinor = parseDecimalToMinor(amountText, currency);
      if (amountMinor <= 0) { errors.currencyAmount = 'Enter a positive amount; choose the side for the sign'; amountMinor = null; }
    } catch {
      errors.currencyAmount = `Not an amount in ${currency} — write e.g. 10,00`;
    }
  }
  const rate = normaliseRate(line.rate ?? '');
  if (!rate) errors.rate = `Enter the rate: kronor per ${currency}, e.g. 11,50`;
  const base = amountMinor !== null && rate ? convertToBase(amountMinor, parseExchangeRate(rate)!, currency, 'SEK') : null;
  if (amountMinor !== null && rate && base === null) errors.currencyAmount = 'The amount is too large';
  if (!line.account) errors.account = 'Choose an account';
  const dimensions = parseDimensions(line.dimensions);
  if (!dimensions.ok) errors.dimensions = dimensions.message;
  const side = line.side ?? 'debit';
  return {
    debitMinor: side === 'debit' ? base ?? 0 : 0, creditMinor: side === 'credit' ? base ?? 0 : 0, errors, blank: false,
    ...(amountMinor !== null && rate ? { foreign: { currency, amountMinor, rate } } : {}),
  };
}

/** Typing an amount in one column empties the other: a line is debit or credit. The patch for the line. */
export function setLineAmount(side: 'debit' | 'credit', value: string): Partial<VoucherFormLine> {
  return side === 'debit' ? { debit: value, ...(value.trim() ? { credit: '' } : {}) } : { credit: value, ...(value.trim() ? { debit: '' } : {}) };
}

/** The amount as it reads once the field loses focus ("1234,5" → "1 234,50"), or null to leave it as typed. */
export function tidyLineAmount(line: VoucherFormLine, side: 'debit' | 'credit'): Partial<VoucherFormLine> | null {
  const parsed = parseKronor(line[side]);
  return parsed.ok && parsed.minor !== null ? { [side]: formatKronor(parsed.minor) } : null;
}

/**
 * The messages to show under a line: its own (none for an untouched blank line until the person tries
 * to post; each once) and the server's for it (issuesByLine); `invalid` when there is any.
 */
export function lineMessages(state: LineState, attempted: boolean, fromServer: string[] = []): { show: boolean; messages: string[]; fromServer: string[]; invalid: boolean } {
  const show = attempted || !state.blank;
  const messages = show ? [...new Set(Object.values(state.errors))] : [];
  return { show, messages, fromServer, invalid: messages.length > 0 || fromServer.length > 0 };
}

export interface FormSummary {
  lines: LineState[];
  debitMinor: number;
  creditMinor: number;
  /** debit − credit; 0 when the voucher balances */
  differenceMinor: number;
  /** lines that will be sent */
  filled: number;
}

export function summarize(form: VoucherForm): FormSummary {
  const lines = form.lines.map(lineState);
  const debitMinor = lines.reduce((sum, l) => sum + l.debitMinor, 0);
  const creditMinor = lines.reduce((sum, l) => sum + l.creditMinor, 0);
  return { lines, debitMinor, creditMinor, differenceMinor: debitMinor - creditMinor, filled: lines.filter((l) => !l.blank).length };
}

export type BuildResult = { ok: true; request: ManualVoucherRequest; sentIndexes: number[] } | { ok: false; message: string };

/** The request body, or why it cannot be sent yet. `sentIndexes[i]` is the form line of request line i. */
export function buildVoucherRequest(form: VoucherForm): BuildResult {
  const summary = summarize(form);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.date)) return { ok: false, message: 'Choose the voucher date' };
  if (!/^[A-Z]{1,2}$/.test(form.series)) return { ok: false, message: 'The series is one or two capital letters, e.g. A' };
  if (!form.text.trim()) return { ok: false, message: 'Describe the voucher (text)' };
  if (summary.lines.some((l) => !l.blank && Object.keys(l.errors).length > 0)) return { ok: false, message: 'Correct the marked lines' };
  if (summary.filled < 2) return { ok: false, message: 'A voucher needs at least two lines' };
  if (summary.differenceMinor !== 0) return { ok: false, message: `The voucher does not balance: difference ${formatMinor(summary.differenceMinor, 'SEK')}` };
  const counterpartyName = (form.counterpartyName ?? '').trim();
  const counterpartyId = (form.counterpartyId ?? '').trim();
  if (!counterpartyName && counterpartyId) return { ok: false, message: 'Give the counterparty\'s name too (or clear its number)' };
  if (counterpartyName.length > counterpartyNameMax) return { ok: false, message: `The counterparty's name is at most ${counterpartyNameMax} characters` };
  if (counterpartyId.length > counterpartyIdMax) return { ok: false, message: `The counterparty's number is at most ${counterpartyIdMax} characters` };
  const sentIndexes: number[] = [];
  const lines: ManualVoucherRequest['lines'] = [];
  form.lines.forEach((line, index) => {
    const state = summary.lines[index];
    if (state.blank) return;
    const dimensions = parseDimensions(line.dimensions);
    sentIndexes.push(index);
    lines.push({
      account: line.account,
      ...(state.debitMinor > 0 ? { debitMinor: state.debitMinor } : { creditMinor: state.creditMinor }),
      ...(state.foreign ? { currency: state.foreign.currency, currencyAmountMinor: state.foreign.amountMinor, rate: state.foreign.rate } : {}),
      ...(line.vatCode ? { vatCode: line.vatCode } : {}),
      ...(dimensions.ok && dimensions.dimensions ? { dimensions: dimensions.dimensions } : {}),
      ...(line.text.trim() ? { text: line.text.trim() } : {}),
    });
  });
  const counterparty = counterpartyName ? { counterparty: { name: counterpartyName, ...(counterpartyId ? { id: counterpartyId } : {}) } } : {};
  return { ok: true, request: { date: form.date, series: form.series, text: form.text.trim(), ...counterparty, lines }, sentIndexes };
}

/**
 * The server's issues of a refused voucher: those with a path "lines[i]…" go
 * on form line sentIndexes[i]; the rest are about the whole voucher.
 */
export function issuesByLine(error: ApiError | null, sentIndexes: number[]): { lines: Map<number, string[]>; general: string[] } {
  const lines = new Map<number, string[]>();
  const general: string[] = [];
  for (const issue of error?.issues ?? []) {
    const match = /^lines\[(\d+)\]/.exec(issue.path);
    const formIndex = match ? sentIndexes[Number(match[1])] : undefined;
    if (formIndex === undefined) { general.push(issue.message); continue; }
    lines.set(formIndex, [...(lines.get(formIndex) ?? []), issue.message]);
  }
  if (error && !error.issues?.length) general.push(error.message);
  return { lines, general };
}

/** Why a file cannot be attached to a voucher (checked before posting; the server checks again), or null. */
export function attachmentProblem(file: { name: string; type: string; size: number }): string | null {
  if (!(voucherAttachmentMediaTypes as readonly string[]).includes(file.type)) return t('{file}: attach a PDF, PNG, JPEG or XML file', { file: file.name });
  if (file.size === 0) return t('{file} is empty', { file: file.name });
  if (file.size > voucherAttachmentBytesMax) return t('{file} is larger than {size} MB', { file: file.name, size: voucherAttachmentBytesMax / 1024 / 1024 });
  return null;
}

/** A VAT code as the forms need it: its rate and the accounts its VAT goes to. */
export interface FormVatCode { code: string; rateBasisPoints: number; outputAccount: string | null; inputAccount: string | null }

/**
 * The VAT code to pre-fill when a line's account is chosen: the account's default code (6110 → I25)
 * only when the voucher already has a line on that code's VAT account (2641), or when the code carries
 * no VAT. A code whose VAT is nowhere on the voucher would only be refused by the posting check, and
 * the form never adds or splits amounts by itself (whether the amount is gross, net or VAT-free is what
 * the person knows): '' then, and `vatLineMissing` says which account would take the VAT.
 */
export function vatCodeToPrefill(lines: VoucherFormLine[], index: number, defaultCode: string | null | undefined, codes: FormVatCode[] | undefined):
  { vatCode: string; vatLineMissing?: { code: string; accounts: string[] } } {
  const rule = defaultCode ? codes?.find((c) => c.code === defaultCode) : undefined;
  if (!rule) return { vatCode: '' };
  const accounts = [rule.outputAccount, rule.inputAccount].filter((a): a is string => !!a);
  if (rule.rateBasisPoints <= 0 || accounts.length === 0) return { vatCode: rule.code };
  const booked = lines.some((l, i) => i !== index && accounts.includes(l.account));
  return booked ? { vatCode: rule.code } : { vatCode: '', vatLineMissing: { code: rule.code, accounts } };
}
