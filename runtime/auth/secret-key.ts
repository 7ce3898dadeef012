/**
 * The server's secret key, and sealing small secrets with it. Webhook signing
 * secrets must be kept in a form that can be read back (an HMAC key cannot be
 * hashed), so they are encrypted at rest with AES-256-GCM under this key;
 * stored idempotent answers are sealed the same way.
 *
 * The key is KONTERA_SECRET_KEY (32 bytes, as base64 or 64 hex digits) or,
 * when unset and the database is a local file, a key file `secret.key`
 * generated beside it on the first start (mode 0600) and read after. A
 * libSQL server is shared by several hosts, so there the variable is required.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const secretKeyVariable = 'KONTERA_SECRET_KEY';
export const secretKeyFileName = 'secret.key';
const keyBytes = 32;
const ivBytes = 12;
const tagBytes = 16;

export interface SecretKey {
  /** a fingerprint of the key (not the key): stored beside each ciphertext, so a later key rotation knows which key sealed it */
  id: string;
  bytes: Buffer;
}

/** Why a sealed secret cannot be opened: another key sealed it, or it was changed or moved to another row. */
export class SecretUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretUnavailable';
  }
}

export function secretKeyOf(bytes: Buffer): SecretKey {
  if (bytes.length !== keyBytes) throw new Error(`a secret key is ${keyBytes} bytes, not ${bytes.length}`);
  return { id: createHash('sha256').update('kontera secret key id\0').update(bytes).digest('hex').slice(0, 16), bytes };
}

/** 32 bytes as 64 hex digits or as base64 (43–44 characters); anything else is refused, naming `source`. */
export function parseSecretKey(text: string, source: string): SecretKey {
  const value = text.trim();
  let bytes: Buffer | null = null;
  if (/^[0-9a-fA-F]{64}$/.test(value)) bytes = Buffer.from(value, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(value)) bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (!bytes || bytes.length !== keyBytes) {
    throw new Error(`${source} must be ${keyBytes} bytes as base64 (e.g. \`openssl rand -base64 32\`) or as 64 hex digits (\`openssl rand -hex 32\`)`);
  }
  return secretKeyOf(bytes);
}

export interface LoadedSecretKey {
  key: SecretKey;
  /** where it came from, for the startup log */
  source: 'environment' | 'file' | 'generated' | 'memory';
  path?: string;
  /** something an operator should fix (a key file others can read) */
  warning?: string;
}

/** The key file of a local database URL (`file:data/kontera.db` → `data/secret.key`); null for a server or an in-memory database. */
export function secretKeyFileOf(databaseUrl: string): string | null {
  if (!databaseUrl.startsWith('file:') || databaseUrl.includes(':memory:')) return null;
  return join(dirname(resolve(databaseUrl.slice('file:'.length).split('?')[0])), secretKeyFileName);
}

/**
 * The key for a process on `databaseUrl`: the variable when set; else the key
 * file beside a local database, created on the first start (exclusively, so two
 * processes starting at once agree on one key); an in-memory database gets a
 * key that lives as long as it does. A server database without the variable is
 * refused with an error that names it.
 */
export function loadSecretKey(databaseUrl: string, env: Record<string, string | undefined> = process.env): LoadedSecretKey {
  const fromEnv = env[secretKeyVariable];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { key: parseSecretKey(fromEnv, secretKeyVariable), source: 'environment' };
  if (databaseUrl.startsWith('file:') && databaseUrl.includes(':memory:')) return { key: secretKeyOf(randomBytes(keyBytes)), source: 'memory' };
  const path = secretKeyFileOf(databaseUrl);
  if (!path) {
    throw new Error(`${secretKeyVariable} is required when LIBSQL_URL is a libSQL server (${redactUrl(databaseUrl)}): every instance must encrypt `
      + `webhook secrets with the same key. Generate one with \`openssl rand -base64 32\` and give it to every instance.`);
  }
  try {
    return readKeyFile(path, 'file');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(path), { recursive: true });
  // Written under a temporary name and linked into place: link fails if another process made the file first,
  // and nobody ever reads a half-written key.
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, `${randomBytes(keyBytes).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(temporary, 0o600); // the umask may have narrowed it further, never widened; make it exact
  try {
    linkSync(temporary, path);
    return { ...readKeyFile(path, 'generated') };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readKeyFile(path, 'file');
  } finally {
    unlinkSync(temporary);
  }
}

function readKeyFile(path: string, source: 'file' | 'generated'): LoadedSecretKey {
  const key = parseSecretKey(readFileSync(path, 'utf8'), `The key file ${path}`);
  const mode = statSync(path).mode & 0o777;
  const warning = mode & 0o077 ? `The key file ${path} can be read by others (mode ${mode.toString(8)}): chmod 600 it` : undefined;
  return { key, source, path, warning };
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//…@').replace(/([?&](authToken|token)=)[^&]*/gi, '$1…');
}

/**
 * AES-256-GCM with the server's key: a random 12-byte IV per sealing, and an
 * associated text (e.g. the endpoint id) that must be the same to open it, so
 * a ciphertext copied to another row does not open there.
 */
export class SecretBox {
  constructor(readonly key: SecretKey) {}

  /** base64 of IV ‖ ciphertext ‖ tag, and the id of the key that sealed it */
  seal(plaintext: string | Uint8Array, associated: string): { keyId: string; ciphertext: string } {
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv('aes-256-gcm', this.key.bytes, iv);
    cipher.setAAD(Buffer.from(associated, 'utf8'));
    const encrypted = Buffer.concat([cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext), cipher.final()]);
    return { keyId: this.key.id, ciphertext: Buffer.concat([iv, encrypted, cipher.getAuthTag()]).toString('base64') };
  }

  /** The sealed bytes; `what` names the secret in the error when they cannot be opened. */
  openBytes(sealed: { keyId: string; ciphertext: string }, associated: string, what: string): Buffer {
    if (sealed.keyId !== this.key.id) {
      throw new SecretUnavailable(`${what} was encrypted with secret key ${sealed.keyId}, but this server's key is ${this.key.id}: `
        + `start it with the ${secretKeyVariable} (or key file) it was encrypted with`);
    }
    const raw = Buffer.from(sealed.ciphertext, 'base64');
    if (raw.length < ivBytes + tagBytes) throw new SecretUnavailable(`${what} is not a sealed value (too short)`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key.bytes, raw.subarray(0, ivBytes));
      decipher.setAAD(Buffer.from(associated, 'utf8'));
      decipher.setAuthTag(raw.subarray(raw.length - tagBytes));
      return Buffer.concat([decipher.update(raw.subarray(ivBytes, raw.length - tagBytes)), decipher.final()]);
    } catch {
      throw new SecretUnavailable(`${what} does not decrypt with secret key ${this.key.id}: it was changed, or copied from another row`);
    }
  }

  open(sealed: { keyId: string; ciphertext: string }, associated: string, what: string): string {
    return this.openBytes(sealed, associated, what).toString('utf8');
  }

  /** A key derived for one purpose (e.g. keyed hashes of request bodies), so the master key itself is used only to encrypt. */
  subkey(purpose: string): Buffer {
    return createHmac('sha256', this.key.bytes).update(`kontera subkey\0${purpose}`).digest();
  }
}

/** What a starting process says about its key (and the plaintext secrets it has just encrypted), for its log. */
export function secretKeyNotice(loaded: LoadedSecretKey, encryptedEndpoints: number): string[] {
  const lines: string[] = [];
  if (loaded.source === 'generated') {
    lines.push(`Generated the secret key ${loaded.path} (mode 600): it encrypts webhook signing secrets; back it up with the database, or set ${secretKeyVariable}.`);
  }
  if (loaded.warning) lines.push(loaded.warning);
  if (encryptedEndpoints > 0) lines.push(`Encrypted the signing secrets of ${encryptedEndpoints} webhook endpoint(s) with secret key ${loaded.key.id}.`);
  return lines;
}
