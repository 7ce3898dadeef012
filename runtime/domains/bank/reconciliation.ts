/**
 * The bank reconciliation report: per bank account and date, the balance
 * the bank states (the closing balance of the latest imported statement on
 * or before the date) beside the balance of the bank account's ledger
 * account on the statement's date, the difference, and the lines behind it:
 *
 * - bank lines up to the statement's date that no voucher has booked yet
 *   (in the bank's balance, not yet in the ledger's), and
 * - vouchers on the ledger account in the period that came from no bank line
 *   (source ref not `bank-line:…`: in the ledger's balance, not in the bank's).
 *
 * statement − ledger = unbooked lines − vouchers without a line + what is
 * left (`unexplainedMinor`): a difference from before the period, or a line
 * booked to another account. Sums are exact (exact-sum.ts, BigInt).
 */
import { and, asc, desc, eq, isNotNull, lte, sql } from 'drizzle-orm';
import type { BankReconciliation, BankReconciliationAccount, BankStatementListItem } from '../../../shared/api.ts';
import { minorForJson } from '../../../shared/money.ts';
import { fiscalYears } from '../../db/schema.ts';
import type { Db } from '../../db/client.ts';
import { DomainRefusal } from '../../kernel/errors.ts';
import { exactSum, exactSumOf } from '../../ledger/exact-sum.ts';
import { LedgerRefusal } from '../../ledger/types.ts';
import { listBankAccounts, type BankAccountRow } from './accounts.ts';
import { bankStatements } from './schema.ts';

/** Lines of each list shown at most; the totals count them all. */
export const reconciliationItemsMax = 500;

/** The date a statement stands for: its closing balance's date, else its last booking date, else its opening date. */
const statementDate = sql<string | null>`COALESCE(${bankStatements.closingDate}, ${bankStatements.toDate}, ${bankStatements.openingDate})`;

/** Imported statements, newest first (by their date), optionally of one bank account. */
export async function listBankStatements(db: Db, companyId: string, filter: { bankAccountId?: string } = {}): Promise<BankStatementListItem[]> {
  const rows = await db.select().from(bankStatements)
    .where(and(eq(bankStatements.companyId, companyId), filter.bankAccountId === undefined ? undefined : eq(bankStatements.bankAccountId, filter.bankAccountId)))
    .orderBy(desc(statementDate), desc(bankStatements.importedAt), asc(bankStatements.statementId));
  return rows.map((row) => ({
    bankAccount: row.bankAccountId, statementId: row.statementId, format: row.format, currency: row.currency,
    fromDate: row.fromDate, toDate: row.toDate, openingDate: row.openingDate, closingDate: row.closingDate,
    openingMinor: row.openingMinor, closingMinor: row.closingMinor, creditMinor: row.creditMinor, debitMinor: row.debitMinor,
    lines: row.lineCount, originalId: row.originalId, importedAt: row.importedAt,
  }));
}

async function fiscalYearOf(db: Db, companyId: string, date: string) {
  const [year] = await db.select().from(fiscalYears)
    .where(and(eq(fiscalYears.companyId, companyId), lte(fiscalYears.startDate, date), sql`${fiscalYears.endDate} >= ${date}`));
  if (!year) throw new LedgerRefusal('no_fiscal_year', `No fiscal year covers ${date}`);
  return year;
}

/** The ledger account's balance at the end of `date`: the fiscal year's opening balance plus its movements up to the date. */
async function ledgerBalance(db: Db, companyId: string, account: string, date: string): Promise<bigint> {
  const year = await fiscalYearOf(db, companyId, date);
  const [row] = await db.all<{ ib: string | null; debit: string | null; credit: string | null }>(sql`
    SELECT
      (SELECT ${exactSum(sql`amount_minor`)} FROM opening_balances WHERE company_id = ${companyId} AND fiscal_year = ${year.year} AND account = ${account}) AS ib,
      (SELECT ${exactSum(sql`l.debit_minor`)} FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id
        WHERE v.company_id = ${companyId} AND l.company_id = ${companyId} AND l.account = ${account} AND v.date >= ${year.startDate} AND v.date <= ${date}) AS debit,
      (SELECT ${exactSum(sql`l.credit_minor`)} FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id
        WHERE v.company_id = ${companyId} AND l.company_id = ${companyId} AND l.account = ${account} AND v.date >= ${year.startDate} AND v.date <= ${date}) AS credit`);
  return exactSumOf(row.ib) + exactSumOf(row.debit) - exactSumOf(row.credit);
}

/** The ledger account's balance at the end of `date`, or null when no fiscal year covers the date. */
export async function ledgerBalanceOrNull(db: Db, companyId: string, account: string, date: string): Promise<bigint | null> {
  try {
    return await ledgerBalance(db, companyId, account, date);
  } catch (error) {
    if (error instanceof LedgerRefusal && error.code === 'no_fiscal_year') return null;
    throw error;
  }
}

/** The bank account's latest imported statement with a closing balance (on or before `onOrBefore` when given), or undefined. */
async function latestStatement(db: Db, companyId: string, bankAccountId: string, onOrBefore?: string) {
  const [statement] = await db.select({
    statementId: bankStatements.statementId, format: bankStatements.format, date: statementDate, closingMinor: bankStatements.closingMinor,
    periodStart: sql<string | null>`COALESCE(${bankStatements.openingDate}, ${bankStatements.fromDate})`, originalId: bankStatements.originalId,
  }).from(bankStatements)
    .where(and(eq(bankStatements.companyId, companyId), eq(bankStatements.bankAccountId, bankAccountId), isNotNull(bankStatements.closingMinor),
      onOrBefore === undefined ? undefined : lte(statementDate, onOrBefore)))
    .orderBy(desc(statementDate), desc(bankStatements.importedAt))
    .limit(1);
  return statement;
}

/** The closing balance of the bank account's latest imported statement that has one, or null. */
export async function latestClosingBalance(db: Db, companyId: string, bankAccountId: string): Promise<bigint | null> {
  const statement = await latestStatement(db, companyId, bankAccountId);
  return statement ? BigInt(statement.closingMinor!) : null;
}

async function reconcileAccount(db: Db, companyId: string, bank: BankAccountRow, date: string): Promise<BankReconciliationAccount> {
  const statement = await latestStatement(db, companyId, bank.id, date);
  // Compared on the statement's date (the bank's balance is as of then); without a statement, on the date asked.
  const comparedOn = statement?.date ?? date;
  const periodFrom = statement?.periodStart ?? (await fiscalYearOf(db, companyId, comparedOn)).startDate;
  const ledger = await ledgerBalance(db, companyId, bank.ledgerAccount, comparedOn);
  const ledgerAtDate = comparedOn === date ? ledger : await ledgerBalance(db, companyId, bank.ledgerAccount, date);

  // Lines of this bank account up to the date compared, that no voucher dated by then booked.
  const booked = sql`EXISTS (SELECT 1 FROM vouchers v WHERE v.company_id = b.company_id AND v.source_ref = 'bank-line:' || b.id AND v.date <= ${comparedOn})`;
  const ofAccount = sql`b.company_id = ${companyId} AND (b.bank_account_id = ${bank.id} OR (b.bank_account_id IS NULL AND b.bank_account = ${bank.ledgerAccount}))`;
  const unbooked = await db.all<{ id: string; bookingDate: string; amountMinor: number; currency: string; text: string; reference: string | null;
    counterparty: string | null; status: string; statementId: string | null }>(sql`
    SELECT b.id AS id, b.booking_date AS bookingDate, b.amount_minor AS amountMinor, b.currency AS currency, b.text AS text, b.reference AS reference,
      b.counterparty AS counterparty, b.status AS status, b.statement_id AS statementId
    FROM bank_lines b WHERE ${ofAccount} AND b.booking_date <= ${comparedOn} AND NOT ${booked}
    ORDER BY b.booking_date, b.id LIMIT ${reconciliationItemsMax}`);
  const [unbookedTotal] = await db.all<{ total: string | null; n: number }>(sql`
    SELECT ${exactSum(sql`b.amount_minor`)} AS total, count(*) AS n FROM bank_lines b WHERE ${ofAccount} AND b.booking_date <= ${comparedOn} AND NOT ${booked}`);

  // Vouchers on the ledger account in the period that no bank line brought (manual, SIE, other automations).
  const withoutLine = sql`v.company_id = ${companyId} AND l.company_id = ${companyId} AND l.account = ${bank.ledgerAccount}
    AND v.date >= ${periodFrom} AND v.date <= ${comparedOn} AND (v.source_ref IS NULL OR v.source_ref NOT LIKE 'bank-line:%')`;
  const vouchers = await db.all<{ voucherId: string; series: string; number: number; date: string; text: string; sourceRef: string | null; debit: string; credit: string }>(sql`
    SELECT v.id AS voucherId, v.series AS series, v.number AS number, v.date AS date, v.text AS text, v.source_ref AS sourceRef,
      CAST(SUM(l.debit_minor) AS TEXT) AS debit, CAST(SUM(l.credit_minor) AS TEXT) AS credit
    FROM vouchers v JOIN voucher_lines l ON l.voucher_id = v.id
    WHERE ${withoutLine}
    GROUP BY v.id ORDER BY v.date, v.series, v.number LIMIT ${reconciliationItemsMax}`);
  const [voucherTotal] = await db.all<{ debit: string | null; credit: string | null; n: number }>(sql`
    SELECT ${exactSum(sql`l.debit_minor`)} AS debit, ${exactSum(sql`l.credit_minor`)} AS credit, count(DISTINCT v.id) AS n
    FROM vouchers v JOIN voucher_lines l ON l.voucher_id = v.id WHERE ${withoutLine}`);

  const unbookedMinor = exactSumOf(unbookedTotal.total);
  const vouchersMinor = exactSumOf(voucherTotal.debit) - exactSumOf(voucherTotal.credit);
  const statementMinor = statement ? BigInt(statement.closingMinor!) : null;
  const difference = statementMinor === null ? null : statementMinor - ledger;
  return {
    bankAccount: { id: bank.id, name: bank.name, ledgerAccount: bank.ledgerAccount, currency: bank.currency },
    statement: statement ? { statementId: statement.statementId, format: statement.format, date: statement.date!, closingMinor: statement.closingMinor!, originalId: statement.originalId } : null,
    comparedOn,
    period: { from: periodFrom, to: comparedOn },
    statementBalanceMinor: statementMinor === null ? null : minorForJson(statementMinor),
    ledgerBalanceMinor: minorForJson(ledger),
    ledgerBalanceAtDateMinor: minorForJson(ledgerAtDate),
    differenceMinor: difference === null ? null : minorForJson(difference),
    unbookedLines: {
      count: Number(unbookedTotal.n), totalMinor: minorForJson(unbookedMinor),
      items: unbooked.map((l) => ({ ...l, amountMinor: Number(l.amountMinor) })),
    },
    vouchersWithoutLine: {
      count: Number(voucherTotal.n), totalMinor: minorForJson(vouchersMinor),
      items: vouchers.map((v) => ({
        voucherId: v.voucherId, series: v.series, number: Number(v.number), date: v.date, text: v.text, sourceRef: v.sourceRef,
        amountMinor: minorForJson(BigInt(v.debit) - BigInt(v.credit)),
      })),
    },
    unexplainedMinor: difference === null ? null : minorForJson(difference - (unbookedMinor - vouchersMinor)),
  };
}

/** The report for every bank account of the company, or the one asked for. */
export async function bankReconciliation(db: Db, companyId: string, query: { bankAccountId?: string; date: string }): Promise<BankReconciliation> {
  const banks = await listBankAccounts(db, companyId);
  const chosen = query.bankAccountId === undefined ? banks : banks.filter((b) => b.id === query.bankAccountId);
  if (query.bankAccountId !== undefined && chosen.length === 0) {
    throw new DomainRefusal(422, 'unknown_bank_account', `"${query.bankAccountId}" is not a bank account of this company`);
  }
  const accounts: BankReconciliationAccount[] = [];
  for (const bank of chosen) accounts.push(await reconcileAccount(db, companyId, bank, query.date));
  return { date: query.date, accounts };
}
