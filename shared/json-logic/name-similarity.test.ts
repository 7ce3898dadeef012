import { describe, expect, it } from 'vitest';
import { jaroWinkler, nameSimilarity, normaliseName } from './name-similarity.ts';

describe('name similarity', () => {
  it('normalises case, accents, punctuation and company forms', () => {
    expect(normaliseName('Telia Sverige AB')).toBe('telia sverige');
    expect(normaliseName('AB Volvo (publ)')).toBe('volvo');
    expect(normaliseName('Åhléns Aktiebolag')).toBe('ahlens');
    expect(normaliseName('ACME Ltd.')).toBe('acme');
    expect(normaliseName('Ericsson, Telefonab. L M')).toBe('ericsson telefonab l m');
  });

  it('scores the same company as 1', () => {
    expect(nameSimilarity('Telia Sverige AB', 'TELIA SVERIGE')).toBe(1);
    expect(nameSimilarity('Åhléns AB', 'AHLENS')).toBe(1);
    expect(nameSimilarity('AB', 'Ltd')).toBe(1);
  });

  it('scores near and far names', () => {
    expect(nameSimilarity('Telia Sverige AB', 'Telia Sverge')).toBeGreaterThan(0.9);
    expect(nameSimilarity('Vattenfall AB', 'Fortum Oyj')).toBeLessThan(0.6);
    expect(nameSimilarity('Telia', '')).toBe(0);
    expect(nameSimilarity('Telia', null)).toBe(0);
  });

  it('computes Jaro–Winkler', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.8133, 4);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });

  it('stays between 0 and 1 and bounded on long input', () => {
    const long = 'x'.repeat(100_000);
    const score = nameSimilarity(long, long + 'y');
    expect(score).toBeGreaterThanOrEqual(0);
    expect(score).toBeLessThanOrEqual(1);
  });
});
