import { describe, expect, it } from 'vitest';
import type { MasterData } from '../../../shared/master-data.ts';
import { validateAutomation } from '../../../shared/automation/validate.ts';
import { filterOptions, knownOf, optionLabel, optionsOf, pickerProblem, valueFromText, type PickerOption } from './picker-filter.ts';

const data: MasterData = {
  accounts: [
    { number: '1930', name: 'Företagskonto', type: 'asset', vatCode: null, active: true },
    { number: '4010', name: 'Inköp material och varor', type: 'expense', vatCode: null, active: true },
    { number: '4011', name: 'Inköp material, projekt', type: 'expense', vatCode: null, active: false },
    { number: '6570', name: 'Bankkostnader', type: 'expense', vatCode: null, active: true },
    { number: '8310', name: 'Ränteintäkter', type: 'revenue', vatCode: null, active: true },
  ],
  series: [{ code: 'A', name: 'Manuella verifikationer', vouchers: 0 }, { code: 'E', name: 'Automatiska verifikationer', vouchers: 3 }],
  vatCodes: [{ code: 'MP1', name: 'Utgående moms 25 %', rateBasisPoints: 2500, kind: 'output', outputAccount: '2611', inputAccount: null, active: true, baseBox: '05', vatBox: '10', lines: 0 }],
  dimensions: [{ number: 1, name: 'Kostnadsställe', objects: [{ code: '100', name: 'Ledning', active: true }, { code: '200', name: 'Försäljning', active: false }] }],
  customers: [{ customerNo: 'K1001', name: 'Nordisk Design AB' }],
  suppliers: [{ supplierNo: 'L2001', name: 'Telia Sverige AB', active: true }],
  bankAccounts: [{ id: 'main', name: 'Företagskonto', ledgerAccount: '1930', currency: 'SEK' }],
  truncated: { customers: false, suppliers: false },
};
const accounts = optionsOf('account', data);
const values = (options: PickerOption[]) => options.map((o) => o.value);

describe('picker filtering', () => {
  it('reads as "4010 Inköp material och varor"', () => {
    expect(optionLabel(accounts[1])).toBe('4010 Inköp material och varor');
    expect(optionsOf('dimension-object', data).map(optionLabel)).toEqual(['1:100 Ledning', '1:200 Försäljning']);
    expect(optionsOf('vat-code', data)[0]).toMatchObject({ detail: '25 %' });
  });

  it('with nothing typed, offers the active ones (and the current value even when inactive)', () => {
    expect(values(filterOptions(accounts, ''))).toEqual(['1930', '4010', '6570', '8310']);
    expect(values(filterOptions(accounts, '', 50, '4011'))).toEqual(['1930', '4010', '4011', '6570', '8310']);
  });

  it('finds by the start of the number first, then a word of the name, then anything containing it; inactive last', () => {
    expect(values(filterOptions(accounts, '40'))).toEqual(['4010', '4011']);
    expect(values(filterOptions(accounts, 'inköp'))).toEqual(['4010', '4011']);
    expect(values(filterOptions(accounts, 'MATERIAL'))).toEqual(['4010', '4011']);
    expect(values(filterOptions(accounts, 'konto'))).toEqual(['1930']); // "Företagskonto" contains it
    expect(values(filterOptions(accounts, 'ränt'))).toEqual(['8310']);
    expect(values(filterOptions(accounts, '4010 inköp'))).toEqual(['4010']);
    expect(values(filterOptions(accounts, '1'))).toEqual(['1930', '4010', '8310', '4011']); // starts, then contained; inactive last
    expect(filterOptions(accounts, 'zzz')).toEqual([]);
    expect(filterOptions(accounts, '', 2)).toHaveLength(2);
  });

  it('takes typed text as the value it names, else as typed (series and VAT codes in capitals)', () => {
    expect(valueFromText(accounts, '6570', 'account')).toBe('6570');
    expect(valueFromText(accounts, '6570 bankkostnader', 'account')).toBe('6570');
    expect(valueFromText(optionsOf('series', data), 'e', 'series')).toBe('E');
    expect(valueFromText(optionsOf('series', data), 'x', 'series')).toBe('X');
  });

  it('says what is wrong with the same words as the validator on the save path', () => {
    expect(pickerProblem('series', 'X', data)).toBe('Series X does not exist in this company');
    expect(pickerProblem('series', 'E', data)).toBeNull();
    expect(pickerProblem('account', '4011', data)).toBe('Account 4011 is inactive');
    expect(pickerProblem('dimension-object', '1:200', data)).toBe('Object 1:200 is inactive');
    expect(pickerProblem('supplier', 'L9', data)).toBe('Supplier L9 does not exist in this company');
    expect(pickerProblem('series', 'X', undefined)).toBeNull(); // not loaded yet: no verdict
    const document = {
      id: 'a', name: 'A', description: '', version: 1, status: 'draft',
      nodes: [
        { id: 't', type: 'bank-line-imported', version: 1, name: 'T', position: { x: 0, y: 0 }, config: {} },
        { id: 'p', type: 'post-voucher', version: 1, name: 'P', position: { x: 0, y: 0 }, config: {
          series: 'X', text: 'x', date: { var: 'event.bookingDate' },
          lines: [{ account: '6570', side: 'debit', amount: 1 }, { account: '1930', side: 'credit', amount: null }] } },
      ],
      edges: [{ id: 'e', source: 't', target: 'p' }],
    };
    const series = new Set(data.series.map((s) => s.code));
    const issue = validateAutomation(document, { series, accounts: knownOf('account', data) }).issues.find((i) => i.code === 'unknown_series');
    expect(issue).toMatchObject({ message: pickerProblem('series', 'X', data), path: ['nodes', 1, 'config', 'series'], nodeId: 'p' });
  });
});
