/**
 * The company's bank accounts: created by an admin (audited), read by
 * everyone with `read`, and looked up by a statement file's account (IBAN,
 * bankgiro, plusgiro). Numbers are stored normalised: an IBAN without spaces
 * in capitals, giro numbers as digits only.
 */
import { and, eq } from 'drizzle-orm';
import type { BankAccount, BankAccountRequest } from '../../../shared/api.ts';
import type { Db } from '../../db/client.ts';
import { accounts } from '../../db/schema.ts';
import { csvMappingSchema, type CsvMapping } from '../../formats/csv/index.ts';
import { recordAudit } from '../../kernel/audit.ts';
import { DomainRefusal } from '../../kernel/errors.ts';
import { bankAccounts } from './schema.ts';

export type BankAccountRow = typeof bankAccounts.$inferSelect;

/** "SE45 5000 0000 0583 9825 7466" → "SE4550000000058398257466" */
export const normaliseIban = (iban: string) => iban.replace(/\s+/g, '').toUpperCase();
/** "991-2346" → "9912346" */
export const normaliseGiro = (giro: string) => giro.replace(/[\s-]+/g, '');

/** ISO 13616: two letters, two check digits, up to 30 letters and digits; the whole number mod 97 is 1. */
export function ibanValid(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of moved) {
    const value = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/** A bankgiro or plusgiro number ends in a mod-10 (Luhn) check digit. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** "SE4550000000058398257466" → "SE45 5000 0000 0583 9825 7466", as people write it. */
export const spacedIban = (iban: string) => iban.replace(/(.{4})(?=.)/g, '$1 ');

const invalid = (path: string, message: string) =>
  new DomainRefusal(422, 'invalid_bank_account', `${path}: ${message}`, { issues: [{ path, message }] });

export function bankAccountOf(row: BankAccountRow): BankAccount {
  return {
    id: row.id, name: row.name, ledgerAccount: row.ledgerAccount, iban: row.iban, bankgiro: row.bankgiro, plusgiro: row.plusgiro, currency: row.currency,
    csvMapping: row.csvMapping ? JSON.parse(row.csvMapping) as Record<string, unknown> : null, createdAt: row.createdAt, createdBy: row.createdBy,
  };
}

export async function listBankAccounts(db: Db, companyId: string): Promise<BankAccountRow[]> {
  return db.select().from(bankAccounts).where(eq(bankAccounts.companyId, companyId)).orderBy(bankAccounts.id);
}

/** The saved CSV mapping of a bank account, checked again as it is read. */
export function csvMappingOf(row: BankAccountRow): CsvMapping | null {
  return row.csvMapping ? csvMappingSchema.parse(JSON.parse(row.csvMapping)) : null;
}

/**
 * Creates a bank account: the numbers checked (IBAN mod 97, giro mod 10),
 * the ledger account an active 19xx asset account of the chart, the CSV
 * mapping valid; 409 naming what is taken (id, IBAN, bankgiro). Audited in
 * the same transaction.
 */
export async function createBankAccount(db: Db, companyId: string, request: BankAccountRequest, by: { actor: string; at: string; auditId: string })
  : Promise<BankAccountRow> {
  const iban = request.iban ? normaliseIban(request.iban) : null;
  if (iban !== null && !ibanValid(iban)) throw invalid('iban', `"${request.iban}" is not a valid IBAN (its check digits do not match)`);
  const bankgiro = request.bankgiro ? normaliseGiro(request.bankgiro) : null;
  if (bankgiro !== null && (!/^\d{7,8}$/.test(bankgiro) || !luhnValid(bankgiro))) {
    throw invalid('bankgiro', `"${request.bankgiro}" is not a bankgiro number (7–8 digits ending in a mod-10 check digit)`);
  }
  const plusgiro = request.plusgiro ? normaliseGiro(request.plusgiro) : null;
  if (plusgiro !== null && (!/^\d{2,8}$/.test(plusgiro) || !luhnValid(plusgiro))) {
    throw invalid('plusgiro', `"${request.plusgiro}" is not a plusgiro number (2–8 digits ending in a mod-10 check digit)`);
  }
  let csvMapping: string | null = null;
  if (request.csvMapping !== undefined) {
    const parsed = csvMappingSchema.safeParse(request.csvMapping);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: ['csvMapping', ...i.path].map(String).join('.'), message: i.message }));
      throw new DomainRefusal(422, 'invalid_bank_account', `csvMapping: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
    }
    csvMapping = JSON.stringify(parsed.data);
  }
  return db.transaction(async (tx) => {
    const [account] = await tx.select().from(accounts).where(and(eq(accounts.companyId, companyId), eq(accounts.number, request.ledgerAccount)));
    if (!account) throw invalid('ledgerAccount', `account ${request.ledgerAccount} is not in the chart of accounts`);
    if (!account.active) throw invalid('ledgerAccount', `account ${request.ledgerAccount} is not active`);
    if (account.type !== 'asset') throw invalid('ledgerAccount', `account ${request.ledgerAccount} is not an asset account`);
    const existing = await tx.select().from(bankAccounts).where(eq(bankAccounts.companyId, companyId));
    const taken = existing.find((a) => a.id === request.id);
    if (taken) throw new DomainRefusal(409, 'conflict', `A bank account with id "${request.id}" already exists`, { field: 'id' });
    const sameIban = iban && existing.find((a) => a.iban === iban);
    if (sameIban) throw new DomainRefusal(409, 'conflict', `IBAN ${spacedIban(iban)} is already bank account "${sameIban.id}"`, { field: 'iban' });
    const sameGiro = bankgiro && existing.find((a) => a.bankgiro === bankgiro);
    if (sameGiro) throw new DomainRefusal(409, 'conflict', `Bankgiro ${bankgiro} is already bank account "${sameGiro.id}"`, { field: 'bankgiro' });
    // A statement may name its account by plusgiro alone, so it must pick one account too.
    const samePlusgiro = plusgiro && existing.find((a) => a.plusgiro === plusgiro);
    if (samePlusgiro) throw new DomainRefusal(409, 'conflict', `Plusgiro ${plusgiro} is already bank account "${samePlusgiro.id}"`, { field: 'plusgiro' });
    const row: BankAccountRow = {
      companyId, id: request.id, name: request.name, ledgerAccount: request.ledgerAccount, iban, bankgiro, plusgiro, currency: request.currency,
      csvMapping, createdAt: by.at, createdBy: by.actor,
    };
    await tx.insert(bankAccounts).values(row);
    await recordAudit(tx, {
      id: by.auditId, companyId, at: by.at, actor: by.actor, action: 'bank_account.create', subject: `bank-account:${request.id}`,
      details: { name: request.name, ledgerAccount: request.ledgerAccount, iban, bankgiro, plusgiro, currency: request.currency, csvMapping: csvMapping !== null },
    });
    return row;
  });
}
