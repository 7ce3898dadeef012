import { describe, expect, it } from 'vitest';
import { emptySieBalances, type SieDocument } from './model.ts';
import { parseSie } from './parse-sie.ts';
import { writeSie, writeSieReport } from './write-sie.ts';

function sampleDocument(): SieDocument {
  return {
    header: {
      flagga: 0,
      program: { name: 'Kontera', version: '0.1' },
      format: 'PC8',
      gen: { date: '2024-02-01', sign: 'Anna Ö' },
      sieType: 4,
      fileKind: 'E',
      companyId: 'K1',
      orgNumber: '556334-3689',
      companyName: 'Åkeri "Norr" AB',
      companyType: 'AB',
      address: { contact: 'Anna', street: 'Storgatan 1', postal: '111 11 Stockholm', phone: '' },
      fiscalYears: [
        { index: 0, start: '2024-01-01', end: '2024-12-31' },
        { index: -1, start: '2023-01-01', end: '2023-12-31' },
      ],
      taxYear: 2025,
      balancesUntil: '2024-01-31',
      chartType: 'BAS2024',
      currency: 'SEK',
      comments: ['Exporterad av Kontera'],
    },
    accounts: [
      { number: '1930', name: 'Företagskonto', type: 'T', sru: '7281' },
      { number: '2611', name: 'Utgående moms 25 %', type: 'S' },
      { number: '3001', name: 'Försäljning 25 % moms', type: 'I', unit: 'st' },
    ],
    dimensions: [{ number: 1, name: 'Kostnadsställe' }, { number: 21, name: 'Avdelning', parent: 1 }, { number: 6, name: 'Projekt' }],
    objects: [{ dimension: 1, id: '100', name: 'Huvudkontor' }, { dimension: 6, id: 'P 1', name: 'Projekt "ett"' }],
    balances: {
      ...emptySieBalances(),
      opening: [{ yearIndex: 0, account: '1930', amountMinor: 123450 }, { yearIndex: -1, account: '1930', amountMinor: 0 }],
      closing: [{ yearIndex: 0, account: '1930', amountMinor: 248450 }],
      result: [{ yearIndex: 0, account: '3001', amountMinor: -100000, quantity: '4' }],
      objectClosing: [{ yearIndex: 0, account: '3001', amountMinor: -100000, objects: [{ dimension: 1, id: '100' }] }],
      period: [{ yearIndex: 0, period: '202401', account: '1930', amountMinor: 125000, objects: [] }],
      periodBudget: [{ yearIndex: 0, period: '202401', account: '3001', amountMinor: -5, objects: [{ dimension: 6, id: 'P 1' }] }],
    },
    vouchers: [
      {
        series: 'A',
        number: '1',
        date: '2024-01-15',
        text: 'Faktura 1001 "Kund"',
        registeredDate: '2024-01-16',
        transactions: [
          { kind: 'TRANS', account: '1930', objects: [], amountMinor: 125000 },
          { kind: 'TRANS', account: '2611', objects: [], amountMinor: -25000, text: 'moms' },
          { kind: 'TRANS', account: '3001', objects: [{ dimension: 1, id: '100' }, { dimension: 6, id: 'P 1' }], amountMinor: -100000, transDate: '2024-01-15', quantity: '4', sign: 'AÖ' },
          { kind: 'BTRANS', account: '3001', objects: [], amountMinor: -1 },
          { kind: 'RTRANS', account: '3001', objects: [], amountMinor: -7 },
          { kind: 'TRANS', account: '3001', objects: [], amountMinor: -7 },
          { kind: 'TRANS', account: '1930', objects: [], amountMinor: 7 },
        ],
      },
      { series: '', number: '', date: '2024-01-20', text: '', transactions: [] },
    ],
    checksum: { present: false },
  };
}

const withoutLines = (value: unknown) => JSON.parse(JSON.stringify(value, (key, v) => (key === 'lineNumber' ? undefined : v)));

describe('writeSie', () => {
  it('writes CP437 with CRLF line ends in spec order', () => {
    const { bytes, text } = writeSieReport(sampleDocument());
    const lines = text.split('\r\n');
    expect(lines.slice(0, 6)).toEqual(['#FLAGGA 0', '#KSUMMA', '#PROGRAM "Kontera" 0.1', '#FORMAT PC8', '#GEN 20240201 "Anna Ö"', '#SIETYP 4']);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toContain('\n');
    const labels = lines.filter((l) => l.startsWith('#')).map((l) => l.split(' ')[0]);
    const firstOf = (label: string) => labels.indexOf(label);
    const order = ['#FNAMN', '#RAR', '#KPTYP', '#KONTO', '#KTYP', '#DIM', '#UNDERDIM', '#OBJEKT', '#IB', '#UB', '#OUB', '#RES', '#PSALDO', '#PBUDGET', '#VER', '#TRANS'];
    expect(order.map(firstOf)).toEqual([...order.map(firstOf)].sort((a, b) => a - b));
    expect(labels.at(-1)).toBe('#KSUMMA');
    expect(bytes.includes(Buffer.from([0x46, 0x94, 0x72]))).toBe(true); // "För" in CP437
    expect(lines).toContain('#FNAMN "Åkeri \\"Norr\\" AB"');
    expect(lines).toContain('#TRANS 3001 {1 "100" 6 "P 1"} -1000.00 20240115 "" 4 "AÖ"');
    expect(lines).toContain('#TRANS 2611 {} -250.00 "" "moms"');
    expect(lines).toContain('#VER "" "" 20240120 ""');
    expect(lines).toContain('#PBUDGET 0 202401 3001 {6 "P 1"} -0.05');
  });

  it('round-trips: write → read gives the same model', () => {
    const document = sampleDocument();
    const result = parseSie(writeSie(document));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const read = withoutLines(result.document);
    expect(read.accounts).toEqual(document.accounts);
    expect(read.dimensions).toEqual(document.dimensions);
    expect(read.objects).toEqual(document.objects);
    expect(read.balances).toEqual(document.balances);
    expect(read.vouchers).toEqual(document.vouchers);
    expect(read.header).toEqual(document.header);
    expect(result.document.checksum).toMatchObject({ present: true, valid: true });
  });

  it('can leave out #KSUMMA', () => {
    const text = writeSieReport(sampleDocument(), { checksum: false }).text;
    expect(text).not.toContain('#KSUMMA');
    const result = parseSie(Buffer.from(text, 'latin1'));
    expect(result.ok && result.document.checksum).toEqual({ present: false });
  });

  it('writes ? for characters CP437 lacks, and control characters as spaces, with warnings', () => {
    const document = sampleDocument();
    document.accounts[0]!.name = 'Euro € konto';
    document.vouchers[0]!.text = 'rad1\nrad2';
    const { text, warnings } = writeSieReport(document);
    expect(warnings.map((w) => w.code).sort()).toEqual(['unrepresentable_character', 'unrepresentable_character']);
    const result = parseSie(writeSie(document));
    expect(result.ok && result.document.accounts[0]!.name).toBe('Euro ? konto');
    expect(result.ok && result.document.vouchers[0]!.text).toBe('rad1 rad2');
    expect(text).toContain('"rad1 rad2"');
  });

  it('never writes a quoted field ending in a backslash', () => {
    const document = sampleDocument();
    document.header.companyId = 'C:\\Data\\';
    document.header.comments = ['sökväg C:\\Data\\'];
    const { warnings } = writeSieReport(document);
    expect(warnings.map((w) => w.code)).toEqual(['ambiguous_backslash']);
    const result = parseSie(writeSie(document));
    expect(result.ok && result.document.header.companyId).toBe('C:\\Data\\');
    expect(result.ok && result.document.header.comments).toEqual(['sökväg C:\\Data/']);
  });

  it('refuses a document that breaks the invariants', () => {
    const unbalanced = sampleDocument();
    unbalanced.vouchers[0]!.transactions[0]!.amountMinor += 1;
    expect(() => writeSie(unbalanced)).toThrow(/does not balance/);
    const float = sampleDocument();
    float.balances.opening[0]!.amountMinor = 12.5;
    expect(() => writeSie(float)).toThrow(/safe integer/);
    const badAccount = sampleDocument();
    badAccount.accounts[0]!.number = '19A0';
    expect(() => writeSie(badAccount)).toThrow(/not numeric/);
  });
});
