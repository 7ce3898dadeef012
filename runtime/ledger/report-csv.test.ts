import { describe, expect, it } from 'vitest';
import { csvFileName, openItemsCsv, toCsv, trialBalanceCsv } from './report-csv.ts';

const body = (csv: string) => {
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  return csv.slice(1).split('\r\n');
};

describe('report CSV', () => {
  it('writes decimal commas, exact amounts beyond 2^53, quotes and neutralised formulas', () => {
    const lines = body(toCsv(['Konto', 'Text', 'Belopp'], [
      [{ text: '1930' }, { text: 'Bank; "huvudkonto"' }, { minor: -123_450 }],
      [{ text: '2440' }, { text: '=HYPERLINK("x")' }, { minor: '-123456789012345678' }],
      [null, { text: '-förlust' }, { minor: 5 }],
      [null, { text: 'rad\nbrytning' }, { minor: null }],
    ]));
    expect(lines).toEqual([
      'Konto;Text;Belopp',
      '1930;"Bank; ""huvudkonto""";-1234,50',
      '2440;"\'=HYPERLINK(""x"")";-1234567890123456,78',
      ";'-förlust;0,05",
      ';"rad\nbrytning";',
      '',
    ]);
  });

  it('trial balance and open items', () => {
    const tb = body(trialBalanceCsv({
      fiscalYear: 2026, fromPeriod: '2026-01', toPeriod: '2026-12',
      rows: [{ account: '1510', name: 'Kundfordringar', type: 'asset', openingMinor: 0, debitMinor: 18_812_500, creditMinor: 0, closingMinor: 18_812_500 }],
      totals: { openingMinor: 0, debitMinor: 18_812_500, creditMinor: 0, closingMinor: 18_812_500 },
    }));
    expect(tb).toEqual(['Konto;Benämning;Ingående balans;Debet;Kredit;Utgående balans', '1510;Kundfordringar;0,00;188125,00;0,00;188125,00',
      ';Summa;0,00;188125,00;0,00;188125,00', '']);
    const oi = body(openItemsCsv({ kind: 'ar', asOf: '2026-11-29', items: [{ counterpartyId: 'K1', counterpartyName: 'Nordisk Design AB', invoiceNumber: 'F1001',
      invoiceDate: '2026-10-20', dueDate: '2026-11-19', daysOverdue: 10, bucket: 'd0_30', currency: 'SEK', totalMinor: 5_000_000, openMinor: 5_000_000, ocrReference: null }] }));
    expect(oi[1]).toBe('K1;Nordisk Design AB;F1001;;2026-10-20;2026-11-19;10;1–30 dagar;SEK;50000,00;50000,00');
  });

  it('names files safely', () => {
    expect(csvFileName('demo', 'balansräkning', '2026-03')).toBe('demo-balansrakning-2026-03.csv');
    expect(csvFileName('a"b', 'x y')).toBe('a_b-x_y.csv');
  });
});
