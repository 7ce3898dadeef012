/**
 * UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids made
 * later sort later, so new rows land at the end of their primary-key B-tree
 * instead of splitting pages all over it (events, runs, vouchers…), and ids
 * still carry 74 random bits.
 */
import { randomFillSync } from 'node:crypto';

const pool = new Uint8Array(16 * 256);
let offset = pool.length;
let lastMs = 0;
let sequence = 0;

/** Two hex digits of each byte value. */
const byteHex = Array.from({ length: 256 }, (_, n) => n.toString(16).padStart(2, '0'));

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

export function uuidv7(nowMs = Date.now()): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const at = offset;
  offset += 16;
  // Within one millisecond a 12-bit counter keeps the order (rand_a), as RFC 9562 method 1 allows.
  if (nowMs === lastMs) sequence = (sequence + 1) & 0xfff;
  else { lastMs = nowMs; sequence = pool[at + 6] & 0x7; }
  const ms = Math.max(0, Math.floor(nowMs));
  const time = hex(ms, 12);
  const versionAndSeq = hex(0x7000 | sequence, 4);
  const variant = hex(0x8000 | (((pool[at + 8] << 8) | pool[at + 9]) & 0x3fff), 4);
  // (a few hundred thousand ids a large import: no closure or view made per id)
  const rest = byteHex[pool[at + 10]] + byteHex[pool[at + 11]] + byteHex[pool[at + 12]] + byteHex[pool[at + 13]] + byteHex[pool[at + 14]] + byteHex[pool[at + 15]];
  return `${time.slice(0, 8)}-${time.slice(8)}-${versionAndSeq}-${variant}-${rest}`;
}
