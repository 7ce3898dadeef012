/**
 * Every reason the matcher writes is recognised as a catalogue message
 * (shared/i18n/match-reasons.ts), so it reads in Swedish: the matcher's own
 * test suite runs here again with each decision's reasons collected.
 */
import { describe, expect, it, vi } from 'vitest';
import { matchReasonIn, matchReasonMessage, matchReasonsIn } from '../../../../shared/i18n/match-reasons.ts';
import { renderMessage } from '../../../../shared/i18n/messages.ts';
import type { MatchDecision } from './match-payment.ts';

const seen = vi.hoisted(() => new Set<string>());

vi.mock('./match-payment.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./match-payment.ts')>();
  const collect = (d: MatchDecision) => {
    for (const r of d.reasons) seen.add(r);
    for (const c of d.candidates) for (const r of c.reasons) seen.add(r);
    return d;
  };
  return {
    ...actual,
    createMatcher: (...args: Parameters<typeof actual.createMatcher>) => {
      const m = actual.createMatcher(...args);
      return {
        settings: m.settings, apply: m.apply, openMinorOf: m.openMinorOf, settle: m.settle,
        match: (p: Parameters<typeof m.match>[0]) => collect(m.match(p)),
        matchAll: (ps: Parameters<typeof m.matchAll>[0]) => m.matchAll(ps).map(collect),
      };
    },
  };
});

await import('./match-payment.test.ts');

describe('the matcher\'s reasons in Swedish', () => {
  it('recognises every reason the matcher wrote in its test suite, and renders it back to the same English', () => {
    expect(seen.size).toBeGreaterThan(25);
    const unknown = [...seen].filter((r) => typeof matchReasonMessage(r) === 'string');
    expect(unknown).toEqual([]);
    for (const r of seen) expect(renderMessage('en', matchReasonMessage(r) as never)).toBe(r);
    for (const r of seen) expect(matchReasonIn('sv', r), r).not.toBe(r);
  });

  it('reads the inbox\'s most common reason and a typo, its description too', () => {
    expect(matchReasonIn('sv', 'no open invoice matches the reference, the remittance text, or the amount'))
      .toBe('ingen öppen faktura stämmer med referensen, meddelandet eller beloppet');
    expect(matchReasonIn('sv', 'OCR has a typo: 655968 is one digit off invoice 6559\'s OCR 655969 (digit 6 is 8 instead of 9, and it fails the check digit)'))
      .toBe('OCR har ett skrivfel: 655968 skiljer sig på en siffra från OCR 655969 på faktura 6559 (siffra 6 är 8 i stället för 9, och kontrollsiffran stämmer inte)');
    expect(matchReasonIn('sv', 'OCR 123 (extra reference) matches invoice F-1 exactly')).toBe('OCR 123 (extra referens) stämmer exakt med faktura F-1');
  });

  it('reads a person\'s match and booking, and a foreign payment without a rate', () => {
    expect(matchReasonsIn('sv', ['matched by hand by user:u1: paid twice', 'booked to 6570 by hand by user:u1'])).toEqual([
      'matchad för hand av user:u1: paid twice', 'bokförd mot 6570 för hand av user:u1',
    ]);
    expect(matchReasonIn('sv', 'a payment in EUR matched invoice(s) 7001, but there is no EUR→SEK rate for 2026-03-02: set it (POST …/exchange-rates) and retry, or settle it by hand'))
      .toBe('en betalning i EUR matchade faktura 7001, men det finns ingen kurs EUR→SEK för 2026-03-02: ange den (POST …/exchange-rates) och försök igen, eller reglera för hand');
  });

  it('shows English as stored, and a sentence it does not know as written', () => {
    expect(matchReasonIn('en', 'no open invoice matches the reference, the remittance text, or the amount'))
      .toBe('no open invoice matches the reference, the remittance text, or the amount');
    expect(matchReasonIn('sv', 'something new')).toBe('something new');
  });
});
