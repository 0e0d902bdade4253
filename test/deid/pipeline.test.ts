import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEMO_KEY,
  Deidentifier,
  defaultRecognizers,
  deidentifyInputs,
  loadPolicy,
  parsePolicy,
  type Recognizer,
  readInputs,
} from '../../src/deid/index.js';
import { TrainkitError } from '../../src/errors/index.js';

const example = 'Maria Gomez was seen on 03/14 for chest pain.';
const key = Buffer.alloc(32, 7);

describe('the worked example', () => {
  it('redacts to type labels exactly', () => {
    const deid = new Deidentifier({ policy: loadPolicy('redact'), key });
    expect(deid.text(example, 'doc').text).toBe('[NAME] was seen on [DATE] for chest pain.');
  });

  it('synthesizes a realistic, consistent surrogate and keeps the date format', () => {
    const deid = new Deidentifier({ policy: loadPolicy('synthesize'), key });
    const text = `${example} Ms. Gomez was discharged; Maria will return on 03/28.`;
    const out = deid.text(text, 'doc').text;
    const m =
      /^(\p{Lu}\p{Ll}+) (\p{Lu}[\p{L}'-]+) was seen on (\d\d)\/(\d\d) for chest pain\. Ms\. (\S+) was discharged; (\S+) will return on (\d\d)\/(\d\d)\.$/u.exec(
        out,
      );
    expect(m, out).not.toBeNull();
    const [, first, last, m1, d1, last2, first2, m2, d2] = m!;
    expect(first).not.toBe('Maria');
    expect(last).not.toBe('Gomez');
    // the same person stays the same person across three mentions
    expect(last2).toBe(last);
    expect(first2).toBe(first);
    // one offset for the whole document: the 14-day gap between the two dates survives
    const day = (mm: string, dd: string) => Date.UTC(2001, Number(mm) - 1, Number(dd));
    expect((day(m2!, d2!) - day(m1!, d1!)) / 86_400_000).toBe(14);
    expect(`${m1}/${d1}`).not.toBe('03/14');
  });

  it('gives the same surrogates across documents and runs with the same key, others with another key', () => {
    const a = new Deidentifier({ policy: loadPolicy('synthesize'), key }).text(
      'Maria Gomez called.',
      'x',
    ).text;
    const b = new Deidentifier({ policy: loadPolicy('synthesize'), key }).text(
      'Maria Gomez called.',
      'y',
    ).text;
    const c = new Deidentifier({ policy: loadPolicy('synthesize'), key: Buffer.alloc(32, 9) }).text(
      'Maria Gomez called.',
      'x',
    ).text;
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });
});

describe('policies', () => {
  it('applies per-type operators and the HIPAA preset generalises ages, ZIP codes and dates', () => {
    const deid = new Deidentifier({ policy: loadPolicy('hipaa-safe-harbor'), key });
    const out = deid.text('Pt is a 92 year old seen 03/14/2024, ZIP 02138, phone 617-555-0134.', 'doc').text;
    expect(out).toContain('90+');
    expect(out).toContain('2024');
    expect(out).not.toContain('03/14');
    expect(out).not.toContain('617-555-0134');
  });

  it('reports a bad policy precisely', () => {
    let err: unknown;
    try {
      parsePolicy({ default: 'scramble', entites: {} });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TrainkitError);
    expect(
      (err as TrainkitError).issues.map((i) => `${i.message} @ ${i.path?.join('.')} (${i.hint})`),
    ).toMatchInlineSnapshot(`
      [
        "Unknown operator "scramble" @ default (The operators are: redact, mask, hash, encrypt, synthesize, shift, generalize, keep)",
        "Unknown policy field "entites" @ entites (did you mean "entities"? The fields are: description, default, entities, threshold, allow, deny, columns)",
      ]
    `);
  });

  it('honours allow and deny lists', () => {
    const policy = parsePolicy({
      default: 'redact',
      allow: ['Mercy General'],
      deny: { ORGANIZATION: ['Acme Widgets'] },
    });
    const deid = new Deidentifier({ policy, key });
    expect(deid.text('Transferred from Mercy General to Acme Widgets.', 'd').text).toBe(
      'Transferred from Mercy General to [ORGANIZATION].',
    );
  });
});

describe('fail closed', () => {
  it('never writes a document that could not be de-identified, and lists it in the report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trainkit-failclosed-'));
    writeFileSync(
      join(dir, 'notes.jsonl'),
      `${JSON.stringify({ id: 'a', text: 'Maria Gomez is fine.' })}\n${JSON.stringify({ id: 'b', text: 'BOOM Jane Roe secret' })}\n`,
    );
    const boom: Recognizer = {
      name: 'boom',
      types: ['X'],
      detect: (text) => {
        if (text.includes('BOOM')) throw new Error('recognizer crashed');
        return [];
      },
    };
    const deid = new Deidentifier({
      policy: loadPolicy('redact'),
      key: DEMO_KEY,
      recognizers: [...defaultRecognizers(), boom],
    });
    const out = join(dir, 'out');
    const report = await deidentifyInputs(readInputs(join(dir, 'notes.jsonl')), deid, {
      out,
      options: { textFields: ['text'], idField: 'id', columns: {} },
    });
    expect(report.failed).toEqual([{ file: join(dir, 'notes.jsonl'), id: 'b', reason: 'Error' }]);
    const written = readFileSync(join(out, readdirSync(out)[0]!), 'utf8');
    expect(written).toBe(`${JSON.stringify({ id: 'a', text: '[NAME] is fine.' })}\n`);
    expect(written).not.toContain('Jane Roe');
    expect(JSON.stringify(report)).not.toContain('Maria');
  });
});
