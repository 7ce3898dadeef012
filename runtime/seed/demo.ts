/**
 * The demo company "Demo AB" (id `demo`), seeded on an empty database: the
 * current fiscal year, a BAS chart, VAT codes, series, dimensions, customers,
 * suppliers and open invoices posted through the ledger like any other.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceRef } from '../../shared/sources.ts';
import { addDays } from '../../shared/iso-date.ts';
import { count, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { bankAccounts, companies, customers, dimensionObjects, invoices, suppliers } from '../db/schema.ts';
import { AutomationStore } from '../automations/store.ts';
import { calendarYear } from '../domains/companies/fiscal-years.ts';
import { insertCompanyBasics, setUpCompany } from '../domains/companies/companies.ts';
import { Ledger, systemClock, type LedgerClock } from '../ledger/ledger.ts';

export const rulesExamplesDir = fileURLToPath(new URL('../../rules-examples/', import.meta.url));

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Creates a company with a calendar fiscal year, its 12 periods and the standard series — no chart
 * (tests that need a second, bare company). A company with its chart: setUpCompany
 * (runtime/domains/companies/companies.ts), which the demo and POST /api/companies share.
 */
export async function createCompany(db: Db, company: { id: string; name: string; orgNumber: string; year: number }): Promise<void> {
  await insertCompanyBasics(db, { id: company.id, name: company.name, orgNumber: company.orgNumber, fiscalYear: calendarYear(company.year) });
}

export async function seedDemoCompany(db: Db, options: { today?: Date; clock?: LedgerClock } = {}): Promise<boolean> {
  const [{ n }] = await db.select({ n: count() }).from(companies).where(eq(companies.id, 'demo'));
  if (n > 0) return false;
  const today = options.today ?? new Date();
  const year = today.getUTCFullYear();
  const companyId = 'demo';
  // The chart, VAT codes, series and periods, exactly as POST /api/companies makes them.
  await setUpCompany(db, { id: companyId, name: 'Demo AB', orgNumber: '556677-8899', fiscalYear: calendarYear(year) });
  await db.insert(dimensionObjects).values([
    { companyId, dimension: 1, code: '100', name: 'Ledning' },
    { companyId, dimension: 1, code: '200', name: 'Försäljning' },
    { companyId, dimension: 1, code: '300', name: 'Produktion' },
    { companyId, dimension: 6, code: 'P1', name: 'Webbplats 2.0' },
    { companyId, dimension: 6, code: 'P2', name: 'Mässa Elmia' },
  ]);
  await db.insert(bankAccounts).values({
    companyId, id: 'main', name: 'Företagskonto', ledgerAccount: '1930', iban: 'SE4550000000058398257466', bankgiro: '9912346', currency: 'SEK',
    createdAt: today.toISOString(), createdBy: 'system:seed',
  });
  const createdAt = today.toISOString();
  await db.insert(customers).values([
    { companyId, id: 'K1001', name: 'Nordisk Design AB', orgNumber: '556123-4567', vatNumber: 'SE556123456701', email: 'faktura@nordiskdesign.se', peppolId: '0007:5561234567', paymentTermsDays: 30, createdAt, updatedAt: createdAt },
    { companyId, id: 'K1002', name: 'Bageriet i Gamla Stan HB', orgNumber: '969712-3454', email: 'ekonomi@bageriet.se', paymentTermsDays: 15, createdAt, updatedAt: createdAt },
    { companyId, id: 'K1003', name: 'Kommunförbundet Norr', orgNumber: '222000-1230', peppolId: '0007:2220001230', paymentTermsDays: 30, createdAt, updatedAt: createdAt },
  ]);
  // Stored as POST …/suppliers stores them (giro numbers as digits, org numbers NNNNNN-NNNN), each passing its
  // mod-10 check: runtime/seed/demo-master-data.test.ts sends them back through the API's validation.
  await db.insert(suppliers).values([
    { companyId, id: 'L2001', name: 'Telia Sverige AB', orgNumber: '556430-0142', bankgiro: '50516905', defaultExpenseAccount: '6212', paymentTermsDays: 30 },
    { companyId, id: 'L2002', name: 'Fastighets AB Kvarnen', orgNumber: '556789-0123', bankgiro: '54029681', defaultExpenseAccount: '5010', paymentTermsDays: 30 },
    { companyId, id: 'L2003', name: 'Kontorsgiganten AB', orgNumber: '556555-1214', plusgiro: '4778890', defaultExpenseAccount: '6110', paymentTermsDays: 20 },
  ]);

  // Who each invoice's voucher was with (BFL 5:7), by customer or supplier number.
  const partyNames: Record<string, string> = {
    K1001: 'Nordisk Design AB', K1002: 'Bageriet i Gamla Stan HB', K1003: 'Kommunförbundet Norr',
    L2001: 'Telia Sverige AB', L2002: 'Fastighets AB Kvarnen', L2003: 'Kontorsgiganten AB',
  };

  // Open invoices, posted as vouchers so that the ledger and the open items agree.
  const ledger = new Ledger(db, options.clock ?? systemClock);
  const month = today.getUTCMonth() + 1;
  const day = (offsetDays: number) => {
    const date = addDays(today.toISOString().slice(0, 10), -offsetDays);
    return date < isoDate(year, 1, 1) ? isoDate(year, 1, Math.min(month, 28)) : date;
  };
  const arInvoices = [
    { id: 'F1001', customer: 'K1001', date: day(40), net: 4000000, ocr: '10017' },
    { id: 'F1002', customer: 'K1002', date: day(20), net: 1250000, ocr: '10025' },
    { id: 'F1003', customer: 'K1003', date: day(5), net: 9800000, ocr: '10033' },
  ];
  for (const inv of arInvoices) {
    const vat = inv.net / 4;
    const [{ voucher }] = await ledger.post(companyId, [{
      date: inv.date, series: 'C', text: `Kundfaktura ${inv.id}`, sourceRef: sourceRef('invoice', inv.id), registeredBy: 'user:seed',
      counterparty: { name: partyNames[inv.customer], id: inv.customer },
      lines: [
        { account: '1510', debitMinor: inv.net + vat },
        { account: '3001', creditMinor: inv.net, vatCode: 'MP1' },
        { account: '2611', creditMinor: vat },
      ],
    }]);
    await db.insert(invoices).values({
      companyId, id: inv.id, kind: 'ar', counterpartyId: inv.customer, invoiceNumber: inv.id, invoiceDate: inv.date,
      dueDate: addDays(inv.date, 30), currency: 'SEK', totalMinor: inv.net + vat, vatMinor: vat, openMinor: inv.net + vat, totalBaseMinor: inv.net + vat,
      ocrReference: inv.ocr, voucherId: voucher.id,
    });
  }
  const apInvoices = [
    { id: 'LF-88213', supplier: 'L2001', account: '6212', date: day(25), net: 89600 },
    { id: 'LF-2026-11', supplier: 'L2002', account: '5010', date: day(10), net: 1850000 },
    { id: 'LF-55120', supplier: 'L2003', account: '6110', date: day(3), net: 234000 },
  ];
  for (const inv of apInvoices) {
    const vat = inv.account === '5010' ? 0 : inv.net / 4;
    const [{ voucher }] = await ledger.post(companyId, [{
      date: inv.date, series: 'B', text: `Leverantörsfaktura ${inv.id}`, sourceRef: sourceRef('invoice', inv.id), registeredBy: 'user:seed',
      counterparty: { name: partyNames[inv.supplier], id: inv.supplier },
      lines: [
        { account: inv.account, debitMinor: inv.net, ...(vat ? { vatCode: 'I25' } : {}) },
        ...(vat ? [{ account: '2641', debitMinor: vat }] : []),
        { account: '2440', creditMinor: inv.net + vat },
      ],
    }]);
    await db.insert(invoices).values({
      companyId, id: inv.id, kind: 'ap', counterpartyId: inv.supplier, invoiceNumber: inv.id, invoiceDate: inv.date,
      dueDate: addDays(inv.date, 30), currency: 'SEK', totalMinor: inv.net + vat, vatMinor: vat, openMinor: inv.net + vat, totalBaseMinor: inv.net + vat,
      ocrReference: null, voucherId: voucher.id,
    });
  }

  await loadExampleAutomations(db, companyId);
  return true;
}

/** Loads every rules-examples/*.json into the company as a published automation. */
export async function loadExampleAutomations(db: Db, companyId: string, dir = rulesExamplesDir): Promise<string[]> {
  const store = new AutomationStore(db);
  const loaded: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const document = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    await store.saveDraft(companyId, document.id, document, 'user:seed');
    await store.publish(companyId, document.id, 'user:seed');
    loaded.push(document.id);
  }
  return loaded;
}
