/**
 * camt conformance: every camt.053/054 file in ../shared/corpora/iso20022 is
 * either read — with its line count, credit and debit totals, and balances
 * that agree with the file's own opening/closing balances and TxsSummry
 * control sums — or refused with the documented code, element and reason.
 * A change in behaviour on any file fails here. The other ISO 20022 files
 * (pain.001/002, the XSD) must be refused as another message.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StatementRefusal, lineTotals } from '../runtime/formats/bank-statement.ts';
import { parseCamtReport, type CamtReport } from '../runtime/formats/camt/index.ts';
import { corporaFiles, corporaPath } from './corpora.ts';

interface StatementExpectation {
  id: string;
  lines: number;
  creditMinor: number;
  debitMinor: number;
  openingMinor: number | null;
  closingMinor: number | null;
}

interface Read {
  message: 'camt.053' | 'camt.054';
  version: string;
  statements: StatementExpectation[];
  /** per statement: 'agrees' (opening + lines = closing) or 'no_balances' */
  balances: ('agrees' | 'no_balances')[];
  /** number of TxsSummry totals checked, per statement */
  summaryChecked: number[];
  warnings: number;
}

interface Refused {
  refused: [code: string, where: string];
  why: string;
  /** read with verifyBalances: false (diagnosis only), when the refusal is about totals */
  unchecked?: StatementExpectation[];
}

const EXPECTED: Record<string, Read | Refused> = {
  // ---- genkgo/camt: library test data, synthetic; most of its balances are deliberately inconsistent
  'genkgo-camt/camt053.v2.all-balance-types.xml': {
    refused: ['balance_mismatch', 'Stmt[1] (Id CAMT0532015012200001)'],
    why: 'OPBD 1.01 + 8.85 = 9.86, but CLBD is 4.04 (every balance type carries a placeholder amount)',
    unchecked: [{ id: 'CAMT0532015012200001', lines: 1, creditMinor: 885, debitMinor: 0, openingMinor: 101, closingMinor: 404 }],
  },
  'genkgo-camt/camt053.v2.five.decimals.xml': {
    refused: ['balance_mismatch', 'Stmt[1] (Id 253EURNL26VAYB8060476890)'],
    why: 'the three-decimal amounts end in 0 and are read exactly (18.150, 8.850), but OPBD 18.15 + 8.85 = 27.00 while CLBD says 27.050',
    unchecked: [{ id: '253EURNL26VAYB8060476890', lines: 1, creditMinor: 885, debitMinor: 0, openingMinor: 1815, closingMinor: 2705 }],
  },
  'genkgo-camt/camt053.v2.minimal.ultimate.xml': {
    refused: ['currency_mismatch', 'Stmt[1]/Bal[2]/Amt'],
    why: 'CLBD is 27.00 SEK DBIT on a EUR account (the genkgo "minimal" family)',
    unchecked: [{ id: '253EURNL26VAYB8060476890', lines: 1, creditMinor: 885, debitMinor: 0, openingMinor: 1815, closingMinor: null }],
  },
  'genkgo-camt/camt053.v2.minimal.xml': {
    refused: ['currency_mismatch', 'Stmt[1]/Bal[2]/Amt'],
    why: 'CLBD is 27.00 SEK DBIT on a EUR account',
    unchecked: [{ id: '253EURNL26VAYB8060476890', lines: 1, creditMinor: 885, debitMinor: 0, openingMinor: 1815, closingMinor: null }],
  },
  'genkgo-camt/camt053.v2.multi.statement.xml': {
    message: 'camt.053', version: '001.02',
    statements: [
      { id: '253EURNL26VAYB8060476890', lines: 1, creditMinor: 885, debitMinor: 0, openingMinor: 1815, closingMinor: 2700 },
      { id: '254EURNL26VAYB8060476890', lines: 1, creditMinor: 0, debitMinor: -700, openingMinor: 2700, closingMinor: 2000 },
    ],
    balances: ['agrees', 'agrees'], summaryChecked: [0, 0], warnings: 0,
  },
  // Only CLAV (2700 JPY, not read): no booked balances to check.
  'genkgo-camt/camt053.v2.with-account-name.xml': {
    message: 'camt.053', version: '001.02',
    statements: [{ id: '253EURCH2801234000123456789', lines: 1, creditMinor: 885, debitMinor: 0, openingMinor: null, closingMinor: null }],
    balances: ['no_balances'], summaryChecked: [0], warnings: 0,
  },
  'genkgo-camt/camt053.v2.with-party-ids.xml': {
    refused: ['currency_mismatch', 'Stmt[1]/Bal[2]/Amt'],
    why: 'CLBD is 27.00 SEK DBIT on a EUR account',
    unchecked: [{ id: '253EURNL26VAYB8060476890', lines: 1, creditMinor: 885, debitMinor: 0, openingMinor: 1815, closingMinor: null }],
  },
  'genkgo-camt/camt053.v2.wrong.xml': {
    refused: ['missing_element', 'BkToCstmrStmt'],
    why: 'a group header and no <Stmt> at all: the message carries no statement',
  },
  'genkgo-camt/camt053.v3.xml': {
    refused: ['transaction_sum_mismatch', 'Stmt[1]/Ntry[1]'],
    why: 'the only TxDtls says 105.750 EUR CRDT for an entry of 8.85 EUR',
  },
  'genkgo-camt/camt053.v4.xml': {
    refused: ['currency_mismatch', 'Stmt[1]/Bal[2]/Amt'],
    why: 'CLBD is 27.00 SEK DBIT on a EUR account',
    unchecked: [{ id: '253EURNL26VAYB8060476890', lines: 1, creditMinor: 885, debitMinor: 0, openingMinor: 1815, closingMinor: null }],
  },
  'genkgo-camt/camt053.v8.xml': {
    refused: ['currency_mismatch', 'Stmt[1]/Bal[2]/Amt'],
    why: 'CLBD is 27.00 SEK DBIT on a EUR account (its TxDtls Amt 0 SEK is another currency and so not the booked amount)',
    unchecked: [{ id: '253EURNL26VAYB8060476890', lines: 1, creditMinor: 885, debitMinor: 0, openingMinor: 1815, closingMinor: null }],
  },
  'genkgo-camt/camt054.v2.with-account-name.xml': {
    refused: ['missing_element', 'Ntfctn[1]/Ntry[1]/BookgDt'],
    why: 'the booked entry has neither BookgDt nor ValDt',
  },
  'genkgo-camt/camt054.v2.xml': {
    refused: ['transaction_amount_missing', 'Ntfctn[1]/Ntry[1]/NtryDtls[1]/TxDtls[1]'],
    why: 'an entry of 200000 SEK split into 3 TxDtls none of which carries an amount: it cannot be split into lines',
  },
  'genkgo-camt/camt054.v4.xml': {
    refused: ['batch_count_mismatch', 'Ntfctn[1]/Ntry[1]/NtryDtls[1]/Btch/NbOfTxs'],
    why: 'Btch/NbOfTxs 2 but 3 TxDtls (in CHF, on a SEK entry)',
  },
  'genkgo-camt/camt054.v8-with-UETR.xml': {
    refused: ['missing_element', 'Ntfctn[1]/Ntry[1]/BookgDt'],
    why: 'the booked entry has neither BookgDt nor ValDt',
  },
  'genkgo-camt/camt054.v8-with-financial-institution.xml': {
    refused: ['missing_element', 'Ntfctn[1]/Ntry[1]/BookgDt'],
    why: 'the booked entry has neither BookgDt nor ValDt',
  },
  'genkgo-camt/camt054.v8.xml': {
    refused: ['batch_count_mismatch', 'Ntfctn[1]/Ntry[1]/NtryDtls[1]/Btch/NbOfTxs'],
    why: 'Btch/NbOfTxs 2 but 3 TxDtls',
  },
  // An empty statement: only an OPBD in RON (ISO 4217, 2 decimals) given as DtTm, "5442.09000".
  'genkgo-camt/camt53.only-Dt-with-DtTm.xml': {
    message: 'camt.053', version: '001.02',
    statements: [{ id: 'I38y0h4YyLnQiOV6P7nEd44r2', lines: 0, creditMinor: 0, debitMinor: 0, openingMinor: 544209, closingMinor: null }],
    balances: ['no_balances'], summaryChecked: [0], warnings: 0,
  },
  // ---- moov-io/iso20022: Swiss PostFinance and Finnish (FFFS) bank samples
  'moov-iso20022/200519_camt.054-Credit_P_CH2909000000250094239_1110092691_0_2019042421291293.xml': {
    message: 'camt.054', version: '001.04',
    statements: [{ id: '20190424375204223076553', lines: 1, creditMinor: 150000, debitMinor: 0, openingMinor: null, closingMinor: null }],
    balances: ['no_balances'], summaryChecked: [0], warnings: 0,
  },
  'moov-iso20022/200519_camt.054-Debit_P_CH2909000000250094239_1110092692_0_2019042401501580.xml': {
    message: 'camt.054', version: '001.04',
    statements: [{ id: '20190424375204222704047', lines: 1, creditMinor: 0, debitMinor: -91300, openingMinor: null, closingMinor: null }],
    balances: ['no_balances'], summaryChecked: [0], warnings: 0,
  },
  // A QR/ESR collective credit of 5 expanded into 5 lines, and an ASR debit of 1.
  'moov-iso20022/200519_camt054-ESR-ASR_P_CH2909000000250094239_1110092704_0_2019042500372179.xml': {
    message: 'camt.054', version: '001.04',
    statements: [{ id: '20190424375204228750931', lines: 6, creditMinor: 153700, debitMinor: -14700, openingMinor: null, closingMinor: null }],
    balances: ['no_balances'], summaryChecked: [0], warnings: 0,
  },
  'moov-iso20022/200519_camt054-returns_p_ch2909000000250094239_1109800798_0_2019052023472022.xml': {
    message: 'camt.054', version: '001.04',
    statements: [{ id: '20190520375204012050705', lines: 1, creditMinor: 40000, debitMinor: 0, openingMinor: null, closingMinor: null }],
    balances: ['no_balances'], summaryChecked: [0], warnings: 0,
  },
  // OPBD 10000.00 + 23075.00 − 9430.17 = CLBD 23644.83; TxsSummry 10 entries, 6 credits 23075.00, 4 debits 9430.17.
  // Five batches are reported as lump sums (NbOfTxs 2–4 with at most one TxDtls): one line each, with a warning.
  'moov-iso20022/FI_camt_053_sample.xml': {
    message: 'camt.053', version: '001.02',
    statements: [{ id: 'BANKSTMTID0972009', lines: 13, creditMinor: 2307500, debitMinor: -943017, openingMinor: 1000000, closingMinor: 2364483 }],
    balances: ['agrees'], summaryChecked: [5], warnings: 5,
  },
  'moov-iso20022/FI_camt_054_sample.xml': {
    refused: ['summary_mismatch', 'Ntfctn[1]/TxsSummry/TtlNtries/TtlNetNtryAmt'],
    why: 'TtlNetNtryAmt 169.95 counts the INFO entry (100.00 CRDT with RvslInd true) as a debit; by ISO 20022 CdtDbtInd is the ' +
      'direction of the reversal booking itself, so the entries give 369.95 (the gross Sum 10830.05 and the count 6 agree)',
    unchecked: [{ id: 'BANKFILEID00001NTR00001', lines: 11, creditMinor: 550000, debitMinor: -523005, openingMinor: null, closingMinor: null }],
  },
  'moov-iso20022/camt.053_P_CH2909000000250094239_1110092698_0_2020112503071366.xml': {
    refused: ['transaction_sum_mismatch', 'Stmt[1]/Ntry[2]'],
    why: 'the entry is 77.70 DBIT but its only TxDtls says 77.70 CRDT; its balances do not agree either: CLBD 215112.21 ' +
      'leaves out the 1537.00 entry valued the next day (OPBD 211993.19 + entries = 216649.21, the FWAV)',
  },
  // ---- svapnil/iso20022.js: bank examples
  // PRCD 1000.01 + 28.00 − 928.00 = CLBD 100.01. AcctSvcrRef is reused on 3 pairs of entries (e.g. a batch reported
  // itemised and again as a lump sum): the later entry's ids get a content hash (3 warnings), plus 2 lump-sum batches.
  'svapnil-iso20022js/abn_amro_camt053_example.xml': {
    message: 'camt.053', version: '001.02',
    statements: [{ id: '0574908765.2013-04-02', lines: 29, creditMinor: 2800, debitMinor: -92800, openingMinor: 100001, closingMinor: 10001 }],
    balances: ['agrees'], summaryChecked: [0], warnings: 5,
  },
  'svapnil-iso20022js/goldman_sachs_camt_053_us_v2_sample.xml': {
    refused: ['currency_mismatch', 'Stmt[1]/Ntry[8]/Amt'],
    why: 'an entry booked as 29.06 EUR on a USD account (its TxsSummry also counts 14 entries where the file has 15)',
  },
  // OPBD 1000.00 + 990.00 − 385.00 = CLBD 1605.00; all 6 TxsSummry totals agree. AcctSvcrRef reused twice
  // (a debit and its reversal share one), 2 lump-sum batches.
  'svapnil-iso20022js/ing_camt053_example.xml': {
    message: 'camt.053', version: '001.02',
    statements: [{ id: '201401030009999', lines: 9, creditMinor: 99000, debitMinor: -38500, openingMinor: 100000, closingMinor: 160500 }],
    balances: ['agrees'], summaryChecked: [6], warnings: 4,
  },
  'svapnil-iso20022js/nordea_camt053_v2_example.xml': {
    message: 'camt.053', version: '001.02',
    statements: [{ id: '2019-05-09-04.44.12-EUR0574', lines: 6, creditMinor: 1010050, debitMinor: -150050, openingMinor: 20050, closingMinor: 880050 }],
    balances: ['agrees'], summaryChecked: [0], warnings: 0,
  },
};

const root = corporaPath('iso20022');
const nameOf = (path: string) => relative(root, path).split('\\').join('/');
const isCamt = (name: string) => /camt/i.test(name) && name.endsWith('.xml');
const camtFiles = corporaFiles('iso20022', isCamt).filter((path) => !nameOf(path).startsWith('xsd/'));
const otherFiles = corporaFiles('iso20022', (name) => !isCamt(name));

function read(path: string, verifyBalances = true): CamtReport {
  return parseCamtReport(readFileSync(path), { verifyBalances });
}

function summarize(report: CamtReport): StatementExpectation[] {
  return report.file.statements.map((statement) => ({
    id: statement.statementId, lines: statement.lines.length, creditMinor: statement.creditMinor, debitMinor: statement.debitMinor,
    openingMinor: statement.openingMinor, closingMinor: statement.closingMinor,
  }));
}

/** What must hold of every file that is read, checked or not. */
function assertWellFormed(report: CamtReport): void {
  const ids = report.file.statements.flatMap((statement) => statement.lines.map((line) => line.id));
  expect(new Set(ids).size).toBe(ids.length);
  for (const statement of report.file.statements) {
    expect(lineTotals(statement.lines)).toEqual({ creditMinor: statement.creditMinor, debitMinor: statement.debitMinor });
    for (const line of statement.lines) {
      expect(Number.isSafeInteger(line.amountMinor)).toBe(true);
      expect(line.currency).toBe(statement.currency);
      expect(line.bookingDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(line.id.length).toBeGreaterThan(0);
      expect(line.extraReferences.every((reference) => reference !== 'NOTPROVIDED')).toBe(true);
    }
  }
}

describe('camt corpus', () => {
  it('has an expectation for every camt file, and a file for every expectation', () => {
    expect(camtFiles.length).toBeGreaterThan(0);
    expect(camtFiles.map(nameOf).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const path of camtFiles) {
    const name = nameOf(path);
    const expected = EXPECTED[name];
    if (!expected) continue;

    if ('refused' in expected) {
      it(`${name}: refused (${expected.why})`, () => {
        let error: unknown;
        try {
          read(path);
        } catch (caught) {
          error = caught;
        }
        expect(error).toBeInstanceOf(StatementRefusal);
        const refusal = error as StatementRefusal;
        expect([refusal.code, refusal.where]).toEqual(expected.refused);
        expect(refusal.message.length).toBeGreaterThan(refusal.where.length + 10);
        if (expected.unchecked) {
          const lenient = read(path, false);
          assertWellFormed(lenient);
          expect(summarize(lenient)).toEqual(expected.unchecked);
          expect(lenient.checks.every((check) => check.balances === 'not_verified')).toBe(true);
        }
      });
      continue;
    }

    it(`${name}: ${expected.statements.reduce((n, s) => n + s.lines, 0)} lines, balances ${expected.balances.join('/')}`, () => {
      const report = read(path);
      expect(report.message).toBe(expected.message);
      expect(report.version).toBe(expected.version);
      expect(summarize(report)).toEqual(expected.statements);
      expect(report.checks.map((check) => check.balances)).toEqual(expected.balances);
      expect(report.checks.map((check) => check.summaryChecked.length)).toEqual(expected.summaryChecked);
      expect(report.file.warnings).toHaveLength(expected.warnings);
      assertWellFormed(report);
      for (const [index, statement] of report.file.statements.entries()) {
        if (expected.balances[index] === 'agrees') {
          expect(statement.openingMinor! + statement.creditMinor + statement.debitMinor).toBe(statement.closingMinor);
        }
      }
      // the same bytes give the same ids
      expect(read(path).file.statements.flatMap((s) => s.lines.map((l) => l.id))).toEqual(report.file.statements.flatMap((s) => s.lines.map((l) => l.id)));
    });
  }

  it('refuses every other ISO 20022 file (pain.001, pain.002, the XSD) as another message', () => {
    expect(otherFiles.length).toBeGreaterThan(0);
    for (const path of otherFiles) {
      let error: unknown;
      try {
        read(path);
      } catch (caught) {
        error = caught;
      }
      expect(error, nameOf(path)).toBeInstanceOf(StatementRefusal);
      expect((error as StatementRefusal).code, nameOf(path)).toBe('unsupported_message');
    }
  });
});
