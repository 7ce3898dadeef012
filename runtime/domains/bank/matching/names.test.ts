import { describe, expect, it } from 'vitest';
import { normalisePartyName, partyNameSimilarity } from './names.ts';

describe('party names', () => {
  it('drops company forms, also multi-word and slashed ones', () => {
    expect(normalisePartyName('Acme Aktiebolag')).toBe('acme');
    expect(normalisePartyName('ACME AB (publ)')).toBe('acme');
    expect(normalisePartyName('Lantmännen Ek. för.')).toBe('lantmannen');
    expect(normalisePartyName('Lantmännen ekonomisk förening')).toBe('lantmannen');
    expect(normalisePartyName('Mærsk A/S')).toBe('maersk');
    expect(normalisePartyName('Søstrene Grene ApS')).toBe('sostrene grene');
  });

  it('folds diacritics and case', () => {
    expect(normalisePartyName('Kalles Plåt HB')).toBe('kalles plat');
    expect(normalisePartyName('Åhléns KB')).toBe('ahlens');
    expect(normalisePartyName(null)).toBe('');
  });

  it('scores the same company 1 and different ones low; an empty name is no evidence', () => {
    expect(partyNameSimilarity('Acme Aktiebolag', 'ACME AB')).toBe(1);
    expect(partyNameSimilarity('Nordic Widgets Oy', 'NORDIC WIDGETS')).toBe(1);
    expect(partyNameSimilarity('A.P. Møller - Mærsk A/S', 'AP MOLLER MAERSK')).toBeGreaterThan(0.9);
    expect(partyNameSimilarity('Berits Garn', 'Berits Gran')).toBeGreaterThan(0.9);
    expect(partyNameSimilarity('Berits Garn', 'Kalles Plåt')).toBeLessThan(0.6);
    expect(partyNameSimilarity('AB', 'Acme AB')).toBe(0);
    expect(partyNameSimilarity(null, 'Acme AB')).toBe(0);
  });

  it('bounds the work on long names', () => {
    expect(normalisePartyName('x'.repeat(10_000)).length).toBe(128);
  });
});
