import { describe, expect, it } from 'vitest';
import { createOperator, defaultRecognizers, KeyServices, type Recognizer } from '../../src/deid/index.js';
import { operatorNames } from '../../src/deid/operators/index.js';

/** Text that exercises every recognizer: clinical, chat, all capitals, lower case, unicode. */
const SAMPLE = [
  'Patient Maria Gomez (MRN 40112873, DOB 04/02/1961) was seen on March 14th by Dr. Alan Whitfield.',
  'She lives at 42 Harbor Lane, Apt 3B, Springfield, IL 62704; phone (217) 555-0143, fax 217-555-0188.',
  'Email maria.gomez@example.com, SSN 219-45-8830, card 4111 1111 1111 1111, IBAN GB82WEST12345698765432.',
  'Routing 011000015, NPI 1234567893, IP 192.168.10.4 and 2001:db8::1, MAC 00:1A:2B:3C:4D:5E.',
  "PT JAMES O'CONNOR 92 YO M. WIFE PATRICIA AT BEDSIDE. password: hunter2x username: jgomez",
  'moved to Rotterdam from Shanghai; works at Kroll Bond Ratings Agency. 😀 Zoë Ćosić, Ömür Şahin.',
].join('\n');

/** The Recognizer contract, run against every recognizer trainkit ships. */
function recognizerConformance(r: Recognizer): void {
  describe(`recognizer ${r.name}`, () => {
    const spans = r.detect(SAMPLE, { lower: SAMPLE.toLowerCase() });

    it('returns well-formed spans inside the text, of its declared types', () => {
      for (const s of spans) {
        expect(Number.isInteger(s.start) && Number.isInteger(s.end)).toBe(true);
        expect(s.start).toBeGreaterThanOrEqual(0);
        expect(s.end).toBeGreaterThan(s.start);
        expect(s.end).toBeLessThanOrEqual(SAMPLE.length);
        expect(s.score).toBeGreaterThanOrEqual(0);
        expect(s.score).toBeLessThanOrEqual(1);
        expect(r.types).toContain(s.type);
        expect(typeof s.recognizer).toBe('string');
        // a span never starts or ends inside a surrogate pair
        expect(SAMPLE.charCodeAt(s.start) & 0xfc00).not.toBe(0xdc00);
        expect(SAMPLE.charCodeAt(s.end) & 0xfc00).not.toBe(0xdc00);
      }
    });

    it('is deterministic and keeps no state between texts', () => {
      r.detect('Something else entirely: 555-0100, John.', {
        lower: 'something else entirely: 555-0100, john.',
      });
      expect(r.detect(SAMPLE, { lower: SAMPLE.toLowerCase() })).toEqual(spans);
    });

    it('finds nothing in empty or entity-free text', () => {
      expect(r.detect('', { lower: '' })).toEqual([]);
      const plain = 'the weather was fine and we talked about nothing in particular.';
      expect(r.detect(plain, { lower: plain }).filter((s) => s.score >= 0.5)).toEqual([]);
    });

    it('stays fast on long adversarial text (no catastrophic backtracking)', () => {
      const nasty = `${'1/2-3.4 '.repeat(4000)}${'Aa-'.repeat(4000)}${'@.'.repeat(4000)}`;
      const started = performance.now();
      r.detect(nasty, { lower: nasty.toLowerCase() });
      expect(performance.now() - started).toBeLessThan(2000);
    });
  });
}

for (const r of defaultRecognizers()) recognizerConformance(r);

describe('every recognizer together finds what the sample holds', () => {
  it('covers the families planted in the sample', () => {
    const types = new Set(
      defaultRecognizers().flatMap((r) =>
        r
          .detect(SAMPLE, { lower: SAMPLE.toLowerCase() })
          .filter((s) => s.score >= 0.5)
          .map((s) => s.type),
      ),
    );
    for (const t of [
      'PERSON',
      'MRN',
      'DATE',
      'ADDRESS',
      'PHONE',
      'FAX',
      'EMAIL',
      'SSN',
      'CREDIT_CARD',
      'IBAN',
      'IP_ADDRESS',
      'MAC_ADDRESS',
      'LOCATION',
      'ORGANIZATION',
    ]) {
      expect(types, t).toContain(t);
    }
  });
});

/** The Operator contract, run against every operator trainkit ships. */
describe.each(operatorNames)('operator %s', (name) => {
  const services = new KeyServices(Buffer.alloc(32, 3));
  const op = createOperator(name);
  const inputs = [
    { text: 'Maria Gomez', type: 'PERSON' },
    { text: '03/14/2024', type: 'DATE' },
    { text: '617-555-0134', type: 'PHONE' },
    { text: 'MRN-40112873', type: 'MRN' },
  ];

  it('returns text, deterministically for the same key, document and value', () => {
    for (const { text, type } of inputs) {
      const document = `x ${text} y`;
      const input = {
        text,
        span: { start: 2, end: 2 + text.length, type, score: 1, recognizer: 't' },
        document,
        documentId: 'd1',
      };
      const a = op.apply(input, services);
      expect(typeof a).toBe('string');
      expect(op.apply(input, services)).toBe(a);
      if (name !== 'keep') expect(a, `${name} leaves ${type} in clear`).not.toBe(text);
      else expect(a).toBe(text);
    }
  });

  it('never puts the original value anywhere in its output, except keep', () => {
    if (name === 'keep') return;
    const text = 'Maria Gomez';
    const out = op.apply(
      {
        text,
        span: { start: 0, end: 11, type: 'PERSON', score: 1, recognizer: 't' },
        document: text,
        documentId: 'd',
      },
      services,
    );
    expect(out.toLowerCase()).not.toContain('gomez');
  });
});
