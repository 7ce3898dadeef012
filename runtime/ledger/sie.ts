/**
 * SIE 4 in and out of the ledger. Import writes a company's accounts,
 * dimensions, fiscal years, opening balances and vouchers in ONE transaction
 * (all or nothing); export reads them back as a 4E file.
 */
import { fiscalYearKey } from '../domains/companies/fiscal-years.ts';
import { createHash } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import {
  accounts, companies, dimensionObjects, dimensions, fiscalYears, openingBalances, periods, vatCodes, voucherLines, vouchers, voucherSeries,
} from '../db/schema.ts';
import {
  emptySieBalances, parseSie, writeSie, type SieAccountType, type SieDocument, type SieIssue, type SieVoucher,
} from '../formats/sie/index.ts';
import { basAccountType, standardVatCodeRows, type AccountType } from '../seed/bas-accounts.ts';
import { formatMinorPlain, isWithinLineCap, lineAmountMinorMax, minorForJson } from '../../shared/money.ts';
import { loadChart } from './chart.ts';
import { exactSum, exactSumOf } from './exact-sum.ts';
import { recordAudit } from '../kernel/audit.ts';
import { companyToday, systemClock, type LedgerClock } from '../kernel/clock.ts';
import { postVouchersWithin } from './ledger.ts';
import { LedgerRefusal, type VoucherDraft } from './types.ts';
import { isResultAccount } from './statement-layout.ts';
import { storeOriginal } from '../originals/store.ts';
import {
  balanceMismatches, balanceMismatchIssue, originOf, storedSieBalances, storeSieBalances, storeVoucherOrigins, writeStoredBalances,
  type SieVoucherOrigin,
} from './sie-fidelity.ts';

export interface SieImportSummary {
  companyId: string;
  created: boolean;
  accounts: number;
  accountsCreated: number;
  dimensionObjects: number;
  fiscalYears: number;
  openingBalances: number;
  vouchers: number;
  /** vouchers already imported before (same file): nothing new posted */
  vouchersReplayed: number;
  lines: number;
  /** rows kept in sie_balances: #IB/#UB/#RES of every year the file declares, #OIB/#OUB, #PSALDO */
  balancesKept: number;
  warnings: SieIssue[];
  /** the file's exact bytes, kept in `originals` (BFL 7:2) */
  originalId: string;
}

export class SieImportRefused extends Error {
  constructor(readonly errors: SieIssue[]) {
    super(`The SIE file was refused: ${errors.slice(0, 5).map((e) => (e.line ? `line ${e.line}: ` : '') + e.message).join('; ')}` +
      (errors.length > 5 ? ` (and ${errors.length - 5} more)` : ''));
    this.name = 'SieImportRefused';
  }
}

const ktypToType: Record<SieAccountType, (n: string) => AccountType> = {
  T: () => 'asset',
  S: (n) => (n.startsWith('20') ? 'equity' : 'liability'),
  K: () => 'expense',
  I: () => 'revenue',
};
const typeToKtyp: Record<AccountType, SieAccountType> = { asset: 'T', liability: 'S', equity: 'S', expense: 'K', revenue: 'I' };

function slug(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'company';
}

function monthsOf(start: string, end: string): { period: string; startDate: string; endDate: string }[] {
  const out = [];
  let [y, m] = start.split('-').map(Number);
  for (;;) {
    const period = `${y}-${String(m).padStart(2, '0')}`;
    const first = `${period}-01`;
    if (first > end) break;
    const last = `${period}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
    out.push({ period, startDate: first < start ? start : first, endDate: last > end ? end : last });
    m++;
    if (m > 12) { m = 1; y++; }
  }
  return out;
}

function numericOrder(a: SieVoucher, b: SieVoucher): number {
  if (a.series !== b.series) return a.series < b.series ? -1 : 1;
  const na = Number(a.number);
  const nb = Number(b.number);
  if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}

/**
 * Imports a SIE 4 file (4E or 4I; CP437, UTF-8 or ISO-8859) into a new company
 * (`companyId` absent or not existing) or an existing one. Refuses the whole
 * file, naming the line, when anything in it cannot be posted.
 */
export async function importSie(
  db: Db,
  bytes: Uint8Array,
  options: {
    companyId?: string; fileName?: string; actor?: string; clock?: LedgerClock;
    /** refuse a file whose #UB (#RES) of year 0 is not #IB plus its vouchers; by default that is a warning */
    strict?: boolean;
  } = {},
): Promise<SieImportSummary> {
  const clock = options.clock ?? systemClock;
  const parsed = parseSie(bytes, { fileName: options.fileName });
  if (!parsed.ok) throw new SieImportRefused(parsed.errors);
  const { document } = parsed;
  const warnings: SieIssue[] = [...parsed.warnings];
  const fileHash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const actor = options.actor ?? 'import:sie';
  // The UB check (sie-fidelity.ts): a warning, or with strict a refusal before anything is written.
  const mismatch = balanceMismatchIssue(balanceMismatches(document));
  if (mismatch && options.strict) throw new SieImportRefused([mismatch]);
  if (mismatch) warnings.push(mismatch);

  return db.transaction(async (tx) => {
    // The company: the one named, or a new one.
    let chosenId = options.companyId;
    let created = false;
    const [existing] = chosenId ? await tx.select().from(companies).where(eq(companies.id, chosenId)) : [];
    if (existing) {
      const fileOrg = document.header.orgNumber?.replace(/\D/g, '');
      if (fileOrg && existing.orgNumber.replace(/\D/g, '') !== fileOrg) {
        throw new SieImportRefused([{ code: 'invalid_field', message: `The file is for organisation number ${document.header.orgNumber}, but company "${chosenId}" has ${existing.orgNumber}`, record: '#ORGNR' }]);
      }
    } else {
      if (!chosenId) {
        const base = slug(document.header.companyName || document.header.orgNumber || 'company');
        chosenId = base;
        for (let n = 2; (await tx.select({ id: companies.id }).from(companies).where(eq(companies.id, chosenId))).length; n++) chosenId = `${base}-${n}`;
      }
      await tx.insert(companies).values({
        id: chosenId, name: document.header.companyName || chosenId, orgNumber: document.header.orgNumber ?? '',
        baseCurrency: document.header.currency || 'SEK',
      });
      // SIE carries no VAT codes: a new company gets the standard ones, as POST /api/companies gives them (issue 13).
      await tx.insert(vatCodes).values(standardVatCodeRows(chosenId!));
      created = true;
    }
    const companyId: string = chosenId!;

    // Fiscal years and their periods: from #RAR, and calendar years for voucher dates outside them (4I files).
    const years = await tx.select().from(fiscalYears).where(eq(fiscalYears.companyId, companyId));
    const yearIndex = new Map<number, number>(); // SIE year index → our fiscal year
    const ensureYear = async (start: string, end: string): Promise<number> => {
      const found = years.find((y) => y.startDate <= start && start <= y.endDate);
      if (found) return found.year;
      const overlapping = years.find((y) => y.startDate <= end && start <= y.endDate);
      if (overlapping) {
        throw new SieImportRefused([{ code: 'invalid_field', record: '#RAR',
          message: `Fiscal year ${start}..${end} overlaps the company's fiscal year ${overlapping.startDate}..${overlapping.endDate}` }]);
      }
      // keyed as POST …/fiscal-years keys a year: after a shortened year, by the year it ends in
      const year = fiscalYearKey(years, start, end);
      if (typeof year === 'string') throw new SieImportRefused([{ code: 'invalid_field', message: year, record: '#RAR' }]);
      await tx.insert(fiscalYears).values({ companyId: companyId, year, startDate: start, endDate: end });
      await tx.insert(periods).values(monthsOf(start, end).map((p) => ({ companyId: companyId, fiscalYear: year, ...p })));
      years.push({ companyId: companyId, year, startDate: start, endDate: end });
      return year;
    };
    for (const rar of document.header.fiscalYears) yearIndex.set(rar.index, await ensureYear(rar.start, rar.end));
    for (const voucher of document.vouchers) {
      if (!years.some((y) => y.startDate <= voucher.date && voucher.date <= y.endDate)) {
        const y = voucher.date.slice(0, 4);
        await ensureYear(`${y}-01-01`, `${y}-12-31`);
      }
    }

    // Accounts: declared, then any used but undeclared.
    const known = new Set((await tx.select({ n: accounts.number }).from(accounts).where(eq(accounts.companyId, companyId))).map((r) => r.n));
    let accountsCreated = 0;
    const addAccount = async (number: string, name: string, type: AccountType, sru?: string) => {
      if (known.has(number)) {
        // #SRU: the file's code for an account the company has (the chart is master data, edited by design)
        if (sru !== undefined) await tx.update(accounts).set({ sru }).where(and(eq(accounts.companyId, companyId), eq(accounts.number, number)));
        return;
      }
      await tx.insert(accounts).values({ companyId: companyId, number, name, type, active: true, sru: sru ?? null });
      known.add(number);
      accountsCreated++;
    };
    for (const account of document.accounts) {
      await addAccount(account.number, account.name, account.type ? ktypToType[account.type](account.number) : basAccountType(account.number), account.sru);
    }
    const used = new Set<string>();
    for (const v of document.vouchers) for (const t of v.transactions) used.add(t.account);
    for (const b of [...document.balances.opening, ...document.balances.closing, ...document.balances.result]) used.add(b.account);
    for (const number of [...used].sort()) {
      if (!known.has(number)) await addAccount(number, `Konto ${number}`, basAccountType(number));
    }

    // Dimensions and objects, declared or used.
    const knownDimensions = new Set((await tx.select({ n: dimensions.number }).from(dimensions).where(eq(dimensions.companyId, companyId))).map((r) => r.n));
    const knownObjects = new Set((await tx.select({ d: dimensionObjects.dimension, c: dimensionObjects.code }).from(dimensionObjects)
      .where(eq(dimensionObjects.companyId, companyId))).map((r) => `${r.d}:${r.c}`));
    const dimensionNames: Record<number, string> = { 1: 'Kostnadsställe', 2: 'Kostnadsbärare', 6: 'Projekt', 7: 'Anställd', 8: 'Kund', 9: 'Leverantör', 10: 'Faktura' };
    const addDimension = async (number: number, name?: string) => {
      if (knownDimensions.has(number)) return;
      await tx.insert(dimensions).values({ companyId: companyId, number, name: name || dimensionNames[number] || `Dimension ${number}` });
      knownDimensions.add(number);
    };
    const addObject = async (dimension: number, code: string, name: string) => {
      await addDimension(dimension);
      if (knownObjects.has(`${dimension}:${code}`)) return;
      await tx.insert(dimensionObjects).values({ companyId: companyId, dimension, code, name });
      knownObjects.add(`${dimension}:${code}`);
    };
    for (const d of document.dimensions) await addDimension(d.number, d.name);
    for (const o of document.objects) await addObject(o.dimension, o.id, o.name);
    for (const v of document.vouchers) for (const t of v.transactions) for (const o of t.objects) await addObject(o.dimension, o.id, o.id);

    // Opening balances (#IB) for the years the file names. They cannot go into a year that has a
    // locked period (they are append-only). Files in the wild often carry #IB that do not net to
    // zero (the previous year's result not yet moved to equity): imported, with a warning that
    // says by how much, since the trial balance will show it.
    const sums = new Map<number, bigint>(); // exact: many large balances may sum beyond 2^53
    for (const ib of document.balances.opening) {
      if (yearIndex.has(ib.yearIndex)) sums.set(ib.yearIndex, (sums.get(ib.yearIndex) ?? 0n) + BigInt(ib.amountMinor));
    }
    // An #IB on a result account: a result account opens each year at zero (its balance is the year's
    // result, booked to 2099 by the close). Imported as given — the year's result then counts it —
    // with a warning naming the accounts; closing the year before takes it out (year-end.ts).
    const onResult = new Map<number, string[]>();
    for (const ib of document.balances.opening) {
      if (yearIndex.has(ib.yearIndex) && ib.amountMinor !== 0 && isResultAccount(ib.account)) onResult.set(ib.yearIndex, [...onResult.get(ib.yearIndex) ?? [], ib.account]);
    }
    for (const [index, list] of onResult) {
      warnings.push({ code: 'opening_on_result_account', record: '#IB',
        message: `Year ${index} has opening balances (#IB) on result account${list.length > 1 ? 's' : ''} ${list.join(', ')}: a result account opens each year at zero, `
          + `so the year's result counts ${list.length > 1 ? 'them' : 'it'}; closing the previous year in Kontera takes ${list.length > 1 ? 'them' : 'it'} out` } as SieIssue);
    }
    for (const [index, sum] of sums) {
      if (sum !== 0n) {
        warnings.push({ code: 'missing_record', record: '#IB',
          message: `The opening balances (#IB) of year ${index} do not net to zero: they differ by ${formatMinorPlain(sum)} (often the previous year's result, not yet booked to equity)` } as SieIssue);
      }
      const [locked] = await tx.select({ period: periods.period }).from(periods)
        .where(and(eq(periods.companyId, companyId), eq(periods.fiscalYear, yearIndex.get(index)!), eq(periods.status, 'locked'))).limit(1);
      const present = new Set((await tx.select({ account: openingBalances.account }).from(openingBalances)
        .where(and(eq(openingBalances.companyId, companyId), eq(openingBalances.fiscalYear, yearIndex.get(index)!)))).map((r) => r.account));
      if (locked && document.balances.opening.some((ib) => ib.yearIndex === index && ib.amountMinor !== 0 && !present.has(ib.account))) {
        throw new SieImportRefused([{ code: 'invalid_field', record: '#IB',
          message: `Fiscal year ${yearIndex.get(index)} has a locked period (${locked.period}): its opening balances cannot be set` }]);
      }
    }
    let openingCount = 0;
    for (const ib of document.balances.opening) {
      const year = yearIndex.get(ib.yearIndex);
      if (year === undefined || ib.amountMinor === 0) continue;
      const inserted = await tx.insert(openingBalances).values({ companyId: companyId, fiscalYear: year, account: ib.account, amountMinor: Number(ib.amountMinor) })
        .onConflictDoNothing().returning({ a: openingBalances.account });
      if (inserted.length) openingCount++;
      else warnings.push({ code: 'missing_record', message: `Opening balance for ${ib.account} in ${year} already exists; kept the existing one` } as SieIssue);
    }

    // Series, then vouchers in series and number order through the ledger.
    const seriesCodes = new Set((await tx.select({ c: voucherSeries.code }).from(voucherSeries).where(eq(voucherSeries.companyId, companyId))).map((r) => r.c));
    const sorted = document.vouchers.map((v, index) => ({ v, index })).sort((a, b) => numericOrder(a.v, b.v) || a.index - b.index);
    const drafts: VoucherDraft[] = [];
    const sourceLines: (number | undefined)[] = [];
    const origins: Omit<SieVoucherOrigin, 'originalId'>[] = [];
    let lineCount = 0;
    // The per-line cap, named by the file's line (the ledger would name only the voucher).
    const overCap: SieIssue[] = [];
    for (const v of document.vouchers) {
      for (const t of v.transactions) {
        if (t.kind === 'TRANS' && !isWithinLineCap(t.amountMinor)) {
          overCap.push({ code: 'amount_out_of_range', line: t.lineNumber, record: '#TRANS',
            message: `Voucher ${v.series || 'A'} ${v.number}, account ${t.account}: ${formatMinorPlain(t.amountMinor)} is over the maximum per line, ${formatMinorPlain(lineAmountMinorMax)}` });
        }
      }
    }
    if (overCap.length) throw new SieImportRefused(overCap);
    for (const { v, index } of sorted) {
      const series = v.series || 'A';
      if (!seriesCodes.has(series)) {
        await tx.insert(voucherSeries).values({ companyId: companyId, code: series, name: `Serie ${series} (SIE)` });
        seriesCodes.add(series);
      }
      const lines = v.transactions.filter((t) => t.kind === 'TRANS' && t.amountMinor !== 0).map((t) => ({
        account: t.account,
        ...(t.amountMinor > 0 ? { debitMinor: t.amountMinor } : { creditMinor: -t.amountMinor }),
        dimensions: Object.fromEntries(t.objects.map((o) => [String(o.dimension), o.id])),
        text: t.text ?? null,
      }));
      if (lines.length < 2) {
        warnings.push({ code: 'empty_voucher', message: `Voucher ${series} ${v.number} has no amounts to post; skipped`, line: v.lineNumber } as SieIssue);
        continue;
      }
      lineCount += lines.length;
      sourceLines.push(v.lineNumber);
      origins.push(originOf(v));
      drafts.push({
        date: v.date, series, text: v.text, sourceRef: `sie:${series}:${v.number || index + 1}`, importedHistory: true, registeredBy: actor,
        // The same voucher (series, number, date, rows) imported again, from this file or another, posts nothing.
        idempotencyKey: `sie:${series}:${v.number || index + 1}:${createHash('sha256').update(JSON.stringify([v.date, v.text, lines])).digest('hex').slice(0, 24)}`,
        lines,
      });
    }
    // Into an existing company: a voucher that is already there under its series and number
    // with the same date and rows (e.g. our own export read back) is recognised, not posted again.
    let alreadyThere = 0;
    if (!created && drafts.length) {
      const kept: VoucherDraft[] = [];
      const keptLines: (number | undefined)[] = [];
      const keptOrigins: typeof origins = [];
      for (let i = 0; i < drafts.length; i++) {
        const draft = drafts[i];
        const number = Number(draft.sourceRef!.split(':')[2]);
        const [same] = Number.isSafeInteger(number)
          ? await tx.select({ id: vouchers.id }).from(vouchers).where(and(eq(vouchers.companyId, companyId), eq(vouchers.series, draft.series),
            eq(vouchers.number, number), eq(vouchers.date, draft.date)))
          : [];
        if (same) {
          const rows = await tx.select().from(voucherLines).where(eq(voucherLines.voucherId, same.id)).orderBy(asc(voucherLines.lineNo));
          const existingRows = rows.map((r) => `${r.account}:${r.debitMinor}:${r.creditMinor}`).join('|');
          const draftRows = draft.lines.map((l) => `${l.account}:${l.debitMinor ?? 0}:${l.creditMinor ?? 0}`).join('|');
          if (existingRows === draftRows) { alreadyThere++; continue; }
        }
        kept.push(draft);
        keptLines.push(sourceLines[i]);
        keptOrigins.push(origins[i]);
      }
      drafts.splice(0, drafts.length, ...kept);
      sourceLines.splice(0, sourceLines.length, ...keptLines);
      origins.splice(0, origins.length, ...keptOrigins);
    }
    const chart = await loadChart(tx, companyId);
    let posted;
    try {
      posted = await postVouchersWithin(tx, chart!, drafts, clock);
    } catch (error) {
      if (error instanceof LedgerRefusal) {
        const line = error.voucherIndex !== undefined ? sourceLines[error.voucherIndex] : undefined;
        throw new SieImportRefused([{ code: 'invalid_field', message: error.message, line, record: '#VER' }]);
      }
      throw error;
    }
    // The file as uploaded, before decoding (BFL 7:2), in this transaction: a refused file stores nothing.
    // Kept by the latest fiscal year it carries (its #RAR years and the years of its vouchers).
    const covered = years.filter((y) => [...yearIndex.values()].includes(y.year)
      || document.vouchers.some((v) => y.startDate <= v.date && v.date <= y.endDate));
    const fiscalYearEnd = covered.reduce<string | null>((latest, y) => (latest === null || y.endDate > latest ? y.endDate : latest), null);
    const documentDate = document.vouchers.reduce<string | null>((latest, v) => (latest === null || v.date > latest ? v.date : latest), null);
    const original = await storeOriginal(tx, {
      companyId, kind: 'sie', mediaType: sieMediaType[parsed.encoding.encoding] ?? 'application/octet-stream', bytes, receivedAt: clock.now().toISOString(),
      receivedBy: actor, sourceRef: options.fileName ?? null, documentDate, fiscalYearEnd,
    });
    // What the file says beyond live lines, kept as read (sie-fidelity.ts): its balances of every year, and each new voucher's origin.
    const kept = await storeSieBalances(tx, companyId, document, original.id);
    warnings.push(...kept.warnings);
    await storeVoucherOrigins(tx, companyId, posted.flatMap((p, i) => (p.replayed ? [] : [{ voucherId: p.voucher.id, origin: origins[i] }])), original.id);
    await recordAudit(tx, {
      id: clock.newId(), companyId, at: clock.now().toISOString(), actor, action: 'sie.import', subject: `company:${companyId}`,
      details: { fileName: options.fileName ?? null, sha256: fileHash, vouchers: posted.length, originalId: original.id, originalSha256: original.sha256 },
    });
    return {
      companyId: companyId, created, accounts: known.size, accountsCreated, dimensionObjects: knownObjects.size,
      fiscalYears: years.length, openingBalances: openingCount,
      vouchers: posted.filter((p) => !p.replayed).length, vouchersReplayed: posted.filter((p) => p.replayed).length + alreadyThere,
      lines: lineCount, balancesKept: kept.stored, warnings, originalId: original.id,
    };
  });
}

/** The media type an SIE original is served with: text in the charset it was read in (SIE 4 names none of its own). */
const sieMediaType: Record<string, string> = {
  cp437: 'text/plain; charset=IBM437', 'utf-8': 'text/plain; charset=UTF-8', 'iso-8859-15': 'text/plain; charset=ISO-8859-15', 'windows-1252': 'text/plain; charset=windows-1252',
};

/** Exports one fiscal year (the one starting in `year`) as SIE 4E, CP437, with #KSUMMA. */
export async function exportSie(db: Db, companyId: string, year: number, options: { today?: string } = {}): Promise<{ bytes: Buffer; document: SieDocument }> {
  const [company] = await db.select().from(companies).where(eq(companies.id, companyId));
  if (!company) throw new LedgerRefusal('unknown_company', `Company "${companyId}" does not exist`);
  const yearRows = await db.select().from(fiscalYears).where(eq(fiscalYears.companyId, companyId)).orderBy(asc(fiscalYears.startDate));
  const current = yearRows.find((y) => y.year === year);
  if (!current) throw new LedgerRefusal('no_fiscal_year', `Company "${companyId}" has no fiscal year ${year}`);
  const previous = yearRows.filter((y) => y.endDate < current.startDate).at(-1);

  const accountRows = await db.select().from(accounts).where(eq(accounts.companyId, companyId)).orderBy(asc(accounts.number));
  const dimensionRows = await db.select().from(dimensions).where(eq(dimensions.companyId, companyId)).orderBy(asc(dimensions.number));
  const objectRows = await db.select().from(dimensionObjects).where(eq(dimensionObjects.companyId, companyId))
    .orderBy(asc(dimensionObjects.dimension), asc(dimensionObjects.code));
  const balanceType = new Set(accountRows.filter((a) => a.type === 'asset' || a.type === 'liability' || a.type === 'equity').map((a) => a.number));

  const balances = emptySieBalances();
  const sieAmount = (exact: bigint) => { const json = minorForJson(exact); return typeof json === 'number' ? json : exact; };
  const yearFigures = async (y: { year: number; startDate: string; endDate: string }, index: number) => {
    // Exact sums (BigInt; exact-sum.ts): #UB and #RES are written exactly whatever the year holds.
    const ib = await db.all<{ account: string; amount: string }>(sql`
      SELECT account, ${exactSum(sql`amount_minor`)} AS amount FROM opening_balances WHERE company_id = ${companyId} AND fiscal_year = ${y.year}
      GROUP BY account ORDER BY account`);
    const movements = await db.all<{ account: string; debit: string | null; credit: string | null }>(sql`
      SELECT l.account AS account, ${exactSum(sql`l.debit_minor`)} AS debit, ${exactSum(sql`l.credit_minor`)} AS credit
      FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id
      WHERE v.company_id = ${companyId} AND v.date >= ${y.startDate} AND v.date <= ${y.endDate}
      GROUP BY l.account ORDER BY l.account`);
    // A year without vouchers: its #UB/#RES only from what an imported file said (sie_balances), never
    // made up from the opening balances alone; with none stored, a previous year writes no #UB/#RES.
    const stored = await storedSieBalances(db, companyId, y.startDate);
    const storedKinds = new Set(stored.map((r) => r.kind));
    if (movements.length === 0 && (storedKinds.has('UB') || storedKinds.has('RES') || index < 0)) {
      const kinds = new Set<'IB' | 'UB' | 'RES' | 'OIB' | 'OUB' | 'PSALDO'>(['UB', 'RES', 'OIB', 'OUB', 'PSALDO']);
      if (storedKinds.has('IB')) kinds.add('IB');
      else {
        for (const row of ib) {
          const amount = exactSumOf(row.amount);
          if (amount !== 0n) balances.opening.push({ yearIndex: index, account: row.account, amountMinor: sieAmount(amount) });
        }
      }
      writeStoredBalances(balances, stored, index, kinds);
      return;
    }
    writeStoredBalances(balances, stored, index, new Set(['OIB', 'OUB', 'PSALDO']));
    const closing = new Map<string, bigint>();
    for (const row of ib) {
      const amount = exactSumOf(row.amount);
      if (amount === 0n) continue; // a year-end carry taken back by a re-open (migration 0025)
      balances.opening.push({ yearIndex: index, account: row.account, amountMinor: sieAmount(amount) });
      closing.set(row.account, amount);
    }
    for (const m of movements) {
      const amount = exactSumOf(m.debit) - exactSumOf(m.credit);
      if (balanceType.has(m.account)) closing.set(m.account, (closing.get(m.account) ?? 0n) + amount);
      else if (amount !== 0n) balances.result.push({ yearIndex: index, account: m.account, amountMinor: sieAmount(amount) });
    }
    for (const [account, amountMinor] of [...closing].sort()) {
      if (amountMinor !== 0n || ib.some((r) => r.account === account)) balances.closing.push({ yearIndex: index, account, amountMinor: sieAmount(amountMinor) });
    }
  };
  await yearFigures(current, 0);
  if (previous) await yearFigures(previous, -1);
  balances.opening.sort((a, b) => a.yearIndex - b.yearIndex || a.account.localeCompare(b.account));
  balances.closing.sort((a, b) => b.yearIndex - a.yearIndex || a.account.localeCompare(b.account));
  balances.result.sort((a, b) => b.yearIndex - a.yearIndex || a.account.localeCompare(b.account));

  const voucherRows = await db.select().from(vouchers)
    .where(and(eq(vouchers.companyId, companyId), eq(vouchers.fiscalYear, year)))
    .orderBy(asc(vouchers.series), asc(vouchers.number));
  const lineRows = await db.select({ l: voucherLines }).from(voucherLines).innerJoin(vouchers, eq(vouchers.id, voucherLines.voucherId))
    .where(and(eq(vouchers.companyId, companyId), eq(vouchers.fiscalYear, year)))
    .orderBy(asc(voucherLines.voucherId), asc(voucherLines.lineNo));
  const linesBy = new Map<string, (typeof voucherLines.$inferSelect)[]>();
  for (const { l } of lineRows) linesBy.set(l.voucherId, [...(linesBy.get(l.voucherId) ?? []), l]);

  const today = options.today ?? await companyToday(db, companyId, new Date()); // #GEN: the date where the company is
  const document: SieDocument = {
    header: {
      flagga: 0, program: { name: 'Kontera', version: '0.1.0' }, format: 'PC8', gen: { date: today }, sieType: 4, fileKind: 'E',
      orgNumber: company.orgNumber || undefined, companyName: company.name,
      fiscalYears: [{ index: 0, start: current.startDate, end: current.endDate },
        ...(previous ? [{ index: -1, start: previous.startDate, end: previous.endDate }] : [])],
      currency: company.baseCurrency, comments: [],
    },
    accounts: accountRows.map((a) => ({ number: a.number, name: a.name, type: typeToKtyp[a.type], ...(a.sru ? { sru: a.sru } : {}) })),
    dimensions: dimensionRows.map((d) => ({ number: d.number, name: d.name })),
    objects: objectRows.map((o) => ({ dimension: o.dimension, id: o.code, name: o.name })),
    balances,
    vouchers: voucherRows.map((v) => ({
      series: v.series, number: String(v.number), date: v.date, text: v.text, registeredDate: v.registeredAt.slice(0, 10),
      transactions: (linesBy.get(v.id) ?? []).map((l) => ({
        kind: 'TRANS' as const, account: l.account, amountMinor: l.debitMinor - l.creditMinor,
        objects: Object.entries(JSON.parse(l.dimensions) as Record<string, string>).map(([d, id]) => ({ dimension: Number(d), id })),
        ...(l.text ? { text: l.text } : {}),
      })),
    })),
    checksum: { present: false },
  };
  return { bytes: writeSie(document), document };
}
