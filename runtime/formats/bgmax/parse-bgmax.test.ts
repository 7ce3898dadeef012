import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { refusalOf, StatementRefusal } from '../bank-statement.ts';
import { parseBgmax } from './parse-bgmax.ts';
import { bgmaxLimits } from './model.ts';

const fixture = readFileSync(new URL('./fixtures/small-latin1.bgmax.txt', import.meta.url));
/** The fixture's records, without line ends (Latin-1 → string). */
const fixtureLines = fixture.toString('latin1').split(/\r?\n/).slice(0, -1);

function latin1(lines: string[], eol = '\r\n'): Uint8Array {
  return Buffer.from(lines.join(eol) + eol, 'latin1');
}

/** Replaces characters from–to (1-based, inclusive) of a record. */
function put(line: string, from: number, value: string): string {
  return line.slice(0, from - 1) + value + line.slice(from - 1 + value.length);
}

function edited(edit: (lines: string[]) => void): Uint8Array {
  const lines = [...fixtureLines];
  edit(lines);
  return latin1(lines);
}

const refusal = (bytes: Uint8Array): StatementRefusal => refusalOf(() => parseBgmax(bytes));

describe('parseBgmax: the hand-built fixture', () => {
  const file = parseBgmax(fixture);

  it('gives one statement per deposit, with the payee bankgiro as the account', () => {
    expect(file.format).toBe('bgmax');
    expect(file.warnings).toEqual([]);
    expect(file.bgmax).toMatchObject({ encoding: 'iso-8859-1', version: '01', timestamp: '20240315061500123456', testFile: false });
    expect(file.statements.map((s) => ({ id: s.statementId, account: s.account, currency: s.currency, from: s.fromDate, to: s.toDate, n: s.lines.length }))).toEqual([
      { id: '20240315061500123456-00001', account: { bankgiro: '5555558', currency: 'SEK' }, currency: 'SEK', from: '2024-03-15', to: '2024-03-15', n: 3 },
      { id: '20240315061500123456-00002', account: { bankgiro: '5555558', currency: 'EUR' }, currency: 'EUR', from: '2024-03-15', to: '2024-03-15', n: 1 },
    ]);
  });

  it('turns TK20 into a positive line and TK21 into a negative one, agreeing with TK15', () => {
    const [sek, eur] = file.statements;
    expect(sek.lines.map((l) => [l.id, l.amountMinor, l.transactionCode])).toEqual([
      ['BGMAX:000000000101', 123450, 'BGMAX:20'],
      ['BGMAX:000000000102', 500000, 'BGMAX:20'],
      ['BGMAX:000000000103', -25000, 'BGMAX:21'],
    ]);
    expect(sek.creditMinor).toBe(623450);
    expect(sek.debitMinor).toBe(-25000);
    expect(sek.creditMinor + sek.debitMinor).toBe(598450); // the TK15 deposit amount
    expect(eur.lines[0]).toMatchObject({ id: 'BGMAX:000000000201', amountMinor: 9999, currency: 'EUR', counterpartyAccount: null, reference: null, text: 'Tack för senast' });
  });

  it('keeps a code-2 OCR reference, the payer from TK26 (Latin-1 decoded) and the sender bankgiro', () => {
    expect([...fixture].includes(0xc5)).toBe(true); // "Å" is the single byte 0xC5 in the file
    const line = file.statements[0].lines[0];
    expect(line).toEqual({
      id: 'BGMAX:000000000101',
      amountMinor: 123450,
      currency: 'SEK',
      bookingDate: '2024-03-15',
      valueDate: null,
      counterpartyName: 'Åkerlund Bygg AB Avd. Ekonomi',
      counterpartyAccount: '9701233',
      reference: '1234574',
      text: null,
      reversal: false,
      transactionCode: 'BGMAX:20',
      extraReferences: [],
    });
    expect(file.bgmax.deposits[0].lines[0].payer).toEqual({
      name: 'Åkerlund Bygg AB',
      extraName: 'Avd. Ekonomi',
      address: 'Östra vägen 5',
      postcode: '12345',
      town: 'Malmö',
      country: 'Sverige',
      countryCode: 'SE',
      organisationNumber: '005565551234',
    });
  });

  it('puts an unchecked reference (code 3) and the TK22/TK23 references in extraReferences, and TK25 in text', () => {
    const line = file.statements[0].lines[1];
    expect(line.reference).toBeNull();
    expect(line.extraReferences).toEqual(['Faktura 1001, 1002', '655969', '47118']);
    expect(line.text).toBe('Betalning fakturor 1001 och 1002');
    expect(line.counterpartyName).toBe('Berits Garn');
    const details = file.bgmax.deposits[0].lines[1];
    expect(details).toMatchObject({ referenceCode: 3, rawReference: 'Faktura 1001, 1002', paymentChannel: '2', imageExists: false, deductionCode: null });
    // TK22/TK23 amounts are information about the payment, not extra money: the line stays 5 000,00.
    expect(details.extraReferences).toEqual([
      { line: 9, recordCode: '22', reference: '655969', referenceCode: 2, amountMinor: 300000 },
      { line: 10, recordCode: '23', reference: '47118', referenceCode: 2, amountMinor: -100000 },
    ]);
  });

  it('keeps a TK21 deduction as a negative line that is not a reversal, with its deduction code', () => {
    const line = file.statements[0].lines[2];
    expect(line).toMatchObject({ amountMinor: -25000, reversal: false, reference: null, extraReferences: ['KREDIT 77'], counterpartyName: 'Åkerlund Bygg AB' });
    expect(file.bgmax.deposits[0].lines[2]).toMatchObject({ recordCode: '21', referenceCode: 4, deductionCode: '0' });
    expect(file.bgmax.deposits[0]).toMatchObject({ openingLine: 2, closingLine: 16, depositSerialNumber: '00001', paymentDate: '2024-03-15', payeeBankAccount: '12345678', depositType: null });
    expect(file.bgmax.deposits[1].lines[0]).toMatchObject({ referenceCode: 1, rawReference: null, imageExists: true, paymentChannel: '3' });
  });

  it('reads the UTF-8 copy, LF line ends and trimmed trailing spaces the same way', () => {
    const utf8 = Buffer.from(fixtureLines.join('\r\n') + '\r\n', 'utf8');
    const fromUtf8 = parseBgmax(utf8);
    expect(fromUtf8.statements).toEqual(file.statements);
    expect(fromUtf8.bgmax.encoding).toBe('utf-8');
    expect(fromUtf8.warnings).toEqual(['The file was read as UTF-8, not ISO-8859-1 as Bankgirot delivers it.']);

    const trimmed = parseBgmax(latin1(fixtureLines.map((l) => l.trimEnd()), '\n'));
    expect(trimmed.statements).toEqual(file.statements);
    expect(trimmed.warnings).toEqual(['21 record(s) shorter than 80 characters were padded with spaces (first: line 1).']);

    const withBlankLines = parseBgmax(latin1([...fixtureLines.slice(0, 5), '', ...fixtureLines.slice(5), '', '']));
    expect(withBlankLines.statements.map((s) => s.lines.length)).toEqual([3, 1]);
    expect(withBlankLines.warnings).toEqual(['1 blank line(s) skipped (first: line 6).']); // the two at the end are not worth a warning
  });

  it('warns about a test file', () => {
    const test = parseBgmax(edited((lines) => (lines[0] = put(lines[0], 45, 'T'))));
    expect(test.bgmax.testFile).toBe(true);
    expect(test.warnings).toEqual(['TK01 marks this as a test file (T), not a production file.']);
  });
});

describe('parseBgmax: refusals name the line, the record and the field', () => {
  it('refuses a truncated file, naming the last record', () => {
    const noEnd = refusal(latin1(fixtureLines.slice(0, -1)));
    expect([noEnd.code, noEnd.where]).toEqual(['truncated', 'line 20 (TK15)']);
    expect(noEnd.message).toContain('without a TK70');
    const cut = refusal(latin1(fixtureLines.slice(0, 13)));
    expect([cut.code, cut.where]).toEqual(['truncated', 'line 13 (TK26)']);
    expect(cut.message).toContain('inside the deposit opened on line 2');
    const noTk15 = refusal(edited((lines) => lines.splice(15, 1)));
    expect([noTk15.code, noTk15.where]).toEqual(['missing_record', 'line 16 (TK05)']);
    expect(noTk15.message).toContain('the deposit opened on line 2 has no TK15');
  });

  it('refuses TK70 counts that disagree with the records', () => {
    const extra = refusal(edited((lines) => (lines[20] = put(lines[20], 19, '00000003'))));
    expect([extra.code, extra.where, extra.field]).toEqual(['count_mismatch', 'line 21 (TK70)', 'number of TK22/TK23 records, positions 19–26']);
    expect(extra.message).toContain('expected 3 (TK70), found 2');
    const deposits = refusal(edited((lines) => (lines[20] = put(lines[20], 27, '00000001'))));
    expect(deposits.field).toBe('number of TK15 records, positions 27–34');
    const payments = refusal(edited((lines) => (lines[20] = put(lines[20], 3, '00000004'))));
    expect(payments.message).toBe('line 21 (TK70) (number of TK20 records, positions 3–10): expected 4 (TK70), found 3 in the file');
    const deductions = refusal(edited((lines) => (lines[20] = put(lines[20], 11, '00000000'))));
    expect(deductions.field).toBe('number of TK21 records, positions 11–18');
  });

  it('refuses a TK15 whose count or sum disagrees with its deposit', () => {
    const count = refusal(edited((lines) => (lines[15] = put(lines[15], 72, '00000002'))));
    expect([count.code, count.where, count.field]).toEqual(['count_mismatch', 'line 16 (TK15)', 'number of payments, positions 72–79']);
    expect(count.message).toContain('expected 2 (TK15), found 3');
    const sum = refusal(edited((lines) => (lines[15] = put(lines[15], 51, '000000000000598451'))));
    expect([sum.code, sum.where, sum.field]).toEqual(['sum_mismatch', 'line 16 (TK15)', 'deposit amount, positions 51–68']);
    expect(sum.message).toContain('expected 598451 (TK15), found 598450');
    // A deduction counted as a payment would give 648450: refused too.
    const gross = refusal(edited((lines) => (lines[15] = put(lines[15], 51, '000000000000648450'))));
    expect(gross.code).toBe('sum_mismatch');
    const currency = refusal(edited((lines) => (lines[15] = put(lines[15], 69, 'EUR'))));
    expect([currency.code, currency.field]).toEqual(['currency_mismatch', 'currency, positions 69–71']);
  });

  it('refuses an unknown transaction code, naming the line and the code', () => {
    const unknown = refusal(edited((lines) => lines.splice(4, 0, '24' + ' '.repeat(78))));
    expect([unknown.code, unknown.where, unknown.field]).toEqual(['unknown_record', 'line 5', 'transaction code']);
    expect(unknown.message).toContain('unknown transaction code "24"');
  });

  it('refuses a duplicate BGC serial number, naming both lines', () => {
    const duplicate = refusal(edited((lines) => (lines[7] = put(lines[7], 58, '000000000101'))));
    expect([duplicate.code, duplicate.where]).toEqual(['duplicate_line_id', 'line 8 (TK20)']);
    expect(duplicate.message).toContain('also on line 3 (TK20)');
  });

  it('refuses a tab or another control character, and a record longer than 80 characters', () => {
    const tab = refusal(edited((lines) => (lines[8] = lines[8].replace('            ', '\t\t    '))));
    expect([tab.code, tab.where, tab.field]).toEqual(['control_character', 'line 9 (TK22)', 'position 13']);
    const nul = refusal(edited((lines) => (lines[3] = put(lines[3], 10, '\u0000'))));
    expect([nul.code, nul.field]).toEqual(['control_character', 'position 10']);
    const long = refusal(edited((lines) => (lines[2] = lines[2] + 'X')));
    expect([long.code, long.where]).toEqual(['record_too_long', 'line 3 (TK20)']);
    // Trailing spaces past 80 are harmless.
    expect(parseBgmax(edited((lines) => (lines[2] = lines[2] + '   '))).statements[0].lines).toHaveLength(3);
  });

  it('refuses bad fields: amount, OCR reference, reference code, serial, date, currency, bankgiro', () => {
    const cases: [(lines: string[]) => void, string, string, string][] = [
      [(l) => (l[2] = put(l[2], 50, '12 450')), 'line 3 (TK20)', 'amount, positions 38–55', 'invalid_field'],
      [(l) => (l[2] = put(l[2], 31, '12A4574')), 'line 3 (TK20)', 'reference, positions 13–37', 'invalid_field'],
      [(l) => (l[2] = put(l[2], 56, '7')), 'line 3 (TK20)', 'reference code, position 56', 'invalid_field'],
      [(l) => (l[2] = put(l[2], 58, '          ')), 'line 3 (TK20)', 'BGC serial number, positions 58–69', 'invalid_field'],
      [(l) => (l[15] = put(l[15], 38, '20240230')), 'line 16 (TK15)', 'payment date, positions 38–45', 'invalid_field'],
      [(l) => (l[1] = put(l[1], 23, 'NOK')), 'line 2 (TK05)', 'currency, positions 23–25', 'invalid_field'],
      [(l) => (l[1] = put(l[1], 3, '0000000000')), 'line 2 (TK05)', 'payee bankgiro, positions 3–12', 'invalid_field'],
      [(l) => (l[2] = put(l[2], 38, '999999999999999999')), 'line 3 (TK20)', 'amount, positions 38–55', 'amount_too_large'],
    ];
    for (const [edit, where, field, code] of cases) {
      const error = refusal(edited(edit));
      expect([error.code, error.where, error.field]).toEqual([code, where, field]);
    }
  });

  it('refuses records out of place', () => {
    const notFirst = refusal(edited((lines) => lines.shift()));
    expect([notFirst.code, notFirst.where]).toEqual(['unexpected_record', 'line 1 (TK05)']);
    const version = refusal(edited((lines) => (lines[0] = put(lines[0], 23, '02'))));
    expect([version.code, version.field]).toEqual(['unsupported_version', 'version, positions 23–24']);
    const after = refusal(edited((lines) => lines.push(lines[1])));
    expect([after.code, after.where]).toEqual(['unexpected_record', 'line 22 (TK05)']);
    const orphanReference = refusal(edited((lines) => lines.splice(2, 0, lines[8])));
    expect([orphanReference.code, orphanReference.where]).toEqual(['unexpected_record', 'line 3 (TK22)']);
    const secondName = refusal(edited((lines) => lines.splice(4, 0, lines[3])));
    expect([secondName.code, secondName.where]).toEqual(['unexpected_record', 'line 5 (TK26)']);
    expect(secondName.message).toContain('a second TK26 for the payment on line 3 (the first is on line 4)');
    const paymentOutside = refusal(edited((lines) => lines.splice(16, 0, lines[2])));
    expect([paymentOutside.code, paymentOutside.where]).toEqual(['unexpected_record', 'line 17 (TK20)']);
  });

  it('refuses an empty file and one past the size limit', () => {
    expect(refusal(new Uint8Array()).code).toBe('empty_file');
    expect(refusal(Buffer.from('\r\n  \r\n')).code).toBe('empty_file');
    expect(refusal(new Uint8Array(bgmaxLimits.bytesMax + 1)).code).toBe('file_too_large');
  });
});

/** Builds a one-deposit BgMax file from signed amounts (positive → TK20, negative → TK21). */
function buildFile(amounts: number[], depositAmount?: number): Uint8Array {
  const lines = ['01' + 'BGMAX'.padEnd(20) + '01' + '20240101000000000000' + 'P', '05' + '0005555558' + ' '.repeat(10) + 'SEK'];
  let net = 0;
  amounts.forEach((amount, index) => {
    const code = amount >= 0 ? '20' : '21';
    net += amount;
    lines.push(code + '0001234567' + ' '.repeat(25) + String(Math.abs(amount)).padStart(18, '0') + '12' + String(index + 1).padStart(12, '0') + '0');
  });
  const tk21 = amounts.filter((a) => a < 0).length;
  lines.push('15' + '0'.repeat(35) + '20240101' + '00001' + String(depositAmount ?? net).padStart(18, '0') + 'SEK' + String(amounts.length).padStart(8, '0'));
  lines.push('70' + String(amounts.length - tk21).padStart(8, '0') + String(tk21).padStart(8, '0') + '00000000' + '00000001');
  return Buffer.from(lines.map((l) => l.padEnd(80)).join('\r\n') + '\r\n', 'latin1');
}

describe('parseBgmax: properties', () => {
  const amounts = fc.array(fc.integer({ min: -1_000_000, max: 100_000_000 }), { maxLength: 30 }).filter((list) => list.reduce((a, b) => a + b, 0) >= 0);

  it('lines sum to the TK15 amount and ids are the BGC serial numbers', () => {
    fc.assert(
      fc.property(amounts, (list) => {
        const [statement] = parseBgmax(buildFile(list)).statements;
        expect(statement.lines.map((l) => l.amountMinor)).toEqual(list.map((a) => (Object.is(a, -0) ? 0 : a)));
        expect(statement.creditMinor + statement.debitMinor).toBe(list.reduce((a, b) => a + b, 0));
        expect(new Set(statement.lines.map((l) => l.id)).size).toBe(list.length);
      }),
    );
  });

  it('any other TK15 amount is refused', () => {
    fc.assert(
      fc.property(amounts, fc.integer({ min: 1, max: 1_000_000 }), (list, delta) => {
        const net = list.reduce((a, b) => a + b, 0);
        expect(refusal(buildFile(list, net + delta)).code).toBe('sum_mismatch');
      }),
    );
  });
});
