import { describe, expect, it } from 'vitest';
import { csrfTokenIn } from './client.ts';

describe('csrfTokenIn', () => {
  it('finds the CSRF cookie among others, decoded; none without it', () => {
    expect(csrfTokenIn('a=1; kontera_csrf=abc%2Fdef; b=2')).toBe('abc/def');
    expect(csrfTokenIn('kontera_csrf=xyz')).toBe('xyz');
    expect(csrfTokenIn('a=1; not_kontera_csrf=1')).toBeNull();
    expect(csrfTokenIn('')).toBeNull();
  });
});
