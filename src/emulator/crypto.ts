import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { closeSync, existsSync, fchmodSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Environment variable holding the master key (base64 or hex of 32 bytes). */
export const MASTER_KEY_ENV = 'FLASHBACK_EMULATOR_MASTER_KEY';
export const MASTER_KEY_FILE = 'master.key';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Parses a 32-byte key given as raw bytes, base64 or hex; throws a message saying what is wrong. */
export function parseMasterKey(value: Buffer | string, source: string): Buffer {
  if (Buffer.isBuffer(value)) {
    if (value.length !== 32) throw new Error(`${source}: the master key must be 32 bytes, got ${value.length}`);
    return value;
  }
  const text = value.trim();
  const candidates: Buffer[] = [];
  if (/^[0-9a-fA-F]{64}$/.test(text)) candidates.push(Buffer.from(text, 'hex'));
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) candidates.push(Buffer.from(text, 'base64'));
  const key = candidates.find((b) => b.length === 32);
  if (!key) throw new Error(`${source}: the master key must be 32 bytes written as base64 or hex (64 hex digits)`);
  return key;
}

/**
 * The master key: the option, else the environment, else `<dataDir>/master.key` (created once
 * with mode 0600 and reused on every later start).
 */
export function loadMasterKey(dataDir: string, option?: Buffer | string): { key: Buffer; source: string } {
  if (option !== undefined) return { key: parseMasterKey(option, 'masterKey option'), source: 'option' };
  const env = process.env[MASTER_KEY_ENV];
  if (env) return { key: parseMasterKey(env, MASTER_KEY_ENV), source: MASTER_KEY_ENV };
  const file = join(dataDir, MASTER_KEY_FILE);
  if (existsSync(file)) {
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077) process.emitWarning(`${file} is readable by other users (mode ${mode.toString(8)}); chmod 600 it`);
    return { key: parseMasterKey(readFileSync(file, 'utf8'), file), source: file };
  }
  const key = randomBytes(32);
  // 'wx' fails if another process created the file meanwhile, rather than overwriting its key:
  // then that process's key is the one to use.
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return { key: parseMasterKey(readFileSync(file, 'utf8'), file), source: file };
  }
  try {
    fchmodSync(fd, 0o600); // the umask may have narrowed or widened the requested mode
    writeSync(fd, `${key.toString('base64')}\n`);
  } finally {
    closeSync(fd);
  }
  return { key, source: file };
}

/**
 * AES-256-GCM sealing of one value: `version(1) | iv(12) | tag(16) | ciphertext`. A fresh
 * random IV per value; the additional data binds a ciphertext to its row and column, so a
 * value copied into another row fails to open.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('SecretBox needs a 32-byte key');
  }

  seal(plaintext: string, aad: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), ct]);
  }

  open(sealed: Buffer, aad: string): string {
    if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== VERSION) throw new Error('not a sealed value');
    const iv = sealed.subarray(1, 1 + IV_BYTES);
    const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}

/** Tokens are looked up by hash, so the database never holds a usable token. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function randomToken(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`;
}

/** `sk-proj-abcdef1234` → `sk-****1234`; short values are fully masked. */
export function maskKey(key: string): string {
  if (key.length < 12) return '****';
  const dash = key.indexOf('-');
  const head = dash > 0 && dash <= 4 ? key.slice(0, dash + 1) : key.slice(0, 3);
  return `${head}****${key.slice(-4)}`;
}

/** `scrypt$<salt>$<hash>` for the optional seed passwords of `POST /user/login`. */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64')}$${scryptSync(password, salt, 32).toString('base64')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(password, Buffer.from(salt, 'base64'), expected.length);
  return timingSafeEqual(actual, expected);
}
