import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderIssues, TrainkitError } from '../src/errors/index.js';
import { generateChunks, planGeneration } from '../src/generate/index.js';
import { bioTags, JsonlSink, nerExport, StagedDir, tokenize } from '../src/io/index.js';
import { defineSpec, loadSpec, type Spec, type SpecInput } from '../src/spec/index.js';
import { tempDir } from './helpers/tmp.js';

type Row = Record<string, unknown>;

/** Generates one table of a spec in memory, rows as objects. */
function rows(spec: Spec, table: string, opts: { seed?: number; scale?: number } = {}): Row[] {
  const plan = planGeneration(spec, opts);
  const names = plan.tables.find((t) => t.name === table)!.columns.map((c) => c.name);
  const out: Row[] = [];
  for (const chunk of generateChunks(plan)) {
    if (chunk.table !== table) continue;
    for (let r = 0; r < chunk.rows; r++) {
      const row: Row = {};
      names.forEach((n, c) => {
        row[n] = chunk.columns[c]![r];
      });
      out.push(row);
    }
  }
  return out;
}

/** The spec errors of an invalid spec, rendered as the CLI prints them. */
function specErrors(input: SpecInput): string {
  try {
    defineSpec(input);
  } catch (e) {
    if (e instanceof TrainkitError) return renderIssues(e.issues);
    throw e;
  }
  return 'no errors';
}

function textTable(note: Record<string, unknown>, extra: Record<string, unknown> = {}): SpecInput {
  return {
    name: 't',
    tables: {
      notes: {
        rows: 10,
        columns: { id: { kind: 'id' }, name: { kind: 'fake', method: 'person.lastName' }, ...extra, note },
      },
    },
  } as unknown as SpecInput;
}

/** |p̂ − p| within 5 standard errors of a binomial proportion. */
function expectRate(hits: number, n: number, p: number): void {
  const tol = 5 * Math.sqrt((p * (1 - p)) / n);
  expect(Math.abs(hits / n - p), `rate ${hits / n} vs ${p} ± ${tol}`).toBeLessThanOrEqual(tol);
}

describe('text grammar errors', () => {
  it('syntax errors name the rule, the alternative and the character', () => {
    const errors = specErrors(
      textTable({
        kind: 'text',
        grammar: { start: ['Seen by {$dr', 'a [b|c', 'x } y'], other: { '{?0.3:}': 1 } },
        slots: { dr: { column: 'name', type: 'PERSON' } },
      }),
    );
    expect(errors).toMatchInlineSnapshot(`
      "✖ rule "start", alternative "Seen by {$dr": a "{" is never closed (at character 9)
        → at tables.notes.columns.note.grammar.start[0]
        hint: write "\\{" for a literal brace
      ✖ rule "start", alternative "a [b|c": a "[" is never closed (at character 3)
        → at tables.notes.columns.note.grammar.start[1]
        hint: write "\\[" for a literal bracket
      ✖ rule "start", alternative "x } y": a "}" has no opening bracket (at character 3)
        → at tables.notes.columns.note.grammar.start[2]
        hint: write "\\}" for a literal brace
      ✖ rule "other", alternative "{?0.3:}": "{}" is not a rule, slot or column (at character 1)
        → at tables.notes.columns.note.grammar.other["{?0.3:}"]
        hint: write {rule}, {$slot}, {=column}, {?rule} or {?0.3:rule}; "\\{" for a literal brace"
    `);
  });

  it('unknown rules, slots, filters and columns, with hints', () => {
    const errors = specErrors(
      textTable({
        kind: 'text',
        grammar: { start: ['{greting} {$docter|upper} {$dr|lowr} {=nmae}'], greeting: ['Hi'] },
        slots: {
          dr: { column: 'nam', type: 'PERSON' },
          both: { fake: 'person.lastName', pattern: '##', type: 'X' },
        },
      }),
    );
    expect(errors).toMatchInlineSnapshot(`
      "✖ "{nam}" names no column of "notes"
        → at tables.notes.columns.note.slots.dr.column
        hint: did you mean "name"? The columns are: id, name, note
      ✖ slot "both" needs exactly one source, but has fake and pattern
        → at tables.notes.columns.note.slots.both
        hint: give one of column, fake, pattern, values or rule
      ✖ rule "start": "{greting}" names no rule (at character 1)
        → at tables.notes.columns.note.grammar.start[0]
        hint: did you mean "greeting"? The rules are: start, greeting
      ✖ rule "start": "{$docter}" names no slot (at character 11)
        → at tables.notes.columns.note.grammar.start[0]
        hint: The slots are: dr, both
      ✖ rule "start": unknown filter "lowr" (at character 27)
        → at tables.notes.columns.note.grammar.start[0]
        hint: did you mean "lower"? The filters are: lower, upper, trim, slug, initial
      ✖ "{nmae}" names no column of "notes"
        → at tables.notes.columns.note.grammar.start[0]
        hint: did you mean "name"? The columns are: id, name, note"
    `);
  });

  it('recursion without an end, a missing start rule, a spans column of a non-text column', () => {
    expect(
      specErrors(textTable({ kind: 'text', grammar: { start: ['a {loop}'], loop: ['b {loop}'] } })),
    ).toMatchInlineSnapshot(`
      "✖ rule "start" never finishes: every alternative expands a rule that leads back to it
        → at tables.notes.columns.note.grammar.start
        hint: add an alternative to "start" that does not recurse (an optional {?start} also ends)
      ✖ rule "loop" never finishes: every alternative expands a rule that leads back to it
        → at tables.notes.columns.note.grammar.loop
        hint: add an alternative to "loop" that does not recurse (an optional {?loop} also ends)"
    `);
    expect(specErrors(textTable({ kind: 'text', grammar: { begin: ['x'] } }))).toMatchInlineSnapshot(`
      "✖ the grammar has no "start" rule
        → at tables.notes.columns.note.grammar
        hint: add start: ["…"], the text every row begins from"
    `);
    expect(specErrors(textTable({ kind: 'spans', of: 'name' }))).toMatchInlineSnapshot(`
      "✖ spans: "name" is a fake column, not a text column
        → at tables.notes.columns.note.of
        hint: add a column of kind text first"
    `);
  });

  it('start_by needs a start rule for every value', () => {
    const errors = specErrors(
      textTable(
        { kind: 'text', start_by: 'intent', grammar: { 'start.refund': ['money back'] } },
        { intent: { kind: 'category', values: ['refund', 'shipping'] } },
      ),
    );
    expect(errors).toMatchInlineSnapshot(`
      "✖ start_by: "intent" can be "shipping", but the grammar has no rule "start.shipping" and no "start" to fall back on
        → at tables.notes.columns.note.grammar
        hint: add "start.shipping", or a "start" rule"
    `);
  });
});

const LOCALES = ['en', 'de', 'es', 'ja', 'zh_CN', 'vi', 'ar'];

/** A notes table whose patient names come from several faker locales, plus an astral-plane clinic. */
function spanSpec(noise?: Record<string, number>): Spec {
  const grammar: Record<string, unknown> = {
    start: ['{header}{$patient} is a {$age}-year-old seen at {$clinic} on {$visit} for {complaint}.{?plan}'],
    header: { '': 3, 'HPI: ': 1, 'Subjective: ': 1 },
    complaint: ['chest pain', 'shortness of breath', '[a|an] [dry|productive] cough'],
    plan: [' Follow up with {$doctor} in [2|3|4] weeks.'],
  };
  const name: Record<string, unknown> = {
    kind: 'text',
    start_by: 'locale',
    grammar: Object.fromEntries(LOCALES.map((l) => [`start.${l}`, [`{$${l}}`]])),
    slots: Object.fromEntries(
      LOCALES.map((l) => [l, { fake: 'person.fullName', locale: l, type: 'PERSON' }]),
    ),
  };
  return defineSpec({
    name: 'spans',
    seed: 5,
    tables: {
      notes: {
        rows: 100_000,
        columns: {
          id: { kind: 'id' },
          locale: { kind: 'category', values: LOCALES },
          name,
          age: { kind: 'integer', min: 18, max: 99 },
          clinic: {
            kind: 'category',
            values: ['𠮷野 Clinic', 'St. Mary’s Medical Center', 'Straße 😀 Praxis'],
          },
          visit: { kind: 'date', min: '2024-01-01', max: '2024-12-31' },
          note: {
            kind: 'text',
            grammar,
            slots: {
              patient: { column: 'name', type: 'PERSON' },
              age: { column: 'age', type: 'AGE' },
              clinic: { column: 'clinic', type: 'LOCATION' },
              visit: { column: 'visit', type: 'DATE', formats: ['MM/DD/YYYY', 'MMMM D, YYYY'] },
              doctor: { fake: 'person.lastName', prefix: 'Dr. ', type: 'PERSON' },
            },
            ...(noise ? { noise } : {}),
          },
          spans: { kind: 'spans', of: 'note' },
        },
      },
    },
  } as unknown as SpecInput);
}

interface Span {
  start: number;
  end: number;
  type: string;
}

describe('spans are exact', () => {
  it('over 100k rows, every span is the value inserted (by code points), sorted and disjoint', () => {
    const all = rows(spanSpec(), 'notes');
    expect(all).toHaveLength(100_000);
    let astral = 0;
    let nonAscii = 0;
    for (const row of all) {
      const text = [...(row.note as string)];
      const spans = JSON.parse(row.spans as string) as Span[];
      const values = [row.name, String(row.age), row.clinic];
      for (let i = 0; i < 3; i++) {
        const s = spans[i]!;
        if (text.slice(s.start, s.end).join('') !== values[i]) {
          expect.fail(`row ${row.id}: span ${JSON.stringify(s)} is not ${values[i]} in ${row.note}`);
        }
      }
      for (let i = 1; i < spans.length; i++) {
        if (spans[i]!.start < spans[i - 1]!.end) expect.fail(`row ${row.id}: spans overlap`);
      }
      if (/[\u{10000}-\u{10FFFF}]/u.test(row.note as string)) astral++;
      if (/[^ -~]/.test(row.name as string)) nonAscii++;
    }
    expect(astral).toBeGreaterThan(10_000);
    expect(nonAscii).toBeGreaterThan(30_000);
  }, 20_000);

  it('with capitals and typos, a span is the value as the noise left it', () => {
    const all = rows(spanSpec({ typo_rate: 0.01, upper: 0.2, lower: 0.1 }), 'notes', { scale: 0.2 });
    let upper = 0;
    let cased = 0;
    let changed = 0;
    for (const row of all) {
      const text = [...(row.note as string)];
      const s = (JSON.parse(row.spans as string) as Span[])[0]!;
      const got = text.slice(s.start, s.end).join('');
      const want = row.name as string;
      if (got.toLowerCase() !== want.toLowerCase()) {
        changed++;
        // a typo keeps an entity's first and last character, and changes little
        const g = [...got.toLowerCase()];
        const w = [...want.toLowerCase()];
        expect(g[0]).toBe(w[0]);
        expect(g.at(-1)).toBe(w.at(-1));
        expect(Math.abs(g.length - w.length)).toBeLessThanOrEqual(3);
      } else if (want !== want.toUpperCase() && want !== want.toLowerCase()) {
        cased++;
        if (got === want.toUpperCase()) upper++;
      }
    }
    expectRate(upper, cased, 0.2);
    expect(changed).toBeGreaterThan(all.length * 0.02);
  });
});

describe('text rates and determinism', () => {
  const spec = defineSpec({
    name: 'rates',
    seed: 3,
    tables: {
      t: {
        rows: 40_000,
        columns: {
          id: { kind: 'id' },
          text: {
            kind: 'text',
            grammar: { start: ['{a}{?0.3:b}{?c}[p|q|r]'], a: { x: 1, y: 3 }, b: ['!'], c: ['?'] },
          },
        },
      },
    },
  });

  it('weighted alternatives, optional parts and inline choices hit their rates', () => {
    const texts = rows(spec, 't').map((r) => r.text as string);
    const n = texts.length;
    expectRate(texts.filter((t) => t.startsWith('y')).length, n, 0.75);
    expectRate(texts.filter((t) => t.includes('!')).length, n, 0.3);
    expectRate(texts.filter((t) => t.includes('?')).length, n, 0.5);
    // chi-square of the three inline choices against uniform, critical value at p = 1e-4 with 2 df
    const counts = ['p', 'q', 'r'].map((c) => texts.filter((t) => t.endsWith(c)).length);
    const chi = counts.reduce((s, o) => s + (o - n / 3) ** 2 / (n / 3), 0);
    expect(chi).toBeLessThan(18.42);
  });

  it('the same seed gives the same text, another seed another', () => {
    const small = spanSpec();
    const a = rows(small, 'notes', { scale: 0.01 }).map((r) => `${r.note}${r.spans}`);
    const b = rows(small, 'notes', { scale: 0.01 }).map((r) => `${r.note}${r.spans}`);
    const c = rows(small, 'notes', { scale: 0.01, seed: 6 }).map((r) => `${r.note}${r.spans}`);
    expect(a).toEqual(b);
    expect(a.filter((t, i) => t === c[i]).length).toBeLessThan(a.length / 10);
  });

  it('a recursive rule ends', () => {
    const deep = defineSpec({
      name: 'deep',
      tables: {
        t: {
          rows: 200,
          columns: { text: { kind: 'text', grammar: { start: ['{list}'], list: { 'x, {list}': 9, x: 1 } } } },
        },
      },
    });
    for (const r of rows(deep, 't')) expect((r.text as string).length).toBeLessThan(200);
  });
});

describe('NER exports', () => {
  it('tokenizes words, numbers and punctuation with code-point offsets', () => {
    const tokens = tokenize("Dr. O'Brien saw 𠮷野 on 03/14/2024, K 4.1");
    expect(tokens.map((t) => `${t.text}@${t.start}`).join(' ')).toMatchInlineSnapshot(
      `"Dr@0 .@2 O'Brien@4 saw@12 𠮷@16 野@17 on@19 03/14/2024@22 ,@32 K@34 4.1@36"`,
    );
  });

  it('BIO: a span over several tokens, and tokens that overlap a span only partly', () => {
    const text = 'Seen by Ana Ruiz-Pérez today; Smiths visited.';
    const tokens = tokenize(text);
    // "Ana Ruiz-Pérez" is one span over two tokens; "Smith" covers only part of the token "Smiths"
    const tags = bioTags(tokens, [
      { start: 8, end: 22, type: 'PERSON' },
      { start: 30, end: 35, type: 'PERSON' },
    ]);
    expect(tokens.map((t, i) => `${t.text}/${tags[i]}`).join(' ')).toMatchInlineSnapshot(
      `"Seen/O by/O Ana/B-PERSON Ruiz-Pérez/I-PERSON today/O ;/O Smiths/B-PERSON visited/O ./O"`,
    );
  });

  it('writes spans, CoNLL and token files next to the tables', async () => {
    const spec = defineSpec({
      name: 'ner',
      seed: 1,
      tables: {
        notes: {
          rows: 2,
          columns: {
            id: { kind: 'id' },
            note: {
              kind: 'text',
              grammar: { start: ['{$dr} saw {$pt} on {$day}.'] },
              slots: {
                dr: { values: ['Dr. Ana Ruiz'], type: 'PERSON' },
                pt: { values: ['Zoë O’Neil', '山田 太郎'], type: 'PERSON' },
                day: { values: ['March 3'], type: 'DATE' },
              },
            },
            entities: { kind: 'spans', of: 'note' },
          },
        },
      },
    });
    const out: Record<string, string> = {};
    for (const format of ['spans', 'conll', 'tokens'] as const) {
      const root = join(tempDir(), format);
      const dir = new StagedDir(root);
      const sink = nerExport(dir, format, [{ table: 'notes', text: 'note', spans: 'entities' }]).wrap(
        new JsonlSink(dir),
      );
      const plan = planGeneration(spec);
      await sink.open({ name: 'ner', tables: plan.tables.map((t) => t.layout()) });
      for (const chunk of generateChunks(plan)) await sink.write(chunk);
      const files = await sink.close();
      dir.commit(files.map((f) => f.path));
      const ner = files.find((f) => f.path.startsWith('notes.note.'))!;
      out[ner.path] = readFileSync(join(root, ner.path), 'utf8');
    }
    expect(out).toMatchInlineSnapshot(`
      {
        "notes.note.conll": "Dr	B-PERSON
      .	I-PERSON
      Ana	I-PERSON
      Ruiz	I-PERSON
      saw	O
      Zoë	B-PERSON
      O’Neil	I-PERSON
      on	O
      March	B-DATE
      3	I-DATE
      .	O

      Dr	B-PERSON
      .	I-PERSON
      Ana	I-PERSON
      Ruiz	I-PERSON
      saw	O
      山	B-PERSON
      田	I-PERSON
      太	I-PERSON
      郎	I-PERSON
      on	O
      March	B-DATE
      3	I-DATE
      .	O

      ",
        "notes.note.ner.jsonl": "{"id":1,"text":"Dr. Ana Ruiz saw Zoë O’Neil on March 3.","spans":[{"start":0,"end":12,"type":"PERSON"},{"start":17,"end":27,"type":"PERSON"},{"start":31,"end":38,"type":"DATE"}]}
      {"id":2,"text":"Dr. Ana Ruiz saw 山田 太郎 on March 3.","spans":[{"start":0,"end":12,"type":"PERSON"},{"start":17,"end":22,"type":"PERSON"},{"start":26,"end":33,"type":"DATE"}]}
      ",
        "notes.note.tokens.jsonl": "{"id":1,"tokens":["Dr",".","Ana","Ruiz","saw","Zoë","O’Neil","on","March","3","."],"ner_tags":["B-PERSON","I-PERSON","I-PERSON","I-PERSON","O","B-PERSON","I-PERSON","O","B-DATE","I-DATE","O"]}
      {"id":2,"tokens":["Dr",".","Ana","Ruiz","saw","山","田","太","郎","on","March","3","."],"ner_tags":["B-PERSON","I-PERSON","I-PERSON","I-PERSON","O","B-PERSON","I-PERSON","I-PERSON","I-PERSON","O","B-DATE","I-DATE","O"]}
      ",
      }
    `);
  });
});

describe('example corpora', () => {
  for (const [file, table, text] of [
    ['clinical-notes', 'notes', 'note'],
    ['support-tickets', 'tickets', 'message'],
    ['company-email', 'emails', 'body'],
  ] as const) {
    it(`${file}.yaml parses and generates, every span inside its text`, () => {
      const { spec } = loadSpec(join('examples', `${file}.yaml`));
      const all = rows(spec, table, { scale: 0.1 });
      expect(all.length).toBeGreaterThan(50);
      const types = new Set<string>();
      for (const row of all) {
        const len = [...(row[text] as string)].length;
        for (const s of JSON.parse(row[`${text}_entities`] as string) as Span[]) {
          expect(s.start).toBeLessThan(s.end);
          expect(s.end).toBeLessThanOrEqual(len);
          types.add(s.type);
        }
      }
      expect(types.size).toBeGreaterThanOrEqual(5);
    });
  }
});
