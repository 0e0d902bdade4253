import { createHash, createHmac, scryptSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { userError } from '../errors/index.js';
import { Rng } from '../random/index.js';
import type { OperatorServices } from './operator.js';

/** Bytes in a de-identification key (AES-256 and HMAC-SHA256 both want 32). */
export const KEY_BYTES = 32;

const KEY_HINT = 'create one with `openssl rand -hex 32 > deid.key` and keep it secret';

/**
 * The key used when the user gives none: SHA-256 of a public sentence, so anyone can recompute
 * it. Output made with it is consistent within and across runs but NOT private: whoever has the
 * original values can recompute every surrogate, hash and encrypted token. The CLI warns when it
 * falls back to it.
 *
 * @example
 * const services = new KeyServices(DEMO_KEY); // fine for demos and tests, never for real data
 */
export const DEMO_KEY: Buffer = createHash('sha256')
  .update('trainkit public demo key: output made with this key is not private')
  .digest();

// the same values (names, dates, ids) repeat a lot in a corpus; the bound keeps memory flat
const CACHE_LIMIT = 65_536;

/**
 * The operator services for one key: keyed 32-bit values and seeded random streams, both from
 * HMAC-SHA256(key, purpose + "\0" + value). Results are cached in a bounded map.
 *
 * @example
 * const services = new KeyServices(readKeyFile('deid.key'));
 * services.keyed('date-shift', 'patient-17'); // the same number on every run with this key
 */
export class KeyServices implements OperatorServices {
  readonly key: Buffer;
  private readonly cache = new Map<string, Uint32Array>();

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) {
      throw userError('bad_key', `A de-identification key must be ${KEY_BYTES} bytes, got ${key.length}`, {
        hint: KEY_HINT,
      });
    }
    // a private copy: the caller may reuse or wipe its buffer
    this.key = Buffer.from(key);
  }

  /** The first 16 bytes of HMAC-SHA256(key, purpose + "\0" + value) as four big-endian words. */
  private words(purpose: string, value: string): Uint32Array {
    const id = `${purpose}\0${value}`;
    let words = this.cache.get(id);
    if (words === undefined) {
      const mac = createHmac('sha256', this.key).update(id).digest();
      words = Uint32Array.of(
        mac.readUInt32BE(0),
        mac.readUInt32BE(4),
        mac.readUInt32BE(8),
        mac.readUInt32BE(12),
      );
      if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(id, words);
    }
    return words;
  }

  keyed(purpose: string, value: string): number {
    return this.words(purpose, value)[0]!;
  }

  rngFor(purpose: string, value: string): Rng {
    const w = this.words(purpose, value);
    return new Rng(w[0]!, w[1]!, w[2]!, w[3]!);
  }
}

/**
 * Reads a key file: 64 hex digits, 32 bytes in base64 (standard or URL-safe), or 32 raw bytes.
 * Surrounding whitespace is ignored. Anything else is a usage error with a hint to make one.
 *
 * @example
 * const key = readKeyFile('deid.key'); // made with `openssl rand -hex 32 > deid.key`
 */
export function readKeyFile(path: string): Buffer {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (e) {
    throw userError('key_file_unreadable', `Cannot read the key file ${path}: ${(e as Error).message}`, {
      file: path,
      hint: KEY_HINT,
    });
  }
  const key = parseKey(raw);
  if (key === undefined) {
    throw userError(
      'bad_key_file',
      `The key file ${path} holds no ${KEY_BYTES}-byte key (expected 64 hex digits, base64 or ${KEY_BYTES} raw bytes)`,
      { file: path, hint: KEY_HINT },
    );
  }
  return key;
}

function parseKey(raw: Buffer): Buffer | undefined {
  const text = raw.toString('latin1').trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === KEY_BYTES) return bytes;
  }
  // checked last: 32 bytes of text that is not a key is still 32 bytes of key material
  return raw.length === KEY_BYTES ? Buffer.from(raw) : undefined;
}

/**
 * The fixed scrypt salt. A passphrase must give the same key on every machine and every run, so
 * the salt cannot be random; a label unique to trainkit at least keeps precomputed tables for
 * other programs useless. The "v1" changes if the derivation ever does.
 */
const PASSPHRASE_SALT = 'trainkit/deid-key/v1';

/**
 * Derives a key from a passphrase with scrypt (N = 2^15, r = 8, p = 1, fixed salt
 * `trainkit/deid-key/v1`): the same passphrase always gives the same key. A key file from
 * `openssl rand -hex 32` is stronger than any passphrase a person remembers.
 *
 * @example
 * const services = new KeyServices(keyFromPassphrase(process.env.DEID_PASSPHRASE ?? ''));
 */
export function keyFromPassphrase(passphrase: string): Buffer {
  if (passphrase.length === 0) {
    throw userError('empty_passphrase', 'The de-identification passphrase is empty', {
      hint: 'give a non-empty passphrase, or a key file made with `openssl rand -hex 32 > deid.key`',
    });
  }
  return scryptSync(passphrase.normalize('NFC'), PASSPHRASE_SALT, KEY_BYTES, {
    N: 2 ** 15,
    r: 8,
    p: 1,
    maxmem: 64 * 1024 * 1024,
  });
}
