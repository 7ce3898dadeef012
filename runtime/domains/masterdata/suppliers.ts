/**
 * Suppliers (migration 0030 gave them what customers have): upserted by
 * supplier number (one or up to 10 000 in a request, all or nothing, one
 * audit event), searched by number, name and organisation number. Numbers
 * are checked and stored normalised as the customers' are (organisation
 * number and giro mod 10, IBAN mod 97). A supplier is never replaced
 * (trigger suppliers_no_replace): a known one is changed with a plain UPDATE.
 */
import { and, asc, count, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Supplier, SupplierRequest } from '../../../shared/master-data.ts';
import type { Db } from '../../db/client.ts';
import { accounts, suppliers } from '../../db/schema.ts';
import { recordAudit } from '../../kernel/audit.ts';
import { DomainRefusal } from '../../kernel/errors.ts';
import { fieldPath, invalid } from '../ar/customers.ts';
import { normaliseOrgNumber, normaliseVatNumber } from '../ar/numbers.ts';
import { ibanValid, luhnValid, normaliseGiro, normaliseIban } from '../bank/accounts.ts';
import { likePattern, type Change } from './chart.ts';

export type SupplierRow = typeof suppliers.$inferSelect;

export function supplierOf(row: SupplierRow): Supplier {
  return {
    supplierNo: row.id, name: row.name, orgNumber: row.orgNumber, vatNumber: row.vatNumber, bankgiro: row.bankgiro, plusgiro: row.plusgiro,
    iban: row.iban, email: row.email, address: row.address ? JSON.parse(row.address) as Supplier['address'] : null,
    paymentTermsDays: row.paymentTermsDays, payableAccount: row.payableAccount, defaultExpenseAccount: row.defaultExpenseAccount,
    active: row.active, createdAt: row.createdAt, updatedAt: row.updatedAt,
  };
}

type Fields = Pick<SupplierRow, 'name' | 'orgNumber' | 'vatNumber' | 'bankgiro' | 'plusgiro' | 'iban' | 'email' | 'address' | 'paymentTermsDays'
  | 'defaultExpenseAccount' | 'active'>;

/** The request's fields, checked and normalised; absent stays absent (undefined), null clears. */
function checkedFields(request: SupplierRequest, index: number | null): Partial<Fields> & { name: string } {
  const at = (field: string) => fieldPath(index, field);
  const out: Partial<Fields> & { name: string } = { name: request.name };
  const refuse = (field: string, message: string) => invalid('invalid_supplier', at(field), message);
  if (request.orgNumber !== undefined) {
    out.orgNumber = request.orgNumber === null ? null : normaliseOrgNumber(request.orgNumber);
    if (request.orgNumber !== null && out.orgNumber === null) {
      throw refuse('orgNumber', `"${request.orgNumber}" is not a Swedish organisation or personal identity number (10 digits, NNNNNN-NNNN, the last a mod-10 check digit)`);
    }
  }
  if (request.vatNumber !== undefined) {
    out.vatNumber = request.vatNumber === null ? null : normaliseVatNumber(request.vatNumber);
    if (request.vatNumber !== null && out.vatNumber === null) {
      throw refuse('vatNumber', `"${request.vatNumber}" is not a VAT number (a Swedish one is SE, the 10-digit organisation number and 01)`);
    }
  }
  if (request.bankgiro !== undefined) {
    out.bankgiro = request.bankgiro === null ? null : normaliseGiro(request.bankgiro);
    if (out.bankgiro !== null && (!/^\d{7,8}$/.test(out.bankgiro) || !luhnValid(out.bankgiro))) {
      throw refuse('bankgiro', `"${request.bankgiro}" is not a bankgiro number (7–8 digits ending in a mod-10 check digit)`);
    }
  }
  if (request.plusgiro !== undefined) {
    out.plusgiro = request.plusgiro === null ? null : normaliseGiro(request.plusgiro);
    if (out.plusgiro !== null && (!/^\d{2,8}$/.test(out.plusgiro) || !luhnValid(out.plusgiro))) {
      throw refuse('plusgiro', `"${request.plusgiro}" is not a plusgiro number (2–8 digits ending in a mod-10 check digit)`);
    }
  }
  if (request.iban !== undefined) {
    out.iban = request.iban === null ? null : normaliseIban(request.iban);
    if (out.iban !== null && !ibanValid(out.iban)) throw refuse('iban', `"${request.iban}" is not a valid IBAN (its check digits do not match)`);
  }
  if (request.email !== undefined) out.email = request.email === null ? null : request.email.trim().toLowerCase();
  if (request.address !== undefined) out.address = request.address === null ? null : JSON.stringify(request.address);
  if (request.paymentTermsDays !== undefined) out.paymentTermsDays = request.paymentTermsDays;
  if (request.defaultExpenseAccount !== undefined) out.defaultExpenseAccount = request.defaultExpenseAccount;
  if (request.active !== undefined) out.active = request.active;
  return out;
}

const chunked = <T>(items: T[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** Creates the suppliers not yet known and updates the others (the fields sent), in one transaction with one audit event. */
export async function upsertSuppliers(db: Db, companyId: string, requests: SupplierRequest[], single: boolean, by: Change)
  : Promise<{ created: number; updated: number; unchanged: number }> {
  const seen = new Map<string, number>();
  const checked = requests.map((request, i) => {
    const index = single ? null : i;
    const earlier = seen.get(request.supplierNo);
    if (earlier !== undefined) {
      throw new DomainRefusal(409, 'conflict', `${fieldPath(index, 'supplierNo')}: supplier "${request.supplierNo}" appears twice in this request (also at [${earlier}])`,
        { field: fieldPath(index, 'supplierNo'), issues: [{ path: fieldPath(index, 'supplierNo'), message: `also at [${earlier}]` }] });
    }
    seen.set(request.supplierNo, i);
    return { supplierNo: request.supplierNo, index, fields: checkedFields(request, index) };
  });
  return db.transaction(async (tx) => {
    // A default expense account must be an account of the chart.
    const expense = [...new Set(checked.map((c) => c.fields.defaultExpenseAccount).filter((a): a is string => typeof a === 'string'))];
    if (expense.length) {
      const found = new Map((await tx.select().from(accounts).where(and(eq(accounts.companyId, companyId), inArray(accounts.number, expense)))).map((a) => [a.number, a]));
      for (const c of checked) {
        const number = c.fields.defaultExpenseAccount;
        if (typeof number !== 'string') continue;
        const account = found.get(number);
        if (!account) throw invalid('invalid_supplier', fieldPath(c.index, 'defaultExpenseAccount'), `account ${number} does not exist in this company`);
        if (!account.active) throw invalid('invalid_supplier', fieldPath(c.index, 'defaultExpenseAccount'), `account ${number} is inactive`);
      }
    }
    const existing = new Map<string, SupplierRow>();
    for (const chunk of chunked(checked.map((c) => c.supplierNo), 500)) {
      const rows = await tx.select().from(suppliers).where(and(eq(suppliers.companyId, companyId), inArray(suppliers.id, chunk)));
      for (const row of rows) existing.set(row.id, row);
    }
    const fresh: SupplierRow[] = [];
    let updated = 0;
    let unchanged = 0;
    for (const { supplierNo, fields } of checked) {
      const row = existing.get(supplierNo);
      if (!row) {
        fresh.push({
          companyId, id: supplierNo, name: fields.name, orgNumber: fields.orgNumber ?? null, vatNumber: fields.vatNumber ?? null, bankgiro: fields.bankgiro ?? null,
          plusgiro: fields.plusgiro ?? null, iban: fields.iban ?? null, bic: null, peppolId: null, paymentTermsDays: fields.paymentTermsDays ?? 30,
          payableAccount: '2440', defaultExpenseAccount: fields.defaultExpenseAccount ?? null, email: fields.email ?? null, address: fields.address ?? null,
          active: fields.active ?? true, createdAt: by.at, updatedAt: by.at,
        });
        continue;
      }
      const changes = Object.fromEntries(Object.entries(fields).filter(([key, value]) => row[key as keyof Fields] !== value));
      if (Object.keys(changes).length === 0) { unchanged++; continue; }
      await tx.update(suppliers).set({ ...changes, updatedAt: by.at }).where(and(eq(suppliers.companyId, companyId), eq(suppliers.id, supplierNo)));
      updated++;
    }
    for (const chunk of chunked(fresh, 500)) await tx.insert(suppliers).values(chunk);
    const numbers = checked.map((c) => c.supplierNo);
    await recordAudit(tx, {
      id: by.auditId, companyId, at: by.at, actor: by.actor, action: 'supplier.upsert',
      subject: numbers.length === 1 ? `supplier:${numbers[0]}` : `suppliers:${numbers.length}`,
      details: { created: fresh.length, updated, unchanged, supplierNos: numbers.length <= 1000 ? numbers : [...numbers.slice(0, 1000), `… ${numbers.length - 1000} more`] },
    });
    return { created: fresh.length, updated, unchanged };
  });
}

/** A page of suppliers by number; `q` searches number, name and organisation number. */
export async function listSuppliers(db: Db, companyId: string, query: { q?: string; limit?: number; offset?: number })
  : Promise<{ suppliers: Supplier[]; total: number; nextOffset: number | null }> {
  const limit = query.limit ?? 100;
  const offset = query.offset ?? 0;
  const conditions: SQL[] = [eq(suppliers.companyId, companyId)];
  const q = query.q?.trim();
  if (q) {
    const pattern = likePattern(q);
    const digits = q.replace(/\D+/g, '');
    conditions.push(or(
      sql`${suppliers.id} LIKE ${pattern} ESCAPE '\\'`, sql`${suppliers.name} LIKE ${pattern} ESCAPE '\\'`,
      ...(digits.length >= 3 ? [sql`replace(${suppliers.orgNumber}, '-', '') LIKE ${likePattern(digits)} ESCAPE '\\'`] : []),
    )!);
  }
  const where = and(...conditions);
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(suppliers).where(where).orderBy(asc(suppliers.id)).limit(limit).offset(offset),
    db.select({ n: count() }).from(suppliers).where(where),
  ]);
  return { suppliers: rows.map(supplierOf), total: n, nextOffset: offset + rows.length < n ? offset + rows.length : null };
}
