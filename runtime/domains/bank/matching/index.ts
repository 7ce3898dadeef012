/** Matching incoming payments to open customer invoices (pure; see match-payment.ts). */
export {
  createMatcher,
  paymentFromStatementLine,
  formatAmount,
  MatchError,
  ambiguityMargin,
  nameMatchMin,
  candidatesMax,
  invoiceCountMax,
  type Allocation,
  type ExceptionReason,
  type IncomingPayment,
  type MatchCandidate,
  type MatchDecision,
  type Matcher,
  type MatchKind,
  type OpenInvoice,
} from './match-payment.ts';
export { matchSettingsSchema, defaultMatchSettings, type MatchSettings, type MatchSettingsInput } from './settings.ts';
export { normalisePartyName, partyNameSimilarity } from './names.ts';
export { ocrDigits, ocrBases, lengthDigitValid, ocrTypoVariants } from './ocr.ts';
