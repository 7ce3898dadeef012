import { describe, expect, it } from 'vitest';
import {
  attachmentProblem, buildVoucherRequest, emptyLine, formatKronor, issuesByLine, lineMessages, lineState, parseDimensions, parseKronor, setLineAmount, summarize, tidyLineAmount, vatCodeToPrefill, type VoucherForm,
} from './voucher-form.ts';

const form = (lines: Partial<ReturnType<typeof emptyLine>>[]): VoucherForm => ({
  date: '2026-11-15', series: 'A', text: 'Kontantköp', lines: lines.map((l) => ({ ...emptyLine(), ...l })),
});

describe('parseKronor', () => {
  it('reads Swedish amounts exactly, to öre', () => {
    expect(parseKronor('1 234,50')).toEqual({ ok: true, minor: 123450 });
    expect(parseKronor('1\u00a0234,5')).toEqual({ ok: true, minor: 123450 });
    expect(parseKronor('0,10')).toEqual({ ok: true, minor: 10 });
    expect(parseKronor('1234.56')).toEqual({ ok: true, minor: 123456 });
    expect(parseKronor('90071992547409,91')).toEqual({ ok: true, minor: 9007199254740991 });
    expect(parseKronor('')).toEqual({ ok: true, minor: null });
  });
  it('refuses what is not an amount, with a reason', () => {
    expect(parseKronor('12,345')).toMatchObject({ ok: false, message: expect.stringContaining('two decimals') });
    expect(parseKronor('-5')).toMatchObject({ ok: false });
    expect(parseKronor('12 kr')).toMatchObject({ ok: false });
    expect(parseKronor('1e5')).toMatchObject({ ok: false });
    expect(parseKronor('99999999999999999')).toMatchObject({ ok: false, message: expect.stringContaining('too large') });
  });
  it('formats back the way it reads', () => {
    const text = formatKronor(123450);
    expect(parseKronor(text)).toEqual({ ok: true, minor: 123450 });
    expect(text.replace(/\s/g, ' ')).toBe('1 234,50');
  });
});

describe('the voucher form', () => {
  it('shows the live difference while unbalanced', () => {
    const summary = summarize(form([{ account: '5410', debit: '1 000,00' }, { account: '1930', credit: '999,90' }]));
    expect(summary.differenceMinor).toBe(10);
    expect(buildVoucherRequest(form([{ account: '5410', debit: '1 000,00' }, { account: '1930', credit: '999,90' }])))
      .toMatchObject({ ok: false, message: expect.stringContaining('does not balance') });
  });
  it('builds the request in öre, skipping blank lines and remembering which form line each is', () => {
    const result = buildVoucherRequest(form([
      { account: '5410', debit: '800,00', vatCode: 'I25', dimensions: '1=100' },
      {},
      { account: '2641', debit: '200' },
      { account: '1930', credit: '1 000', text: 'Kortköp' },
    ]));
    expect(result).toEqual({
      ok: true, sentIndexes: [0, 2, 3],
      request: { date: '2026-11-15', series: 'A', text: 'Kontantköp', lines: [
        { account: '5410', debitMinor: 80000, vatCode: 'I25', dimensions: { 1: '100' } },
        { account: '2641', debitMinor: 20000 },
        { account: '1930', creditMinor: 100000, text: 'Kortköp' },
      ] },
    });
  });
  it('marks a line with both sides, no side or no account', () => {
    const { lines } = summarize(form([{ account: '5410', debit: '1', credit: '1' }, { account: '1930' }, { debit: '5' }]));
    expect(lines[0].errors.amount).toMatch(/either debit or credit/);
    expect(lines[1].errors.amount).toMatch(/Enter a debit or a credit/);
    expect(lines[2].errors.account).toMatch(/Choose an account/);
  });
  it('reads dimensions', () => {
    expect(parseDimensions('1=100; 6:P12')).toEqual({ ok: true, dimensions: { 1: '100', 6: 'P12' } });
    expect(parseDimensions('')).toEqual({ ok: true, dimensions: undefined });
    expect(parseDimensions('kostnadsställe')).toMatchObject({ ok: false });
  });
  it('puts the server issues lines[i] back on the form line that was sent as line i', () => {
    const mapped = issuesByLine({
      error: 'unknown_account', message: 'Line 2: account 9999 does not exist',
      issues: [{ path: 'lines[1]', message: 'Line 2: account 9999 does not exist' }, { path: 'date', message: 'the period is locked' }],
    }, [0, 2, 3]);
    expect(mapped.lines.get(2)).toEqual(['Line 2: account 9999 does not exist']);
    expect(mapped.general).toEqual(['the period is locked']);
    expect(issuesByLine({ error: 'unbalanced', message: 'does not balance' }, [0, 1]).general).toEqual(['does not balance']);
  });
});

describe('a line in another currency', () => {
  it('computes the kronor exactly from the amount and the rate and sends all three', () => {
    const f = form([
      { account: '6570', currency: 'EUR', currencyAmount: '10,00', rate: '11,50', side: 'debit' },
      { account: '1930', credit: '115,00' },
    ]);
    const summary = summarize(f);
    expect(summary.lines[0]).toMatchObject({ debitMinor: 11_500, creditMinor: 0, foreign: { currency: 'EUR', amountMinor: 1_000, rate: '11.50' } });
    expect(summary.differenceMinor).toBe(0);
    const built = buildVoucherRequest(f);
    expect(built.ok && built.request.lines[0]).toEqual({ account: '6570', debitMinor: 11_500, currency: 'EUR', currencyAmountMinor: 1_000, rate: '11.50' });
  });

  it('rounds half away from zero as the ledger does (0,02 EUR at 11,25 is 0,23 kr) and says what is missing', () => {
    expect(summarize(form([{ account: '6570', currency: 'EUR', currencyAmount: '0,02', rate: '11,25', side: 'credit' }])).lines[0])
      .toMatchObject({ creditMinor: 23, debitMinor: 0 });
    const missing = summarize(form([{ account: '6570', currency: 'EUR', currencyAmount: '', rate: '' }])).lines[0];
    expect(missing.errors).toMatchObject({ currencyAmount: 'Enter the amount in EUR', rate: 'Enter the rate: kronor per EUR, e.g. 11,50' });
    expect(summarize(form([{ account: '6570', currency: 'EUR', currencyAmount: '10,001', rate: '11' }])).lines[0].errors.currencyAmount).toMatch(/Not an amount in EUR/);
  });
});

describe('the voucher form: counterparty and attachments', () => {
  const balanced = [{ account: '6110', debit: '400' }, { account: '1930', credit: '400' }];
  it('sends the counterparty trimmed, with its number when given, and nothing when blank', () => {
    const withBoth = buildVoucherRequest({ ...form(balanced), counterpartyName: ' Kontorsgiganten AB ', counterpartyId: 'L2003 ' });
    expect(withBoth.ok && withBoth.request.counterparty).toEqual({ name: 'Kontorsgiganten AB', id: 'L2003' });
    const nameOnly = buildVoucherRequest({ ...form(balanced), counterpartyName: 'Telia', counterpartyId: '' });
    expect(nameOnly.ok && nameOnly.request.counterparty).toEqual({ name: 'Telia' });
    const none = buildVoucherRequest({ ...form(balanced), counterpartyName: '  ' });
    expect(none.ok && 'counterparty' in none.request).toBe(false);
  });
  it('asks for a name when only a number is given', () => {
    expect(buildVoucherRequest({ ...form(balanced), counterpartyId: '556677-8899' })).toMatchObject({ ok: false, message: expect.stringContaining('name') });
  });
  it('accepts PDF, PNG, JPEG and XML files up to the limit', () => {
    expect(attachmentProblem({ name: 'kvitto.pdf', type: 'application/pdf', size: 1000 })).toBeNull();
    expect(attachmentProblem({ name: 'faktura.xml', type: 'text/xml', size: 1000 })).toBeNull();
    expect(attachmentProblem({ name: 'a.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', size: 1000 })).toContain('PDF, PNG, JPEG or XML');
    expect(attachmentProblem({ name: 'big.pdf', type: 'application/pdf', size: 4 * 1024 * 1024 + 1 })).toContain('larger than 4 MB');
    expect(attachmentProblem({ name: 'empty.png', type: 'image/png', size: 0 })).toContain('empty');
  });
});

describe('vatCodeToPrefill', () => {
  const codes = [
    { code: 'I25', rateBasisPoints: 2_500, outputAccount: null, inputAccount: '2641' },
    { code: 'EUTI', rateBasisPoints: 2_500, outputAccount: '2614', inputAccount: '2645' },
    { code: 'MF', rateBasisPoints: 0, outputAccount: null, inputAccount: null },
  ];
  it('6110 → I25 on a two-line voucher with no VAT line: no code (the posting check would refuse it), and says which account the VAT needs', () => {
    const lines = form([{ account: '6110', debit: '500,00' }, { account: '1930', credit: '500,00' }]).lines;
    expect(vatCodeToPrefill(lines, 0, 'I25', codes)).toEqual({ vatCode: '', vatLineMissing: { code: 'I25', accounts: ['2641'] } });
  });
  it('with a line on the code\'s VAT account (2641; either account of a reverse charge), the code is pre-filled', () => {
    const lines = form([{ account: '6110', debit: '400,00' }, { account: '2641', debit: '100,00' }, { account: '2440', credit: '500,00' }]).lines;
    expect(vatCodeToPrefill(lines, 0, 'I25', codes)).toEqual({ vatCode: 'I25' });
    const eu = form([{ account: '4535', debit: '100,00' }, { account: '2645', debit: '25,00' }]).lines;
    expect(vatCodeToPrefill(eu, 0, 'EUTI', codes)).toEqual({ vatCode: 'EUTI' });
  });
  it('the line itself on the VAT account does not count; a code without VAT is pre-filled; unknown or no code: nothing', () => {
    const lines = form([{ account: '2641', debit: '100,00' }, { account: '1930', credit: '100,00' }]).lines;
    expect(vatCodeToPrefill(lines, 0, 'I25', codes).vatCode).toBe('');
    expect(vatCodeToPrefill(lines, 0, 'MF', codes)).toEqual({ vatCode: 'MF' });
    expect(vatCodeToPrefill(lines, 0, 'XX', codes)).toEqual({ vatCode: '' });
    expect(vatCodeToPrefill(lines, 0, null, codes)).toEqual({ vatCode: '' });
    expect(vatCodeToPrefill(lines, 0, 'I25', undefined)).toEqual({ vatCode: '' });
  });
});

describe('setLineAmount, tidyLineAmount, lineMessages (the new-voucher page and the inbox Book dialog)', () => {
  it('typing in one column empties the other; clearing it leaves the other', () => {
    expect(setLineAmount('debit', '100')).toEqual({ debit: '100', credit: '' });
    expect(setLineAmount('credit', '5')).toEqual({ credit: '5', debit: '' });
    expect(setLineAmount('debit', ' ')).toEqual({ debit: ' ' });
  });
  it('tidies a typed amount to "1 234,50" and leaves what is not an amount as typed', () => {
    expect(tidyLineAmount({ ...emptyLine(), debit: '1234,5' }, 'debit')).toEqual({ debit: formatKronor(123_450) });
    expect(tidyLineAmount({ ...emptyLine(), credit: 'abc' }, 'credit')).toBeNull();
    expect(tidyLineAmount(emptyLine(), 'credit')).toBeNull();
  });
  it('says nothing about an untouched blank line until the person tries to post; each message once', () => {
    expect(lineMessages(lineState(emptyLine()), false)).toEqual({ show: false, messages: [], fromServer: [], invalid: false });
    const touched = lineState({ ...emptyLine(), text: 'x' });
    expect(lineMessages(touched, false)).toMatchObject({ show: true, messages: ['Choose an account', 'Enter a debit or a credit amount'], invalid: true });
    expect(lineMessages(lineState(emptyLine()), false, ['Account 9999 does not exist'])).toMatchObject({ messages: [], fromServer: ['Account 9999 does not exist'], invalid: true });
    const both = lineState({ ...emptyLine(), account: '1930', debit: 'x', credit: 'y' });
    expect(lineMessages(both, true).messages).toEqual(['Not an amount — write e.g. 1 234,50']);
  });
});
