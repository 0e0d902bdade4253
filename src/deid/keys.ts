import { createHash, scryptSync } from 'node:crypto';
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

// SHA-256 round constants (FIPS 180-4 §4.2.2) and initial state (§5.3.3)
// biome-ignore format: a table reads best eight to a row
const K = Int32Array.of(
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
);
// biome-ignore format: one row
const SHA256_IV = Int32Array.of(
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
);
const schedule = new Int32Array(64);

/** One SHA-256 compression of the 16 words in `schedule[0..15]` into `state`. */
function compress(state: Int32Array): void {
  const w = schedule;
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15]!;
    const y = w[i - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}

/** Compresses `bytes[at..at+64)` (big-endian words) into `state`. */
function compressBytes(state: Int32Array, bytes: Uint8Array, at: number): void {
  for (let i = 0; i < 16; i++, at += 4)
    schedule[i] = (bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
  compress(state);
}

/**
 * HMAC-SHA256 under one key, exactly as RFC 2104 defines it (and node's createHmac computes it),
 * with the two key blocks compressed once up front. A short message then costs two compressions
 * and no allocation, where createHmac builds a key object, a native context and a digest buffer
 * on every call: surrogates need several keyed values per entity, so that overhead dominated.
 */
class Sha256Hmac {
  private readonly inner = Int32Array.from(SHA256_IV);
  private readonly outer = Int32Array.from(SHA256_IV);
  private readonly state = new Int32Array(8);
  private buffer = new Uint8Array(256);

  /** `key` must be at most one block (64 bytes); de-identification keys are 32. */
  constructor(key: Uint8Array) {
    const block = new Uint8Array(64);
    for (let i = 0; i < 64; i++) block[i] = (key[i] ?? 0) ^ 0x36;
    compressBytes(this.inner, block, 0);
    for (let i = 0; i < 64; i++) block[i] = (key[i] ?? 0) ^ 0x5c;
    compressBytes(this.outer, block, 0);
    block.fill(0);
  }

  /**
   * The first four words of the MAC of `purpose + "\0" + value` (UTF-8, as createHmac's update
   * takes a string), written without building the joined string.
   */
  mac(purpose: string, value: string): Uint32Array {
    const n = this.encode(purpose, value);
    const buf = this.buffer;
    // Merkle–Damgård padding; the length counts the key block already compressed
    let end = n;
    buf[end++] = 0x80;
    while ((end & 63) !== 56) buf[end++] = 0;
    const bits = (n + 64) * 8;
    const high = Math.floor(bits / 2 ** 32);
    buf[end++] = high >>> 24;
    buf[end++] = (high >>> 16) & 0xff;
    buf[end++] = (high >>> 8) & 0xff;
    buf[end++] = high & 0xff;
    buf[end++] = bits >>> 24;
    buf[end++] = (bits >>> 16) & 0xff;
    buf[end++] = (bits >>> 8) & 0xff;
    buf[end++] = bits & 0xff;
    const state = this.state;
    state.set(this.inner);
    for (let at = 0; at < end; at += 64) compressBytes(state, buf, at);
    // the outer message is the 32-byte inner digest: one padded block after the key block (768 bits)
    for (let i = 0; i < 8; i++) schedule[i] = state[i]!;
    schedule[8] = 0x80000000;
    for (let i = 9; i < 15; i++) schedule[i] = 0;
    schedule[15] = (64 + 32) * 8;
    state.set(this.outer);
    compress(state);
    return Uint32Array.of(state[0]!, state[1]!, state[2]!, state[3]!);
  }

  /** Writes `purpose + "\0" + value` as UTF-8 at the start of the buffer, with room for padding; its byte length. */
  private encode(purpose: string, value: string): number {
    const length = purpose.length + 1 + value.length;
    if (length + 72 <= this.buffer.length) {
      const buf = this.buffer;
      let ascii = true;
      for (let i = 0; i < purpose.length && ascii; i++) {
        const c = purpose.charCodeAt(i);
        buf[i] = c;
        ascii = c < 0x80;
      }
      buf[purpose.length] = 0;
      for (let i = 0, at = purpose.length + 1; i < value.length && ascii; i++) {
        const c = value.charCodeAt(i);
        buf[at + i] = c;
        ascii = c < 0x80;
      }
      if (ascii) return length;
    }
    // not ASCII (or long): node's encoder, which writes lone surrogates as U+FFFD like update() does
    const bytes = Buffer.from(`${purpose}\0${value}`, 'utf8');
    if (bytes.length + 72 > this.buffer.length) this.buffer = new Uint8Array(bytes.length + 136);
    this.buffer.set(bytes);
    return bytes.length;
  }
}

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
  private readonly hmac: Sha256Hmac;
  /** purpose → value → words: two lookups, so no joined string is built per call */
  private readonly cache = new Map<string, Map<string, Uint32Array>>();
  private cached = 0;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) {
      throw userError('bad_key', `A de-identification key must be ${KEY_BYTES} bytes, got ${key.length}`, {
        hint: KEY_HINT,
      });
    }
    // a private copy: the caller may reuse or wipe its buffer
    this.key = Buffer.from(key);
    this.hmac = new Sha256Hmac(this.key);
  }

  /** The first 16 bytes of HMAC-SHA256(key, purpose + "\0" + value) as four big-endian words. */
  private words(purpose: string, value: string): Uint32Array {
    let byValue = this.cache.get(purpose);
    if (byValue === undefined) {
      byValue = new Map();
      this.cache.set(purpose, byValue);
    }
    let words = byValue.get(value);
    if (words === undefined) {
      words = this.hmac.mac(purpose, value);
      // starting over is as good as evicting the oldest here: a miss costs one MAC
      if (this.cached >= CACHE_LIMIT) {
        for (const m of this.cache.values()) m.clear();
        this.cached = 0;
      }
      byValue.set(value, words);
      this.cached++;
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
