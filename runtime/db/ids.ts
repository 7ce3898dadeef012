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

export function uuidv7(nowMs = Date.now()): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + 16);
  offset += 16;
  // Within one millisecond a 12-bit counter keeps the order (rand_a), as RFC 9562 method 1 allows.
  if (nowMs === lastMs) sequence = (sequence + 1) & 0xfff;
  else { lastMs = nowMs; sequence = bytes[6] & 0x7; }
  const ms = Math.max(0, Math.floor(nowMs));
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  const time = hex(ms, 12);
  const versionAndSeq = hex(0x7000 | sequence, 4);
  const variant = hex(0x8000 | (((bytes[8] << 8) | bytes[9]) & 0x3fff), 4);
  let rest = '';
  for (let i = 10; i < 16; i++) rest += hex(bytes[i], 2);
  return `${time.slice(0, 8)}-${time.slice(8)}-${versionAndSeq}-${variant}-${rest}`;
}
