/**
 * The chart as master data (issue 13): accounts, voucher series, VAT codes,
 * dimensions and their objects, created and changed over the API, each
 * change audited in its own transaction. What is in use is never removed:
 * an account with postings or a VAT code on a voucher line is deactivated,
 * a series keeps its code (and so its numbering); migration 0030's triggers
 * refuse the rest. Every change bumps companies.chart_version (0007), so the
 * ledger's cached chart follows.
 */
import { and, asc, count, countDistinct, eq, or, sql, type SQL } from 'drizzle-orm';
import type { Account } from '../../../shared/api.ts';
import type {
  AccountCreate, AccountPatch, Dimension, Series, VatCode, VatCodeChange, VatCodeCreate, VatCodePatch,
} from '../../../shared/master-data.ts';
import type { Db } from '../../db/client.ts';
import {
  accounts, automations, automationVersions, bankAccounts, customers, dimensionObjects, dimensions, openingBalances, sieBalances, suppliers,
  voucherLines, vouchers, vatCodes, voucherSeries,
} from '../../db/schema.ts';
import { recordAudit } from '../../kernel/audit.ts';
import { DomainRefusal } from '../../kernel/errors.ts';
import { NotFound } from '../../automations/store.ts';
import { basAccountType } from '../../seed/bas-accounts.ts';
import { automationNameText, message, renderMessage, type Message, type MessageLanguage } from '../../../shared/i18n/messages.ts';

export interface Change { actor: string; at: string; auditId: string }

/** A 422 naming the field: `message` is "<field>: <why>", and `issues` carry the field for the form. */
export function invalidField(code: string, field: string, message: string): DomainRefusal {
  return new DomainRefusal(422, code, `${field}: ${message}`, { issues: [{ path: field, message }] });
}

/** A 409 naming the field that is taken. */
export function taken(field: string, message: string): DomainRefusal {
  return new DomainRefusal(409, 'conflict', `${field}: ${message}`, { field, issues: [{ path: field, message }] });
}

/** `%`, `_` and `\` taken literally in a LIKE pattern (ESCAPE '\'). */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const audit = (tx: Pick<Db, 'insert'>, companyId: string, by: Change, action: string, subject: string, details: Record<string, unknown>) =>
  recordAudit(tx, { id: by.auditId, companyId, at: by.at, actor: by.actor, action, subject, details });

/** Only the fields that differ from the row: what an edit changes (and what its audit says). */
function changesOf<Row extends Record<string, unknown>>(row: Row, patch: Partial<Row>): Partial<Row> {
  return Object.fromEntries(Object.entries(patch).filter(([key, value]) => value !== undefined && row[key] !== value)) as Partial<Row>;
}

// Accounts

export const accountOf = (a: typeof accounts.$inferSelect): Account =>
  ({ number: a.number, name: a.name, type: a.type, vatCode: a.vatCode, active: a.active });

/** Accounts by number; `q` finds a number's start ("40" → 4000–4099) or a word in the name. */
export async function listAccounts(db: Db, companyId: string, q?: string): Promise<Account[]> {
  const conditions: SQL[] = [eq(accounts.companyId, companyId)];
  const text = q?.trim();
  if (text) conditions.push(sql`(${accounts.number} LIKE ${`${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} ESCAPE '\\' OR ${accounts.name} LIKE ${likePattern(text)} ESCAPE '\\')`);
  const rows = await db.select().from(accounts).where(and(...conditions)).orderBy(asc(accounts.number));
  return rows.map(accountOf);
}

async function requireVatCode(tx: Pick<Db, 'select'>, companyId: string, code: string | null | undefined, field: string) {
  if (code === null || code === undefined) return;
  const [row] = await tx.select().from(vatCodes).where(and(eq(vatCodes.companyId, companyId), eq(vatCodes.code, code)));
  if (!row) throw invalidField('invalid_account', field, `VAT code ${code} does not exist in this company`);
  if (!row.active) throw invalidField('invalid_account', field, `VAT code ${code} is inactive`);
}

export async function createAccount(db: Db, companyId: string, request: AccountCreate, by: Change): Promise<Account> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(accounts).where(and(eq(accounts.companyId, companyId), eq(accounts.number, request.number)));
    if (existing) throw taken('number', `account ${request.number} already exists ("${existing.name}")${existing.active ? '' : ', inactive: reactivate it instead'}`);
    await requireVatCode(tx, companyId, request.vatCode, 'vatCode');
    const row = {
      companyId, number: request.number, name: request.name, type: request.type ?? basAccountType(request.number), vatCode: request.vatCode ?? null, active: true, sru: null,
    };
    await tx.insert(accounts).values(row);
    await audit(tx, companyId, by, 'account.create', `account:${row.number}`, { name: row.name, type: row.type, vatCode: row.vatCode });
    return accountOf(row);
  });
}

/** Published automations (their current published version) whose settings name the account: what deactivating it would break. */
export async function automationsUsingAccount(db: Pick<Db, 'select'>, companyId: string, number: string): Promise<Message[]> {
  return automationsUsing(db, companyId, (config) => namesAccount(config, number), message('masterdata.what_account', { number }));
}

/** Published automations (their current published version) whose settings name the VAT code (`vatCode`, or a setting called `…VatCode`). */
export async function automationsUsingVatCode(db: Pick<Db, 'select'>, companyId: string, code: string): Promise<Message[]> {
  return automationsUsing(db, companyId, (config) => namesVatCode(config, code), message('masterdata.what_vat_code', { code }));
}

/** "Published automation "Bank fees" (version 1) uses account 6570 in "Book the fee"", as a message (shared/i18n). */
async function automationsUsing(db: Pick<Db, 'select'>, companyId: string, uses: (config: unknown) => boolean, what: Message): Promise<Message[]> {
  const rows = await db.select({ id: automations.id, name: automations.name, document: automationVersions.document, version: automationVersions.version })
    .from(automations)
    .innerJoin(automationVersions, and(eq(automationVersions.companyId, automations.companyId), eq(automationVersions.automationId, automations.id),
      eq(automationVersions.version, automations.publishedVersion)))
    .where(eq(automations.companyId, companyId));
  const out: Message[] = [];
  for (const row of rows) {
    const nodes = (JSON.parse(row.document) as { nodes?: { name?: string; config?: unknown }[] }).nodes ?? [];
    const using = nodes.filter((n) => uses(n.config)).map((n) => `"${n.name ?? '?'}"`);
    if (using.length) {
      out.push(message('masterdata.automation_uses', { name: automationNameText(row.id, row.name), version: row.version, what, nodes: { items: using, join: ', ' } }));
    }
  }
  return out;
}

/** Whether a node's settings name the account: a line's `account`, or a setting called `…Account`. */
function namesAccount(config: unknown, number: string, depth = 0): boolean {
  if (depth > 8 || config === null || typeof config !== 'object') return false;
  for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
    if (value === number && (key === 'account' || key.endsWith('Account'))) return true;
    if (typeof value === 'object' && namesAccount(value, number, depth + 1)) return true;
  }
  return false;
}

/** Whether a node's settings name the VAT code: a `vatCode` (a line's), or a setting called `…VatCode`. */
function namesVatCode(config: unknown, code: string, depth = 0): boolean {
  if (depth > 8 || config === null || typeof config !== 'object') return false;
  for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
    if (value === code && (key === 'vatCode' || key.endsWith('VatCode'))) return true;
    if (typeof value === 'object' && namesVatCode(value, code, depth + 1)) return true;
  }
  return false;
}

/** `language`: the warnings' (the audit log keeps them in English). */
export async function updateAccount(db: Db, companyId: string, number: string, patch: AccountPatch, by: Change, language: MessageLanguage = 'en'): Promise<{ account: Account; warnings: string[] }> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(accounts).where(and(eq(accounts.companyId, companyId), eq(accounts.number, number)));
    if (!row) throw new NotFound(`Account ${number} does not exist in this company`);
    if (patch.vatCode !== row.vatCode) await requireVatCode(tx, companyId, patch.vatCode, 'vatCode');
    const changes = changesOf(row, patch);
    const said = changes.active === false ? await automationsUsingAccount(tx, companyId, number) : [];
    const warnings = said.map((m) => renderMessage('en', m));
    if (Object.keys(changes).length) {
      await tx.update(accounts).set(changes).where(and(eq(accounts.companyId, companyId), eq(accounts.number, number)));
      const action = changes.active === false ? 'account.deactivate' : changes.active === true ? 'account.reactivate' : 'account.update';
      await audit(tx, companyId, by, action, `account:${number}`, { before: Object.fromEntries(Object.keys(changes).map((k) => [k, row[k as keyof typeof row]])), after: changes, warnings });
    }
    return { account: accountOf({ ...row, ...changes }), warnings: said.map((m) => renderMessage(language, m)) };
  });
}

/** Deletes an account nobody posted to (a typo); one with postings is refused: deactivate it. */
export async function deleteAccount(db: Db, companyId: string, number: string, by: Change): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(accounts).where(and(eq(accounts.companyId, companyId), eq(accounts.number, number)));
    if (!row) throw new NotFound(`Account ${number} does not exist in this company`);
    const [{ n }] = await tx.select({ n: count() }).from(voucherLines).where(and(eq(voucherLines.companyId, companyId), eq(voucherLines.account, number)));
    if (n > 0) throw new DomainRefusal(409, 'account_in_use', `number: account ${number} has ${n} posting${n === 1 ? '' : 's'} and cannot be deleted; deactivate it instead`, { field: 'number' });
    const users = await accountUsers(tx, companyId, number);
    if (users.length) throw new DomainRefusal(409, 'account_in_use', `number: account ${number} is used by ${users.join('; ')} and cannot be deleted; deactivate it instead`, { field: 'number', usedBy: users });
    const [used] = await automationsUsingAccount(tx, companyId, number);
    if (used) {
      const text = message('masterdata.change_the_automation_first', { field: 'number', problem: used });
      throw new DomainRefusal(409, 'account_in_use', renderMessage('en', text), { field: 'number' }, text);
    }
    await tx.delete(accounts).where(and(eq(accounts.companyId, companyId), eq(accounts.number, number)));
    await audit(tx, companyId, by, 'account.delete', `account:${number}`, { name: row.name, type: row.type });
  });
}

/** What besides postings names the account: balances, customers, suppliers, bank accounts, VAT codes (what a delete would leave dangling). */
async function accountUsers(tx: Pick<Db, 'select'>, companyId: string, number: string): Promise<string[]> {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const [[opening], [sie], [customer], [supplier], [bank], [vat]] = await Promise.all([
    tx.select({ n: count() }).from(openingBalances).where(and(eq(openingBalances.companyId, companyId), eq(openingBalances.account, number))),
    tx.select({ n: count() }).from(sieBalances).where(and(eq(sieBalances.companyId, companyId), eq(sieBalances.account, number))),
    tx.select({ n: count() }).from(customers).where(and(eq(customers.companyId, companyId), eq(customers.receivableAccount, number))),
    tx.select({ n: count() }).from(suppliers).where(and(eq(suppliers.companyId, companyId),
      or(eq(suppliers.payableAccount, number), eq(suppliers.defaultExpenseAccount, number)))),
    tx.select({ n: count() }).from(bankAccounts).where(and(eq(bankAccounts.companyId, companyId), eq(bankAccounts.ledgerAccount, number))),
    tx.select({ n: count() }).from(vatCodes).where(and(eq(vatCodes.companyId, companyId), or(eq(vatCodes.outputAccount, number), eq(vatCodes.inputAccount, number)))),
  ]);
  const out: string[] = [];
  if (opening.n) out.push(plural(opening.n, 'opening balance', 'opening balances'));
  if (sie.n) out.push(plural(sie.n, 'imported SIE balance', 'imported SIE balances'));
  if (customer.n) out.push(`${plural(customer.n, 'customer', 'customers')} (receivable account)`);
  if (supplier.n) out.push(`${plural(supplier.n, 'supplier', 'suppliers')} (payable or expense account)`);
  if (bank.n) out.push(`${plural(bank.n, 'bank account', 'bank accounts')} (ledger account)`);
  if (vat.n) out.push(`${plural(vat.n, 'VAT code', 'VAT codes')} (VAT account)`);
  return out;
}

// Voucher series

export async function listSeries(db: Db, companyId: string): Promise<Series[]> {
  const used = await db.select({ series: vouchers.series, n: count() }).from(vouchers).where(eq(vouchers.companyId, companyId)).groupBy(vouchers.series);
  const counts = new Map(used.map((u) => [u.series, u.n]));
  const rows = await db.select().from(voucherSeries).where(eq(voucherSeries.companyId, companyId)).orderBy(asc(voucherSeries.code));
  return rows.map((r) => ({ code: r.code, name: r.name, vouchers: counts.get(r.code) ?? 0 }));
}

export async function createSeries(db: Db, companyId: string, request: { code: string; name: string }, by: Change): Promise<Series> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(voucherSeries).where(and(eq(voucherSeries.companyId, companyId), eq(voucherSeries.code, request.code)));
    if (existing) throw taken('code', `series ${request.code} already exists ("${existing.name}")`);
    await tx.insert(voucherSeries).values({ companyId, code: request.code, name: request.name });
    await audit(tx, companyId, by, 'series.create', `series:${request.code}`, { name: request.name });
    return { code: request.code, name: request.name, vouchers: 0 };
  });
}

/** Renames a series; its code, and so its numbering, never changes. */
export async function renameSeries(db: Db, companyId: string, code: string, name: string, by: Change): Promise<Series> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(voucherSeries).where(and(eq(voucherSeries.companyId, companyId), eq(voucherSeries.code, code)));
    if (!row) throw new NotFound(`Series ${code} does not exist in this company`);
    if (row.name === name) return;
    await tx.update(voucherSeries).set({ name }).where(and(eq(voucherSeries.companyId, companyId), eq(voucherSeries.code, code)));
    await audit(tx, companyId, by, 'series.rename', `series:${code}`, { before: row.name, after: name });
  });
  return (await listSeries(db, companyId)).find((s) => s.code === code)!;
}

// VAT codes

export async function listVatCodes(db: Db, companyId: string): Promise<VatCode[]> {
  const used = await db.select({ code: voucherLines.vatCode, n: count() }).from(voucherLines)
    .where(and(eq(voucherLines.companyId, companyId), sql`${voucherLines.vatCode} IS NOT NULL`)).groupBy(voucherLines.vatCode);
  const counts = new Map(used.map((u) => [u.code, u.n]));
  const rows = await db.select().from(vatCodes).where(eq(vatCodes.companyId, companyId)).orderBy(asc(vatCodes.code));
  return rows.map((r) => ({
    code: r.code, name: r.name, rateBasisPoints: r.rateBasisPoints, kind: r.kind, outputAccount: r.outputAccount, inputAccount: r.inputAccount,
    active: r.active, baseBox: r.baseBox, vatBox: r.vatBox, lines: counts.get(r.code) ?? 0,
  }));
}

/** The VAT box for a rate among three boxes (25 %, 12 %, 6 %), or null for another rate. */
const byRate = (rateBasisPoints: number, boxes: [string, string, string]) =>
  rateBasisPoints === 2500 ? boxes[0] : rateBasisPoints === 1200 ? boxes[1] : rateBasisPoints === 600 ? boxes[2] : null;

/**
 * A VAT code's boxes when none are given (docs/master-data.md): output 05 and 10/11/12 by rate;
 * input 48; reverse charge 22 (services from outside the EU) and 30/31/32; an EU acquisition (with
 * VAT accounts) 20 goods / 21 services and 30/31/32, an EU sale (without) 35 goods / 39 services;
 * exempt 42. A rate other than 25, 12 or 6 % has no default VAT box: it must be given.
 */
export function defaultVatBoxes(code: { kind: string; rateBasisPoints: number; outputAccount: string | null; inputAccount: string | null }): { baseBox: string | null; vatBox: string | null } {
  const acquisition = code.outputAccount !== null || code.inputAccount !== null;
  switch (code.kind) {
    case 'output': return { baseBox: '05', vatBox: byRate(code.rateBasisPoints, ['10', '11', '12']) };
    case 'input': return { baseBox: null, vatBox: '48' };
    case 'reverse_charge': return { baseBox: '22', vatBox: byRate(code.rateBasisPoints, ['30', '31', '32']) };
    case 'eu_goods': return acquisition ? { baseBox: '20', vatBox: byRate(code.rateBasisPoints, ['30', '31', '32']) } : { baseBox: '35', vatBox: null };
    case 'eu_services': return acquisition ? { baseBox: '21', vatBox: byRate(code.rateBasisPoints, ['30', '31', '32']) } : { baseBox: '39', vatBox: null };
    default: return { baseBox: '42', vatBox: null };
  }
}

/** A code whose VAT is booked to an account needs the box that VAT goes to; input VAT goes to 48, output VAT never does. */
function checkVatBoxes(code: { kind: string; rateBasisPoints: number; outputAccount: string | null; inputAccount: string | null; vatBox: string | null }) {
  if ((code.outputAccount !== null || code.inputAccount !== null) && code.vatBox === null) {
    throw invalidField('invalid_vat_code', 'vatBox', `a ${code.rateBasisPoints / 100} % code with a VAT account needs the box its VAT goes to (10–12, 30–32, 60–62, or 48 for input VAT); there is no default for this rate`);
  }
  if (code.kind === 'input' && code.vatBox !== null && code.vatBox !== '48') {
    throw invalidField('invalid_vat_code', 'vatBox', `input VAT is declared in box 48, not ${code.vatBox}`);
  }
  if (code.kind === 'output' && code.vatBox === '48') {
    throw invalidField('invalid_vat_code', 'vatBox', 'output VAT goes to box 10, 11 or 12 (48 is input VAT)');
  }
}

/** How many vouchers carry the code: a code on a voucher keeps its kind, rate, accounts and boxes (earlier returns read them). */
async function vouchersWithVatCode(tx: Pick<Db, 'select'>, companyId: string, code: string): Promise<number> {
  const [{ n }] = await tx.select({ n: countDistinct(voucherLines.voucherId) }).from(voucherLines)
    .where(and(eq(voucherLines.companyId, companyId), eq(voucherLines.vatCode, code)));
  return n;
}

/** Accounts whose default VAT code is this one. */
async function accountsWithVatCode(tx: Pick<Db, 'select'>, companyId: string, code: string): Promise<string[]> {
  const rows = await tx.select({ number: accounts.number }).from(accounts).where(and(eq(accounts.companyId, companyId), eq(accounts.vatCode, code))).orderBy(asc(accounts.number));
  return rows.map((r) => r.number);
}

/** The VAT accounts must be accounts of the chart; output and reverse-charge codes need an output account, input codes an input account. */
async function checkVatAccounts(tx: Pick<Db, 'select'>, companyId: string, code: { kind: string; outputAccount: string | null; inputAccount: string | null }) {
  for (const field of ['outputAccount', 'inputAccount'] as const) {
    const number = code[field];
    if (number === null) continue;
    const [row] = await tx.select().from(accounts).where(and(eq(accounts.companyId, companyId), eq(accounts.number, number)));
    if (!row) throw invalidField('invalid_vat_code', field, `account ${number} does not exist in this company`);
    if (!row.active) throw invalidField('invalid_vat_code', field, `account ${number} is inactive`);
  }
  if ((code.kind === 'output' || code.kind === 'reverse_charge') && code.outputAccount === null) {
    throw invalidField('invalid_vat_code', 'outputAccount', `a ${code.kind === 'output' ? 'output' : 'reverse-charge'} VAT code needs the account its VAT is booked to (e.g. 2611)`);
  }
  if ((code.kind === 'input' || code.kind === 'reverse_charge') && code.inputAccount === null) {
    throw invalidField('invalid_vat_code', 'inputAccount', `an ${code.kind === 'input' ? 'input' : 'reverse-charge'} VAT code needs the account its deductible VAT is booked to (e.g. 2641)`);
  }
}

export async function createVatCode(db: Db, companyId: string, request: VatCodeCreate, by: Change): Promise<VatCode> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(vatCodes).where(and(eq(vatCodes.companyId, companyId), eq(vatCodes.code, request.code)));
    if (existing) throw taken('code', `VAT code ${request.code} already exists ("${existing.name}")`);
    const row = {
      companyId, code: request.code, name: request.name, rateBasisPoints: request.rateBasisPoints, kind: request.kind,
      outputAccount: request.outputAccount ?? null, inputAccount: request.inputAccount ?? null, active: true,
      baseBox: null as string | null, vatBox: null as string | null,
    };
    const defaults = defaultVatBoxes(row);
    row.baseBox = request.baseBox === undefined ? defaults.baseBox : request.baseBox;
    row.vatBox = request.vatBox === undefined ? defaults.vatBox : request.vatBox;
    await checkVatAccounts(tx, companyId, row);
    checkVatBoxes(row);
    await tx.insert(vatCodes).values(row);
    await audit(tx, companyId, by, 'vat_code.create', `vat-code:${row.code}`, { ...row, companyId: undefined });
    return { ...row, lines: 0 };
  });
}

/** What a code on vouchers may not change: the VAT return of every period it was used in reads them. */
const vatCodeRules = ['kind', 'rateBasisPoints', 'outputAccount', 'inputAccount', 'baseBox', 'vatBox'] as const;
const vatCodeRuleLabels: Record<(typeof vatCodeRules)[number], string> = {
  kind: 'kind', rateBasisPoints: 'rate', outputAccount: 'output VAT account', inputAccount: 'input VAT account', baseBox: 'base box', vatBox: 'VAT box',
};

/** `language`: the warnings' (the audit log keeps them in English). */
export async function updateVatCode(db: Db, companyId: string, code: string, patch: VatCodePatch, by: Change, language: MessageLanguage = 'en'): Promise<VatCodeChange> {
  let said: Message[] = [];
  let warnings: string[] = [];
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(vatCodes).where(and(eq(vatCodes.companyId, companyId), eq(vatCodes.code, code)));
    if (!row) throw new NotFound(`VAT code ${code} does not exist in this company`);
    const changes = changesOf(row, patch);
    // A new kind or rate without boxes given: the boxes follow it (an unused code only, below).
    if ((changes.kind !== undefined || changes.rateBasisPoints !== undefined || changes.outputAccount !== undefined || changes.inputAccount !== undefined)
      && patch.baseBox === undefined && patch.vatBox === undefined) {
      const defaults = defaultVatBoxes({ ...row, ...changes });
      if (defaults.baseBox !== row.baseBox) changes.baseBox = defaults.baseBox;
      if (defaults.vatBox !== row.vatBox) changes.vatBox = defaults.vatBox;
    }
    if (Object.keys(changes).length === 0) return;
    const rules = vatCodeRules.filter((k) => k in changes);
    if (rules.length) {
      const used = await vouchersWithVatCode(tx, companyId, code);
      if (used > 0) {
        throw new DomainRefusal(409, 'vat_code_in_use',
          `${rules[0]}: VAT code ${code} is on ${used} voucher${used === 1 ? '' : 's'}; its ${rules.map((r) => vatCodeRuleLabels[r]).join(', ')} cannot change (earlier VAT returns read them): create a new code and deactivate this one`,
          { field: rules[0], vouchers: used });
      }
    }
    const next = { ...row, ...changes };
    if (next.active) {
      await checkVatAccounts(tx, companyId, next);
      checkVatBoxes(next);
    }
    if (changes.active === false) {
      const usingAccounts = await accountsWithVatCode(tx, companyId, code);
      said = [
        ...await automationsUsingVatCode(tx, companyId, code),
        ...(usingAccounts.length
          ? [message(usingAccounts.length === 1 ? 'masterdata.account_has_vat_code' : 'masterdata.accounts_have_vat_code', { accounts: usingAccounts.join(', '), code })]
          : []),
      ];
      warnings = said.map((m) => renderMessage('en', m));
    }
    await tx.update(vatCodes).set(changes).where(and(eq(vatCodes.companyId, companyId), eq(vatCodes.code, code)));
    const action = changes.active === false ? 'vat_code.deactivate' : changes.active === true ? 'vat_code.reactivate' : 'vat_code.update';
    await audit(tx, companyId, by, action, `vat-code:${code}`, {
      before: Object.fromEntries(Object.keys(changes).map((k) => [k, row[k as keyof typeof row]])), after: changes, ...(warnings.length ? { warnings } : {}),
    });
  });
  return { ...(await listVatCodes(db, companyId)).find((v) => v.code === code)!, warnings: said.map((m) => renderMessage(language, m)) };
}

/** Deletes a VAT code no voucher line carries; one in use is refused: deactivate it. */
export async function deleteVatCode(db: Db, companyId: string, code: string, by: Change): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(vatCodes).where(and(eq(vatCodes.companyId, companyId), eq(vatCodes.code, code)));
    if (!row) throw new NotFound(`VAT code ${code} does not exist in this company`);
    const [{ n }] = await tx.select({ n: count() }).from(voucherLines).where(and(eq(voucherLines.companyId, companyId), eq(voucherLines.vatCode, code)));
    if (n > 0) throw new DomainRefusal(409, 'vat_code_in_use', `code: VAT code ${code} is on ${n} voucher line${n === 1 ? '' : 's'} and cannot be deleted; deactivate it instead`, { field: 'code' });
    const usingAccounts = await accountsWithVatCode(tx, companyId, code);
    if (usingAccounts.length) {
      throw new DomainRefusal(409, 'vat_code_in_use', `code: VAT code ${code} is the default of account${usingAccounts.length === 1 ? '' : 's'} ${usingAccounts.join(', ')} and cannot be deleted; change ${usingAccounts.length === 1 ? 'it' : 'them'} first`, { field: 'code' });
    }
    const [used] = await automationsUsingVatCode(tx, companyId, code);
    if (used) {
      const text = message('masterdata.change_the_automation_first', { field: 'code', problem: used });
      throw new DomainRefusal(409, 'vat_code_in_use', renderMessage('en', text), { field: 'code' }, text);
    }
    await tx.delete(vatCodes).where(and(eq(vatCodes.companyId, companyId), eq(vatCodes.code, code)));
    await audit(tx, companyId, by, 'vat_code.delete', `vat-code:${code}`, { name: row.name });
  });
}

// Dimensions and objects

export async function listDimensions(db: Db, companyId: string): Promise<Dimension[]> {
  const [rows, objects] = await Promise.all([
    db.select().from(dimensions).where(eq(dimensions.companyId, companyId)).orderBy(asc(dimensions.number)),
    db.select().from(dimensionObjects).where(eq(dimensionObjects.companyId, companyId)).orderBy(asc(dimensionObjects.dimension), asc(dimensionObjects.code)),
  ]);
  return rows.map((d) => ({
    number: d.number, name: d.name,
    objects: objects.filter((o) => o.dimension === d.number).map((o) => ({ code: o.code, name: o.name, active: o.active })),
  }));
}

async function requireDimension(tx: Pick<Db, 'select'>, companyId: string, number: number) {
  const [row] = await tx.select().from(dimensions).where(and(eq(dimensions.companyId, companyId), eq(dimensions.number, number)));
  if (!row) throw new NotFound(`Dimension ${number} does not exist in this company`);
  return row;
}

export async function createDimension(db: Db, companyId: string, request: { number: number; name: string }, by: Change): Promise<Dimension> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(dimensions).where(and(eq(dimensions.companyId, companyId), eq(dimensions.number, request.number)));
    if (existing) throw taken('number', `dimension ${request.number} already exists ("${existing.name}")`);
    await tx.insert(dimensions).values({ companyId, number: request.number, name: request.name });
    await audit(tx, companyId, by, 'dimension.create', `dimension:${request.number}`, { name: request.name });
    return { number: request.number, name: request.name, objects: [] };
  });
}

export async function renameDimension(db: Db, companyId: string, number: number, name: string, by: Change): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await requireDimension(tx, companyId, number);
    if (row.name === name) return;
    await tx.update(dimensions).set({ name }).where(and(eq(dimensions.companyId, companyId), eq(dimensions.number, number)));
    await audit(tx, companyId, by, 'dimension.rename', `dimension:${number}`, { before: row.name, after: name });
  });
}

export async function createDimensionObject(db: Db, companyId: string, dimension: number, request: { code: string; name: string }, by: Change)
  : Promise<{ code: string; name: string; active: boolean }> {
  return db.transaction(async (tx) => {
    const owner = await requireDimension(tx, companyId, dimension);
    const [existing] = await tx.select().from(dimensionObjects)
      .where(and(eq(dimensionObjects.companyId, companyId), eq(dimensionObjects.dimension, dimension), eq(dimensionObjects.code, request.code)));
    if (existing) throw taken('code', `${owner.name} ${request.code} already exists ("${existing.name}")`);
    await tx.insert(dimensionObjects).values({ companyId, dimension, code: request.code, name: request.name, active: true });
    await audit(tx, companyId, by, 'dimension_object.create', `dimension-object:${dimension}:${request.code}`, { name: request.name });
    return { code: request.code, name: request.name, active: true };
  });
}

export async function updateDimensionObject(db: Db, companyId: string, dimension: number, code: string, patch: { name?: string; active?: boolean }, by: Change)
  : Promise<{ code: string; name: string; active: boolean }> {
  return db.transaction(async (tx) => {
    const where = and(eq(dimensionObjects.companyId, companyId), eq(dimensionObjects.dimension, dimension), eq(dimensionObjects.code, code));
    const [row] = await tx.select().from(dimensionObjects).where(where);
    if (!row) throw new NotFound(`Object ${code} does not exist in dimension ${dimension}`);
    const changes = changesOf(row, patch);
    if (Object.keys(changes).length) {
      await tx.update(dimensionObjects).set(changes).where(where);
      const action = changes.active === false ? 'dimension_object.deactivate' : changes.active === true ? 'dimension_object.reactivate' : 'dimension_object.update';
      await audit(tx, companyId, by, action, `dimension-object:${dimension}:${code}`, { before: Object.fromEntries(Object.keys(changes).map((k) => [k, row[k as keyof typeof row]])), after: changes });
    }
    return { code, name: changes.name ?? row.name, active: changes.active ?? row.active };
  });
}
