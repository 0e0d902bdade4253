import { readFileSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import type { Recognizer } from '../../deid/index.js';
import type { Runner } from '../runner.js';

interface CommonFlags {
  policy?: string;
  keyFile?: string;
  textField?: string[];
  idField: string;
  threshold?: number;
  tagger?: boolean;
  json?: boolean;
}

function parseThreshold(v: string): number {
  const n = Number(v);
  if (!(n >= 0 && n <= 1))
    throw new InvalidArgumentError('the threshold is a number from 0 to 1, such as 0.5');
  return n;
}

const collect = (v: string, prev: string[] = []) => [...prev, ...v.split(',')];

async function setup(flags: CommonFlags) {
  const deid = await import('../../deid/index.js');
  const policy = deid.loadPolicy(flags.policy);
  let key = deid.DEMO_KEY;
  if (flags.keyFile) key = deid.readKeyFile(flags.keyFile);
  else if (!flags.json) {
    process.stderr.write(
      '! no --key-file: using the public demo key, so surrogates are the same for everyone; pass a key of your own for private output\n',
    );
  }
  const deidentifier = new deid.Deidentifier({
    policy,
    key,
    recognizers: deid.defaultRecognizers({ tagger: flags.tagger !== false }),
    ...(flags.threshold === undefined ? {} : { threshold: flags.threshold }),
  });
  const options = {
    textFields: flags.textField ?? ['text'],
    idField: flags.idField,
    columns: policy.columns,
  };
  return { deid, deidentifier, options, policy };
}

function addCommon(cmd: Command): Command {
  return cmd
    .option(
      '-p, --policy <policy>',
      'a preset (synthesize, redact, hipaa-safe-harbor) or a policy file',
      'synthesize',
    )
    .option(
      '-k, --key-file <file>',
      'a 32-byte secret key (hex or base64): keeps surrogates consistent across runs',
    )
    .option('--text-field <field>', 'JSON/JSONL: a field holding text (repeatable, dotted paths)', collect)
    .option('--id-field <field>', 'JSON/JSONL/CSV: the field naming each document', 'id')
    .option('--threshold <x>', 'detection threshold from 0 to 1 (lower finds more)', parseThreshold)
    .option('--no-tagger', 'lexicons and patterns only, without the learned tagger (faster, finds less)')
    .option('--json', 'print a machine-readable report');
}

export function registerDeid(program: Command, run: Runner): void {
  const deidCmd = addCommon(
    program
      .command('deid')
      .description(
        'de-identify text, Markdown, JSON/JSONL, CSV, DOCX or PDF files (or a folder, or - for stdin)',
      )
      .argument('[input]', 'a file, a folder, or - for standard input')
      .option('-o, --out <path>', 'output file or folder (default: standard output)')
      .option(
        '--from-db <url>',
        'de-identify a whole database (postgres://, mysql://, duckdb:FILE, sqlite:FILE) …',
      )
      .option('--to-db <url>', '… into another, empty one: same tables and keys, joins intact'),
  ).action(
    (input: string | undefined, flags: CommonFlags & { out?: string; fromDb?: string; toDb?: string }) =>
      run(flags.json === true, async () => {
        if (flags.fromDb !== undefined || flags.toDb !== undefined) return deidDatabase(input, flags);
        if (input === undefined)
          throw new InvalidArgumentError(
            'give an input (a file, a folder, or -), or --from-db URL --to-db URL2',
          );
        const { deid, deidentifier, options } = await setup(flags);
        const report = await deid.deidentifyInputs(deid.readInputs(input), deidentifier, {
          ...(flags.out === undefined ? {} : { out: flags.out }),
          options,
        });
        if (flags.json)
          process.stdout.write(`${JSON.stringify({ ok: report.failed.length === 0, ...report }, null, 2)}\n`);
        else if (flags.out !== undefined) {
          const total = Object.values(report.entities).reduce((s, n) => s + n, 0);
          process.stderr.write(
            `De-identified ${report.documents} documents in ${report.files} files: ${total} entities → ${flags.out}\n`,
          );
        }
        if (report.failed.length > 0) {
          process.stderr.write(
            `✖ ${report.failed.length} documents could not be de-identified and were left out:\n`,
          );
          for (const f of report.failed.slice(0, 20))
            process.stderr.write(`  ${f.file} ${f.id}: ${f.reason}\n`);
          process.exitCode = 1;
        }
      }),
  );

  // options after "eval" belong to eval, not to deid
  program.enablePositionalOptions();
  deidCmd.enablePositionalOptions();
  deidCmd
    .command('eval')
    .description('score detection against gold spans: precision, recall and F2 per type')
    .requiredOption('--gold <file>', 'gold JSONL: {id, text, spans: [{start, end, type}]}')
    .option(
      '-p, --policy <policy>',
      'a preset or a policy file (its threshold, allow and deny lists apply)',
      'synthesize',
    )
    .option('--threshold <x>', 'detection threshold from 0 to 1', parseThreshold)
    .option('--no-tagger', 'lexicons and patterns only, without the learned tagger')
    .option('--min-recall <x>', 'exit 1 when overall recall is below this', parseThreshold)
    .option('--type-map <pairs>', 'gold type → trainkit type, e.g. PHONE_NUMBER=PHONE (repeatable)', collect)
    .option('--json', 'print the report as JSON')
    .action(
      (flags: {
        gold: string;
        policy: string;
        threshold?: number;
        tagger?: boolean;
        minRecall?: number;
        typeMap?: string[];
        json?: boolean;
      }) =>
        run(flags.json === true, async () => {
          const deid = await import('../../deid/index.js');
          const policy = deid.loadPolicy(flags.policy);
          const tagger = flags.tagger !== false;
          const detectorOf = (recognizers: readonly Recognizer[]) =>
            new deid.Detector({
              recognizers,
              threshold: flags.threshold ?? policy.threshold,
              allow: policy.allow,
              deny: policy.deny,
            });
          const detector = detectorOf(deid.defaultRecognizers({ tagger }));
          const docs = readGold(flags.gold);
          const typeMap: Record<string, string> = { ...deid.defaultTypeMap };
          for (const pair of flags.typeMap ?? []) {
            const [from, to] = pair.split('=');
            if (!from || !to)
              throw new InvalidArgumentError(`--type-map takes GOLD=OURS pairs, got "${pair}"`);
            typeMap[from] = to;
          }
          const started = performance.now();
          const report = deid.evaluate(docs, (text) => detector.detect(text), typeMap);
          const seconds = (performance.now() - started) / 1000;
          // the tagger alone, on the gold entities of its kinds: names, places, organisations
          let taggerOnly: ReturnType<typeof deid.evaluate> | undefined;
          if (tagger) {
            const alone = detectorOf([deid.taggerRecognizer()]);
            const gold = deid.restrictGold(docs, deid.TAGGER_GOLD_TYPES, typeMap);
            taggerOnly = deid.evaluate(gold, (text) => alone.detect(text), typeMap);
          }
          const failed = flags.minRecall !== undefined && report.overall.recall < flags.minRecall;
          if (flags.json) {
            const out = { ok: !failed, seconds, ...report, ...(taggerOnly ? { tagger: taggerOnly } : {}) };
            process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
          } else {
            process.stdout.write(`Whole pipeline\n${renderReport(report)}`);
            if (taggerOnly)
              process.stdout.write(
                `\nTagger alone, on the gold ${deid.TAGGER_GOLD_TYPES.join(', ')} entities\n${renderReport(taggerOnly)}`,
              );
          }
          if (failed) process.exitCode = 1;
        }),
    );

  addCommon(
    program
      .command('detect')
      .description(
        'find sensitive entities; writes one JSON line per document: {id, spans: [{start, end, type, score}]}',
      )
      .argument('<input>', 'a file, a folder, or - for standard input')
      .option('-o, --out <file>', 'output JSONL (default: standard output)')
      .option(
        '--include-text',
        'also write each document text and each span text (off by default: spans are sensitive)',
      ),
  ).action((input: string, flags: CommonFlags & { out?: string; includeText?: boolean }) =>
    run(flags.json === true, async () => {
      const { deid, deidentifier, options } = await setup({ ...flags, json: true });
      const lines: string[] = [];
      for (const file of deid.readInputs(input)) {
        const format = deid.formatFor(file.path) ?? deid.documentFormats[0]!;
        const parsed = await format.parse(file.bytes, { path: file.path, options });
        for (const doc of parsed.documents) {
          const fields = doc.fields.map((f) => {
            const spans = deidentifier.detect(f.text).map((s) => ({
              start: s.start,
              end: s.end,
              type: s.type,
              score: Number(s.score.toFixed(3)),
              ...(flags.includeText ? { text: f.text.slice(s.start, s.end) } : {}),
            }));
            return { field: f.key, spans, ...(flags.includeText ? { text: f.text } : {}) };
          });
          // a document with one text field gets the flat {id, spans} line; several fields are listed
          const only = fields.length === 1 && fields[0]!.field === 'text' ? fields[0]! : undefined;
          if (only) {
            const { field: _field, ...rest } = only;
            lines.push(JSON.stringify({ id: doc.id, ...rest }));
          } else lines.push(JSON.stringify({ id: doc.id, fields }));
        }
      }
      const text = lines.length > 0 ? `${lines.join('\n')}\n` : '';
      if (flags.out) {
        const { writeFileSync, renameSync } = await import('node:fs');
        writeFileSync(`${flags.out}.tmp`, text);
        renameSync(`${flags.out}.tmp`, flags.out);
      } else process.stdout.write(text);
    }),
  );

  program
    .command('reid')
    .description('restore the originals of values de-identified with the encrypt operator')
    .argument('<input>', 'a de-identified file, or - for standard input')
    .requiredOption('-k, --key-file <file>', 'the key the data was encrypted with')
    .option('-o, --out <file>', 'output file (default: standard output)')
    .action((input: string, flags: { keyFile: string; out?: string }) =>
      run(false, async () => {
        const deid = await import('../../deid/index.js');
        const key = deid.readKeyFile(flags.keyFile);
        const text = input === '-' ? readFileSync(0, 'utf8') : readFileSync(input, 'utf8');
        const result = deid.reidentify(text, key);
        if (flags.out) {
          const { writeFileSync, renameSync } = await import('node:fs');
          writeFileSync(`${flags.out}.tmp`, result.text);
          renameSync(`${flags.out}.tmp`, flags.out);
        } else process.stdout.write(result.text);
        process.stderr.write(
          `Restored ${result.restored} values${result.failed ? `; ${result.failed} tokens failed authentication` : ''}\n`,
        );
        if (result.failed > 0) process.exitCode = 1;
      }),
    );
}

/** `deid --from-db URL --to-db URL2`: a whole database copied de-identified. */
async function deidDatabase(
  input: string | undefined,
  flags: CommonFlags & { out?: string; fromDb?: string; toDb?: string },
): Promise<void> {
  const { userError } = await import('../../errors/index.js');
  if (input !== undefined || flags.out !== undefined)
    throw userError('usage', '--from-db copies a database into --to-db: give no input file and no --out', {
      hint: 'trainkit deid --from-db postgres://…/shop --to-db sqlite:shop-deid.sqlite --policy P',
    });
  if (flags.fromDb === undefined || flags.toDb === undefined)
    throw userError(
      'usage',
      `${flags.fromDb === undefined ? '--to-db' : '--from-db'} needs ${flags.fromDb === undefined ? '--from-db' : '--to-db'}`,
      {
        hint: 'trainkit deid --from-db URL --to-db URL2 --policy P',
      },
    );
  const { deid, deidentifier, policy } = await setup(flags);
  const report = await deid.deidentifyDatabase({
    from: flags.fromDb,
    to: flags.toDb,
    policy,
    deidentifier,
  });
  const ok = report.failed.length === 0;
  if (flags.json) process.stdout.write(`${JSON.stringify({ ok, ...report }, null, 2)}\n`);
  else {
    const rows = report.tables.reduce((n, t) => n + t.written, 0);
    const total = Object.values(report.entities).reduce((n, k) => n + k, 0);
    process.stdout.write(
      `De-identified ${report.from} → ${report.to}: ${report.tables.length} tables, ${rows} rows, ${total} entities\n`,
    );
    for (const t of report.tables) {
      const types = Object.entries(t.entities)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ');
      process.stdout.write(
        `  ${t.table.padEnd(24)} ${String(t.written).padStart(8)} rows${t.leftOut ? ` (${t.leftOut} left out)` : ''}${types ? `  ${types}` : ''}\n`,
      );
    }
    for (const n of report.notes) process.stdout.write(`  ! ${n}\n`);
  }
  if (!ok) {
    process.stderr.write(`✖ ${report.failed.length} rows could not be de-identified and were left out:\n`);
    for (const f of report.failed.slice(0, 20))
      process.stderr.write(`  ${f.table} row ${f.row}: ${f.reason}\n`);
    process.exitCode = 1;
  }
}

function readGold(file: string) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const docs: { id: string; text: string; spans: { start: number; end: number; type: string }[] }[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const d = JSON.parse(line) as {
        id?: unknown;
        text: string;
        spans: { start: number; end: number; type: string }[];
      };
      docs.push({ id: String(d.id ?? i + 1), text: d.text, spans: d.spans });
    } catch {
      throw new InvalidArgumentError(`${file}:${i + 1}: not a JSON line with {id, text, spans}`);
    }
  });
  return docs;
}

function renderReport(r: {
  documents: number;
  overall: { precision: number; recall: number; f2: number; gold: number };
  types: Record<string, { precision: number; recall: number; f2: number; gold: number; predicted: number }>;
}): string {
  const f = (x: number) => x.toFixed(3);
  const lines = [
    `${r.documents} documents, ${r.overall.gold} gold entities`,
    'type                  gold  found  precision  recall     F2',
  ];
  for (const [t, s] of Object.entries(r.types)) {
    lines.push(
      `${t.padEnd(20)} ${String(s.gold).padStart(5)} ${String(s.predicted).padStart(6)}  ${f(s.precision).padStart(9)}  ${f(s.recall).padStart(6)}  ${f(s.f2)}`,
    );
  }
  lines.push(
    `${'overall'.padEnd(20)} ${String(r.overall.gold).padStart(5)} ${''.padStart(6)}  ${f(r.overall.precision).padStart(9)}  ${f(r.overall.recall).padStart(6)}  ${f(r.overall.f2)}`,
  );
  return `${lines.join('\n')}\n`;
}
