/**
 * The chart as master data (issue 13): accounts, voucher series, VAT codes,
 * dimensions and their objects, created and changed over the API, each
 * change audited in its own transaction. What is in use is never removed:
 * an account with postings or a VAT code on a voucher line is deactivated,
 * a series keeps its code (and so its numbering); migration 0030's triggers
 * refuse the rest. Every change bumps companies.chart_version (0007), so the
 * ledger's cached chart follows.
 */
import { and, asc, count, eq, sql, type SQL } from 'drizzle-orm';
import type { Account } from '../../../shared/api.ts';
import type {
  AccountCreate, AccountPatch, Dimension, Series, VatCode, VatCodeCreate, VatCodePatch,
} from '../../../shared/master-data.ts';
import type { Db } from '../../db/client.ts';
import { accounts, automations, automationVersions, dimensionObjects, dimensions, voucherLines, vouchers, vatCodes, voucherSeries } from '../../db/schema.ts';
import { recordAudit } from '../../kernel/audit.ts';
import { DomainRefusal } from '../../kernel/errors.ts';
import { NotFound } from '../../automations/store.ts';
import { basAccountType } from '../../seed/bas-accounts.ts';

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
export async function automationsUsingAccount(db: Pick<Db, 'select'>, companyId: string, number: string): Promise<string[]> {
  const rows = await db.select({ id: automations.id, name: automations.name, document: automationVersions.document, version: automationVersions.version })
    .from(automations)
    .innerJoin(automationVersions, and(eq(automationVersions.companyId, automations.companyId), eq(automationVersions.automationId, automations.id),
      eq(automationVersions.version, automations.publishedVersion)))
    .where(eq(automations.companyId, companyId));
  const out: string[] = [];
  for (const row of rows) {
    const nodes = (JSON.parse(row.document) as { nodes?: { name?: string; config?: unknown }[] }).nodes ?? [];
    const using = nodes.filter((n) => namesAccount(n.config, number)).map((n) => n.name ?? '?');
    if (using.length) out.push(`Published automation "${row.name}" (version ${row.version}) uses account ${number} in ${using.map((n) => `"${n}"`).join(', ')}`);
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

export async function updateAccount(db: Db, companyId: string, number: string, patch: AccountPatch, by: Change): Promise<{ account: Account; warnings: string[] }> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(accounts).where(and(eq(accounts.companyId, companyId), eq(accounts.number, number)));
    if (!row) throw new NotFound(`Account ${number} does not exist in this company`);
    if (patch.vatCode !== row.vatCode) await requireVatCode(tx, companyId, patch.vatCode, 'vatCode');
    const changes = changesOf(row, patch);
    const warnings = changes.active === false ? await automationsUsingAccount(tx, companyId, number) : [];
    if (Object.keys(changes).length) {
      await tx.update(accounts).set(changes).where(and(eq(accounts.companyId, companyId), eq(accounts.number, number)));
      const action = changes.active === false ? 'account.deactivate' : changes.active === true ? 'account.reactivate' : 'account.update';
      await audit(tx, companyId, by, action, `account:${number}`, { before: Object.fromEntries(Object.keys(changes).map((k) => [k, row[k as keyof typeof row]])), after: changes, warnings });
    }
    return { account: accountOf({ ...row, ...changes }), warnings };
  });
}

/** Deletes an account nobody posted to (a typo); one with postings is refused: deactivate it. */
export async function deleteAccount(db: Db, companyId: string, number: string, by: Change): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(accounts).where(and(eq(accounts.companyId, companyId), eq(accounts.number, number)));
    if (!row) throw new NotFound(`Account ${number} does not exist in this company`);
    const [{ n }] = await tx.select({ n: count() }).from(voucherLines).where(and(eq(voucherLines.companyId, companyId), eq(voucherLines.account, number)));
    if (n > 0) throw new DomainRefusal(409, 'account_in_use', `number: account ${number} has ${n} posting${n === 1 ? '' : 's'} and cannot be deleted; deactivate it instead`, { field: 'number' });
    const warnings = await automationsUsingAccount(tx, companyId, number);
    if (warnings.length) throw new DomainRefusal(409, 'account_in_use', `number: ${warnings[0]}; change the automation first`, { field: 'number' });
    await tx.delete(accounts).where(and(eq(accounts.companyId, companyId), eq(accounts.number, number)));
    await audit(tx, companyId, by, 'account.delete', `account:${number}`, { name: row.name, type: row.type });
  });
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
    active: r.active, lines: counts.get(r.code) ?? 0,
  }));
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
    };
    await checkVatAccounts(tx, companyId, row);
    await tx.insert(vatCodes).values(row);
    await audit(tx, companyId, by, 'vat_code.create', `vat-code:${row.code}`, { ...row, companyId: undefined });
    return { ...row, lines: 0 };
  });
}

export async function updateVatCode(db: Db, companyId: string, code: string, patch: VatCodePatch, by: Change): Promise<VatCode> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(vatCodes).where(and(eq(vatCodes.companyId, companyId), eq(vatCodes.code, code)));
    if (!row) throw new NotFound(`VAT code ${code} does not exist in this company`);
    const changes = changesOf(row, patch);
    if (Object.keys(changes).length === 0) return;
    const next = { ...row, ...changes };
    if (next.active) await checkVatAccounts(tx, companyId, next);
    await tx.update(vatCodes).set(changes).where(and(eq(vatCodes.companyId, companyId), eq(vatCodes.code, code)));
    const action = changes.active === false ? 'vat_code.deactivate' : changes.active === true ? 'vat_code.reactivate' : 'vat_code.update';
    await audit(tx, companyId, by, action, `vat-code:${code}`, { before: Object.fromEntries(Object.keys(changes).map((k) => [k, row[k as keyof typeof row]])), after: changes });
  });
  return (await listVatCodes(db, companyId)).find((v) => v.code === code)!;
}

/** Deletes a VAT code no voucher line carries; one in use is refused: deactivate it. */
export async function deleteVatCode(db: Db, companyId: string, code: string, by: Change): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(vatCodes).where(and(eq(vatCodes.companyId, companyId), eq(vatCodes.code, code)));
    if (!row) throw new NotFound(`VAT code ${code} does not exist in this company`);
    const [{ n }] = await tx.select({ n: count() }).from(voucherLines).where(and(eq(voucherLines.companyId, companyId), eq(voucherLines.vatCode, code)));
    if (n > 0) throw new DomainRefusal(409, 'vat_code_in_use', `code: VAT code ${code} is on ${n} voucher line${n === 1 ? '' : 's'} and cannot be deleted; deactivate it instead`, { field: 'code' });
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
