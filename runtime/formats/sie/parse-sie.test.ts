import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32.ts';
import { encodeCp437 } from './encoding.ts';
import { parseSie, type ParseSieResult } from './parse-sie.ts';

/** A SIE file as CP437 bytes with CRLF line ends. */
const sie = (...lines: string[]) => Buffer.from(encodeCp437(lines.map((line) => `${line}\r\n`).join('')).bytes);

const HEAD = ['#FLAGGA 0', '#PROGRAM "Testprogram" 1.0', '#FORMAT PC8', '#GEN 20240131 "AB"', '#SIETYP 4', '#FNAMN "Företaget AB"'];

function parsedOk(result: ParseSieResult) {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result;
}
function errorsOf(result: ParseSieResult) {
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}

describe('parseSie: a 4E file', () => {
  const file = sie(
    ...HEAD,
    '#ORGNR 556334-3689',
    '#ADRESS "Kalle" "Storgatan 1" "111 11 Stockholm" "08-123"',
    '#RAR 0 20240101 20241231',
    '#RAR -1 20230101 20231231',
    '#TAXAR 2025',
    '#KPTYP BAS2016',
    '#KONTO 1910 "Kassa"',
    '#KONTO 1930 "Företagskonto"',
    '#KONTO 2611 "Utgående moms 25 %"',
    '#KONTO 3001 "Försäljning 25 % moms"',
    '#KTYP 1930 T',
    '#SRU 1930 7281',
    '#DIM 1 "Kostnadsställe"',
    '#UNDERDIM 21 "Avdelning" 1',
    '#OBJEKT 1 "100" "Huvudkontor"',
    '#IB 0 1930 1000.00',
    '#UB 0 1930 1250.00',
    '#RES 0 3001 -200.00',
    '#OIB 0 1930 {1 "100"} 1000.00',
    '#PSALDO 0 202401 1930 {} 250.00 3',
    '#PBUDGET 0 202401 3001 {1 "100"} -100.00',
    '#VER A 1 20240115 "Försäljning kontant" 20240116 "AB"',
    '{',
    '\t#TRANS 1910 {} 250.00',
    '\t#TRANS 2611 {} -50.00 20240115 "moms"',
    '\t#TRANS 3001 {1 "100"} -200.00 "" "" 2',
    '}',
  );

  it('reads header, chart, dimensions, balances and vouchers', () => {
    const { document, warnings } = parsedOk(parseSie(file, { fileName: 'export.se' }));
    expect(document.header).toMatchObject({
      flagga: 0,
      program: { name: 'Testprogram', version: '1.0' },
      gen: { date: '2024-01-31', sign: 'AB' },
      sieType: 4,
      fileKind: 'E',
      orgNumber: '556334-3689',
      companyName: 'Företaget AB',
      address: { contact: 'Kalle', street: 'Storgatan 1', postal: '111 11 Stockholm', phone: '08-123' },
      fiscalYears: [
        { index: 0, start: '2024-01-01', end: '2024-12-31' },
        { index: -1, start: '2023-01-01', end: '2023-12-31' },
      ],
      taxYear: 2025,
      chartType: 'BAS2016',
      currency: 'SEK',
    });
    expect(document.accounts[1]).toEqual({ number: '1930', name: 'Företagskonto', type: 'T', sru: '7281' });
    expect(document.dimensions).toEqual([{ number: 1, name: 'Kostnadsställe' }, { number: 21, name: 'Avdelning', parent: 1 }]);
    expect(document.objects).toEqual([{ dimension: 1, id: '100', name: 'Huvudkontor' }]);
    expect(document.balances.opening).toEqual([{ yearIndex: 0, account: '1930', amountMinor: 100000 }]);
    expect(document.balances.objectOpening).toEqual([{ yearIndex: 0, account: '1930', amountMinor: 100000, objects: [{ dimension: 1, id: '100' }] }]);
    expect(document.balances.period).toEqual([{ yearIndex: 0, account: '1930', amountMinor: 25000, quantity: '3', period: '202401', objects: [] }]);
    expect(document.balances.periodBudget[0]).toMatchObject({ account: '3001', period: '202401', objects: [{ dimension: 1, id: '100' }] });
    expect(document.vouchers).toEqual([
      {
        series: 'A',
        number: '1',
        date: '2024-01-15',
        text: 'Försäljning kontant',
        registeredDate: '2024-01-16',
        sign: 'AB',
        lineNumber: 28,
        transactions: [
          { kind: 'TRANS', account: '1910', objects: [], amountMinor: 25000, lineNumber: 30 },
          { kind: 'TRANS', account: '2611', objects: [], amountMinor: -5000, transDate: '2024-01-15', text: 'moms', lineNumber: 31 },
          { kind: 'TRANS', account: '3001', objects: [{ dimension: 1, id: '100' }], amountMinor: -20000, quantity: '2', lineNumber: 32 },
        ],
      },
    ]);
    expect(document.checksum).toEqual({ present: false });
    expect(warnings).toEqual([]);
  });
});

describe('parseSie: refusals name the line', () => {
  it('refuses an unbalanced voucher with the #VER line and the difference', () => {
    const errors = errorsOf(parseSie(sie(...HEAD, '#VER A 1 20240115 "x"', '{', '#TRANS 1910 {} 100.00', '#TRANS 3001 {} -99.90', '}')));
    expect(errors).toEqual([expect.objectContaining({ code: 'voucher_unbalanced', line: 7, record: '#VER' })]);
    expect(errors[0]!.message).toContain('0.10');
  });

  it('refuses a voucher without a date', () => {
    const errors = errorsOf(parseSie(sie(...HEAD, '#VER "K" ""', '{', '#TRANS 1910 {} 0.00', '}')));
    expect(errors).toEqual([expect.objectContaining({ code: 'missing_voucher_date', line: 7, field: 'date' })]);
  });

  it('refuses a non-numeric account number', () => {
    const errors = errorsOf(parseSie(sie(...HEAD, '#KONTO 11AF "Mark"')));
    expect(errors).toEqual([expect.objectContaining({ code: 'invalid_account', line: 7, record: '#KONTO' })]);
  });

  it('refuses an amount with 3 decimals and one beyond the safe range', () => {
    const errors = errorsOf(parseSie(sie(...HEAD, '#IB 0 1930 1.234', '#UB 0 1930 99999999999999999.00')));
    expect(errors.map((e) => [e.code, e.line, e.field])).toEqual([
      ['invalid_amount', 7, 'amount'],
      ['amount_out_of_range', 8, 'amount'],
    ]);
  });

  it('collects every error up to the cap', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `#IB 0 19${i}0 x`);
    const errors = errorsOf(parseSie(sie(...HEAD, ...lines), { errorsMax: 5 }));
    expect(errors).toHaveLength(6);
    expect(errors.at(-1)!.code).toBe('too_many_errors');
  });

  it('refuses syntax errors: unterminated quote, stray braces, #TRANS outside a voucher', () => {
    const errors = errorsOf(parseSie(sie(...HEAD, '#KONTO 1930 "Bank', '}', '#TRANS 1930 {} 1.00', '#VER A 1 20240101 ""', '#KONTO 1910 "Kassa"')));
    expect(errors.map((e) => [e.code, e.line])).toEqual([
      ['syntax_error', 7],
      ['syntax_error', 8],
      ['syntax_error', 9],
      ['syntax_error', 11],
    ]);
  });
});

describe('parseSie: vouchers', () => {
  it('counts #TRANS, not #BTRANS, and #RTRANS only when no identical #TRANS follows', () => {
    const { document, warnings } = parsedOk(
      parseSie(
        sie(
          ...HEAD,
          '#VER A 1 20240115 "Rättad"',
          '{',
          '#TRANS 1910 {} 100.00',
          '#TRANS 3001 {} -100.00',
          '#BTRANS 3001 {} -100.00 20240120 "" "" "AB"',
          '#RTRANS 3002 {} -100.00 20240120 "" "" "AB"',
          '#TRANS 3002 {} -100.00',
          '#BTRANS 1910 {} 100.00',
          '#RTRANS 1920 {} 100.00',
          '}',
        ),
      ),
    );
    expect(document.vouchers[0]!.transactions.map((t) => t.kind)).toEqual(['TRANS', 'TRANS', 'BTRANS', 'RTRANS', 'TRANS', 'BTRANS', 'RTRANS']);
    expect(warnings.filter((w) => w.code === 'rtrans_without_trans')).toEqual([expect.objectContaining({ line: 15 })]);
  });

  it('allows empty series and number (4I) and reads the file as 4I', () => {
    const { document } = parsedOk(parseSie(sie(...HEAD, '#VER "" "" 20240101 "Dagskassa"', '{', '#TRANS 1910 {} 1.00', '#TRANS 3001 {} -1.00', '}'), { fileName: 'kassa.si' }));
    expect(document.vouchers[0]).toMatchObject({ series: '', number: '' });
    expect(document.header.fileKind).toBe('I');
  });

  it('warns about accounts and objects used but not declared', () => {
    const { warnings } = parsedOk(parseSie(sie(...HEAD, '#KONTO 1910 "Kassa"', '#VER A 1 20240101 ""', '{', '#TRANS 1910 {} 1.00', '#TRANS 3001 {1 "9"} -1.00', '}')));
    expect(warnings).toEqual([
      expect.objectContaining({ code: 'undeclared_account', line: 11, message: expect.stringContaining('3001') }),
      expect.objectContaining({ code: 'undeclared_object', line: 11 }),
    ]);
  });
});

describe('parseSie: tolerance', () => {
  it('ignores unknown labels (and their sub-records) and extra fields, with a warning', () => {
    const { document, warnings } = parsedOk(parseSie(sie(...HEAD, '#NYPOST 1 2 3', '{', '#X 1', '}', '#KONTO 1910 "Kassa" extra fält')));
    expect(document.accounts).toEqual([{ number: '1910', name: 'Kassa' }]);
    expect(warnings).toEqual([expect.objectContaining({ code: 'unknown_label', line: 7, record: '#NYPOST' })]);
  });

  it('reads #PBUDGET with account and period swapped and no object list', () => {
    const { document, warnings } = parsedOk(parseSie(sie(...HEAD, '#KONTO 1119 "Ack avskr"', '#PBUDGET 0 1119 201701 -1666.00', '#PBUDGET 0 201702 1119 -1667.00')));
    expect(document.balances.periodBudget).toEqual([
      { yearIndex: 0, account: '1119', period: '201701', amountMinor: -166600, objects: [] },
      { yearIndex: 0, account: '1119', period: '201702', amountMinor: -166700, objects: [] },
    ]);
    expect(warnings.map((w) => w.code)).toEqual(['period_fields_swapped', 'missing_object_list']);
  });

  it('joins an unquoted company name with spaces', () => {
    const { document } = parsedOk(parseSie(sie('#FLAGGA 0', '#GEN 20240101', '#SIETYP 4', '#FNAMN Övningsbolaget AB')));
    expect(document.header.companyName).toBe('Övningsbolaget AB');
  });

  it('reads UTF-8 and LF-only files', () => {
    const utf8 = new TextEncoder().encode(['#FLAGGA 0', '#GEN 20240101', '#SIETYP 4', '#FNAMN "Övningsbolaget AB"', '#KONTO 1930 "Företagskonto"', ''].join('\n'));
    const result = parsedOk(parseSie(utf8));
    expect(result.encoding.encoding).toBe('utf-8');
    expect(result.document.accounts[0]!.name).toBe('Företagskonto');
  });
});

describe('parseSie: #KSUMMA', () => {
  // The checksum covers labels and field values without quotes, braces or whitespace, in CP437.
  const body = ['#PROGRAM "Test ett" 1.0', '#GEN 20240101', '#SIETYP 4', '#FNAMN "Åkeriet"', '#VER A 1 20240101 "a \\"b\\""', '{', '#TRANS 1910 {1 "7"} 1.00', '#TRANS 3001 {} -1.00', '}'];
  const covered = ['#PROGRAM', 'Test ett', '1.0', '#GEN', '20240101', '#SIETYP', '4', '#FNAMN', 'Åkeriet', '#VER', 'A', '1', '20240101', 'a "b"', '#TRANS', '1910', '1', '7', '1.00', '#TRANS', '3001', '-1.00'];
  const expected = crc32(encodeCp437(covered.join('')).bytes);

  it('verifies a correct checksum', () => {
    const { document } = parsedOk(parseSie(sie('#FLAGGA 0', '#KSUMMA', ...body, `#KSUMMA ${expected}`)));
    expect(document.checksum).toEqual({ present: true, expected, computed: expected, valid: true });
  });

  it('refuses a wrong checksum, unless verification is off', () => {
    const file = sie('#FLAGGA 0', '#KSUMMA', ...body, `#KSUMMA 123456789`);
    expect(errorsOf(parseSie(file))).toEqual([expect.objectContaining({ code: 'checksum_mismatch', line: 12 })]);
    expect(parsedOk(parseSie(file, { verifyChecksum: false })).document.checksum).toMatchObject({ valid: false, computed: expected });
  });

  it('refuses an opening #KSUMMA without a closing one', () => {
    expect(errorsOf(parseSie(sie('#FLAGGA 0', '#KSUMMA', ...body))).map((e) => e.code)).toEqual(['checksum_unterminated']);
  });
});
