/**
 * Customers: upserted by customer number (one or up to 10 000 in a request,
 * all or nothing), searched by number, name and organisation number. The
 * numbers are checked (organisation number and bankgiro mod 10, a Swedish
 * VAT number's form) and stored normalised. `customers` is not a record
 * table (0014): an existing customer is changed with a plain UPDATE.
 */
import { and, asc, count, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Customer, CustomerRequest } from '../../../shared/api.ts';
import type { Db } from '../../db/client.ts';
import { recordAudit } from '../../kernel/audit.ts';
import { DomainRefusal } from '../../kernel/errors.ts';
import { luhnValid, normaliseGiro } from '../bank/accounts.ts';
import { normaliseOrgNumber, normaliseVatNumber } from './numbers.ts';
import { customers } from './schema.ts';

export type CustomerRow = typeof customers.$inferSelect;

/** "[3].orgNumber" in an array, "orgNumber" for one object. */
export const fieldPath = (index: number | null, field: string) => (index === null ? field : `[${index}].${field}`);

export function invalid(code: string, path: string, message: string): DomainRefusal {
  return new DomainRefusal(422, code, `${path}: ${message}`, { issues: [{ path, message }] });
}

export function customerOf(row: CustomerRow): Customer {
  return {
    customerNo: row.id, name: row.name, orgNumber: row.orgNumber, vatNumber: row.vatNumber, bankgiro: row.bankgiro, email: row.email,
    address: row.address ? JSON.parse(row.address) as Customer['address'] : null, paymentTermsDays: row.paymentTermsDays,
    receivableAccount: row.receivableAccount, createdAt: row.createdAt, updatedAt: row.updatedAt,
  };
}

type CustomerFields = Pick<CustomerRow, 'name' | 'orgNumber' | 'vatNumber' | 'bankgiro' | 'email' | 'address'>;

/** The request's fields, checked and normalised; a field absent stays absent (undefined), null clears. */
function checkedFields(request: CustomerRequest, index: number | null): Partial<CustomerFields> & { name: string } {
  const at = (field: string) => fieldPath(index, field);
  const out: Partial<CustomerFields> & { name: string } = { name: request.name };
  if (request.orgNumber !== undefined) {
    out.orgNumber = request.orgNumber === null ? null : normaliseOrgNumber(request.orgNumber);
    if (request.orgNumber !== null && out.orgNumber === null) {
      throw invalid('invalid_customer', at('orgNumber'), `"${request.orgNumber}" is not a Swedish organisation or personal identity number (10 digits, NNNNNN-NNNN, the last a mod-10 check digit)`);
    }
  }
  if (request.vatNumber !== undefined) {
    out.vatNumber = request.vatNumber === null ? null : normaliseVatNumber(request.vatNumber);
    if (request.vatNumber !== null && out.vatNumber === null) {
      throw invalid('invalid_customer', at('vatNumber'), `"${request.vatNumber}" is not a VAT number (a Swedish one is SE, the 10-digit organisation number and 01)`);
    }
  }
  if (request.bankgiro !== undefined) {
    out.bankgiro = request.bankgiro === null ? null : normaliseGiro(request.bankgiro);
    if (out.bankgiro !== null && (!/^\d{7,8}$/.test(out.bankgiro) || !luhnValid(out.bankgiro))) {
      throw invalid('invalid_customer', at('bankgiro'), `"${request.bankgiro}" is not a bankgiro number (7–8 digits ending in a mod-10 check digit)`);
    }
  }
  if (request.email !== undefined) out.email = request.email === null ? null : request.email.trim().toLowerCase();
  if (request.address !== undefined) out.address = request.address === null ? null : JSON.stringify(request.address);
  return out;
}

const chunked = <T>(items: T[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * Creates the customers not yet known and updates the others (the fields sent), in one
 * transaction with one audit event; all or nothing. `single`: the request was one object
 * (paths say "orgNumber", not "[0].orgNumber").
 */
export async function upsertCustomers(db: Db, companyId: string, requests: CustomerRequest[], single: boolean, by: { actor: string; at: string; auditId: string })
  : Promise<{ created: number; updated: number; unchanged: number }> {
  const seen = new Map<string, number>();
  const checked = requests.map((request, i) => {
    const index = single ? null : i;
    const earlier = seen.get(request.customerNo);
    if (earlier !== undefined) {
      throw new DomainRefusal(409, 'conflict', `${fieldPath(index, 'customerNo')}: customer "${request.customerNo}" appears twice in this request (also at [${earlier}])`,
        { field: fieldPath(index, 'customerNo'), issues: [{ path: fieldPath(index, 'customerNo'), message: `also at [${earlier}]` }] });
    }
    seen.set(request.customerNo, i);
    return { customerNo: request.customerNo, fields: checkedFields(request, index) };
  });
  return db.transaction(async (tx) => {
    const existing = new Map<string, CustomerRow>();
    for (const chunk of chunked(checked.map((c) => c.customerNo), 500)) {
      const rows = await tx.select().from(customers).where(and(eq(customers.companyId, companyId), inArray(customers.id, chunk)));
      for (const row of rows) existing.set(row.id, row);
    }
    const fresh: CustomerRow[] = [];
    let updated = 0;
    let unchanged = 0;
    for (const { customerNo, fields } of checked) {
      const row = existing.get(customerNo);
      if (!row) {
        fresh.push({
          companyId, id: customerNo, name: fields.name, orgNumber: fields.orgNumber ?? null, vatNumber: fields.vatNumber ?? null, bankgiro: fields.bankgiro ?? null,
          email: fields.email ?? null, address: fields.address ?? null, peppolId: null, paymentTermsDays: 30, receivableAccount: '1510',
          createdAt: by.at, updatedAt: by.at,
        });
        continue;
      }
      const changes = Object.fromEntries(Object.entries(fields).filter(([key, value]) => row[key as keyof CustomerFields] !== value));
      if (Object.keys(changes).length === 0) { unchanged++; continue; }
      // customers is not guarded (0014): a plain UPDATE of the fields sent, never an UPSERT or REPLACE.
      await tx.update(customers).set({ ...changes, updatedAt: by.at }).where(and(eq(customers.companyId, companyId), eq(customers.id, customerNo)));
      updated++;
    }
    for (const chunk of chunked(fresh, 500)) await tx.insert(customers).values(chunk);
    const numbers = checked.map((c) => c.customerNo);
    await recordAudit(tx, {
      id: by.auditId, companyId, at: by.at, actor: by.actor, action: 'customer.upsert',
      subject: numbers.length === 1 ? `customer:${numbers[0]}` : `customers:${numbers.length}`,
      details: { created: fresh.length, updated, unchanged, customerNos: numbers.length <= 1000 ? numbers : [...numbers.slice(0, 1000), `… ${numbers.length - 1000} more`] },
    });
    return { created: fresh.length, updated, unchanged };
  });
}

/** `%`, `_` and `\` taken literally in a LIKE pattern (ESCAPE '\'). */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A page of customers by number; `q` searches number, name and organisation number (case-insensitive for A–Z). */
export async function listCustomers(db: Db, companyId: string, query: { q?: string; limit?: number; offset?: number })
  : Promise<{ customers: Customer[]; total: number; nextOffset: number | null }> {
  const limit = query.limit ?? 100;
  const offset = query.offset ?? 0;
  const conditions: SQL[] = [eq(customers.companyId, companyId)];
  const q = query.q?.trim();
  if (q) {
    const pattern = likePattern(q);
    const digits = q.replace(/\D+/g, '');
    const matches = [
      sql`${customers.id} LIKE ${pattern} ESCAPE '\\'`, sql`${customers.name} LIKE ${pattern} ESCAPE '\\'`,
      // an organisation number found with or without its dash
      ...(digits.length >= 3 ? [sql`replace(${customers.orgNumber}, '-', '') LIKE ${likePattern(digits)} ESCAPE '\\'`] : []),
    ];
    conditions.push(or(...matches)!);
  }
  const where = and(...conditions);
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(customers).where(where).orderBy(asc(customers.id)).limit(limit).offset(offset),
    db.select({ n: count() }).from(customers).where(where),
  ]);
  return { customers: rows.map(customerOf), total: n, nextOffset: offset + rows.length < n ? offset + rows.length : null };
}
