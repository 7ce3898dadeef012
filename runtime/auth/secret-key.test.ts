import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSecretKey, parseSecretKey, SecretBox, secretKeyOf, SecretUnavailable } from './secret-key.ts';

const dir = mkdtempSync(join(tmpdir(), 'kontera-secret-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the server secret key', () => {
  it('generates data/secret.key on first start (mode 0600) and reuses it after', () => {
    const url = `file:${join(dir, 'data', 'kontera.db')}`;
    const first = loadSecretKey(url, {});
    expect(first.source).toBe('generated');
    expect(first.path).toBe(join(dir, 'data', 'secret.key'));
    expect(statSync(first.path!).mode & 0o777).toBe(0o600);
    expect(first.warning).toBeUndefined();
    const contents = readFileSync(first.path!, 'utf8');
    const second = loadSecretKey(url, {});
    expect(second.source).toBe('file');
    expect(second.key.id).toBe(first.key.id);
    expect(second.key.bytes.equals(first.key.bytes)).toBe(true);
    expect(readFileSync(first.path!, 'utf8')).toBe(contents); // not rewritten
  });

  it('warns about a key file others can read', () => {
    const path = join(dir, 'loose', 'secret.key');
    loadSecretKey(`file:${join(dir, 'loose', 'k.db')}`, {});
    chmodSync(path, 0o644);
    expect(loadSecretKey(`file:${join(dir, 'loose', 'k.db')}`, {}).warning).toMatch(/chmod 600/);
  });

  it('takes KONTERA_SECRET_KEY as base64 or hex, and refuses anything else naming the variable', () => {
    const bytes = randomBytes(32);
    const fromBase64 = loadSecretKey('libsql://db.example:8080', { KONTERA_SECRET_KEY: bytes.toString('base64') });
    const fromHex = loadSecretKey(`file:${join(dir, 'env', 'k.db')}`, { KONTERA_SECRET_KEY: bytes.toString('hex') });
    expect(fromBase64.source).toBe('environment');
    expect(fromHex.key.id).toBe(fromBase64.key.id);
    expect(() => loadSecretKey('file:x.db', { KONTERA_SECRET_KEY: 'too short' })).toThrow(/KONTERA_SECRET_KEY must be 32 bytes/);
    expect(() => parseSecretKey(randomBytes(16).toString('hex'), 'KONTERA_SECRET_KEY')).toThrow(/KONTERA_SECRET_KEY/);
  });

  it('is required for a libSQL server, with an error that names it', () => {
    expect(() => loadSecretKey('libsql://db.internal:8080', {})).toThrow(/KONTERA_SECRET_KEY is required when LIBSQL_URL is a libSQL server/);
    expect(() => loadSecretKey('http://user:pass@db.internal:8080', {})).toThrow(/^(?!.*pass).*$/s);
  });
});

describe('SecretBox', () => {
  const box = new SecretBox(secretKeyOf(randomBytes(32)));

  it('seals with a fresh IV each time and opens only with the same associated data and key', () => {
    const a = box.seal('whsec_abc', 'endpoint-1');
    const b = box.seal('whsec_abc', 'endpoint-1');
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.keyId).toBe(box.key.id);
    expect(box.open(a, 'endpoint-1', 'the secret')).toBe('whsec_abc');
    expect(() => box.open(a, 'endpoint-2', 'the secret of endpoint-2')).toThrow(SecretUnavailable);
    expect(() => box.open(a, 'endpoint-2', 'the secret of endpoint-2')).toThrow(/the secret of endpoint-2 does not decrypt/);
    const other = new SecretBox(secretKeyOf(randomBytes(32)));
    expect(() => other.open(a, 'endpoint-1', 'the secret')).toThrow(/encrypted with secret key .* but this server's key is/);
    const tampered = { ...a, ciphertext: Buffer.from(Buffer.from(a.ciphertext, 'base64').map((x, i) => (i === 20 ? x ^ 1 : x))).toString('base64') };
    expect(() => box.open(tampered, 'endpoint-1', 'the secret')).toThrow(SecretUnavailable);
  });
});
