/**
 * SIE conformance: every file in ../shared/corpora/sie is either read, or —
 * for the deliberately broken ones — refused with the right error code and
 * line. Each readable file then goes parse → write → parse and must give the
 * same model back.
 */
import { readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSie, type ParseSieResult } from '../runtime/formats/sie/parse-sie.ts';
import { writeSieReport } from '../runtime/formats/sie/write-sie.ts';
import type { SieDocument, SieEncoding, SieErrorCode, SieFileKind, SieWarningCode } from '../runtime/formats/sie/model.ts';
import { corporaFiles, corporaPath } from './corpora.ts';

interface Readable {
  encoding: SieEncoding;
  fileKind: SieFileKind;
  sieType: 1 | 2 | 3 | 4;
  companyName: string;
  vouchers: number;
  /** Warning codes expected (as a set); each quirk is explained beside it. */
  warnings: SieWarningCode[];
  checksum?: 'valid';
}

interface Refused {
  /** Every error, as [code, line]. */
  refused: [SieErrorCode, number][];
  why: string;
  /** Read again with checksum verification off, the file must be fine. */
  readableWithoutChecksum?: boolean;
}

const EXPECTED: Record<string, Readable | Refused> = {
  'blinfo-sie4j/BLBLOV_SIE4.SE': { encoding: 'cp437', fileKind: 'E', sieType: 4, companyName: 'Övningsföretaget AB', vouchers: 20, warnings: [] },
  // #FNAMN Övningsbolaget AB is unquoted with a space: the words are joined back. No #KONTO at all (a 4I file).
  'blinfo-sie4j/BLBLOV_SIE4.SI': { encoding: 'cp437', fileKind: 'I', sieType: 4, companyName: 'Övningsbolaget AB', vouchers: 2, warnings: ['undeclared_account', 'unquoted_text_joined'] },
  // ISO-8859-15 despite #FORMAT PC8; #PBUDGET written as "year account period amount" without {}.
  'blinfo-sie4j/BLBLOV_SIE4_ISO_8859_15.SE': { encoding: 'iso-8859-15', fileKind: 'E', sieType: 4, companyName: 'Övningsföretaget AB', vouchers: 20, warnings: ['missing_object_list', 'period_fields_swapped'] },
  // UTF-8 despite #FORMAT PC8; #PBUDGET without {}.
  'blinfo-sie4j/BLBLOV_SIE4_UTF_8_1.SE': { encoding: 'utf-8', fileKind: 'E', sieType: 4, companyName: 'Övningsföretaget AB', vouchers: 20, warnings: ['missing_object_list'] },
  'blinfo-sie4j/BLBLOV_SIE4_UTF_8_IMBALANCED.SI': {
    refused: [['voucher_unbalanced', 8], ['voucher_unbalanced', 14]],
    why: 'both vouchers are off (0.55 and -0.14)',
  },
  'blinfo-sie4j/BLBLOV_SIE4_UTF_8_with_imbalanced_voucher.SE': { refused: [['voucher_unbalanced', 821]], why: 'voucher A 1 has 72.10 instead of 72.00' },
  'blinfo-sie4j/BLBLOV_SIE4_UTF_8_with_missing_voucher_date.SI': { refused: [['missing_voucher_date', 8]], why: '#VER "K" "" has no date' },
  'blinfo-sie4j/BLBLOV_SIE4_UTF_8_with_non_numeric_account_number.SE': { refused: [['invalid_account', 16]], why: '#KONTO 11AF' },
  // Chart of accounts only (no vouchers, no balances), .SI name.
  'blinfo-sie4j/CC3.SI': { encoding: 'cp437', fileKind: 'I', sieType: 4, companyName: 'CC3', vouchers: 0, warnings: [] },
  // \" inside #PROGRAM and #VER texts; unquoted #FNAMN with a space; no #KONTO.
  'blinfo-sie4j/Quotes_test.si': { encoding: 'utf-8', fileKind: 'I', sieType: 4, companyName: 'Övningsbolaget AB', vouchers: 1, warnings: ['undeclared_account', 'unquoted_text_joined'] },
  // Multi-character series ("11", "42") and empty transdate/text placeholders ("" "").
  'blinfo-sie4j/SIE_with_long_voucher_series_number.SE': { encoding: 'cp437', fileKind: 'E', sieType: 4, companyName: 'Truckservice Ekman', vouchers: 44, warnings: [] },
  // Cash register Z reports: named .se but holds only vouchers with empty series, i.e. a 4I file.
  'blinfo-sie4j/Transaktioner_per_Z-rapport.se': { encoding: 'cp437', fileKind: 'I', sieType: 4, companyName: 'Övningskund AB', vouchers: 10, warnings: ['file_kind_mismatch'] },
  'sie-gruppen-examples/BL0001_typ1.SE': { encoding: 'cp437', fileKind: 'E', sieType: 1, companyName: 'SEEE Speak Easy Executive English AB', vouchers: 0, warnings: [] },
  'sie-gruppen-examples/BL0001_typ2.SE': { encoding: 'cp437', fileKind: 'E', sieType: 2, companyName: 'SEEE Speak Easy Executive English AB', vouchers: 0, warnings: [] },
  'sie-gruppen-examples/BL0001_typ3.SE': { encoding: 'cp437', fileKind: 'E', sieType: 3, companyName: 'SEEE Speak Easy Executive English AB', vouchers: 0, warnings: [] },
  // #RTRANS/#BTRANS; objects used in vouchers that have no #OBJEKT. #OBJEKT 6 "┼1" is byte 0xC5
  // (Å in Latin-1) inside a CP437 file: the exporter mixed encodings; it is kept as the CP437 character.
  'sie-gruppen-examples/BL0001_typ4.SE': { encoding: 'cp437', fileKind: 'E', sieType: 4, companyName: 'SEEE Speak Easy Executive English AB', vouchers: 84, warnings: ['undeclared_object'] },
  // "#RAR 0" without dates is ignored; no #KONTO.
  'sie-gruppen-examples/BL0001_typ4I.SI': { encoding: 'cp437', fileKind: 'I', sieType: 4, companyName: 'SEEE Speak Easy Executive English AB', vouchers: 1, warnings: ['invalid_fiscal_year', 'undeclared_account'] },
  // Unquoted #DIM names and object ids, series "0".
  'sie-gruppen-examples/Edison_typ4si.si': { encoding: 'cp437', fileKind: 'I', sieType: 4, companyName: 'Övningsföretaget AB', vouchers: 81, warnings: [] },
  // Unquoted object lists {1 1}; accounts used without #KONTO.
  'sie-gruppen-examples/Exempelbolaget_SIE_110322_B_33.si': { encoding: 'cp437', fileKind: 'I', sieType: 4, companyName: 'Exempelbolaget', vouchers: 13, warnings: ['undeclared_account'] },
  // Empty #ORGNR; #OMFATTN; #PSALDO.
  'sie-gruppen-examples/Fortnox_Sie4.se': { encoding: 'cp437', fileKind: 'E', sieType: 4, companyName: 'Testföretaget AB', vouchers: 194, warnings: [] },
  // .si with #IB/#UB but no #RES: the name decides, 4I.
  'sie-gruppen-examples/Fortnox_Sie4.si': { encoding: 'cp437', fileKind: 'I', sieType: 4, companyName: 'Testföretaget AB', vouchers: 165, warnings: [] },
  // Payroll: three-dimension object lists, quantities, objects and accounts not declared.
  'sie-gruppen-examples/KontekLon_LON_Lonekorning.SI': { encoding: 'cp437', fileKind: 'I', sieType: 4, companyName: 'Demoföretaget AB', vouchers: 1, warnings: ['undeclared_account', 'undeclared_object'] },
  // Tab separated, quoted "PC8", customer/invoice objects (dims 8, 10) not declared.
  'sie-gruppen-examples/MAMUT_SIE4_EXPORT.SE': { encoding: 'cp437', fileKind: 'E', sieType: 4, companyName: 'Mamut_SIE', vouchers: 168, warnings: ['undeclared_object'] },
  // #KSUMMA; unquoted texts; amounts without decimals; three vouchers with no rows.
  'sie-gruppen-examples/Norstedts_Bokslut_SIE_4E.se': { encoding: 'cp437', fileKind: 'E', sieType: 4, companyName: 'Datakonsulterna AB', vouchers: 177, warnings: ['empty_voucher'], checksum: 'valid' },
  // Amounts with 0 or 1 decimals (5, -3142.1).
  'sie-gruppen-examples/Specter_SIE_exempelfil.se': { encoding: 'cp437', fileKind: 'E', sieType: 4, companyName: 'SBMDEMO Lars', vouchers: 26, warnings: [] },
  // #KSUMMA; tabs everywhere.
  'sie-gruppen-examples/VismaCompact_SIE4.se': { encoding: 'cp437', fileKind: 'E', sieType: 4, companyName: 'Övningsbolaget AB', vouchers: 286, warnings: [], checksum: 'valid' },
  // #FNR holds a Windows path with backslashes.
  'sie-gruppen-examples/VismaFakturering_FAKT.SI': { encoding: 'cp437', fileKind: 'I', sieType: 4, companyName: 'Övningsbolaget AB', vouchers: 1, warnings: [] },
  // "#PROSA Kontoplanstyp är BAS2011" unquoted; account 0351 with a leading zero.
  'sie-gruppen-examples/magenta_bokforing_SIE4E.se': { encoding: 'cp437', fileKind: 'E', sieType: 4, companyName: 'TESTFÖRETAGET AB', vouchers: 19, warnings: ['unquoted_text_joined'] },
  // A 4I file named .se.
  'sie-gruppen-examples/magenta_bokforing_SIE4I.se': { encoding: 'cp437', fileKind: 'I', sieType: 4, companyName: 'TESTFÖRETAGET AB', vouchers: 19, warnings: ['file_kind_mismatch', 'unquoted_text_joined'] },
  // UTF-8; #UNDERDIM, #ENHET, quantities and signs; accounts used without #KONTO.
  'sie4sdk/Sie4E1.SI': { encoding: 'utf-8', fileKind: 'E', sieType: 4, companyName: 'Målerifirman Axelsson & Johnsson AB', vouchers: 5, warnings: ['undeclared_account'] },
  'sie4sdk/Sie4E1ksumma.SI': {
    refused: [['checksum_mismatch', 71]],
    why: '#KSUMMA 123456789 is a placeholder, not the CRC of the content',
    readableWithoutChecksum: true,
  },
  'sie4sdk/Sie4I1.SI': { encoding: 'utf-8', fileKind: 'I', sieType: 4, companyName: 'Målerifirman Axelsson & Johnsson AB', vouchers: 5, warnings: ['undeclared_account'] },
  'sie4sdk/Sie4I1ksumma.SI': { encoding: 'utf-8', fileKind: 'I', sieType: 4, companyName: 'Målerifirman Axelsson & Johnsson AB', vouchers: 5, warnings: ['undeclared_account'], checksum: 'valid' },
};

const files = corporaFiles('sie');
const nameOf = (path: string) => relative(corporaPath('sie'), path).split('\\').join('/');

function read(path: string, verifyChecksum = true): ParseSieResult {
  return parseSie(readFileSync(path), { fileName: basename(path), verifyChecksum });
}

/** The parts compared after a round trip: no line numbers, checksum, or values the writer fixes. */
function normalized(document: SieDocument) {
  const { checksum: _checksum, header, ...rest } = document;
  return JSON.parse(
    JSON.stringify({ header: { ...header, flagga: 0, format: 'PC8' }, ...rest }, (key, value) => (key === 'lineNumber' ? undefined : value)),
  );
}

function roundTrip(path: string, document: SieDocument) {
  const written = writeSieReport(document);
  expect(written.warnings).toEqual([]);
  const again = parseSie(written.bytes, { fileName: basename(path) });
  if (!again.ok) throw new Error(`re-read failed: ${JSON.stringify(again.errors.slice(0, 5))}`);
  expect(again.encoding.encoding === 'cp437').toBe(true);
  expect(again.document.checksum).toEqual({ present: true, expected: written.checksum, computed: written.checksum, valid: true });
  const before = normalized(document);
  const after = normalized(again.document);
  expect(after.accounts).toEqual(before.accounts);
  expect(after.dimensions).toEqual(before.dimensions);
  expect(after.objects).toEqual(before.objects);
  expect(after.balances).toEqual(before.balances);
  expect(after.vouchers).toEqual(before.vouchers);
  expect(after.header).toEqual(before.header);
}

describe('SIE corpus', () => {
  it('has an expectation for every file, and a file for every expectation', () => {
    expect(files.map(nameOf).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const path of files) {
    const name = nameOf(path);
    const expected = EXPECTED[name];
    if (!expected) continue;

    if ('refused' in expected) {
      it(`${name}: refused (${expected.why})`, () => {
        const result = read(path);
        if (result.ok) throw new Error('expected the file to be refused');
        expect(result.errors.map((e) => [e.code, e.line])).toEqual(expected.refused);
        for (const error of result.errors) expect(error.message.length).toBeGreaterThan(0);
        if (expected.readableWithoutChecksum) {
          const lenient = read(path, false);
          if (!lenient.ok) throw new Error(JSON.stringify(lenient.errors));
          expect(lenient.document.checksum).toMatchObject({ present: true, expected: 123456789, valid: false });
          roundTrip(path, lenient.document);
        }
      });
      continue;
    }

    it(`${name}: parsed, and write → read gives the same model`, () => {
      const result = read(path);
      if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 5)));
      const { document, warnings } = result;
      expect({
        encoding: result.encoding.encoding,
        fileKind: document.header.fileKind,
        sieType: document.header.sieType,
        companyName: document.header.companyName,
        vouchers: document.vouchers.length,
        warnings: [...new Set(warnings.map((w) => w.code))].sort(),
      }).toEqual({ ...expected, checksum: undefined, warnings: [...expected.warnings].sort() });
      for (const warning of warnings) if (warning.code !== 'missing_record' && warning.code !== 'file_kind_mismatch') expect(warning.line).toBeGreaterThan(0);
      if (expected.checksum === 'valid') expect(document.checksum).toMatchObject({ present: true, valid: true });
      else expect(document.checksum).toEqual({ present: false });
      for (const voucher of document.vouchers) {
        for (const row of voucher.transactions) expect(Number.isSafeInteger(row.amountMinor)).toBe(true);
      }
      roundTrip(path, document);
    });
  }

  it('reads the same bookkeeping from the CP437, ISO-8859-15 and UTF-8 copies of BLBLOV_SIE4.SE', () => {
    const documents = ['BLBLOV_SIE4.SE', 'BLBLOV_SIE4_ISO_8859_15.SE', 'BLBLOV_SIE4_UTF_8_1.SE'].map((file) => {
      const result = read(corporaPath('sie', 'blinfo-sie4j', file));
      if (!result.ok) throw new Error(file);
      return normalized(result.document);
    });
    const byKey = (list: { yearIndex: number; account: string; period?: string }[]) =>
      [...list].sort((a, b) => `${a.yearIndex} ${a.account} ${a.period}`.localeCompare(`${b.yearIndex} ${b.account} ${b.period}`));
    const [cp437, iso, utf8] = documents;
    for (const other of [iso, utf8]) {
      expect(other.accounts).toEqual(cp437.accounts);
      expect(other.vouchers).toEqual(cp437.vouchers);
      expect(byKey(other.balances.opening)).toEqual(byKey(cp437.balances.opening));
      expect(byKey(other.balances.closing)).toEqual(byKey(cp437.balances.closing));
      expect(byKey(other.balances.periodBudget)).toEqual(byKey(cp437.balances.periodBudget));
    }
    expect(cp437.accounts.find((a: { number: string }) => a.number === '1380')?.name).toBe('Andra långfristiga fordringar');
    expect(cp437.header.companyName).toBe('Övningsföretaget AB');
  });

  it('reads #RTRANS/#BTRANS rows in BL0001_typ4.SE without double counting', () => {
    const result = read(corporaPath('sie', 'sie-gruppen-examples', 'BL0001_typ4.SE'));
    if (!result.ok) throw new Error('refused');
    const kinds = result.document.vouchers.flatMap((v) => v.transactions.map((t) => t.kind));
    expect(kinds.filter((k) => k === 'RTRANS')).toHaveLength(6);
    expect(kinds.filter((k) => k === 'BTRANS')).toHaveLength(3);
    expect(result.warnings.filter((w) => w.code === 'rtrans_without_trans')).toEqual([]);
  });
});
