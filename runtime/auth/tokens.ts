import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A secret shown once: "ktr_" + 32 random bytes in base64url. Only its SHA-256 is stored. */
export function newSecret(prefix = 'ktr_'): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
