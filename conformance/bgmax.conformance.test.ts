/**
 * BgMax conformance: every file in ../shared/corpora/bgmax is parsed with line
 * counts and totals that agree with its own TK15/TK70 control records, or is
 * refused for the reason written in the table below. Bankgirot's example files
 * are refused (a BGC serial number used twice; a tab in the older copy); each is
 * then repaired in memory — only the named defect — and must parse with every
 * count and sum agreeing, so the refusal is shown to be the only problem.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { refusalOf, StatementRefusal } from '../runtime/formats/bank-statement.ts';
import { decodeBgmax, parseBgmax, readBgmaxRecords, type BgmaxParsedFile } from '../runtime/formats/bgmax/index.ts';
import { luhnValid, ocrValid } from '../shared/json-logic/ocr-reference.ts';
import { corporaFiles, corporaPath } from './corpora.ts';

interface Deposit {
  currency: string;
  lines: number;
  creditMinor: number;
  debitMinor: number;
}

interface Repair {
  /** what is changed, in words */
  what: string;
  edit: (lines: string[]) => void;
  deposits: Deposit[];
  warnings: string[];
}

interface Refused {
  refused: { code: string; where: string; field: string | null; mentions?: string };
  why: string;
  repaired?: Repair;
  /** the records are all readable (known codes), the content is what is refused */
  recordCodes?: string[];
}

interface NotBgmax {
  notBgmax: string;
}

/** Replaces the BGC serial number (positions 58–69) of a record. */
const setSerial = (lineNumber: number, serial: string) => (lines: string[]) => {
  const line = lines[lineNumber - 1];
  lines[lineNumber - 1] = line.slice(0, 57) + serial + line.slice(69);
};

/** Expands tabs to 8-column stops, as the editor that put them there showed them. */
const expandTabs = (lineNumber: number) => (lines: string[]) => {
  let out = '';
  for (const c of lines[lineNumber - 1]) out += c === '\t' ? ' '.repeat(8 - (out.length % 8)) : c;
  lines[lineNumber - 1] = out;
};

const exampleDeposits: Deposit[] = [
  // 1 000,00 + 1 400,00 − 500,00 (TK21) = 1 900,00 as TK15 says; 3 payments
  { currency: 'SEK', lines: 3, creditMinor: 240000, debitMinor: -50000 },
  // 1 100,00 + 1 200,00 + 700,00 + 5 000,00 = 8 000,00; 4 payments
  { currency: 'SEK', lines: 4, creditMinor: 800000, debitMinor: 0 },
];

const duplicateSerial: Refused['refused'] = { code: 'duplicate_line_id', where: 'line 40 (TK20)', field: 'BGC serial number, positions 58–69', mentions: 'line 35 (TK20)' };
const duplicateWhy =
  'Bankgirot\'s example gives BGC serial number 000000000016 to two payments (Berits Garn 700,00 on line 35, Kalles Plåt 5 000,00 on line 40); ' +
  'the id BGMAX:<serial> would make the second one a "duplicate" and lose it, so the file is refused';

const EXPECTED: Record<string, Parsed | Refused | NotBgmax> = {
  'bankgirot-example_ocr-checkdigit-length_latin1.txt': {
    refused: duplicateSerial,
    why: duplicateWhy,
    repaired: { what: 'line 40 gets the unused serial 000000000017', edit: setSerial(40, '000000000017'), deposits: exampleDeposits, warnings: [] },
  },
  'bankgirot-example_ocr-checkdigit-length_utf8.txt': {
    refused: duplicateSerial,
    why: duplicateWhy,
    repaired: {
      what: 'line 40 gets the unused serial 000000000017',
      edit: setSerial(40, '000000000017'),
      deposits: exampleDeposits,
      warnings: ['The file was read as UTF-8, not ISO-8859-1 as Bankgirot delivers it.'],
    },
  },
  'bankgirot-example_ocr-checkdigit-length_older-with-EUR_latin1.txt': {
    refused: { code: 'control_character', where: 'line 17 (TK22)', field: 'position 13' },
    why: 'line 17 has two tabs where spaces belong (the file was edited): the positions of its fields are not known',
    repaired: {
      what: 'the tabs on line 17 expanded to 8-column stops, and line 40 gets the unused serial 000000000017',
      edit: (lines) => {
        expandTabs(17)(lines);
        setSerial(40, '000000000017')(lines);
      },
      deposits: [
        ...exampleDeposits,
        // EUR: 3 000,00 + 1 000,00 = 4 000,00; 2 payments
        { currency: 'EUR', lines: 2, creditMinor: 400000, debitMinor: 0 },
      ],
      // lines 16, 17 (after expansion) and 55 have lost trailing spaces: 70, 70 and 79 characters
      warnings: ['3 record(s) shorter than 80 characters were padded with spaces (first: line 16).'],
    },
  },
  'synthetic_invalid-transaction-codes.txt': {
    refused: { code: 'unknown_record', where: 'line 5', field: 'transaction code', mentions: '"XX"' },
    why: 'its source tests that records with unknown codes (XX, 90) are not BgMax; the blank line 4 is skipped, XX on line 5 refuses the file',
  },
  'synthetic_valid-transaction-codes.txt': {
    refused: { code: 'invalid_field', where: 'line 2 (TK05)', field: 'payee bankgiro, positions 3–12' },
    why: 'its source tests that every code is recognised (they are); the records all carry a TK01 body, so the first TK05 has no bankgiro',
    recordCodes: ['01', '05', '15', '20', '21', '22', '23', '25', '26', '27', '70'],
  },
  'ocr-reference-test-vectors.json': { notBgmax: 'OCR reference test vectors: checked against the example files below' },
};

// No corpus file parses as it is today; `Parsed` is kept so a future corpus file that does is one table row away.
interface Parsed {
  deposits: Deposit[];
  warnings: string[];
}

const files = corporaFiles('bgmax');
const nameOf = (path: string) => relative(corporaPath('bgmax'), path).split('\\').join('/');

const refusalOfFile = (bytes: Uint8Array): StatementRefusal => refusalOf(() => parseBgmax(bytes));

/** The file as text lines (its own encoding), edited, and encoded back the same way. */
function repairedBytes(bytes: Buffer, edit: (lines: string[]) => void): Buffer {
  const utf8 = decodeBgmax(bytes).encoding === 'utf-8';
  const text = bytes.toString(utf8 ? 'utf8' : 'latin1');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(eol);
  edit(lines);
  return Buffer.from(lines.join(eol), utf8 ? 'utf8' : 'latin1');
}

/** The file's own control figures, read straight from its TK15 and TK70 records (not through the parser). */
function controlFigures(bytes: Uint8Array) {
  const { records } = readBgmaxRecords(bytes);
  const tk15 = records.filter((r) => r.code === '15').map((r) => ({ amountMinor: Number(r.text.slice(50, 68)), payments: Number(r.text.slice(71, 79)), currency: r.text.slice(68, 71) }));
  const tk70 = records.find((r) => r.code === '70')!.text;
  return {
    tk15,
    tk70: { tk20: Number(tk70.slice(2, 10)), tk21: Number(tk70.slice(10, 18)), tk22and23: Number(tk70.slice(18, 26)), tk15: Number(tk70.slice(26, 34)) },
    tk22and23Records: records.filter((r) => r.code === '22' || r.code === '23').length,
  };
}

function checkAgainstControls(bytes: Uint8Array, file: BgmaxParsedFile, expected: Parsed) {
  expect(file.warnings).toEqual(expected.warnings);
  expect(file.statements.map((s) => ({ currency: s.currency, lines: s.lines.length, creditMinor: s.creditMinor, debitMinor: s.debitMinor }))).toEqual(expected.deposits);
  const controls = controlFigures(bytes);
  expect(controls.tk15).toEqual(file.statements.map((s) => ({ amountMinor: s.creditMinor + s.debitMinor, payments: s.lines.length, currency: s.currency })));
  const all = file.statements.flatMap((s) => s.lines);
  expect(controls.tk70).toEqual({
    tk20: all.filter((l) => l.transactionCode === 'BGMAX:20').length,
    tk21: all.filter((l) => l.transactionCode === 'BGMAX:21').length,
    tk22and23: file.bgmax.deposits.flatMap((d) => d.lines).reduce((n, l) => n + l.extraReferences.length, 0),
    tk15: file.statements.length,
  });
  expect(controls.tk22and23Records).toBe(controls.tk70.tk22and23);
  expect(new Set(all.map((l) => l.id)).size).toBe(all.length);
  for (const statement of file.statements) {
    expect(statement.account.bankgiro).toBe('9912346');
    for (const line of statement.lines) {
      expect(Number.isSafeInteger(line.amountMinor)).toBe(true);
      expect(line.bookingDate).toBe('2004-05-25');
    }
  }
}

/** Every code-2 reference (TK20/TK21 and TK22/TK23) in a parsed file. */
function ocrReferences(file: BgmaxParsedFile): string[] {
  return file.bgmax.deposits.flatMap((d) =>
    d.lines.flatMap((l) => [
      ...(l.referenceCode === 2 ? [l.rawReference!] : []),
      ...l.extraReferences.filter((e) => e.referenceCode === 2).map((e) => e.reference!),
    ]),
  );
}

const parsedExamples = new Map<string, BgmaxParsedFile>();

describe('BgMax corpus', () => {
  it('has an expectation for every file, and a file for every expectation', () => {
    expect(files.map(nameOf).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const path of files) {
    const name = nameOf(path);
    const expected = EXPECTED[name];
    if (!expected || 'notBgmax' in expected) continue;

    if ('refused' in expected) {
      it(`${name}: refused (${expected.why})`, () => {
        const bytes = readFileSync(path);
        const error = refusalOfFile(bytes);
        expect({ code: error.code, where: error.where, field: error.field }).toEqual({ code: expected.refused.code, where: expected.refused.where, field: expected.refused.field });
        if (expected.refused.mentions) expect(error.message).toContain(expected.refused.mentions);
        if (expected.recordCodes) expect(readBgmaxRecords(bytes).records.map((r) => r.code)).toEqual(expected.recordCodes);
      });
      const repair = expected.repaired;
      if (repair) {
        it(`${name}: with ${repair.what}, parses and agrees with its TK15 and TK70`, () => {
          const bytes = repairedBytes(readFileSync(path), repair.edit);
          const file = parseBgmax(bytes);
          checkAgainstControls(bytes, file, repair);
          parsedExamples.set(name, file);
        });
      }
      continue;
    }

    it(`${name}: parsed, agreeing with its TK15 and TK70`, () => {
      const bytes = readFileSync(path);
      checkAgainstControls(bytes, parseBgmax(bytes), expected);
    });
  }

  it('reads the same payments from the Latin-1 and UTF-8 copies of the example, with Swedish letters intact', () => {
    const latin1 = parsedExamples.get('bankgirot-example_ocr-checkdigit-length_latin1.txt');
    const utf8 = parsedExamples.get('bankgirot-example_ocr-checkdigit-length_utf8.txt');
    const older = parsedExamples.get('bankgirot-example_ocr-checkdigit-length_older-with-EUR_latin1.txt');
    if (!latin1 || !utf8 || !older) throw new Error('the repaired examples did not parse');
    expect(utf8.statements).toEqual(latin1.statements);
    expect(older.statements.slice(0, 2)).toEqual(latin1.statements);
    const names = latin1.statements.flatMap((s) => s.lines.map((l) => l.counterpartyName));
    expect(names).toEqual(['Kalles Plåt AB', 'Kalles Plåt AB', 'Kalles Plåt AB', 'Olles färg AB', 'Berits Garn', 'Berits Garn', 'Kalles Plåt AB']);
    expect(latin1.bgmax.deposits[0].lines[0].payer).toMatchObject({ town: 'Storåker', organisationNumber: '005500001234' });
    const [tk20, tk21, multi] = latin1.statements[0].lines;
    expect([tk20.id, tk20.amountMinor, tk20.reference, tk20.counterpartyAccount]).toEqual(['BGMAX:000000000010', 100000, '655969', '3783511']);
    expect([tk21.id, tk21.amountMinor, tk21.reversal, tk21.extraReferences]).toEqual(['BGMAX:000230000111', -50000, false, ['89853']]);
    expect(multi.extraReferences).toEqual(['657866 658765 657767', '657866', '658765', '657767', '657965']);
    expect(multi.text).toBe('Betalning med extra refnr 657965');
  });
});

describe('OCR references in the BgMax examples', () => {
  const vectors = JSON.parse(readFileSync(corporaPath('bgmax', 'ocr-reference-test-vectors.json'), 'utf8')) as {
    computed: { base: string; withCheckDigit: string; withLengthAndCheckDigit: string }[];
    fromBankgirotExample: { record: string; reference: string; bgmaxReferenceCode: string; luhnValid: boolean; lengthDigitValid: boolean }[];
    checks: { value: string; luhnValid: boolean; lengthDigitValid: boolean }[];
  };
  const lengthDigitValid = (digits: string) => Number(digits.at(-2)) === digits.length % 10;

  it('every code-2 reference in the example files passes ocrValid with the length digit', () => {
    expect(parsedExamples.size).toBe(3);
    for (const [name, file] of parsedExamples) {
      const references = ocrReferences(file);
      expect(references.length, name).toBeGreaterThan(0);
      for (const reference of references) expect(ocrValid(reference, true), `${name}: ${reference}`).toBe(true);
    }
  });

  it('finds exactly the references the vectors list for the example, with their codes', () => {
    const file = parsedExamples.get('bankgirot-example_ocr-checkdigit-length_latin1.txt')!;
    const found = file.bgmax.deposits.flatMap((d) =>
      d.lines.flatMap((l) => [
        // a code-3 reference ("one or more references") holds several, separated by spaces
        ...(l.rawReference && l.referenceCode >= 2 ? l.rawReference.split(/[\s,]+/).map((reference) => ({ record: `TK${l.recordCode}`, reference, code: String(l.referenceCode) })) : []),
        ...l.extraReferences.map((e) => ({ record: `TK${e.recordCode}`, reference: e.reference!, code: String(e.referenceCode) })),
      ]),
    );
    const listed = vectors.fromBankgirotExample.map((v) => ({ record: v.record, reference: v.reference, code: v.bgmaxReferenceCode }));
    expect(found).toEqual(listed);
    for (const vector of vectors.fromBankgirotExample) {
      expect(luhnValid(vector.reference), vector.reference).toBe(vector.luhnValid);
      expect(lengthDigitValid(vector.reference), vector.reference).toBe(vector.lengthDigitValid);
      if (vector.bgmaxReferenceCode === '2') expect(ocrValid(vector.reference, true)).toBe(true);
    }
  });

  it('agrees with the computed vectors and checks', () => {
    for (const vector of vectors.computed) {
      expect(ocrValid(vector.withCheckDigit), vector.withCheckDigit).toBe(true);
      expect(ocrValid(vector.withLengthAndCheckDigit, true), vector.withLengthAndCheckDigit).toBe(true);
    }
    for (const check of vectors.checks) {
      expect(luhnValid(check.value), check.value).toBe(check.luhnValid);
      expect(ocrValid(check.value, true), check.value).toBe(check.luhnValid && check.lengthDigitValid);
    }
  });
});
