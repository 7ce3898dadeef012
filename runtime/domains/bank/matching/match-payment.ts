/**
 * Matching incoming payments to open customer invoices: the decision logic
 * of the match-payment action node. Pure: no database, no clock, no I/O.
 *
 * `createMatcher(openInvoices, settings)` indexes the invoices once; then
 * `match(payment)` decides one payment against what is still open, and
 * `apply(decision)` reduces the open amounts it settled, so the lines of a
 * statement are matched in order (a second payment of an invoice sees the
 * reduced open amount). The caller re-checks the open amounts in the
 * database inside the posting transaction; this module never settles beyond
 * the open amount it knows.
 *
 * Evidence per candidate invoice, combined as 1 − Π(1 − e) ("noisy or"):
 *   exact OCR (reference field or extra references)     1.00
 *   OCR with the same base (with/without length digit)  0.95
 *   OCR found in the remittance text                    0.95
 *   invoice number found in the reference or text       0.90
 *   OCR with a one-digit typo (Damerau distance 1)      0.60
 *   payment amount equals the open amount               0.50
 *   payer name ≈ customer name (similarity s ≥ 0.85)    0.70·s
 * A candidate without any reference evidence whose booking date is outside
 * the date window scores ×0.75. So: exact OCR → 1; name + amount with an
 * identical name → 0.85, with similarity 0.93 → 0.83, with 0.85 → 0.80;
 * amount alone → 0.5; a typo alone → 0.6, a typo and the amount → 0.8.
 *
 * Order of decision (see `match`): reversal / not money in → referenced
 * invoices of one customer summing to the payment (multi) → a candidate in
 * another currency that reaches the threshold and beats every candidate in
 * the payment's currency (currency_mismatch) → the best single candidate
 * (ambiguous when the runner-up is within `ambiguityMargin`; matched /
 * partial / overpaid by amount, or a multi that includes it when the
 * payment is larger) → a customer found by payer name whose open invoices
 * sum to the payment (multi) → below_threshold with the candidates, or
 * no_match.
 */
import { currencyDecimals, isCurrency, isWithinLineCap } from '../../../../shared/money.ts';
import type { StatementLine } from '../../../formats/bank-statement.ts';
import { normalisePartyName, normalisedNameSimilarity, nameWords } from './names.ts';
import { describeTypo, luhnValid, ocrBases, ocrCheckOnly, ocrDigits, ocrLengthMax, ocrTypoVariants, ocrWithLength } from './ocr.ts';
import { matchSettingsSchema, type MatchSettings, type MatchSettingsInput } from './settings.ts';
import { findSubsetsWithSum, subsetItemsMax } from './subset-sum.ts';

// ---------------------------------------------------------------- types

export interface OpenInvoice {
  invoiceNumber: string;
  customerNo: string;
  customerName: string;
  currency: string;
  /** what is still to be paid, minor units, ≥ 0 (0: paid, kept so a second payment is recognised) */
  openMinor: number;
  /** the invoice total, minor units, ≥ openMinor */
  amountMinor: number;
  /** YYYY-MM-DD */
  issueDate: string;
  /** YYYY-MM-DD */
  dueDate: string;
  ocrReference: string | null;
}

export interface IncomingPayment {
  /** the bank line id, e.g. StatementLine.id */
  id: string;
  /** signed minor units: only > 0 is a payment in */
  amountMinor: number;
  currency: string;
  /** YYYY-MM-DD */
  bookingDate: string;
  /** structured reference (may be an OCR, an RF reference, several OCRs separated by spaces) */
  reference: string | null;
  /** unstructured remittance text */
  text: string | null;
  counterpartyName: string | null;
  /** a returned payment */
  reversal: boolean;
  /** more references the bank gave (BgMax TK22, camt EndToEndId …), read like the reference field */
  extraReferences?: readonly string[];
}

export type MatchKind = 'matched' | 'partial' | 'overpaid' | 'multi' | 'exception';

export type ExceptionReason =
  /** nothing points at an open invoice */
  | 'no_match'
  /** two candidates (or two sets of invoices) score alike */
  | 'ambiguous'
  /** the best candidate is in another currency: never matched across currencies */
  | 'currency_mismatch'
  /** the bank marks the line as a returned payment */
  | 'reversal'
  /** money out or zero: not a customer payment */
  | 'not_incoming'
  /** candidates exist, none reaches the threshold */
  | 'below_threshold'
  /** identified, but less than the open amount and partial payments are off */
  | 'partial_not_allowed'
  /** identified, but more than the open amount and overpayments are off */
  | 'overpayment_not_allowed'
  /** the invoice it points at has nothing open any more (a second payment?) */
  | 'already_paid'
  /** the payment equals the sum of more referenced invoices than invoicesMax */
  | 'too_many_invoices';

export interface Allocation {
  invoiceNumber: string;
  customerNo: string;
  amountMinor: number;
}

export interface MatchCandidate {
  invoiceNumber: string;
  customerNo: string;
  customerName: string;
  currency: string;
  /** open amount when the payment was matched */
  openMinor: number;
  score: number;
  reasons: string[];
}

export interface MatchDecision {
  paymentId: string;
  kind: MatchKind;
  /** in the payment's currency; their sum never exceeds the payment, each never exceeds the invoice's open amount */
  allocations: Allocation[];
  /** overpaid: what becomes a customer credit (payment − open amount) */
  excessMinor?: number;
  /** partial: what stays open on the invoice */
  remainingMinor?: number;
  exceptionReason?: ExceptionReason;
  /** best first; at most candidatesMax */
  candidates: MatchCandidate[];
  /** 0–1, three decimals; 0 for an exception without a usable candidate */
  score: number;
  reasons: string[];
}

export interface Matcher {
  readonly settings: MatchSettings;
  match(payment: IncomingPayment): MatchDecision;
  /** reduces the open amounts by a decision's allocations (no-op for an exception); throws MatchError when it would over-settle */
  apply(decision: MatchDecision): void;
  /** match then apply each payment, in order */
  matchAll(payments: readonly IncomingPayment[]): MatchDecision[];
  /** what the matcher believes is still open, or undefined for an unknown invoice */
  openMinorOf(invoiceNumber: string): number | undefined;
  /**
   * Reduces open amounts by allocations settled elsewhere (a decision
   * committed after it was made, by this or another matcher); throws
   * MatchError for an unknown invoice or one that would be over-settled.
   */
  settle(allocations: readonly Allocation[]): void;
}

/** An input that breaks the contract (a bug upstream) or an apply that would over-settle. */
export class MatchError extends Error {
  constructor(readonly code: string, readonly where: string, message: string) {
    super(`${where}: ${message}`);
    this.name = 'MatchError';
  }
}

// ---------------------------------------------------------------- limits and weights

export const invoiceCountMax = 1_000_000;
export const invoiceNumberLengthMax = 64;
export const customerNoLengthMax = 64;
export const customerNameLengthMax = 256;
export const paymentIdLengthMax = 256;
/** longer reference, text and name fields are cut to these lengths before matching */
export const referenceLengthMax = 140;
export const textLengthMax = 2_000;
export const counterpartyNameLengthMax = 256;
export const extraReferencesMax = 20;
/** words of reference, text and extra references looked up, per payment */
export const tokensMax = 200;
/** an invoice number must have at least this many characters to be recognised in free text */
export const textInvoiceNumberLengthMin = 3;
export const candidatesMax = 5;
/** open invoices with the payment's exact amount compared by name, per payment */
export const amountBucketScanMax = 200;
/** customers found by payer name searched for a multi-invoice sum */
export const nameCustomersMax = 3;
/** the runner-up within this many score points of the best makes the decision ambiguous */
export const ambiguityMargin = 0.05;
/** payer-name similarity that counts as evidence */
export const nameMatchMin = 0.85;
/** similarity shown as "resembles" in a candidate's reasons (below nameMatchMin it is no evidence) */
const nameShownMin = 0.6;
/** customers sharing a name word, above which the word is too common to look customers up by */
const nameWordBucketMax = 200;

const weightExactOcr = 1;
const weightOcrBase = 0.95;
const weightOcrInText = 0.95;
const weightInvoiceNumber = 0.9;
const weightOcrTypo = 0.6;
const weightAmountEqual = 0.5;
const weightName = 0.7;
const outsideWindowFactor = 0.75;
/** a multi anchored on one referenced invoice plus others of its customer */
const anchoredMultiScoreMax = 0.9;
const reasonsPerCandidateMax = 8;

// ---------------------------------------------------------------- internals

interface Entry {
  invoice: OpenInvoice;
  /** normalised (trimmed, upper-case) invoice number */
  key: string;
  openMinor: number;
  issueDay: number;
  dueDay: number;
  ocr: string | null;
  customerName: string;
}

interface Evidence {
  entry: Entry;
  refScore: number;
  reasons: string[];
}

interface Scored {
  entry: Entry;
  score: number;
  reasons: string[];
  amountEqual: boolean;
  hasReference: boolean;
  refScore: number;
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const tokenSeparator = /[^\p{L}\p{N}\-\/]+/u;

const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days since 1970-01-01 of a YYYY-MM-DD date, or NaN when it is not one (no Date objects: this runs twice per invoice). */
function daysOf(date: unknown): number {
  if (typeof date !== 'string' || date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return NaN;
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const c = date.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    y = y * 10 + c;
  }
  const m1 = date.charCodeAt(5) - 48, m2 = date.charCodeAt(6) - 48, d1 = date.charCodeAt(8) - 48, d2 = date.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return NaN;
  const m = m1 * 10 + m2;
  const d = d1 * 10 + d2;
  if (m < 1 || m > 12 || d < 1) return NaN;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > (m === 2 && leap ? 29 : daysInMonth[m - 1])) return NaN;
  // days from civil (H. Hinnant)
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function dateError(date: unknown, where: string): MatchError {
  const shape = typeof date === 'string' && datePattern.test(date);
  return new MatchError('invalid_date', where, shape ? `${date} is not a calendar date` : `expected a date YYYY-MM-DD, got ${JSON.stringify(date)}`);
}

/** [code, message] when `value` is not a fitting string, else null (the caller names where: no closures on the hot path) */
function stringProblem(value: unknown, lengthMax: number, allowEmpty: boolean): [string, string] | null {
  if (typeof value !== 'string') return ['invalid_field', `expected a string, got ${JSON.stringify(value)}`];
  if (!allowEmpty && (value.length === 0 || value.trim() === '')) return ['invalid_field', 'must not be empty'];
  if (value.length > lengthMax) return ['field_too_long', `at most ${lengthMax} characters, got ${value.length}`];
  return null;
}

function requireString(value: unknown, where: string, lengthMax: number, allowEmpty = false): void {
  const problem = stringProblem(value, lengthMax, allowEmpty);
  if (problem !== null) throw new MatchError(problem[0], where, problem[1]);
}

const currencyPattern = /^[A-Z]{3}$/;

function currencyProblem(value: unknown): string | null {
  return typeof value === 'string' && currencyPattern.test(value) ? null : `expected an ISO 4217 code like "SEK", got ${JSON.stringify(value)}`;
}

/** A nullable text field of a payment, cut to lengthMax (the error names payment `id` and `field`). */
function optionalString(value: unknown, id: string, field: string, lengthMax: number): string | null {
  if (value == null) return null;
  if (typeof value !== 'string') throw new MatchError('invalid_field', `payment ${id}.${field}`, `expected a string or null, got ${JSON.stringify(value)}`);
  return value.length > lengthMax ? value.slice(0, lengthMax) : value;
}

/** "1 250,00 SEK": amounts in reasons are for people (sv-SE grouping, plain spaces). Integer arithmetic only. */
export function formatAmount(amountMinor: number, currency: string): string {
  if (!isCurrency(currency) || !Number.isSafeInteger(amountMinor)) return `${amountMinor} minor units ${currency}`;
  const decimals = currencyDecimals[currency];
  const digits = String(Math.abs(amountMinor)).padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  let grouped = '';
  for (let end = whole.length; end > 0; end -= 3) grouped = whole.slice(Math.max(0, end - 3), end) + (grouped === '' ? '' : ' ' + grouped);
  return `${amountMinor < 0 ? '-' : ''}${grouped}${decimals ? ',' + digits.slice(digits.length - decimals) : ''} ${currency}`;
}

function roundScore(score: number): number {
  return Math.round(score * 1000) / 1000;
}

function quote(text: string): string {
  return `'${text.length > 60 ? text.slice(0, 57) + '…' : text}'`;
}

function validateInvoice(invoice: OpenInvoice, index: number): void {
  if (invoice === null || typeof invoice !== 'object') throw new MatchError('invalid_invoice', `openInvoices[${index}]`, 'expected an object');
  const where = (field: string) => `openInvoices[${index}] (invoice ${invoice.invoiceNumber}).${field}`;
  let problem = stringProblem(invoice.invoiceNumber, invoiceNumberLengthMax, false);
  if (problem !== null) throw new MatchError(problem[0], `openInvoices[${index}].invoiceNumber`, problem[1]);
  if ((problem = stringProblem(invoice.customerNo, customerNoLengthMax, false)) !== null) throw new MatchError(problem[0], where('customerNo'), problem[1]);
  if ((problem = stringProblem(invoice.customerName, customerNameLengthMax, true)) !== null) throw new MatchError(problem[0], where('customerName'), problem[1]);
  const currency = currencyProblem(invoice.currency);
  if (currency !== null) throw new MatchError('invalid_currency', where('currency'), currency);
  if (!isWithinLineCap(invoice.openMinor) || invoice.openMinor < 0) {
    throw new MatchError('invalid_amount', where('openMinor'), `expected an integer ≥ 0 (minor units, within the line cap), got ${JSON.stringify(invoice.openMinor)}; credit notes are not matched`);
  }
  if (!isWithinLineCap(invoice.amountMinor) || invoice.amountMinor < invoice.openMinor) {
    throw new MatchError('invalid_amount', where('amountMinor'), `expected an integer ≥ openMinor (${invoice.openMinor}), got ${JSON.stringify(invoice.amountMinor)}`);
  }
  if (invoice.ocrReference !== null && typeof invoice.ocrReference !== 'string') {
    throw new MatchError('invalid_field', where('ocrReference'), `expected a string or null, got ${JSON.stringify(invoice.ocrReference)}`);
  }
  for (const field of ['issueDate', 'dueDate'] as const) {
    if (Number.isNaN(daysOf(invoice[field]))) throw dateError(invoice[field], where(field));
  }
}

function validatePayment(payment: IncomingPayment): void {
  if (payment === null || typeof payment !== 'object') throw new MatchError('invalid_payment', 'payment', 'expected an object');
  requireString(payment.id, 'payment.id', paymentIdLengthMax);
  if (!isWithinLineCap(payment.amountMinor)) {
    throw new MatchError('invalid_amount', `payment ${payment.id}.amountMinor`, `expected an integer (minor units, within the line cap), got ${JSON.stringify(payment.amountMinor)}`);
  }
  const currency = currencyProblem(payment.currency);
  if (currency !== null) throw new MatchError('invalid_currency', `payment ${payment.id}.currency`, currency);
  if (typeof payment.reversal !== 'boolean') throw new MatchError('invalid_field', `payment ${payment.id}.reversal`, `expected a boolean, got ${JSON.stringify(payment.reversal)}`);
  if (payment.extraReferences !== undefined && !Array.isArray(payment.extraReferences)) {
    throw new MatchError('invalid_field', `payment ${payment.id}.extraReferences`, 'expected an array of strings');
  }
  if (Number.isNaN(daysOf(payment.bookingDate))) throw dateError(payment.bookingDate, `payment ${payment.id}.bookingDate`);
}

const allDigits = /^\d+$/;

function addEvidence(evidence: Map<Entry, Evidence>, entry: Entry, score: number, reason: string): void {
  const found = evidence.get(entry);
  if (found === undefined) {
    evidence.set(entry, { entry, refScore: score, reasons: [reason] });
    return;
  }
  if (score > found.refScore) found.refScore = score;
  if (found.reasons.length < reasonsPerCandidateMax && !found.reasons.includes(reason)) found.reasons.push(reason);
}

/** Splits free text into distinct words (letters, digits, '-' and '/' inside), at most `limit`. */
function tokensOf(text: string, into: Set<string>, limit: number): void {
  for (const raw of text.split(tokenSeparator)) {
    if (into.size >= limit) return;
    const token = raw.replace(/^[\-\/]+|[\-\/]+$/g, '');
    if (token.length >= 2 && token.length <= invoiceNumberLengthMax) into.add(token);
  }
}

// ---------------------------------------------------------------- the matcher

export function createMatcher(openInvoices: readonly OpenInvoice[], settingsInput: MatchSettingsInput = {}): Matcher {
  const parsed = matchSettingsSchema.safeParse(settingsInput);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MatchError('invalid_settings', `settings.${issue.path.join('.')}`, issue.message);
  }
  const settings: MatchSettings = parsed.data;
  if (!Array.isArray(openInvoices)) throw new MatchError('invalid_invoices', 'openInvoices', 'expected an array');
  if (openInvoices.length > invoiceCountMax) {
    throw new MatchError('too_many_invoices', 'openInvoices', `at most ${invoiceCountMax} open invoices per matcher, got ${openInvoices.length}`);
  }

  const byNumber = new Map<string, Entry>();
  const byOcr = new Map<string, Entry[]>();
  /** the lengths of the invoices' OCRs: a typo variant of another length cannot match */
  const ocrLengths = new Set<number>();
  /** currency → open amount → invoices with that open amount (> 0) */
  const byAmount = new Map<string, Map<number, Entry[]>>();
  const byCustomer = new Map<string, Entry[]>();
  const normalisedNames = new Map<string, string>();
  let customersByWord: Map<string, Set<string>> | null = null;
  /** decisions that settle something, made and not yet applied, with the invoices they settle (in allocation order) */
  const pending = new WeakMap<MatchDecision, Entry[]>();

  const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  const amountBucket = (currency: string) => {
    let bucket = byAmount.get(currency);
    if (!bucket) byAmount.set(currency, (bucket = new Map()));
    return bucket;
  };

  for (let i = 0; i < openInvoices.length; i++) {
    const invoice = openInvoices[i];
    validateInvoice(invoice, i);
    const key = invoice.invoiceNumber.trim().toUpperCase();
    if (byNumber.has(key)) {
      throw new MatchError('duplicate_invoice', `openInvoices[${i}].invoiceNumber`, `invoice number ${invoice.invoiceNumber} appears twice`);
    }
    let customerName = normalisedNames.get(invoice.customerName);
    if (customerName === undefined) normalisedNames.set(invoice.customerName, (customerName = normalisePartyName(invoice.customerName)));
    const ocr = ocrDigits(invoice.ocrReference);
    const entry: Entry = {
      invoice,
      key,
      openMinor: invoice.openMinor,
      issueDay: daysOf(invoice.issueDate),
      dueDay: daysOf(invoice.dueDate),
      ocr,
      customerName,
    };
    byNumber.set(key, entry);
    push(byCustomer, invoice.customerNo, entry);
    if (ocr !== null) {
      push(byOcr, ocr, entry);
      ocrLengths.add(ocr.length);
    }
    if (entry.openMinor > 0) push(amountBucket(invoice.currency), entry.openMinor, entry);
  }

  function customerIndex(): Map<string, Set<string>> {
    if (customersByWord) return customersByWord;
    customersByWord = new Map();
    for (const [customerNo, entries] of byCustomer) {
      for (const word of nameWords(entries[0].customerName)) {
        let set = customersByWord.get(word);
        if (!set) customersByWord.set(word, (set = new Set()));
        set.add(customerNo);
      }
    }
    return customersByWord;
  }

  // ------------------------------------------------ evidence

  /** an exact OCR in a reference-like field; true when something was found */
  function addExactOcr(evidence: Map<Entry, Evidence>, digits: string, where: string): boolean {
    const hits = byOcr.get(digits);
    if (hits === undefined) return false;
    for (const entry of hits) addEvidence(evidence, entry, weightExactOcr, `OCR ${digits}${where} matches invoice ${entry.invoice.invoiceNumber} exactly`);
    return true;
  }

  /**
   * The reference is a valid OCR but no invoice's: is it the other form
   * (with ↔ without length digit) of an invoice's OCR, or an OCR built from
   * an invoice number?
   */
  function addOcrBase(evidence: Map<Entry, Evidence>, digits: string): boolean {
    let found = false;
    for (const { base, withLengthDigit } of ocrBases(digits)) {
      const form = withLengthDigit ? 'length and check digit' : 'check digit';
      const otherForm = withLengthDigit ? ocrCheckOnly(base) : base.length + 2 <= ocrLengthMax ? ocrWithLength(base) : '';
      for (const entry of (otherForm !== digits && byOcr.get(otherForm)) || []) {
        addEvidence(evidence, entry, weightOcrBase, `OCR ${digits} has the base ${base} of invoice ${entry.invoice.invoiceNumber}'s OCR ${otherForm} (${withLengthDigit ? 'one with, one without' : 'one without, one with'} a length digit)`);
        found = true;
      }
      const byItsNumber = byNumber.get(base);
      if (byItsNumber !== undefined) {
        addEvidence(evidence, byItsNumber, weightOcrBase, `OCR ${digits} is invoice number ${base} with ${form}`);
        found = true;
      }
    }
    return found;
  }

  function gatherReferenceEvidence(payment: IncomingPayment): Map<Entry, Evidence> {
    const evidence = new Map<Entry, Evidence>();
    const referenceText = optionalString(payment.reference, payment.id, 'reference', referenceLengthMax);
    const text = optionalString(payment.text, payment.id, 'text', textLengthMax);

    // 1. the structured reference, as one OCR
    const referenceDigits = ocrDigits(referenceText);
    let referenceFound = false;
    if (referenceDigits !== null) {
      referenceFound = addExactOcr(evidence, referenceDigits, '') || addOcrBase(evidence, referenceDigits);
    }
    // 2. words of the reference, the extra references and the text
    let referenceTokens: Set<string> | null = null;
    if (referenceText !== null && !referenceFound) tokensOf(referenceText, (referenceTokens = new Set()), tokensMax);
    const extras = payment.extraReferences;
    if (extras !== undefined && extras.length > 0) {
      for (let i = 0; i < extras.length && i < extraReferencesMax; i++) {
        if (typeof extras[i] !== 'string') continue;
        const extra = extras[i].slice(0, referenceLengthMax);
        const digits = ocrDigits(extra);
        if (digits !== null && addExactOcr(evidence, digits, ' (extra reference)')) continue;
        tokensOf(extra, (referenceTokens ??= new Set()), tokensMax);
      }
    }
    if (referenceTokens !== null) {
      for (const token of referenceTokens) {
        const entry = byNumber.get(token.toUpperCase());
        if (entry) addEvidence(evidence, entry, weightInvoiceNumber, `invoice number ${entry.invoice.invoiceNumber} found in the reference`);
        if (token !== referenceDigits && allDigits.test(token)) addExactOcr(evidence, token, ' (one of the references)');
      }
    }
    if (text !== null) {
      const textTokens = new Set<string>();
      tokensOf(text, textTokens, tokensMax);
      for (const token of textTokens) {
        if (token.length >= textInvoiceNumberLengthMin) {
          const entry = byNumber.get(token.toUpperCase());
          if (entry) addEvidence(evidence, entry, weightInvoiceNumber, `invoice number ${entry.invoice.invoiceNumber} found in the remittance text`);
        }
        if (allDigits.test(token)) {
          for (const hit of byOcr.get(token) ?? []) addEvidence(evidence, hit, weightOcrInText, `OCR ${token} found in the remittance text matches invoice ${hit.invoice.invoiceNumber}`);
        }
      }
    }
    // 3. a typo in an OCR-looking reference that found nothing itself
    if (referenceDigits !== null && !referenceFound && referenceDigits.length >= 5) {
      const checkNote = luhnValid(referenceDigits) ? '' : ', and it fails the check digit';
      for (const variant of ocrTypoVariants(referenceDigits, ocrLengths)) {
        for (const entry of byOcr.get(variant) ?? []) {
          addEvidence(evidence, entry, weightOcrTypo, `OCR has a typo: ${referenceDigits} is one digit off invoice ${entry.invoice.invoiceNumber}'s OCR ${variant} (${describeTypo(referenceDigits, variant)}${checkNote})`);
        }
      }
    }
    return evidence;
  }

  function scoreCandidates(payment: IncomingPayment, evidence: Map<Entry, Evidence>, payerName: string, bookingDay: number): Scored[] {
    const amount = Math.abs(payment.amountMinor);
    // name + amount: open invoices in the payment's currency with exactly this open amount
    const bucket = byAmount.get(payment.currency)?.get(amount);
    let bucketCut = false;
    if (bucket) {
      const scan = Math.min(bucket.length, amountBucketScanMax);
      bucketCut = bucket.length > scan;
      for (let i = 0; i < scan; i++) if (!evidence.has(bucket[i])) evidence.set(bucket[i], { entry: bucket[i], refScore: 0, reasons: [] });
    }
    const out: Scored[] = [];
    const window = settings.dateWindowDays;
    for (const { entry, refScore, reasons } of evidence.values()) {
      const invoice = entry.invoice;
      const sameCurrency = invoice.currency === payment.currency;
      const amountEqual = sameCurrency && entry.openMinor > 0 && entry.openMinor === amount;
      const similarity = payerName === '' ? 0 : normalisedNameSimilarity(payerName, entry.customerName);
      const nameCounts = similarity >= nameMatchMin;
      let miss = 1 - refScore;
      const all = reasons; // this payment's own evidence: extended in place
      if (amountEqual) {
        miss *= 1 - weightAmountEqual;
        all.push(`amount ${formatAmount(amount, payment.currency)} equals the open amount`);
      } else if (sameCurrency) {
        all.push(entry.openMinor === 0
          ? `invoice ${invoice.invoiceNumber} has nothing open (paid)`
          : `amount ${formatAmount(amount, payment.currency)}, open amount ${formatAmount(entry.openMinor, invoice.currency)}`);
      } else {
        all.push(`invoice is in ${invoice.currency} (open ${formatAmount(entry.openMinor, invoice.currency)}), the payment in ${payment.currency}`);
      }
      if (nameCounts) {
        miss *= 1 - weightName * similarity;
        all.push(`payer ${quote(payment.counterpartyName ?? '')} ≈ customer ${quote(invoice.customerName)} (${similarity.toFixed(2)})`);
      } else if (payerName !== '' && similarity >= nameShownMin) {
        all.push(`payer ${quote(payment.counterpartyName ?? '')} only resembles customer ${quote(invoice.customerName)} (${similarity.toFixed(2)})`);
      }
      let score = 1 - miss;
      if (refScore === 0) {
        if (bookingDay < entry.issueDay - window) {
          score *= outsideWindowFactor;
          all.push(`booked ${payment.bookingDate}, ${entry.issueDay - bookingDay} days before the issue date ${invoice.issueDate} (window ${window} days)`);
        } else if (bookingDay > entry.dueDay + window) {
          score *= outsideWindowFactor;
          all.push(`booked ${payment.bookingDate}, ${bookingDay - entry.dueDay} days after the due date ${invoice.dueDate} (window ${window} days)`);
        }
        if (bucketCut) all.push(`only the first ${amountBucketScanMax} open invoices with this amount were compared`);
      }
      out.push({ entry, score: roundScore(score), reasons: all, amountEqual, hasReference: refScore > 0, refScore });
    }
    out.sort(compareScored);
    return out;
  }

  function compareScored(a: Scored, b: Scored): number {
    return b.score - a.score
      || Number(b.amountEqual) - Number(a.amountEqual)
      || a.entry.dueDay - b.entry.dueDay
      || (a.entry.key < b.entry.key ? -1 : a.entry.key > b.entry.key ? 1 : 0);
  }

  function toCandidate(scored: Scored): MatchCandidate {
    const invoice = scored.entry.invoice;
    return {
      invoiceNumber: invoice.invoiceNumber,
      customerNo: invoice.customerNo,
      customerName: invoice.customerName,
      currency: invoice.currency,
      openMinor: scored.entry.openMinor,
      score: scored.score,
      reasons: scored.reasons,
    };
  }

  function candidatesOf(list: readonly Scored[]): MatchCandidate[] {
    return list.slice(0, candidatesMax).map(toCandidate);
  }

  // ------------------------------------------------ decisions

  function decide(decision: MatchDecision, entries: Entry[] = []): MatchDecision {
    if (entries.length > 0) pending.set(decision, entries);
    return decision;
  }

  function exception(payment: IncomingPayment, reason: ExceptionReason, candidates: readonly Scored[], reasons: string[], score = 0): MatchDecision {
    return decide({ paymentId: payment.id, kind: 'exception', allocations: [], exceptionReason: reason, candidates: candidatesOf(candidates), score: roundScore(score), reasons });
  }

  function allocation(entry: Entry, amountMinor: number): Allocation {
    return { invoiceNumber: entry.invoice.invoiceNumber, customerNo: entry.invoice.customerNo, amountMinor };
  }

  function listNumbers(entries: readonly Entry[]): string {
    return entries.map((entry) => entry.invoice.invoiceNumber).join(', ');
  }

  function multi(payment: IncomingPayment, entries: Entry[], score: number, reasons: string[], ranked: readonly Scored[]): MatchDecision {
    entries.sort((a, b) => a.dueDay - b.dueDay || (a.key < b.key ? -1 : 1));
    const first = entries[0].invoice;
    const sum = entries.reduce((total, entry) => total + entry.openMinor, 0);
    if (sum !== payment.amountMinor) throw new MatchError('internal', `payment ${payment.id}`, 'multi allocation does not sum to the payment');
    const inSet = new Set(entries);
    const candidates = [
      ...entries.map((entry) => ranked.find((s) => s.entry === entry) ?? {
        entry, score: roundScore(score), amountEqual: false, hasReference: false, refScore: 0,
        reasons: [...reasons, `open amount ${formatAmount(entry.openMinor, entry.invoice.currency)} is part of the sum`],
      }),
      ...ranked.filter((s) => !inSet.has(s.entry)),
    ];
    return decide({
      paymentId: payment.id,
      kind: 'multi',
      allocations: entries.map((entry) => allocation(entry, entry.openMinor)),
      candidates: candidatesOf(candidates),
      score: roundScore(score),
      reasons: [
        ...reasons,
        `payment ${formatAmount(payment.amountMinor, payment.currency)} equals the sum of the open amounts of invoices ${listNumbers(entries)} of customer ${first.customerNo} ${quote(first.customerName)}`,
      ],
    }, entries);
  }

  /** Open invoices of a customer in a currency, the ones due first, at most subsetItemsMax. */
  function openOfCustomer(customerNo: string, currency: string, filter: (entry: Entry) => boolean): Entry[] {
    const entries = (byCustomer.get(customerNo) ?? []).filter((entry) => entry.openMinor > 0 && entry.invoice.currency === currency && filter(entry));
    entries.sort((a, b) => a.dueDay - b.dueDay || (a.key < b.key ? -1 : 1));
    return entries.slice(0, subsetItemsMax);
  }

  function match(payment: IncomingPayment): MatchDecision {
    validatePayment(payment);
    const bookingDay = daysOf(payment.bookingDate);
    const payerName = normalisePartyName(optionalString(payment.counterpartyName, payment.id, 'counterpartyName', counterpartyNameLengthMax));
    const threshold = settings.thresholdScore;
    const amount = payment.amountMinor;

    if (payment.reversal || amount <= 0) {
      const ranked = scoreCandidates(payment, gatherReferenceEvidence(payment), payerName, bookingDay).filter((s) => s.hasReference);
      return payment.reversal
        ? exception(payment, 'reversal', ranked, [`the bank marks ${formatAmount(amount, payment.currency)} as a returned payment; nothing is settled (a reversal of an earlier match is undone by the ledger, not here)`])
        : exception(payment, 'not_incoming', ranked, [`${formatAmount(amount, payment.currency)} is ${amount === 0 ? 'zero' : 'money out'}, not a customer payment`]);
    }

    const ranked = scoreCandidates(payment, gatherReferenceEvidence(payment), payerName, bookingDay);
    const same = ranked.filter((s) => s.entry.invoice.currency === payment.currency);
    const other = ranked.filter((s) => s.entry.invoice.currency !== payment.currency);

    // 1. several referenced invoices of one customer that sum to the payment
    if (settings.invoicesMax >= 2) {
      const referenced = new Map<string, Scored[]>();
      for (const s of same) {
        if (s.refScore >= weightInvoiceNumber && s.entry.openMinor > 0) {
          const list = referenced.get(s.entry.invoice.customerNo);
          if (list) list.push(s);
          else referenced.set(s.entry.invoice.customerNo, [s]);
        }
      }
      for (const group of referenced.values()) {
        if (group.length < 2) continue;
        const total = group.reduce((sum, s) => sum + s.entry.openMinor, 0);
        const scoreOf = (members: readonly Scored[]) => 1 - (1 - Math.min(...members.map((s) => s.refScore))) * (1 - weightAmountEqual);
        if (total === amount && scoreOf(group) >= threshold) {
          if (group.length > settings.invoicesMax) {
            return exception(payment, 'too_many_invoices', group, [`payment equals the sum of ${group.length} referenced invoices (${listNumbers(group.map((s) => s.entry))}); at most ${settings.invoicesMax} may be settled by one payment`]);
          }
          return multi(payment, group.map((s) => s.entry), scoreOf(group), ['every referenced invoice is settled in full'], same);
        }
        const considered = group.slice(0, subsetItemsMax);
        const found = findSubsetsWithSum(considered.map((s) => s.entry.openMinor), amount, { sizeMin: 2, sizeMax: settings.invoicesMax });
        if (found.solutions.length === 1 && scoreOf(found.solutions[0].map((k) => considered[k])) >= threshold) {
          const members = found.solutions[0].map((k) => considered[k]);
          const left = considered.filter((s) => !members.includes(s)).map((s) => s.entry);
          return multi(payment, members.map((s) => s.entry), scoreOf(members), [`the referenced invoices ${listNumbers(left)} are not part of the sum`], same);
        }
        if (found.solutions.length > 1) {
          return exception(payment, 'ambiguous', group, [`two different sets of the referenced invoices sum to ${formatAmount(amount, payment.currency)}: ${found.solutions.map((solution) => listNumbers(solution.map((k) => considered[k].entry))).join(' / ')}`]);
        }
      }
    }

    // 2. the strongest evidence points at an invoice in another currency
    const top = same[0];
    const otherTop = other[0];
    if (otherTop !== undefined && otherTop.score >= threshold && (top === undefined || otherTop.score > top.score)) {
      return exception(payment, 'currency_mismatch', [...other, ...same], [
        `invoice ${otherTop.entry.invoice.invoiceNumber} is in ${otherTop.entry.invoice.currency}, the payment in ${payment.currency}: never matched across currencies`,
      ], otherTop.score);
    }

    // 3. the best single candidate
    if (top !== undefined && top.score >= threshold) {
      const second = same[1];
      if (second !== undefined && second.score >= top.score - ambiguityMargin) {
        return exception(payment, 'ambiguous', same, [
          `invoices ${top.entry.invoice.invoiceNumber} (${top.score.toFixed(2)}) and ${second.entry.invoice.invoiceNumber} (${second.score.toFixed(2)}) score within ${ambiguityMargin} of each other`,
        ], top.score);
      }
      const entry = top.entry;
      const invoice = entry.invoice;
      const open = entry.openMinor;
      const paid = formatAmount(amount, payment.currency);
      if (open === 0) {
        return exception(payment, 'already_paid', same, [...top.reasons, `invoice ${invoice.invoiceNumber} has nothing left open: a second payment?`], top.score);
      }
      if (amount === open) {
        return decide({
          paymentId: payment.id, kind: 'matched', allocations: [allocation(entry, amount)], candidates: candidatesOf(same), score: top.score,
          reasons: [...top.reasons, `payment ${paid} settles invoice ${invoice.invoiceNumber} exactly`],
        }, [entry]);
      }
      if (amount < open) {
        const remaining = open - amount;
        if (!settings.allowPartial) {
          return exception(payment, 'partial_not_allowed', same, [...top.reasons, `payment ${paid} is less than the open ${formatAmount(open, invoice.currency)} and partial payments are not allowed`], top.score);
        }
        return decide({
          paymentId: payment.id, kind: 'partial', allocations: [allocation(entry, amount)], remainingMinor: remaining, candidates: candidatesOf(same), score: top.score,
          reasons: [...top.reasons, `payment ${paid} settles part of invoice ${invoice.invoiceNumber}; ${formatAmount(remaining, invoice.currency)} stays open`],
        }, [entry]);
      }
      // more than the open amount: this invoice and others of the customer?
      if (settings.invoicesMax >= 2) {
        const others = openOfCustomer(invoice.customerNo, payment.currency, (e) => e !== entry).slice(0, subsetItemsMax);
        const found = findSubsetsWithSum(others.map((e) => e.openMinor), amount - open, { sizeMin: 1, sizeMax: settings.invoicesMax - 1 });
        const anchoredScore = Math.min(top.score, anchoredMultiScoreMax);
        if (found.solutions.length === 1 && anchoredScore >= threshold) {
          const members = [entry, ...found.solutions[0].map((k) => others[k])];
          return multi(payment, members, anchoredScore, [...top.reasons, `the rest is exactly the open amount of other invoices of the same customer`], same);
        }
        if (found.solutions.length > 1) {
          return exception(payment, 'ambiguous', same, [...top.reasons, `the payment exceeds invoice ${invoice.invoiceNumber}, and two different sets of the customer's other open invoices make up the rest`], top.score);
        }
      }
      const excess = amount - open;
      if (!settings.allowOverpayment) {
        return exception(payment, 'overpayment_not_allowed', same, [...top.reasons, `payment ${paid} is more than the open ${formatAmount(open, invoice.currency)} and overpayments are not allowed`], top.score);
      }
      return decide({
        paymentId: payment.id, kind: 'overpaid', allocations: [allocation(entry, open)], excessMinor: excess, candidates: candidatesOf(same), score: top.score,
        reasons: [...top.reasons, `payment ${paid} settles invoice ${invoice.invoiceNumber}; the excess ${formatAmount(excess, payment.currency)} becomes a credit of customer ${invoice.customerNo}`],
      }, [entry]);
    }

    // 4. a customer found by payer name whose open invoices sum to the payment
    if (settings.invoicesMax >= 2 && payerName !== '') {
      const found = multiByName(payment, payerName, bookingDay);
      if (found !== null) {
        if (found.solutions.length > 1) {
          return exception(payment, 'ambiguous', same, [`two different sets of open invoices of customers named like ${quote(payment.counterpartyName ?? '')} sum to ${formatAmount(amount, payment.currency)}: ${found.solutions.map((s) => listNumbers(s)).join(' / ')}`], found.score);
        }
        if (found.score >= threshold) return multi(payment, found.solutions[0], found.score, found.reasons, same);
      }
    }

    if (ranked.length > 0) {
      const best = ranked[0];
      return exception(payment, 'below_threshold', ranked, [`the best candidate, invoice ${best.entry.invoice.invoiceNumber}, scores ${best.score.toFixed(2)}; at least ${threshold.toFixed(2)} is needed`], best.score);
    }
    return exception(payment, 'no_match', [], ['no open invoice matches the reference, the remittance text, or the amount']);
  }

  function multiByName(payment: IncomingPayment, payerName: string, bookingDay: number): { solutions: Entry[][]; score: number; reasons: string[] } | null {
    const index = customerIndex();
    const customers = new Set<string>();
    for (const word of nameWords(payerName)) {
      const set = index.get(word);
      if (set && set.size <= nameWordBucketMax) for (const customerNo of set) customers.add(customerNo);
    }
    const named: { customerNo: string; similarity: number }[] = [];
    for (const customerNo of customers) {
      const similarity = normalisedNameSimilarity(payerName, byCustomer.get(customerNo)![0].customerName);
      if (similarity >= nameMatchMin) named.push({ customerNo, similarity });
    }
    named.sort((a, b) => b.similarity - a.similarity || (a.customerNo < b.customerNo ? -1 : 1));
    const window = settings.dateWindowDays;
    const solutions: Entry[][] = [];
    let best: { score: number; reasons: string[] } | null = null;
    for (const { customerNo, similarity } of named.slice(0, nameCustomersMax)) {
      const entries = openOfCustomer(customerNo, payment.currency, (e) => bookingDay >= e.issueDay - window && bookingDay <= e.dueDay + window);
      if (entries.length < 2) continue;
      const found = findSubsetsWithSum(entries.map((e) => e.openMinor), payment.amountMinor, { sizeMin: 2, sizeMax: settings.invoicesMax });
      for (const solution of found.solutions) solutions.push(solution.map((k) => entries[k]));
      if (found.solutions.length > 0 && best === null) {
        const customerName = entries[0].invoice.customerName;
        best = {
          score: 1 - (1 - weightAmountEqual) * (1 - weightName * similarity),
          reasons: [
            `payer ${quote(payment.counterpartyName ?? '')} ≈ customer ${quote(customerName)} (${similarity.toFixed(2)})`,
            `all within the date window (${window} days)`,
            ...(found.exhausted ? [] : [`the search stopped after ${found.steps} steps`]),
          ],
        };
      }
      if (solutions.length > 1) break;
    }
    if (best === null) return null;
    return { solutions: solutions.slice(0, 2), ...best };
  }

  function apply(decision: MatchDecision): void {
    if (decision.kind === 'exception') return;
    const entries = pending.get(decision);
    if (entries === undefined) {
      throw new MatchError('not_pending', `decision for payment ${decision.paymentId}`, 'was not made by this matcher, or was applied before');
    }
    const allocations = decision.allocations;
    if (allocations.length !== entries.length) throw new MatchError('changed_decision', `decision for payment ${decision.paymentId}`, 'its allocations were changed');
    for (let i = 0; i < allocations.length; i++) {
      const alloc = allocations[i];
      const entry = entries[i];
      if (alloc.invoiceNumber !== entry.invoice.invoiceNumber) {
        throw new MatchError('changed_decision', `decision for payment ${decision.paymentId}, allocations[${i}]`, `invoice ${alloc.invoiceNumber} is not the one decided (${entry.invoice.invoiceNumber})`);
      }
      if (!Number.isSafeInteger(alloc.amountMinor) || alloc.amountMinor <= 0 || alloc.amountMinor > entry.openMinor) {
        throw new MatchError('over_settled', `decision for payment ${decision.paymentId}, allocations[${i}]`, `${alloc.amountMinor} would settle invoice ${alloc.invoiceNumber} beyond its open ${entry.openMinor}`);
      }
    }
    for (let i = 0; i < allocations.length; i++) reduce(entries[i], allocations[i].amountMinor);
    pending.delete(decision);
  }

  function reduce(entry: Entry, amountMinor: number): void {
    const bucket = amountBucket(entry.invoice.currency);
    const list = bucket.get(entry.openMinor);
    if (list !== undefined) {
      const at = list.indexOf(entry);
      if (at >= 0) list.splice(at, 1);
      if (list.length === 0) bucket.delete(entry.openMinor);
    }
    entry.openMinor -= amountMinor;
    if (entry.openMinor > 0) push(bucket, entry.openMinor, entry);
  }

  function settle(allocations: readonly Allocation[]): void {
    const entries = allocations.map((alloc, i) => {
      const entry = byNumber.get(alloc.invoiceNumber.trim().toUpperCase());
      if (!entry) throw new MatchError('unknown_invoice', `allocations[${i}]`, `invoice ${alloc.invoiceNumber} is not known to this matcher`);
      if (!Number.isSafeInteger(alloc.amountMinor) || alloc.amountMinor <= 0 || alloc.amountMinor > entry.openMinor) {
        throw new MatchError('over_settled', `allocations[${i}]`, `${alloc.amountMinor} would settle invoice ${alloc.invoiceNumber} beyond its open ${entry.openMinor}`);
      }
      return entry;
    });
    for (let i = 0; i < entries.length; i++) reduce(entries[i], allocations[i].amountMinor);
  }

  return {
    settings,
    match,
    apply,
    matchAll(payments) {
      return payments.map((payment) => {
        const decision = match(payment);
        apply(decision);
        return decision;
      });
    },
    openMinorOf(invoiceNumber) {
      return byNumber.get(invoiceNumber.trim().toUpperCase())?.openMinor;
    },
    settle,
  };
}

/** A statement line as the matcher's payment (the line's extra references included). */
export function paymentFromStatementLine(line: StatementLine): IncomingPayment {
  return {
    id: line.id,
    amountMinor: line.amountMinor,
    currency: line.currency,
    bookingDate: line.bookingDate,
    reference: line.reference,
    text: line.text,
    counterpartyName: line.counterpartyName,
    reversal: line.reversal,
    extraReferences: line.extraReferences,
  };
}
