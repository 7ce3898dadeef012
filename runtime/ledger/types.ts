import type { Voucher } from '../../shared/api.ts';
import type { Message } from '../../shared/i18n/messages.ts';

export interface VoucherLineDraft {
  account: string;
  debitMinor?: number;
  creditMinor?: number;
  /**
   * The currency the line's amount was in. The debit or credit is always in the company's base
   * currency (SEK); a line in another currency also carries `currencyAmountMinor` (that amount, in
   * its minor units, positive) and `rate` (base currency per unit, a decimal string), and its
   * debit or credit must be round(currencyAmountMinor × rate), half away from zero (check.ts).
   */
  currency?: string;
  currencyAmountMinor?: number | null;
  rate?: string | null;
  vatCode?: string | null;
  /** dimension number → object code, e.g. { "1": "100" } */
  dimensions?: Record<string, string>;
  text?: string | null;
}

/** A voucher's counterparty: a name, and a customer/supplier number or org number when known. */
export interface VoucherCounterparty {
  /** at most counterpartyNameMax characters, not blank */
  name: string;
  /** at most counterpartyIdMax characters */
  id?: string | null;
}

export interface VoucherDraft {
  date: string;
  series: string;
  text: string;
  sourceRef?: string | null;
  /** BFL 5:7: who the business event was with (a bank line's counterparty, an invoice's supplier or customer); null when unknown */
  counterparty?: VoucherCounterparty | null;
  /**
   * History read from a SIE file (set by importSie only, never from a request): kept as written — no
   * VAT posting check, a blank text allowed. A `sie:` sourceRef alone does not exempt a voucher.
   */
  importedHistory?: boolean;
  /** "user:<id>" or "automation:<id>" */
  registeredBy: string;
  automationId?: string | null;
  automationVersion?: number | null;
  runId?: string | null;
  reversesVoucherId?: string | null;
  /** The same key again returns the first voucher and posts nothing. */
  idempotencyKey?: string | null;
  lines: VoucherLineDraft[];
}

/** Expected business outcomes (kind 2): a typed refusal with a precise code. */
export type LedgerRefusalCode =
  | 'unbalanced'
  | 'no_lines'
  | 'invalid_amount'
  /** over lineAmountMinorMax or voucherTotalMinorMax (shared/money.ts) */
  | 'amount_too_large'
  | 'invalid_line'
  /** a line in another currency without its amount or rate, or whose base amount is not amount × rate */
  | 'invalid_currency_line'
  | 'invalid_date'
  | 'no_fiscal_year'
  | 'period_locked'
  | 'unknown_account'
  | 'inactive_account'
  | 'unknown_series'
  | 'unknown_vat_code'
  /** a VAT code on an account of the wrong kind (output VAT code on an expense account, input VAT code on 2611) */
  | 'vat_account_mismatch'
  /** the VAT booked does not fit base × rate (± 1 öre per coded line) */
  | 'vat_amount_mismatch'
  | 'unknown_dimension_object'
  | 'unknown_company'
  | 'voucher_not_found'
  | 'already_reversed'
  | 'cannot_reverse_reversal'
  /** a reversal dated before the voucher it reverses */
  | 'reversal_before_original'
  /** a voucher without a text saying what it is (BFL 5:7) */
  | 'blank_text'
  /** a counterparty without a name, or with a name or id that is too long */
  | 'invalid_counterparty'
  | 'reason_required';

export class LedgerRefusal extends Error {
  constructor(
    readonly code: LedgerRefusalCode,
    message: string,
    /** 0-based index of the offending line, when one is to blame */
    readonly lineIndex?: number,
    /** index of the voucher in a batch */
    readonly voucherIndex?: number,
    /** the same sentence as a message, for another language (shared/i18n) */
    readonly text?: Message,
  ) {
    super(message);
    this.name = 'LedgerRefusal';
  }
}

export interface PostedVoucher {
  voucher: Voucher;
  /** true when the idempotency key had been used: nothing new was posted */
  replayed: boolean;
}
