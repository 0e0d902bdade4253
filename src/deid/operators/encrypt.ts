import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import type { OperatorInput, OperatorServices } from '../operator.js';
import type { OperatorDefinition } from './operator-options.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const TOKEN = /\[ENC:([A-Za-z0-9_.-]+):([A-Za-z0-9_-]+)\]/g;

const aesKeys = new WeakMap<Buffer, Buffer>();

/** The AES key: derived from the run's key rather than the key itself, which also keys the HMACs. */
function aesKey(key: Buffer): Buffer {
  let k = aesKeys.get(key);
  if (k === undefined) {
    k = createHmac('sha256', key).update('trainkit/encrypt/aes-256-gcm').digest();
    aesKeys.set(key, k);
  }
  return k;
}

/**
 * The token that replaces a value: AES-256-GCM under the key, with the entity type as associated
 * data and a deterministic IV, HMAC(key, "iv" + type + value). Equal values give equal tokens, so
 * joins survive; the IV only repeats for an equal (type, value), where GCM's nonce-reuse weakness
 * reveals nothing the equal tokens do not already show.
 *
 * @example
 * encryptValue('PERSON', 'Maria Gomez', key); // '[ENC:PERSON:q8Vv…]'
 */
export function encryptValue(type: string, value: string, key: Buffer): string {
  const iv = createHmac('sha256', key).update(`iv\0${type}\0${value}`).digest().subarray(0, IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', aesKey(key), iv);
  cipher.setAAD(Buffer.from(type, 'utf8'));
  const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return `[ENC:${type}:${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}]`;
}

function decryptToken(type: string, payload: string, key: Buffer): string | undefined {
  const bytes = Buffer.from(payload, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', aesKey(key), bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(type, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    // a wrong key or an altered token fails authentication
    return undefined;
  }
}

/**
 * Restores the values the `encrypt` operator replaced, given the same key. A token that fails
 * authentication (wrong key, altered text) stays as it is and is counted as failed.
 *
 * @example
 * reidentify('Seen by [ENC:PERSON:q8Vv…].', key); // { text: 'Seen by Maria Gomez.', restored: 1, failed: 0 }
 */
export function reidentify(text: string, key: Buffer): { text: string; restored: number; failed: number } {
  let restored = 0;
  let failed = 0;
  const out = text.replace(TOKEN, (token, type: string, payload: string) => {
    const value = decryptToken(type, payload, key);
    if (value === undefined) {
      failed++;
      return token;
    }
    restored++;
    return value;
  });
  return { text: out, restored, failed };
}

/**
 * `encrypt`: replaces an entity by `[ENC:<TYPE>:<base64url of iv + ciphertext + tag>]`, which
 * `reidentify` turns back with the key. No options.
 *
 * @example
 * createOperator('encrypt', {}); // "Maria Gomez" → "[ENC:PERSON:q8Vv…]"
 */
export const encrypt: OperatorDefinition = {
  name: 'encrypt',
  options: [],
  create: () => ({
    name: 'encrypt',
    apply: ({ text, span }: OperatorInput, services: OperatorServices) =>
      encryptValue(span.type, text, services.key),
  }),
};
