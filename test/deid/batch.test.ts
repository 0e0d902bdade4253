import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TextField } from '../../src/deid/document-format.js';
import {
  DEMO_KEY,
  Deidentifier,
  defaultRecognizers,
  loadPolicy,
  parsePolicy,
  type Recognizer,
} from '../../src/deid/index.js';

const notesDir = join(import.meta.dirname, '../../examples/notes');
const notes = readdirSync(notesDir).map((f) => readFileSync(join(notesDir, f), 'utf8'));
// varied short texts, some repeated across documents, so memos and per-document numbering matter
const texts = [
  ...notes,
  'Maria Gomez was seen on 03/14 for chest pain. Ms. Gomez called 617-555-0134.',
  'PT BETTY ROBEL 54F. FAMILY (ALFORD, SPOUSE) AT BEDSIDE, PHONE (908) 447-7160. DOB 4/2/1950',
  '- pt: li wei chen, mrn 12345678, seen March 14th; email li.chen@example.com',
  'Maria Gomez returned on 03/28; Dr. Okafor saw Maria and Tom Reyes at 12 Elm Street, Boston, MA 02115.',
  '',
];
const items = texts.flatMap((text, k) => [
  { field: { key: 'text', text } as TextField, documentId: `doc-${k % 4}` },
  {
    field: { key: 'email', text: `someone${k}@example.org`, entity: 'EMAIL' } as TextField,
    documentId: `doc-${k % 4}`,
  },
  { field: { key: 'code', text: `K-${k}`, entity: 'keep' } as TextField, documentId: `doc-${k % 4}` },
]);

describe('Deidentifier.fields', () => {
  const policies = {
    synthesize: loadPolicy('synthesize'),
    redact: loadPolicy('redact'),
    numbered: parsePolicy({ default: { operator: 'redact', numbered: true } }),
    'hipaa-safe-harbor': loadPolicy('hipaa-safe-harbor'),
  };
  for (const [name, policy] of Object.entries(policies)) {
    it(`gives exactly what field() gives one item after another (${name})`, () => {
      const one = new Deidentifier({ policy, key: DEMO_KEY });
      const many = new Deidentifier({ policy, key: DEMO_KEY });
      const expected = items.map((it) => one.field(it.field, it.documentId));
      // in two groups, as the runner takes them
      const got = [...many.fields(items.slice(0, 7)), ...many.fields(items.slice(7))];
      expect(got).toEqual(expected.map((value) => ({ ok: true, value })));
      // and the output is not the input: detection ran
      expect(expected[0]!.text).not.toBe(items[0]!.field.text);
      expect(expected[1]!.text).not.toBe(items[1]!.field.text);
      expect(expected[2]!.text).toBe(items[2]!.field.text);
    });
  }

  it('hands back the error of an item that throws and de-identifies the others as usual', () => {
    const bomb: Recognizer = {
      name: 'bomb',
      types: ['PERSON'],
      detect(text) {
        if (text.includes('BOOM')) throw new Error('boom');
        return [];
      },
    };
    const recognizers = [...defaultRecognizers({ tagger: false }), bomb];
    const policy = loadPolicy('redact');
    const one = new Deidentifier({ policy, key: DEMO_KEY, recognizers });
    const many = new Deidentifier({ policy, key: DEMO_KEY, recognizers });
    const batch = [
      { field: { key: 'text', text: 'Maria Gomez was seen on 03/14.' }, documentId: 'a' },
      { field: { key: 'text', text: 'BOOM Maria Gomez' }, documentId: 'b' },
      { field: { key: 'text', text: 'Call Maria at 617-555-0134.' }, documentId: 'c' },
    ];
    const got = many.fields(batch);
    expect(got[1]).toEqual({ ok: false, error: new Error('boom') });
    expect(got[0]).toEqual({ ok: true, value: one.field(batch[0]!.field, 'a') });
    expect(got[2]).toEqual({ ok: true, value: one.field(batch[2]!.field, 'c') });
    expect(got[2]!.ok && got[2]!.value.text).toBe('Call [NAME] at [PHONE].');
  });
});
