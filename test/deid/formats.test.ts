import { describe, expect, it } from 'vitest';
import type { DocumentFormat, FormatOptions, ParsedInput } from '../../src/deid/document-format.js';
import {
  csvFormat,
  documentFormats,
  docxFormat,
  formatFor,
  jsonFormat,
  jsonlFormat,
  markdownFormat,
  pdfFormat,
  textFormat,
} from '../../src/deid/formats/index.js';
import { isTrainkitError, renderIssues } from '../../src/errors/index.js';
import { docx, pdf, zip } from './format-fixtures.js';

const defaults: FormatOptions = { textFields: ['text'], idField: 'id', columns: {} };
const UNICODE = 'Zoë 👩🏽‍⚕️ 東京の佐藤さん e\u0301 🇯🇵';

function parse(
  format: DocumentFormat,
  path: string,
  content: string | Buffer,
  options: Partial<FormatOptions> = {},
): Promise<ParsedInput> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return format.parse(bytes, { path, options: { ...defaults, ...options } });
}

/** Renders with every field mapped by `f`; documents whose index is in `drop` are rendered as `null`. */
function renderMapped(
  parsed: ParsedInput,
  f: (text: string) => string,
  drop: readonly number[] = [],
): string {
  return parsed.render(
    parsed.documents.map((d, i) => (drop.includes(i) ? null : d.fields.map((x) => f(x.text)))),
  );
}

const same = (parsed: ParsedInput) => renderMapped(parsed, (t) => t);
const upper = (parsed: ParsedInput) => renderMapped(parsed, (t) => t.toUpperCase());

/** The rendered issues of the user error `p` rejects with (and checks it is one, exit code 2). */
async function failure(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isTrainkitError(e)) throw new Error(`expected a TrainkitError, got ${String(e)}`);
  expect(e.exitCode).toBe(2);
  return renderIssues(e.issues);
}

async function code(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => undefined,
    (e: unknown) => (isTrainkitError(e) ? e.code : `not a TrainkitError: ${String(e)}`),
  );
}

// ---------------------------------------------------------------------------------------------
// What every text-based format promises: unchanged fields give the input back byte for byte,
// transformed fields change nothing else, and a null document leaves none of its text behind.

const samples: { format: DocumentFormat; path: string; input: string; options?: Partial<FormatOptions> }[] = [
  { format: textFormat, path: 'note.txt', input: `Ann Lee called.\r\n${UNICODE}\n` },
  {
    format: markdownFormat,
    path: 'note.md',
    input: `# Ann\n\nAnn ran \`ls\` and [Ann's site](https://ann.example/x).\n\n\`\`\`\nAnn = 1\n\`\`\`\n${UNICODE}\n`,
  },
  {
    format: jsonlFormat,
    path: 'notes.jsonl',
    input: `{"id": 1, "text": "Ann Lee"}\r\n\n{"id":"b","text":"${UNICODE}","n":12345678901234567890}\n`,
  },
  {
    format: jsonFormat,
    path: 'notes.json',
    input: `[\n  {"id": 1, "text": "Ann Lee"},\n  {"text": "${UNICODE}", "k": [1.50, "\\u00e9"]}\n]\n`,
  },
  {
    format: csvFormat,
    path: 'people.csv',
    input: `id,name,notes\r\n1,Ann Lee,"said ""hi"", then left"\r\n2,${UNICODE},"two\nlines"\r\n`,
  },
];

describe.each(samples)('$format.name conformance', ({ format, path, input, options }) => {
  it('gives the input back byte for byte when no field changes', async () => {
    const parsed = await parse(format, path, input, options);
    expect(parsed.documents.length).toBeGreaterThan(0);
    expect(same(parsed)).toBe(input);
  });

  it('replaces the fields and nothing else', async () => {
    const parsed = await parse(format, path, input, options);
    const out = renderMapped(parsed, (t) => t.replace(/\p{L}+/gu, 'X'));
    for (const doc of parsed.documents)
      for (const field of doc.fields) if (/\p{L}{2}/u.test(field.text)) expect(out).not.toContain(field.text);
    // parsing the output again gives the same documents with the new texts
    const again = await parse(format, path, out, options);
    expect(again.documents.map((d) => d.fields.map((f) => f.key))).toEqual(
      parsed.documents.map((d) => d.fields.map((f) => f.key)),
    );
  });

  it('keeps unicode (emoji, CJK, combining accents) intact', async () => {
    const parsed = await parse(format, path, input, options);
    expect(parsed.documents.flatMap((d) => d.fields.map((f) => f.text)).join('\n')).toContain(UNICODE);
    expect(upper(parsed)).toContain(UNICODE.toUpperCase());
  });

  it('leaves out every document rendered as null', async () => {
    const parsed = await parse(format, path, input, options);
    const out = parsed.render(parsed.documents.map(() => null));
    for (const doc of parsed.documents) for (const field of doc.fields) expect(out).not.toContain(field.text);
  });

  it('keeps a byte-order mark', async () => {
    const parsed = await parse(format, path, `\uFEFF${input}`, options);
    expect(same(parsed)).toBe(`\uFEFF${input}`);
  });

  it('refuses a file that is not UTF-8', async () => {
    const latin1 = Buffer.concat([Buffer.from(input.slice(0, 4)), Buffer.from([0xe9, 0x0a])]);
    expect(await code(parse(format, path, latin1, options))).toBe('invalid_utf8');
  });
});

describe('formatFor', () => {
  it('picks the format by extension', () => {
    const names = [
      'a.txt',
      'a.TEXT',
      'server.log',
      'README',
      'notes.md',
      'notes.markdown',
      'a.jsonl',
      'a.ndjson',
      'a.json',
      'a.csv',
      'a.TSV',
      'letter.docx',
      'scan.pdf',
      'photo.png',
      'dir.v2/file',
    ].map((p) => `${p} → ${formatFor(p)?.name}`);
    expect(names).toMatchInlineSnapshot(`
      [
        "a.txt → text",
        "a.TEXT → text",
        "server.log → text",
        "README → text",
        "notes.md → markdown",
        "notes.markdown → markdown",
        "a.jsonl → jsonl",
        "a.ndjson → jsonl",
        "a.json → json",
        "a.csv → csv",
        "a.TSV → csv",
        "letter.docx → docx",
        "scan.pdf → pdf",
        "photo.png → undefined",
        "dir.v2/file → text",
      ]
    `);
  });

  it('lists every format once, each with lower-case extensions', () => {
    const exts = documentFormats.flatMap((f) => f.extensions);
    expect(new Set(exts).size).toBe(exts.length);
    for (const e of exts) expect(e).toMatch(/^\.[a-z]+$/);
  });
});

describe('text', () => {
  it('is one document whose id is the path, keeping the input extension', async () => {
    const parsed = await parse(textFormat, 'logs/app.log', 'user ann@example.com logged in\n');
    expect(parsed.documents).toEqual([
      { id: 'logs/app.log', fields: [{ key: 'text', text: 'user ann@example.com logged in\n' }] },
    ]);
    expect(parsed.outputExtension).toBe('.log');
    expect(upper(parsed)).toBe('USER ANN@EXAMPLE.COM LOGGED IN\n');
    expect(parsed.render([null])).toBe('');
    expect((await parse(textFormat, 'README', 'x')).outputExtension).toBe('');
  });

  it('reads an empty file as one empty field', async () => {
    const parsed = await parse(textFormat, 'empty.txt', '');
    expect(parsed.documents[0]?.fields).toEqual([{ key: 'text', text: '' }]);
    expect(same(parsed)).toBe('');
  });

  it('points at the first byte that is not UTF-8', async () => {
    const bytes = Buffer.concat([
      Buffer.from('fine\nnaïve ok, then '),
      Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x21]),
    ]);
    expect(await failure(parse(textFormat, 'latin1.txt', bytes))).toMatchInlineSnapshot(`
      "✖ latin1.txt is not valid UTF-8 text
        → at latin1.txt:2:19
        hint: convert it to UTF-8 first, e.g. iconv -f latin1 -t utf-8 latin1.txt"
    `);
  });

  it('rejects a render call with the wrong number of texts (a caller bug, not a user error)', async () => {
    const parsed = await parse(textFormat, 'a.txt', 'x');
    expect(() => parsed.render([])).toThrow(/no entry for document 0/);
    expect(() => parsed.render([['a', 'b']])).toThrow(/1 fields but 2 texts/);
  });
});

describe('markdown', () => {
  const note = [
    '---',
    'title: Visit of Ann Lee',
    'author: "Dr. Bob Stone"',
    '# reviewed by Carl',
    'tags:',
    '  - cardiology',
    'summary: |',
    '  Ann called: twice',
    '---',
    '# Notes for Ann',
    '',
    'Ann Lee wrote `ann.lee@example.com` in [her profile](https://example.com/ann?q=(lee)) and',
    '![Ann\'s photo](ann.png "Ann Lee"). A ``code with ` tick`` span, and \\`not code\\`.',
    '',
    '```python',
    'name = "Ann Lee"',
    '```',
    '',
    '<!-- reviewer: Bob Stone',
    '     second line -->',
    '[profile]: https://example.com/ann',
    '',
    '~~~~',
    'Ann in a tilde fence',
    '```',
    '~~~~',
    '',
    '> ```',
    '> quoted code of Ann',
    '> ```',
    'End of note for Ann.',
    '',
  ].join('\n');

  it('makes fields of the prose, and of code, link targets and comments (identifiers hide there too)', async () => {
    const parsed = await parse(markdownFormat, 'visit.md', note);
    expect(
      parsed.documents[0]?.fields.map((f) => `${f.key}: ${JSON.stringify(f.text)}`),
    ).toMatchInlineSnapshot(`
      [
        "front-matter.title: "Visit of Ann Lee"",
        "front-matter.author: "Dr. Bob Stone"",
        "front-matter.tags: "cardiology"",
        "front-matter.summary: "Ann called: twice"",
        "line 10: "# Notes for Ann\\n\\nAnn Lee wrote "",
        "line 12: "\`ann.lee@example.com\`"",
        "line 12: " in [her profile"",
        "line 12: "](https://example.com/ann?q=(lee))"",
        "line 12: " and\\n![Ann's photo"",
        "line 13: "](ann.png \\"Ann Lee\\")"",
        "line 13: ". A "",
        "line 13: "\`\`code with \` tick\`\`"",
        "line 13: " span, and \\\\\`not code\\\\\`.\\n\\n"",
        "line 15: "\`\`\`python\\nname = \\"Ann Lee\\"\\n\`\`\`"",
        "line 19: "<!-- reviewer: Bob Stone\\n     second line -->"",
        "line 21: "[profile]: https://example.com/ann"",
        "line 23: "~~~~\\nAnn in a tilde fence\\n\`\`\`\\n~~~~"",
        "line 28: "> \`\`\`\\n> quoted code of Ann\\n> \`\`\`"",
        "line 31: "\\nEnd of note for Ann.\\n"",
      ]
    `);
  });

  it('keeps front-matter keys byte for byte and de-identifies inside code and comments', async () => {
    const parsed = await parse(markdownFormat, 'visit.md', note);
    const out = upper(parsed);
    for (const kept of ['\ntitle: ', '\nauthor: "', '\nsummary: |\n']) expect(out).toContain(kept);
    for (const scanned of [
      'NAME = "ANN LEE"',
      'ANN.LEE@EXAMPLE.COM',
      '<!-- REVIEWER: BOB STONE',
      'HTTPS://EXAMPLE.COM/ANN',
    ]) {
      expect(out).toContain(scanned);
    }
    for (const prose of [
      'VISIT OF ANN LEE',
      'DR. BOB STONE',
      'ANN CALLED: TWICE',
      '[HER PROFILE]',
      "[ANN'S PHOTO]",
    ])
      expect(out).toContain(prose);
    expect(out).toContain('\\`NOT CODE\\`');
    expect(out.split('\n').length).toBe(note.split('\n').length);
  });

  it('reads CRLF line endings the same way', async () => {
    const crlf = note.replaceAll('\n', '\r\n');
    const parsed = await parse(markdownFormat, 'visit.md', crlf);
    const lf = await parse(markdownFormat, 'visit.md', note);
    expect(parsed.documents[0]?.fields.map((f) => f.key)).toEqual(lf.documents[0]?.fields.map((f) => f.key));
    expect(same(parsed)).toBe(crlf);
    expect(upper(parsed)).toBe(upper(lf).replaceAll('\n', '\r\n'));
  });

  it('treats an unclosed fence as prose, so the rest of the file is still de-identified', async () => {
    const parsed = await parse(markdownFormat, 'a.md', 'Intro\n```\nAnn Lee\n');
    expect(upper(parsed)).toBe('INTRO\n```\nANN LEE\n');
  });

  it('gives nothing when the document is left out, and keeps the extension', async () => {
    const parsed = await parse(markdownFormat, 'a.markdown', 'Ann');
    expect(parsed.render([null])).toBe('');
    expect(parsed.outputExtension).toBe('.markdown');
  });
});

describe('jsonl', () => {
  const lines = [
    '{"id": "a1", "note": {"text": "Ann Lee", "by": "Bob"}, "n": 12345678901234567890, "e": "caf\\u00e9"}',
    '{"z": 1, "note": {"by": "Carl"}, "a": [1, 2]}',
    '',
    '{"id": 42, "note": {"text": "line\\nbreak \\"quoted\\""}, "title": null}',
    `{"id": null, "note": {"text": "${UNICODE}"}, "title": "Dr. Dee"}`,
  ];
  const input = `${lines.join('\r\n')}\n`;
  const options = { textFields: ['note.text', 'title', 'missing.path'] };

  it('reads one document per non-empty line, ids from the id field or path:line', async () => {
    const parsed = await parse(jsonlFormat, 'notes.jsonl', input, options);
    expect(parsed.documents).toMatchInlineSnapshot(`
      [
        {
          "fields": [
            {
              "key": "note.text",
              "text": "Ann Lee",
            },
          ],
          "id": "a1",
        },
        {
          "fields": [],
          "id": "notes.jsonl:2",
        },
        {
          "fields": [
            {
              "key": "note.text",
              "text": "line
      break "quoted"",
            },
          ],
          "id": "42",
        },
        {
          "fields": [
            {
              "key": "note.text",
              "text": "Zoë 👩🏽‍⚕️ 東京の佐藤さん é 🇯🇵",
            },
            {
              "key": "title",
              "text": "Dr. Dee",
            },
          ],
          "id": "notes.jsonl:5",
        },
      ]
    `);
  });

  it('writes each line back with only the text strings replaced', async () => {
    const parsed = await parse(jsonlFormat, 'notes.jsonl', input, options);
    const out = upper(parsed);
    const outLines = out.split('\n');
    expect(outLines.at(-1)).toBe('');
    for (const line of outLines.slice(0, -1).filter((l) => l.trim() !== ''))
      expect(() => JSON.parse(line)).not.toThrow();
    expect(out).toMatchInlineSnapshot(`
      "{"id": "a1", "note": {"text": "ANN LEE", "by": "Bob"}, "n": 12345678901234567890, "e": "caf\\u00e9"}
      {"z": 1, "note": {"by": "Carl"}, "a": [1, 2]}

      {"id": 42, "note": {"text": "LINE\\nBREAK \\"QUOTED\\""}, "title": null}
      {"id": null, "note": {"text": "ZOË 👩🏽‍⚕️ 東京の佐藤さん É 🇯🇵"}, "title": "DR. DEE"}
      "
    `);
    // the original line endings stay: CRLF after each line but the last
    expect(out.split('\r\n').length).toBe(input.split('\r\n').length);
    const first = JSON.parse(outLines[0]!) as Record<string, unknown>;
    expect(Object.keys(first)).toEqual(['id', 'note', 'n', 'e']);
  });

  it('omits the line of a null document', async () => {
    const parsed = await parse(jsonlFormat, 'notes.jsonl', input, options);
    const out = renderMapped(parsed, (t) => `[${t.length}]`, [0, 3]);
    expect(out).not.toContain('a1');
    expect(out).not.toContain('Dr. Dee');
    expect(out.split('\n').filter((l) => l.trim() !== '')).toHaveLength(2);
  });

  it('finds strings inside arrays by index, and every copy of a repeated key', async () => {
    const parsed = await parse(
      jsonlFormat,
      'a.jsonl',
      '{"notes": [{"text": "Ann"}], "text": "x", "text": "Bob"}',
      {
        textFields: ['notes.0.text', 'text'],
      },
    );
    expect(parsed.documents[0]?.fields.map((f) => f.text)).toEqual(['Ann', 'x', 'Bob']);
    expect(upper(parsed)).toBe('{"notes": [{"text": "ANN"}], "text": "X", "text": "BOB"}');
  });

  it('reports invalid JSON at line and column', async () => {
    expect(
      await failure(parse(jsonlFormat, 'bad.jsonl', '{"text": "ok"}\n{"text": "Ann" "id": 2}\n')),
    ).toMatchInlineSnapshot(`
      "✖ Line 2 of bad.jsonl is not valid JSON: expected "," or "}" after an object entry, found character "\\""
        → at bad.jsonl:2:16
        hint: check quotes, commas and brackets near this position"
    `);
    expect(
      await failure(parse(jsonlFormat, 'bad.jsonl', '{"text": "ok"}\n{\n  "text": "Ann"\n}\n')),
    ).toMatchInlineSnapshot(`
      "✖ Line 2 of bad.jsonl is not valid JSON: expected a key in double quotes, found end of input
        → at bad.jsonl:2:2
        hint: each line must hold one whole JSON object; a pretty-printed file belongs in a .json file"
    `);
    expect(await failure(parse(jsonlFormat, 'bad.jsonl', "{'text': 'Ann'}"))).toMatchInlineSnapshot(`
      "✖ Line 1 of bad.jsonl is not valid JSON: expected a key in double quotes, found character "'"
        → at bad.jsonl:1:2
        hint: check quotes, commas and brackets near this position"
    `);
    expect(await failure(parse(jsonlFormat, 'bad.jsonl', '{"text": "Ann",}'))).toMatchInlineSnapshot(`
      "✖ Line 1 of bad.jsonl is not valid JSON: expected a key in double quotes, found character "}"
        → at bad.jsonl:1:16
        hint: remove the comma before "}": JSON allows no trailing comma"
    `);
    expect(await failure(parse(jsonlFormat, 'bad.jsonl', '{"text": "tab\there"}'))).toMatchInlineSnapshot(`
      "✖ Line 1 of bad.jsonl is not valid JSON: a raw control character (line break or tab) inside a string
        → at bad.jsonl:1:14
        hint: write it escaped: \\n for a line break, \\t for a tab"
    `);
    expect(
      await failure(parse(jsonlFormat, 'bad.jsonl', '{"text": "Ann"} {"text": "Bob"}')),
    ).toMatchInlineSnapshot(`
      "✖ Line 1 of bad.jsonl is not valid JSON: unexpected character "{" after the JSON value
        → at bad.jsonl:1:17
        hint: one value only: a second value needs its own line (JSONL) or an enclosing array"
    `);
  });

  it('reports a text field that is not a string, and a line that is not an object', async () => {
    expect(
      await failure(
        parse(
          jsonlFormat,
          'notes.jsonl',
          '{"text": "a"}\n{"id": 2, "note": {"text": {"body": "Ann"}}}',
          options,
        ),
      ),
    ).toMatchInlineSnapshot(`
      "✖ The text field "note.text" holds an object, not a string
        → at note.text (notes.jsonl:2:28)
        hint: name the string inside it in --text-fields, e.g. "note.text.body""
    `);
    expect(await failure(parse(jsonlFormat, 'notes.jsonl', '{"text": 17}'))).toMatchInlineSnapshot(`
      "✖ The text field "text" holds a number, not a string
        → at text (notes.jsonl:1:10)
        hint: leave "text" out of --text-fields, or store its values as strings"
    `);
    expect(await failure(parse(jsonlFormat, 'notes.jsonl', '["Ann"]'))).toMatchInlineSnapshot(`
      "✖ Line 1 of notes.jsonl is an array, not a JSON object
        → at notes.jsonl:1:1
        hint: each line of a JSONL file must be one object, such as {"id": 1, "text": "…"}"
    `);
    expect(
      await failure(parse(jsonlFormat, 'notes.jsonl', '{"id": [1], "text": "Ann"}')),
    ).toMatchInlineSnapshot(`
      "✖ The id field "id" holds an array: an id must be a string or a number
        → at id (notes.jsonl:1:8)
        hint: name another field with --id-field, or leave it out to use the file and line as id"
    `);
  });

  it('keeps a last line without a line break as it was', async () => {
    const parsed = await parse(jsonlFormat, 'a.ndjson', '{"text":"a"}\n{"text":"b"}');
    expect(upper(parsed)).toBe('{"text":"A"}\n{"text":"B"}');
    expect(renderMapped(parsed, (t) => t, [1])).toBe('{"text":"a"}\n');
    expect(parsed.outputExtension).toBe('.ndjson');
  });
});

describe('json', () => {
  const items = [
    { id: 7, text: 'Ann Lee', meta: { by: 'Bob', at: 1.5 } },
    { text: UNICODE, tags: ['x'] },
    { id: 'c', text: 'Carl Dee' },
  ];

  it('reads an indented array, one document per object, and keeps its layout', async () => {
    const input = `${JSON.stringify(items, null, 2)}\n`;
    const parsed = await parse(jsonFormat, 'notes.json', input);
    expect(parsed.documents.map((d) => d.id)).toEqual(['7', 'notes.json[1]', 'c']);
    const out = upper(parsed);
    expect(out).toBe(
      `${JSON.stringify(
        items.map((i) => ({ ...i, text: i.text.toUpperCase() })),
        null,
        2,
      )}\n`,
    );
    expect(parsed.outputExtension).toBe('.json');
  });

  it('removes null documents from the array and stays valid, indented or compact', async () => {
    for (const indent of [2, undefined]) {
      const input = JSON.stringify(items, null, indent);
      const parsed = await parse(jsonFormat, 'notes.json', input);
      for (const drop of [[0], [1], [2], [0, 2], [0, 1, 2]]) {
        const out = renderMapped(parsed, (t) => t.toUpperCase(), drop);
        const kept = items
          .filter((_, i) => !drop.includes(i))
          .map((i) => ({ ...i, text: i.text.toUpperCase() }));
        expect(out).toBe(JSON.stringify(kept, null, indent));
      }
    }
  });

  it('reads a single object as one document', async () => {
    const input = '{\n  "text": "Ann Lee",\n  "nested": {"text": "not read"}\n}';
    const parsed = await parse(jsonFormat, 'one.json', input);
    expect(parsed.documents).toEqual([{ id: 'one.json', fields: [{ key: 'text', text: 'Ann Lee' }] }]);
    expect(upper(parsed)).toBe('{\n  "text": "ANN LEE",\n  "nested": {"text": "not read"}\n}');
    expect(parsed.render([null])).toBe('');
  });

  it('reads an empty array as no documents', async () => {
    const parsed = await parse(jsonFormat, 'none.json', '[ ]\n');
    expect(parsed.documents).toEqual([]);
    expect(parsed.render([])).toBe('[ ]\n');
  });

  it('reports what is wrong and where', async () => {
    expect(
      await failure(parse(jsonFormat, 'bad.json', '[\n  {"text": "Ann"},\n  {"text": "Bob"\n]')),
    ).toMatchInlineSnapshot(`
      "✖ bad.json is not valid JSON: expected "," or "}" after an object entry, found character "]"
        → at bad.json:4:1
        hint: check quotes, commas and brackets near this position"
    `);
    expect(
      await failure(parse(jsonFormat, 'bad.json', '[\n  {"text": "Ann"},\n  "Bob"\n]')),
    ).toMatchInlineSnapshot(`
      "✖ Item 1 of bad.json is not an object
        → at [1] (bad.json:3:3)
        hint: every item of the array must be an object, such as {"id": 1, "text": "…"}"
    `);
    expect(await failure(parse(jsonFormat, 'bad.json', '"Ann"'))).toMatchInlineSnapshot(`
      "✖ bad.json holds a string, not an object or an array of objects
        → at bad.json:1:1
        hint: a JSON input is one object (one document) or an array of objects (one document each)"
    `);
    expect(await failure(parse(jsonFormat, 'bad.json', '[{"text": ["Ann"]}]'))).toMatchInlineSnapshot(`
      "✖ The text field "text" holds an array, not a string
        → at [0].text (bad.json:1:11)
        hint: name an item by its index in --text-fields, e.g. "text.0""
    `);
    expect(await failure(parse(jsonFormat, 'bad.json', ''))).toMatchInlineSnapshot(`
      "✖ bad.json is not valid JSON: unexpected end of input where a value should start
        → at bad.json:1:1
        hint: check quotes, commas and brackets near this position"
    `);
  });
});

describe('csv', () => {
  const input = [
    'id,name,email,notes,code',
    '1,Ann Lee,ann@example.com,"Called, then ""left""",A1',
    '2,,bob@example.com,"two',
    'lines",B2',
    ',Carl,,plain,',
    '',
  ].join('\r\n');
  const columns = { email: 'EMAIL', name: 'PERSON', code: 'keep', notes: 'text' };

  it('reads one document per row with each column policy', async () => {
    const parsed = await parse(csvFormat, 'people.csv', input, { columns });
    expect(parsed.documents).toMatchInlineSnapshot(`
      [
        {
          "fields": [
            {
              "key": "id",
              "text": "1",
            },
            {
              "entity": "PERSON",
              "key": "name",
              "text": "Ann Lee",
            },
            {
              "entity": "EMAIL",
              "key": "email",
              "text": "ann@example.com",
            },
            {
              "key": "notes",
              "text": "Called, then "left"",
            },
            {
              "entity": "keep",
              "key": "code",
              "text": "A1",
            },
          ],
          "id": "1",
        },
        {
          "fields": [
            {
              "key": "id",
              "text": "2",
            },
            {
              "entity": "EMAIL",
              "key": "email",
              "text": "bob@example.com",
            },
            {
              "key": "notes",
              "text": "two
      lines",
            },
            {
              "entity": "keep",
              "key": "code",
              "text": "B2",
            },
          ],
          "id": "2",
        },
        {
          "fields": [
            {
              "entity": "PERSON",
              "key": "name",
              "text": "Carl",
            },
            {
              "key": "notes",
              "text": "plain",
            },
          ],
          "id": "people.csv:4",
        },
      ]
    `);
  });

  it('writes the same header and columns, quoting exactly where needed', async () => {
    const parsed = await parse(csvFormat, 'people.csv', input, { columns });
    const out = renderMapped(parsed, (t) => `<${t}>, "x"`);
    expect(out).toMatchInlineSnapshot(`
      "id,name,email,notes,code
      "<1>, ""x""","<Ann Lee>, ""x""","<ann@example.com>, ""x""","<Called, then ""left"">, ""x""","<A1>, ""x"""
      "<2>, ""x""",,"<bob@example.com>, ""x""","<two
      lines>, ""x""","<B2>, ""x"""
      ,"<Carl>, ""x""",,"<plain>, ""x""",
      "
    `);
    const again = await parse(csvFormat, 'people.csv', out, { columns });
    expect(again.documents.map((d) => d.fields.map((f) => f.key))).toEqual(
      parsed.documents.map((d) => d.fields.map((f) => f.key)),
    );
    expect(same(await parse(csvFormat, 'x.csv', out))).toBe(out);
  });

  it('omits the row of a null document and writes empty cells back empty', async () => {
    const parsed = await parse(csvFormat, 'people.csv', input, { columns });
    expect(renderMapped(parsed, () => '', [1])).toBe('id,name,email,notes,code\r\n,,,,\r\n,,,,\r\n');
  });

  it('reads TSV with tabs and LF', async () => {
    const parsed = await parse(csvFormat, 'a.tsv', 'id\tnote\n1\t"a\tb, c"\n2\tplain\n');
    expect(parsed.documents.map((d) => d.fields.map((f) => f.text))).toEqual([
      ['1', 'a\tb, c'],
      ['2', 'plain'],
    ]);
    expect(same(parsed)).toBe('id\tnote\n1\t"a\tb, c"\n2\tplain\n');
    expect(parsed.outputExtension).toBe('.tsv');
  });

  it('skips blank lines but for a one-column file, where a blank line is an empty cell', async () => {
    const wide = await parse(csvFormat, 'a.csv', 'a,b\n\n1,2\n');
    expect(wide.documents.map((d) => d.id)).toEqual(['a.csv:3']);
    const narrow = await parse(csvFormat, 'a.csv', 'note\nAnn\n\nBob\n');
    expect(narrow.documents.map((d) => d.fields.length)).toEqual([1, 0, 1]);
    expect(same(narrow)).toBe('note\nAnn\n""\nBob\n');
  });

  it('reports broken CSV at line and column', async () => {
    expect(await failure(parse(csvFormat, 'bad.csv', 'a,b\n1,"open\n2,3\n'))).toMatchInlineSnapshot(`
      "✖ A quoted cell in bad.csv is never closed
        → at bad.csv:2:3
        hint: add the closing quote; a quote inside a quoted cell is written twice ("")"
    `);
    expect(await failure(parse(csvFormat, 'bad.csv', 'a,b\n1,2\n3,Lee, Ann\n'))).toMatchInlineSnapshot(`
      "✖ Row 3 of bad.csv has 3 cells but the header has 2
        → at bad.csv:3:1
        hint: quote a cell that holds a comma ("a,b"), and check for a missing or extra separator"
    `);
    expect(await failure(parse(csvFormat, 'bad.tsv', 'a\tb\n1\n'))).toMatchInlineSnapshot(`
      "✖ Row 2 of bad.tsv has 1 cell but the header has 2
        → at bad.tsv:2:1
        hint: quote a cell that holds a tab ("a	b"), and check for a missing or extra separator"
    `);
    expect(await failure(parse(csvFormat, 'bad.csv', 'a,b\n1,"Ann" Lee\n'))).toMatchInlineSnapshot(`
      "✖ Unexpected " " after a closing quote in bad.csv
        → at bad.csv:2:8
        hint: a quote inside a quoted cell is written twice (""); quote the whole cell, not part of it"
    `);
    expect(await failure(parse(csvFormat, 'bad.csv', 'name,name\nAnn,Lee\n'))).toMatchInlineSnapshot(`
      "✖ bad.csv has two columns named "name"
        → at bad.csv:1:1
        hint: rename one of them: a column policy names a column by its header"
    `);
    expect(await failure(parse(csvFormat, 'empty.csv', '\n'))).toMatchInlineSnapshot(`
      "✖ empty.csv is empty: a CSV input needs a header row
        → at empty.csv
        hint: put the column names on the first line, e.g. id,name,notes"
    `);
  });
});

describe('docx', () => {
  it('extracts the text of a real .docx (deflated or stored zip) as one document, output .txt', async () => {
    for (const store of [false, true]) {
      const parsed = await parse(
        docxFormat,
        'letter.docx',
        docx(['Dear Ann Lee,', UNICODE, 'Bob & <Co>'], store),
      );
      expect(parsed.documents).toMatchInlineSnapshot(`
        [
          {
            "fields": [
              {
                "key": "text",
                "text": "Dear Ann Lee,

        Zoë 👩🏽‍⚕️ 東京の佐藤さん é 🇯🇵

        Bob & <Co>

        ",
              },
            ],
            "id": "letter.docx",
          },
        ]
      `);
      expect(parsed.outputExtension).toBe('.txt');
      expect(upper(parsed)).toContain(UNICODE.toUpperCase());
      expect(parsed.render([null])).toBe('');
    }
  });

  it('reports a file that is not a Word document', async () => {
    expect(await failure(parse(docxFormat, 'fake.docx', 'plain text, not a zip'))).toMatchInlineSnapshot(`
      "✖ fake.docx is not a Word document: a .docx file is a zip archive, and this is not one
        → at fake.docx
        hint: check that the file is a .docx saved by Word or LibreOffice, and rename it if it is something else"
    `);
    const doc = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
    ]);
    expect(await failure(parse(docxFormat, 'old.docx', doc))).toMatchInlineSnapshot(`
      "✖ old.docx is an old binary Word document (.doc), not a .docx
        → at old.docx
        hint: save it as .docx from Word or LibreOffice (soffice --headless --convert-to docx file.doc)"
    `);
    expect(await failure(parse(docxFormat, 'other.docx', zip({ 'hello.txt': 'hi' })))).toMatchInlineSnapshot(`
      "✖ other.docx is not a readable Word document: Could not find main document part. Are you sure this is a valid .docx file?
        → at other.docx
        hint: open it in Word or LibreOffice and save it again as .docx"
    `);
  });
});

describe('pdf', () => {
  it('extracts the text layer of a real PDF as one document, output .txt', async () => {
    const parsed = await parse(
      pdfFormat,
      'report.pdf',
      pdf(['Patient: Ann Lee (born 1970)', 'Café owner \\ Zoë']),
    );
    expect(parsed.documents).toMatchInlineSnapshot(`
      [
        {
          "fields": [
            {
              "key": "text",
              "text": "Patient: Ann Lee (born 1970)
      Café owner \\ Zoë",
            },
          ],
          "id": "report.pdf",
        },
      ]
    `);
    expect(parsed.outputExtension).toBe('.txt');
    expect(upper(parsed)).toBe('PATIENT: ANN LEE (BORN 1970)\nCAFÉ OWNER \\ ZOË');
    expect(parsed.render([null])).toBe('');
  });

  it('refuses a scan without a text layer, and a file that is not a PDF', async () => {
    expect(await failure(parse(pdfFormat, 'scan.pdf', pdf([])))).toMatchInlineSnapshot(`
      "✖ scan.pdf has no text layer: it looks like a scanned image
        → at scan.pdf
        hint: run OCR first (e.g. ocrmypdf in.pdf out.pdf) so the PDF carries its text, then de-identify that"
    `);
    expect(await failure(parse(pdfFormat, 'cut.pdf', pdf(['Ann']).subarray(0, 60)))).toMatchInlineSnapshot(`
      "✖ cut.pdf is not a readable PDF: Invalid PDF structure.
        → at cut.pdf
        hint: check that the file is a complete PDF (a download cut short has no end); open it in a PDF viewer"
    `);
  });
});
