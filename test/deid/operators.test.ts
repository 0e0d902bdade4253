import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findDates, shiftDate } from '../../src/deid/dates/index.js';
import { DEMO_KEY, KeyServices, keyFromPassphrase, readKeyFile } from '../../src/deid/keys.js';
import type { Operator, OperatorServices } from '../../src/deid/operator.js';
import { createOperator, operatorNames, reidentify } from '../../src/deid/operators/index.js';
import { surrogate } from '../../src/deid/surrogates/index.js';
import type { Span } from '../../src/deid/types.js';
import { isTrainkitError } from '../../src/errors/index.js';
import { Rng } from '../../src/random/index.js';

const KEY = Buffer.alloc(32, 0x5c);
const services = new KeyServices(KEY);

/** Spans for every occurrence of each (text, type), in document order. */
function spansOf(document: string, entities: readonly (readonly [string, string])[]): Span[] {
  const spans: Span[] = [];
  for (const [text, type] of entities) {
    for (let at = document.indexOf(text); at >= 0; at = document.indexOf(text, at + text.length)) {
      spans.push({ start: at, end: at + text.length, type, score: 1, recognizer: 'test' });
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** Applies an operator to the spans like the pipeline does. */
function run(
  op: Operator,
  document: string,
  entities: readonly (readonly [string, string])[],
  documentId = 'doc-1',
  extra: { subjectId?: string } = {},
  svc: OperatorServices = services,
): string {
  let out = '';
  let last = 0;
  for (const span of spansOf(document, entities)) {
    const text = document.slice(span.start, span.end);
    out += document.slice(last, span.start) + op.apply({ text, span, document, documentId, ...extra }, svc);
    last = span.end;
  }
  return out + document.slice(last);
}

function one(op: Operator, text: string, type: string, documentId = 'doc-1'): string {
  return run(op, text, [[text, type]], documentId);
}

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isTrainkitError(e))
      return e.issues.map((i) => `${i.code}: ${i.message}${i.hint ? ` (hint: ${i.hint})` : ''}`).join('\n');
    throw e;
  }
  throw new Error('expected an error');
}

const NOTE =
  'Maria Gomez (DOB 04/02/1961) saw Dr. Ana Ruiz. Ms. Gomez called 617-555-0134; Maria Gomez will return.';
const NOTE_ENTITIES = [
  ['Maria Gomez', 'PERSON'],
  ['04/02/1961', 'DATE'],
  ['Ana Ruiz', 'PERSON'],
  ['Gomez', 'PERSON'],
  ['617-555-0134', 'PHONE'],
] as const;
// "Gomez" also matches inside "Maria Gomez": keep the longer spans only
function noteEntities(): (readonly [string, string])[] {
  return NOTE_ENTITIES.filter(([t]) => t !== 'Gomez');
}
const NOTE_WITH_MS = (document: string) => {
  const spans = spansOf(document, noteEntities());
  const at = document.indexOf('Ms. Gomez') + 4;
  spans.push({ start: at, end: at + 5, type: 'PERSON', score: 1, recognizer: 'test' });
  return spans.sort((a, b) => a.start - b.start);
};

function runSpans(op: Operator, document: string, spans: readonly Span[], documentId = 'doc-1'): string {
  let out = '';
  let last = 0;
  for (const span of spans) {
    out += document.slice(last, span.start);
    out += op.apply({ text: document.slice(span.start, span.end), span, document, documentId }, services);
    last = span.end;
  }
  return out + document.slice(last);
}

describe('createOperator', () => {
  it('knows the eight operators', () => {
    expect(operatorNames).toEqual([
      'redact',
      'mask',
      'hash',
      'encrypt',
      'synthesize',
      'shift',
      'generalize',
      'keep',
    ]);
  });

  it('names the valid operators and options when given wrong ones', () => {
    expect(errorOf(() => createOperator('scramble', {}))).toMatchInlineSnapshot(
      `"unknown_operator: Unknown operator "scramble" (hint: operators are: redact, mask, hash, encrypt, synthesize, shift, generalize, keep)"`,
    );
    expect(errorOf(() => createOperator('mask', { keeplast: 2 }))).toMatchInlineSnapshot(
      `"unknown_operator_option: Operator "mask" has no option "keeplast" (hint: its options are: char, keep_last, keep_separators)"`,
    );
    expect(errorOf(() => createOperator('encrypt', { mode: 'gcm' }))).toMatchInlineSnapshot(
      `"unknown_operator_option: Operator "encrypt" has no option "mode" (hint: "encrypt" takes no options)"`,
    );
    expect(errorOf(() => createOperator('mask', { keep_last: -1 }))).toMatchInlineSnapshot(
      `"bad_operator_option: Option "keep_last" of operator "mask" must be a whole number from 0 to 1000, got -1"`,
    );
    expect(errorOf(() => createOperator('mask', { char: '**' }))).toMatchInlineSnapshot(
      `"bad_operator_option: Option "char" of operator "mask" must be a single character, got "**""`,
    );
    expect(errorOf(() => createOperator('redact', { numbered: 'yes' }))).toMatchInlineSnapshot(
      `"bad_operator_option: Option "numbered" of operator "redact" must be true or false, got "yes""`,
    );
    expect(errorOf(() => createOperator('shift', { max_days: 0 }))).toMatchInlineSnapshot(
      `"bad_operator_option: Option "max_days" of operator "shift" must be a whole number from 1 to 36500, got 0"`,
    );
  });
});

describe('redact', () => {
  it('writes the type, with PERSON as NAME, or the given label', () => {
    expect(runSpans(createOperator('redact', {}), NOTE, NOTE_WITH_MS(NOTE))).toMatchInlineSnapshot(
      `"[NAME] (DOB [DATE]) saw Dr. [NAME]. Ms. [NAME] called [PHONE]; [NAME] will return."`,
    );
    expect(one(createOperator('redact', { label: 'REDACTED' }), 'Maria', 'PERSON')).toBe('[REDACTED]');
  });

  it('numbers distinct values per document in order of first appearance', () => {
    const op = createOperator('redact', { numbered: true });
    expect(runSpans(op, NOTE, NOTE_WITH_MS(NOTE))).toMatchInlineSnapshot(
      `"[NAME_1] (DOB [DATE_1]) saw Dr. [NAME_2]. Ms. [NAME_3] called [PHONE_1]; [NAME_1] will return."`,
    );
    // case and spacing do not make a new value; a new document starts again at 1
    expect(
      run(
        op,
        'ANA RUIZ met Maria  Gomez and ana ruiz.',
        [
          ['ANA RUIZ', 'PERSON'],
          ['Maria  Gomez', 'PERSON'],
          ['ana ruiz', 'PERSON'],
        ],
        'doc-2',
      ),
    ).toMatchInlineSnapshot(`"[NAME_1] met [NAME_2] and [NAME_1]."`);
    expect(run(op, 'Ana Ruiz again', [['Ana Ruiz', 'PERSON']], 'doc-1')).toBe('[NAME_2] again');
  });
});

describe('mask', () => {
  it('masks all but the last four, keeping separators', () => {
    const op = createOperator('mask', {});
    expect(one(op, '4111-1111-1111-1111', 'CREDIT_CARD')).toMatchInlineSnapshot(`"****-****-****-1111"`);
    expect(one(op, '617-555-0134', 'PHONE')).toMatchInlineSnapshot(`"***-***-0134"`);
    expect(one(op, 'maria.gomez@gmail.com', 'EMAIL')).toMatchInlineSnapshot(`"*****.*****@****l.com"`);
    // never more than half of a short value
    expect(one(op, '1234', 'ID')).toMatchInlineSnapshot(`"**34"`);
  });

  it('takes a character, a count and whether to keep separators', () => {
    expect(
      one(createOperator('mask', { char: '#', keep_last: 2 }), '123-45-6789', 'SSN'),
    ).toMatchInlineSnapshot(`"###-##-##89"`);
    expect(
      one(createOperator('mask', { keep_separators: false }), '123-45-6789', 'SSN'),
    ).toMatchInlineSnapshot(`"*******6789"`);
    expect(one(createOperator('mask', { keep_last: 0 }), 'Maria Gomez', 'PERSON')).toMatchInlineSnapshot(
      `"***** *****"`,
    );
  });
});

describe('hash', () => {
  it('writes the label and a keyed hex digest of the given length', () => {
    const op = createOperator('hash', {});
    const h = one(op, 'Maria Gomez', 'PERSON');
    expect(h).toMatch(/^NAME_[0-9a-f]{16}$/);
    expect(h).toMatchInlineSnapshot(`"NAME_cdf132df357a9ca4"`);
    expect(one(createOperator('hash', { length: 8 }), '617-555-0134', 'PHONE')).toMatchInlineSnapshot(
      `"PHONE_bcbc319f"`,
    );
    // case and accents do not change it, so joins survive; the key does
    expect(one(op, 'MARIA GÓMEZ', 'PERSON')).toBe(h);
    const other = new KeyServices(Buffer.alloc(32, 1));
    expect(run(op, 'Maria Gomez', [['Maria Gomez', 'PERSON']], 'doc-1', {}, other)).not.toBe(h);
  });
});

describe('encrypt and reidentify', () => {
  const op = createOperator('encrypt', {});
  const entities = [
    ['Maria Gomez', 'PERSON'],
    ['04/02/1961', 'DATE'],
    ['Ana Ruiz', 'PERSON'],
    ['617-555-0134', 'PHONE'],
  ] as const;

  it('round-trips a document with several entities; equal values give equal tokens', () => {
    const encrypted = run(op, NOTE, entities);
    expect(encrypted).not.toContain('Gomez (');
    expect(encrypted).toMatch(/^\[ENC:PERSON:[A-Za-z0-9_-]+\] \(DOB \[ENC:DATE:[A-Za-z0-9_-]+\]\)/);
    const tokens = encrypted.match(/\[ENC:PERSON:[^\]]+\]/g)!;
    expect(tokens[0]).toBe(tokens[tokens.length - 1]);
    expect(reidentify(encrypted, KEY)).toEqual({ text: NOTE, restored: 5, failed: 0 });
  });

  it('leaves a tampered token in place and counts it; a wrong key restores nothing', () => {
    const encrypted = run(op, NOTE, entities);
    const phone = /\[ENC:PHONE:([^\]]+)\]/.exec(encrypted)!;
    const payload = phone[1]!;
    const flipped = payload.slice(0, 20) + (payload[20] === 'A' ? 'B' : 'A') + payload.slice(21);
    const tampered = encrypted.replace(payload, flipped);
    const result = reidentify(tampered, KEY);
    expect(result.restored).toBe(4);
    expect(result.failed).toBe(1);
    expect(result.text).toBe(NOTE.replace('617-555-0134', `[ENC:PHONE:${flipped}]`));
    // a token moved to another type fails too: the type is authenticated
    expect(reidentify(phone[0].replace('PHONE', 'SSN'), KEY).failed).toBe(1);
    expect(reidentify(encrypted, Buffer.alloc(32, 9))).toEqual({ text: encrypted, restored: 0, failed: 5 });
  });
});

describe('synthesize', () => {
  it('replaces names consistently within and across documents (the worked example)', () => {
    const op = createOperator('synthesize', {});
    const doc1 = 'Maria Gomez was admitted. Ms. Gomez is stable. Maria asked for water.';
    const spans = (d: string) => {
      const s = spansOf(d, [['Maria Gomez', 'PERSON']]);
      const ms = d.indexOf('Ms. Gomez');
      if (ms >= 0) s.push({ start: ms, end: ms + 9, type: 'PERSON', score: 1, recognizer: 'test' });
      const alone = d.indexOf('Maria asked');
      if (alone >= 0) s.push({ start: alone, end: alone + 5, type: 'PERSON', score: 1, recognizer: 'test' });
      return s.sort((a, b) => a.start - b.start);
    };
    const out1 = runSpans(op, doc1, spans(doc1), 'a');
    const m = /^(\S+) (\S+) was admitted\. Ms\. (\S+) is stable\. (\S+) asked for water\.$/.exec(out1);
    expect(m, out1).not.toBeNull();
    const [, first, last, last2, first2] = m!;
    expect(last2).toBe(last);
    expect(first2).toBe(first);
    expect(first).not.toBe('Maria');
    const out2 = runSpans(op, 'Later, Maria Gomez left.', spans('Later, Maria Gomez left.'), 'b');
    expect(out2).toBe(`Later, ${first} ${last} left.`);
  });

  it('shifts dates like the shift operator with its defaults', () => {
    const doc = 'Seen 03/14/2024 and again March 20.';
    const entities = [
      ['03/14/2024', 'DATE'],
      ['March 20', 'DATE'],
    ] as const;
    expect(run(createOperator('synthesize', {}), doc, entities, 'n7')).toBe(
      run(createOperator('shift', {}), doc, entities, 'n7'),
    );
    expect(surrogate('DATE', '03/14/2024', services, { documentId: 'n7' })).toBe(
      run(createOperator('shift', {}), '03/14/2024', [['03/14/2024', 'DATE']], 'n7'),
    );
  });
});

describe('shift', () => {
  const op = createOperator('shift', {});
  const daysBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;

  it('moves every date of a document by one non-zero offset within max_days, in the same format', () => {
    const doc = 'Admitted 2024-03-01, discharged 2024-03-09.';
    const entities = [
      ['2024-03-01', 'DATE'],
      ['2024-03-09', 'DATE'],
    ] as const;
    const out = run(op, doc, entities);
    const [a, b] = out.match(/\d{4}-\d\d-\d\d/g)!;
    expect(daysBetween(a!, b!)).toBe(8);
    const offset = daysBetween('2024-03-01', a!);
    expect(offset).not.toBe(0);
    expect(Math.abs(offset)).toBeLessThanOrEqual(30);
    // exactly what shiftDate writes for that offset
    const match = findDates(doc)[0]!;
    expect(a).toBe(shiftDate(match, doc, offset));
  });

  it('uses one offset per document, or per subject when given, spread over the range', () => {
    const offsets = new Set<number>();
    for (let i = 0; i < 400; i++) {
      const out = run(op, '2024-06-15', [['2024-06-15', 'DATE']], `doc-${i}`);
      const d = daysBetween('2024-06-15', out);
      expect(d !== 0 && Math.abs(d) <= 30).toBe(true);
      offsets.add(d);
    }
    // 60 possible offsets and 400 documents: every one is hit with overwhelming probability (1 - 60·(59/60)^400 > 0.9999)
    expect(offsets.size).toBe(60);
    const a = run(op, '2024-06-15', [['2024-06-15', 'DATE']], 'doc-a', { subjectId: 'patient-9' });
    const b = run(op, '2024-06-15', [['2024-06-15', 'DATE']], 'doc-b', { subjectId: 'patient-9' });
    expect(a).toBe(b);
    const wide = createOperator('shift', { max_days: 365 });
    const far = new Set<number>();
    for (let i = 0; i < 50; i++)
      far.add(
        Math.abs(daysBetween('2024-06-15', run(wide, '2024-06-15', [['2024-06-15', 'DATE']], `d${i}`))),
      );
    expect(Math.max(...far)).toBeGreaterThan(30);
  });

  it('redacts what is not a date', () => {
    expect(one(op, 'Maria Gomez', 'PERSON')).toBe('[NAME]');
    expect(one(op, 'sometime soon', 'DATE')).toBe('[DATE]');
  });
});

describe('generalize', () => {
  const op = createOperator('generalize', {});
  it('applies the HIPAA Safe Harbor generalizations', () => {
    expect(
      [
        ['92', 'AGE'],
        ['92 years old', 'AGE'],
        ['45', 'AGE'],
        ['02139', 'ZIP'],
        ['02139-4307', 'ZIP'],
        ['03601', 'ZIP'],
        ['89301', 'ZIP'],
        ['021', 'ZIP'],
        ['830', 'ZIP'],
        ['03/14/2024', 'DATE'],
        ['March 14, 1961', 'DATE'],
        ['March 14', 'DATE'],
        ['12 Main St', 'ADDRESS'],
        ['Boston', 'LOCATION'],
        ['Maria Gomez', 'PERSON'],
      ].map(([text, type]) => `${text} → ${one(op, text!, type!)}`),
    ).toMatchInlineSnapshot(`
      [
        "92 → 90+",
        "92 years old → 90+ years old",
        "45 → 45",
        "02139 → 02100",
        "02139-4307 → 02100",
        "03601 → 00000",
        "89301 → 00000",
        "021 → 021",
        "830 → 000",
        "03/14/2024 → 2024",
        "March 14, 1961 → 1961",
        "March 14 → [DATE]",
        "12 Main St → [ADDRESS]",
        "Boston → [LOCATION]",
        "Maria Gomez → [NAME]",
      ]
    `);
  });
});

describe('keep', () => {
  it('returns the original', () => {
    expect(one(createOperator('keep', {}), 'Boston', 'LOCATION')).toBe('Boston');
  });
});

describe('keys', () => {
  it('derives keyed values and streams from the key alone', () => {
    const again = new KeyServices(Buffer.from(KEY));
    expect(again.keyed('p', 'v')).toBe(services.keyed('p', 'v'));
    expect(again.rngFor('p', 'v').u32()).toBe(services.rngFor('p', 'v').u32());
    expect(services.keyed('p', 'v')).not.toBe(services.keyed('p', 'w'));
    expect(new KeyServices(DEMO_KEY).keyed('p', 'v')).not.toBe(services.keyed('p', 'v'));
    // HMAC-SHA256(key, "p\0v"), first four bytes
    expect(services.keyed('p', 'v').toString(16).padStart(8, '0')).toBe(
      createHmac('sha256', KEY).update('p\0v').digest('hex').slice(0, 8),
    );
  });

  it('computes exactly the HMAC-SHA256 node computes, across block boundaries and any text', () => {
    // keyed values come from a SHA-256 written in TypeScript: check it against node's on messages
    // of every length around the 64-byte blocks and the padding boundary (55/56 bytes), on
    // non-ASCII text, astral characters and lone surrogates (encoded as U+FFFD, as update() does)
    const fresh = new KeyServices(KEY);
    const values: string[] = [];
    for (let n = 0; n <= 200; n++) values.push('x'.repeat(n));
    values.push(
      'Gómez',
      'Ñuñez-Øster',
      '李伟',
      '😀 smile',
      'lone \ud800 high',
      'lone \udc00 low',
      'é'.repeat(70),
    );
    for (const value of values) {
      const mac = createHmac('sha256', KEY).update(`name\0${value}`).digest();
      expect(fresh.keyed('name', value), JSON.stringify(value)).toBe(mac.readUInt32BE(0));
      const u32 = fresh.rngFor('name', value).u32();
      const words = [0, 4, 8, 12].map((o) => mac.readUInt32BE(o));
      expect(u32).toBe(new Rng(words[0]!, words[1]!, words[2]!, words[3]!).u32());
    }
  });

  it('reads hex, base64 and raw key files and explains a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trainkit-keys-'));
    const write = (name: string, data: string | Buffer) => {
      writeFileSync(join(dir, name), data);
      return join(dir, name);
    };
    expect(readKeyFile(write('hex', `${KEY.toString('hex')}\n`))).toEqual(KEY);
    expect(readKeyFile(write('b64', KEY.toString('base64')))).toEqual(KEY);
    expect(readKeyFile(write('b64url', KEY.toString('base64url')))).toEqual(KEY);
    expect(readKeyFile(write('raw', KEY))).toEqual(KEY);
    const bad = write('bad', 'not a key');
    expect(errorOf(() => readKeyFile(bad)).replace(dir, '<dir>')).toMatchInlineSnapshot(
      `"bad_key_file: The key file <dir>/bad holds no 32-byte key (expected 64 hex digits, base64 or 32 raw bytes) (hint: create one with \`openssl rand -hex 32 > deid.key\` and keep it secret)"`,
    );
    expect(errorOf(() => new KeyServices(Buffer.alloc(16)))).toMatchInlineSnapshot(
      `"bad_key: A de-identification key must be 32 bytes, got 16 (hint: create one with \`openssl rand -hex 32 > deid.key\` and keep it secret)"`,
    );
  });

  it('derives the same key from the same passphrase', () => {
    const k = keyFromPassphrase('correct horse battery staple');
    expect(k).toHaveLength(32);
    expect(keyFromPassphrase('correct horse battery staple')).toEqual(k);
    expect(keyFromPassphrase('correct horse battery stapler')).not.toEqual(k);
    expect(errorOf(() => keyFromPassphrase(''))).toMatchInlineSnapshot(
      `"empty_passphrase: The de-identification passphrase is empty (hint: give a non-empty passphrase, or a key file made with \`openssl rand -hex 32 > deid.key\`)"`,
    );
  });
});
