/**
 * An example camt.053 statement for one of the company's bank accounts, made
 * from the company's own open customer invoices, so a new user can see the
 * whole incoming-bank flow on their data without a file from a bank:
 *
 * - the oldest open invoice paid in full with its OCR reference (matched),
 * - the next one paid in part, with its OCR (partial: the rest stays open),
 * - the next one paid in full with no reference, only the payer's name and a
 *   text (matched by amount and name),
 * - a payment from somebody unknown (an exception: no match),
 * - a bank fee, interest in and a transfer to the tax account (the example bank rules).
 *
 * It is only written, never imported here: the user downloads it and imports
 * it like any statement (POST …/bank-statements, the Bank page), so the real
 * path runs: stored original, duplicates, balances, the automations. The
 * opening balance is the latest imported statement's closing balance of the
 * account, else the ledger account's balance the day before, so the
 * reconciliation report reads as it would with a real bank. Statement and
 * entry references carry the time made: a second example is new lines, not
 * duplicates.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { companies } from '../../db/schema.ts';
import { DomainRefusal } from '../../kernel/errors.ts';
import { addDays } from '../../../shared/iso-date.ts';
import { companyDate } from '../../kernel/clock.ts';
import { camt053Document, type CamtEntrySpec } from '../../formats/camt/write.ts';
import { listCustomerInvoices } from '../ar/invoices.ts';
import { listBankAccounts, type BankAccountRow } from './accounts.ts';
import { latestClosingBalance, ledgerBalanceOrNull } from './reconciliation.ts';

export interface ExampleStatement {
  filename: string;
  bytes: Uint8Array;
  bankAccountId: string;
  statementId: string;
  entries: number;
  /** what each entry is there to show, in order */
  contents: string[];
}

/** The bank account asked for, else the company's oldest account in SEK with an IBAN (camt names its account by IBAN). */
async function accountFor(db: Db, companyId: string, bankAccountId: string | undefined): Promise<BankAccountRow> {
  const accounts = await listBankAccounts(db, companyId);
  if (bankAccountId !== undefined) {
    const account = accounts.find((a) => a.id === bankAccountId);
    if (!account) throw new DomainRefusal(422, 'unknown_bank_account', `"${bankAccountId}" is not a bank account of this company`);
    if (!account.iban) throw new DomainRefusal(422, 'no_iban', `Bank account "${bankAccountId}" has no IBAN: a camt.053 statement names its account by IBAN`);
    return account;
  }
  const withIban = accounts.filter((a) => a.iban).sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? '') || a.id.localeCompare(b.id));
  const account = withIban.find((a) => a.currency === 'SEK') ?? withIban[0];
  if (!account) throw new DomainRefusal(422, 'no_iban', 'The company has no bank account with an IBAN: add one (POST …/bank-accounts) to make an example camt.053 statement');
  return account;
}

export async function exampleStatement(db: Db, companyId: string, options: { bankAccountId?: string; now: Date }): Promise<ExampleStatement> {
  const account = await accountFor(db, companyId, options.bankAccountId);
  const [company] = await db.select({ baseCurrency: companies.baseCurrency, timeZone: companies.timeZone }).from(companies).where(eq(companies.id, companyId));
  // today where the company is (invoices issued after midnight there are today's, not UTC's yesterday's)
  const date = companyDate(company?.timeZone, options.now);
  const stamp = options.now.toISOString().replace(/\D/g, '').slice(0, 17); // to the millisecond
  const { invoices } = await listCustomerInvoices(db, companyId, { status: 'open', limit: 100 });
  const open = invoices.filter((i) => i.currency === account.currency && i.openMinor > 0 && i.issueDate <= date);

  const entries: CamtEntrySpec[] = [];
  const contents: string[] = [];
  const add = (entry: Omit<CamtEntrySpec, 'ref' | 'bookingDate'>, what: string) => {
    entries.push({ ...entry, ref: `EX${stamp}${String(entries.length + 1).padStart(2, '0')}`, bookingDate: date });
    contents.push(what);
  };
  const [full, part, byName] = open;
  if (full) {
    add({ amountMinor: full.openMinor, reference: full.ocrReference ?? null, text: full.ocrReference ? null : `Faktura ${full.invoiceNumber}`, counterpartyName: full.customerName },
      `${full.invoiceNumber} paid in full${full.ocrReference ? ' with its OCR' : ''} (matched)`);
  }
  if (part && part.openMinor >= 2) {
    // a round part, at most half (at least 0.01 less than what is open): the rest stays open
    const amount = Math.max(100, Math.floor(part.openMinor / 2 / 100) * 100);
    add({ amountMinor: Math.min(amount, part.openMinor - 1), reference: part.ocrReference ?? null, text: part.ocrReference ? null : `Faktura ${part.invoiceNumber}`, counterpartyName: part.customerName },
      `${part.invoiceNumber} paid in part (partial)`);
  }
  if (byName) add({ amountMinor: byName.openMinor, text: 'Betalning', counterpartyName: byName.customerName }, `${byName.invoiceNumber} paid with no reference, by amount and name (matched)`);
  add({ amountMinor: 123_400, text: 'Inbetalning', counterpartyName: 'Okänd Betalare' }, 'a payment nobody can place (exception: no match)');
  add({ amountMinor: -12_500, text: 'AVGIFT BANKGIRO', code: ['ACMT', 'MDOP', 'CHRG'] }, 'a bank fee (Bank fees)');
  add({ amountMinor: 1_234, text: 'RÄNTA', code: ['ACMT', 'MCOP', 'INTR'] }, 'interest in (Interest income)');
  add({ amountMinor: -500_000, text: 'SKATTEVERKET SKATTEKONTO', counterpartyName: 'Skatteverket' }, 'a transfer to the tax account (Tax account transfers)');

  // The ledger account is kept in the company's base currency: an account in another currency opens at 0 the first time.
  const opening = await latestClosingBalance(db, companyId, account.id)
    ?? (account.currency === (company?.baseCurrency ?? 'SEK') ? await ledgerBalanceOrNull(db, companyId, account.ledgerAccount, addDays(date, -1)) : null) ?? 0n;
  const statementId = `EXEMPEL-${stamp}`;
  const bytes = camt053Document({ statementId, iban: account.iban!, currency: account.currency, openingMinor: Number(opening), date, entries });
  return { filename: `exempel-kontoutdrag-${date}.xml`, bytes, bankAccountId: account.id, statementId, entries: entries.length, contents };
}
