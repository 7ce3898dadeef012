import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CRC32_INITIAL, crc32, crc32Finish, crc32Update } from './crc32.ts';

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });

  it('can be computed in pieces', () => {
    let state = CRC32_INITIAL;
    for (const part of ['1234', '', '56789']) state = crc32Update(state, new TextEncoder().encode(part));
    expect(crc32Finish(state)).toBe(0xcbf43926);
  });

  it('agrees with zlib when this Node has zlib.crc32', () => {
    const zlibCrc = (zlib as unknown as { crc32?: (data: Uint8Array) => number }).crc32;
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7919) & 0xff);
    if (zlibCrc) expect(crc32(bytes)).toBe(zlibCrc(bytes));
  });
});
