/**
 * `npm run train:ner`: reproduces the shipped tagger (models/ner/tagger.bin.gz) from nothing but
 * trainkit's own generator. It generates every training corpus spec (ner/corpora/*.yaml and the
 * text examples) with a fixed seed, adds all-capitals and all-lower-case copies of some documents,
 * holds out a tenth of them, trains the averaged perceptron, fits the score calibration on the
 * held-out tenth, and writes the model and its card (models/ner/tagger.json). The same commit
 * gives the same weights: the card's `weightsSha256` says so.
 *
 * Options: `--check` trains and compares with the shipped model instead of writing it;
 * `--epochs N`, `--scale X` for experiments; `--out DIR`.
 */
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tokenize } from '../src/deid/recognizers/tokens.js';
import { TAGGER_TYPES, type TaggerType } from '../src/deid/tagger/model.js';
import { type Calibration, packModel, shippedModelPath, unpackModel } from '../src/deid/tagger/model-file.js';
import { fitPlatt, tagSpans } from '../src/deid/tagger/tagger.js';
import { type Example, type TrainingDocument, toExample, trainPerceptron } from '../src/deid/tagger/train.js';
import { Rng } from '../src/random/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const EPOCHS = Number(flag('--epochs') ?? 10);
const SCALE = flag('--scale') ?? '1';
const BITS = 19;
const SEED = 20261122;
const check = args.includes('--check');
const outDir = flag('--out') ?? join(root, 'models', 'ner');

/** The corpora: every spec under ner/corpora plus the examples that label text. */
const corpora = [
  ...readdirSync(join(root, 'ner', 'corpora'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join('ner', 'corpora', f)),
  'examples/clinical-notes.yaml',
  'examples/support-tickets.yaml',
  'examples/company-email.yaml',
];

/** Generated span offsets count code points; the tagger's count UTF-16 units. */
function toUtf16(text: string, spans: TrainingDocument['spans']): TrainingDocument['spans'] {
  const unitAt: number[] = [];
  let u = 0;
  for (const ch of text) {
    unitAt.push(u);
    u += ch.length;
  }
  unitAt.push(u);
  return spans.map((s) => ({ start: unitAt[s.start]!, end: unitAt[s.end]!, type: s.type }));
}

const TYPE_OF: Record<string, TaggerType> = {
  PERSON: 'PERSON',
  LOCATION: 'LOCATION',
  ADDRESS: 'LOCATION',
  ORGANIZATION: 'ORGANIZATION',
};

function log(line: string) {
  process.stderr.write(`${line}\n`);
}

const started = performance.now();
const work = mkdtempSync(join(tmpdir(), 'trainkit-ner-'));
const train: TrainingDocument[] = [];
const dev: TrainingDocument[] = [];
const counts: Record<string, number> = {};
try {
  for (const spec of corpora) {
    const out = join(work, spec.replace(/[/.]/g, '_'));
    execFileSync(
      process.execPath,
      [
        join(root, 'bin', 'trainkit.js'),
        'generate',
        join(root, spec),
        '--out',
        out,
        '--format',
        'jsonl',
        '--ner',
        'spans',
        '--scale',
        SCALE,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    let n = 0;
    for (const file of readdirSync(out)
      .filter((f) => f.endsWith('.ner.jsonl'))
      .sort()) {
      for (const line of readFileSync(join(out, file), 'utf8').split('\n')) {
        if (line === '') continue;
        const doc = JSON.parse(line) as { id: unknown; text: string; spans: TrainingDocument['spans'] };
        const spans = toUtf16(doc.text, doc.spans)
          .filter((s) => TYPE_OF[s.type] !== undefined)
          .map((s) => ({ ...s, type: TYPE_OF[s.type]! }));
        // every tenth document (by position) is held out for calibration and the card's scores
        (n % 10 === 9 ? dev : train).push({ text: doc.text, spans });
        n++;
      }
    }
    counts[spec] = n;
    log(`${spec}: ${n} documents`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

// case copies: real notes come in all capitals and chat in all lower case, whatever the corpus
const rng = Rng.from(['trainkit-ner-case', SEED]);
const augmented: TrainingDocument[] = [...train];
for (const doc of train) {
  const r = rng.float();
  const text = r < 0.08 ? doc.text.toUpperCase() : r < 0.16 ? doc.text.toLowerCase() : undefined;
  // a case change that alters the length (ß → SS) would move the spans: such documents are skipped
  if (text !== undefined && text.length === doc.text.length) augmented.push({ text, spans: doc.spans });
}
const examples: Example[] = augmented.map((d) => toExample(d, BITS));
const tokenCount = examples.reduce((s, e) => s + e.n, 0);
log(`training on ${examples.length} documents (${tokenCount} tokens), holding out ${dev.length}`);
const weights = trainPerceptron(examples, {
  bits: BITS,
  epochs: EPOCHS,
  seed: SEED,
  onEpoch: (e, err) => log(`  epoch ${e}: ${(err * 100).toFixed(2)}% of tokens wrong`),
});

// held-out scores, and the outcomes calibration is fitted to: a predicted span is right when a gold
// span of the same type has the same offsets
const perType: Record<string, { tp: number; fp: number; fn: number; margins: number[]; correct: boolean[] }> =
  {};
for (const t of TAGGER_TYPES) perType[t] = { tp: 0, fp: 0, fn: 0, margins: [], correct: [] };
for (const doc of dev) {
  const pred = tagSpans(weights, doc.text, tokenize(doc.text));
  const gold = new Set(doc.spans.map((s) => `${s.start}:${s.end}:${s.type}`));
  const hit = new Set<string>();
  for (const p of pred) {
    const key = `${p.start}:${p.end}:${p.type}`;
    const ok = gold.has(key);
    const b = perType[p.type]!;
    b.margins.push(p.margin);
    b.correct.push(ok);
    if (ok) {
      b.tp++;
      hit.add(key);
    } else b.fp++;
  }
  for (const g of doc.spans) if (!hit.has(`${g.start}:${g.end}:${g.type}`)) perType[g.type]!.fn++;
}
const calibration = {} as Record<TaggerType, { a: number; b: number }>;
const devScores: Record<string, { precision: number; recall: number; f1: number }> = {};
const r4 = (x: number) => Number(x.toFixed(4));
for (const t of TAGGER_TYPES) {
  const b = perType[t]!;
  const fit = fitPlatt(b.margins, b.correct);
  calibration[t] = { a: r4(fit.a), b: r4(fit.b) };
  const precision = b.tp / Math.max(1, b.tp + b.fp);
  const recall = b.tp / Math.max(1, b.tp + b.fn);
  devScores[t] = {
    precision: r4(precision),
    recall: r4(recall),
    f1: r4((2 * precision * recall) / Math.max(1e-9, precision + recall)),
  };
  log(
    `held out ${t}: precision ${precision.toFixed(3)} recall ${recall.toFixed(3)}  calibration a=${calibration[t].a} b=${calibration[t].b}`,
  );
}

const training = {
  method: 'averaged structured perceptron, linear-chain BIO, hashed features',
  corpora: Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v])),
  scale: Number(SCALE),
  seed: SEED,
  epochs: EPOCHS,
  trainDocuments: examples.length,
  trainTokens: tokenCount,
  heldOutDocuments: dev.length,
  heldOut: devScores,
};
const { bytes, header } = packModel(weights, calibration as Calibration, training);
const seconds = (performance.now() - started) / 1000;
log(
  `trained in ${seconds.toFixed(0)} s; weights ${header.weightsSha256.slice(0, 16)}…, ${(bytes.length / 1e6).toFixed(1)} MB`,
);

if (check) {
  const shipped = unpackModel(readFileSync(shippedModelPath()));
  const same = shipped.header.weightsSha256 === header.weightsSha256;
  log(
    same
      ? 'the shipped weights are reproduced exactly'
      : `the shipped weights differ: ${shipped.header.weightsSha256}`,
  );
  process.exitCode = same ? 0 : 1;
} else {
  mkdirSync(outDir, { recursive: true });
  const modelPath = join(outDir, 'tagger.bin.gz');
  writeFileSync(`${modelPath}.tmp`, bytes);
  renameSync(`${modelPath}.tmp`, modelPath);
  const card = { ...header, trans: undefined, start: undefined, scale: undefined };
  writeFileSync(join(outDir, 'tagger.json'), `${JSON.stringify(card, null, 2)}\n`);
  log(`wrote ${relative(process.cwd(), modelPath)} and tagger.json`);
}
