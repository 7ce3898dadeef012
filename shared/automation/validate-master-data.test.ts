import { describe, expect, it } from 'vitest';
import { masterDataProblem } from '../master-data.ts';
import { validateAutomation, type ValidationContext } from './validate.ts';

const node = (id: string, type: string, config: unknown) => ({ id, type, version: 1, name: id, position: { x: 0, y: 0 }, config });
const document = (nodes: ReturnType<typeof node>[]) => ({
  id: 'a', name: 'A', description: '', version: 1, status: 'draft', nodes: [node('t', 'bank-line-imported', {}), ...nodes],
  edges: nodes.map((n, i) => ({ id: `e${i}`, source: 't', target: n.id })),
});
const context: ValidationContext = {
  accounts: new Map([['1930', { active: true }], ['2420', { active: true }], ['6570', { active: true }], ['4011', { active: false }]]),
  series: new Set(['D', 'E']),
};
const voucher = (series: string, account: string) => ({
  series, text: 'x', date: { var: 'event.bookingDate' }, lines: [{ account, side: 'debit', amount: 1 }, { account: '1930', side: 'credit', amount: null }],
});

describe('settings that pick master data (the descriptor\'s widget), in the pickers\' words', () => {
  it('flags an unknown series and an inactive account of a Post voucher', () => {
    const issues = validateAutomation(document([node('p', 'post-voucher', voucher('X', '4011'))]), context).issues;
    expect(issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.message])).toEqual([
      ['unknown_series', masterDataProblem('series', 'X', new Map([['D', { active: true }]]))],
      ['inactive_account', 'Line 1: Account 4011 is inactive'],
    ]);
  });

  it('flags the series even while a line has no account yet (the picker says so as you type)', () => {
    const issues = validateAutomation(document([node('p', 'post-voucher', voucher('X', ''))]), context).issues;
    expect(issues.find((i) => i.code === 'unknown_series')).toMatchObject({ message: 'Series X does not exist in this company', path: ['nodes', 1, 'config', 'series'], nodeId: 'p' });
  });

  it('checks every picker setting, e.g. a Match payment\'s series and overpayment account', () => {
    const issues = validateAutomation(document([node('m', 'match-payment', { series: 'Q', excessAccount: '2999' })]), context).issues;
    expect(issues.filter((i) => i.path[3] === 'series' || i.path[3] === 'excessAccount').map((i) => i.message))
      .toEqual(['Series Q does not exist in this company', 'Account 2999 does not exist in this company']);
  });

  it('says nothing of what the context does not know (the runtime leaves out customers, suppliers, bank accounts)', () => {
    const issues = validateAutomation(document([node('p', 'post-voucher', voucher('X', '6570'))]), {}).issues;
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  });
});

describe('a voucher line\'s VAT code and dimension objects', () => {
  it('are flagged in the words of the line\'s pickers', () => {
    const config = voucher('E', '6570');
    const lines = [{ ...config.lines[0], vatCode: 'ZZ', dimensions: { 1: '999' } }, config.lines[1]];
    const issues = validateAutomation(document([node('p', 'post-voucher', { ...config, lines })]),
      { ...context, vatCodes: new Set(['MP1']), dimensionObjects: new Set(['1:100']) }).issues;
    expect(issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.message, i.path.slice(3).join('.')])).toEqual([
      ['unknown_vat_code', 'Line 1: VAT code ZZ does not exist in this company', 'lines.0.vatCode'],
      ['unknown_dimension_object', 'Line 1: Object 1:999 does not exist in this company', 'lines.0.dimensions.1'],
    ]);
  });
});
