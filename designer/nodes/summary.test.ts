import { describe, expect, it } from 'vitest';
import { describeRule, describeVoucherLines, truncate } from './summary.ts';

describe('describeRule', () => {
  it('renders the bank-fees condition in short', () => {
    const rule = { and: [
      { '<': [{ var: 'event.amountMinor' }, 0] },
      { or: [{ icontains: [{ var: 'event.text' }, 'avgift'] }, { icontains: [{ var: 'event.text' }, 'fee'] }] },
    ] };
    expect(describeRule(rule)).toBe('amountMinor < 0 and (text contains "avgift" or text contains "fee")');
  });
  it('handles literals, unary shorthands and unknown operators', () => {
    expect(describeRule({ '==': [1, 1] })).toBe('1 = 1');
    expect(describeRule({ abs: { var: 'event.amountMinor' } })).toBe('|amountMinor|');
    expect(describeRule({ '!': { var: 'event.reference' } })).toBe('not reference');
    expect(describeRule({ ocr_valid: [{ var: 'event.reference' }] })).toBe('ocr_valid(reference)');
    expect(describeRule(null)).toBe('empty');
    expect(describeRule({ a: 1, b: 2 })).toBe('{…}');
  });
  it('truncates', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
  });
});

describe('describeVoucherLines', () => {
  it('lists accounts and sides', () => {
    expect(describeVoucherLines([{ account: '6570', side: 'debit' }, { account: '1930', side: 'credit' }])).toBe('6570 D / 1930 C');
    expect(describeVoucherLines([])).toBe('No lines yet');
  });

  it('shows an account expression by the field it reads', () => {
    expect(describeVoucherLines([{ account: '6570', side: 'debit' }, { account: { var: 'event.bankAccount' }, side: 'credit' }])).toBe('6570 D / bankAccount C');
    expect(describeVoucherLines([{ account: { if: [true, '1930', '1940'] }, side: 'debit' }, { account: '', side: 'credit' }])).toBe('ƒ D / ???? C');
  });
});
