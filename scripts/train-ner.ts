/**
 * `npm run train:ner`: reproduces the shipped tagger (models/ner/tagger.bin.gz) from nothing but
 * trainkit's own generator. It generates every training corpus spec (ner/corpora/*.yaml and the
 * text examples) with a fixed seed, adds all-capitals and all-lower-case copies of some documents,
 * fits the score calibration across corpora (a model trained on half the corpora tags the other
 * half, and the other way round), trains the averaged perceptron on everything, and writes the
 * model and its card (models/ner/tagger.json). The same commit gives the same weights: the
 * card's `weightsSha256` says so.
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
import { evaluate } from '../src/deid/evaluate.js';
import { tokenize } from '../src/deid/recognizers/tokens.js';
import { type ChainWeights, TAGGER_TYPES, type TaggerType } from '../src/deid/tagger/model.js';
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
const SCALE = flag('--scale') ?? '2';
const BITS = Number(flag('--bits') ?? 19);
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
/** every corpus's documents, in corpus order */
const byCorpus = new Map<string, TrainingDocument[]>();
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
    const docs: TrainingDocument[] = [];
    for (const file of readdirSync(out)
      .filter((f) => f.endsWith('.ner.jsonl'))
      .sort()) {
      for (const line of readFileSync(join(out, file), 'utf8').split('\n')) {
        if (line === '') continue;
        const doc = JSON.parse(line) as { id: unknown; text: string; spans: TrainingDocument['spans'] };
        const spans = toUtf16(doc.text, doc.spans)
          .filter((s) => TYPE_OF[s.type] !== undefined)
          .map((s) => ({ ...s, type: TYPE_OF[s.type]! }));
        docs.push({ text: doc.text, spans });
      }
    }
    byCorpus.set(spec, docs);
    log(`${spec}: ${docs.length} documents`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

/**
 * The documents plus all-capitals and all-lower-case copies of some of them: real notes come in
 * capitals and chat in lower case, whatever the corpus. A case change that alters the length
 * (ß → SS) would move the spans: such documents get no copy.
 */
function withCaseCopies(docs: readonly TrainingDocument[]): TrainingDocument[] {
  const rng = Rng.from(['trainkit-ner-case', SEED]);
  const out = [...docs];
  for (const doc of docs) {
    const r = rng.float();
    const text = r < 0.08 ? doc.text.toUpperCase() : r < 0.16 ? doc.text.toLowerCase() : undefined;
    if (text !== undefined && text.length === doc.text.length) out.push({ text, spans: doc.spans });
  }
  return out;
}

function trainOn(
  docs: readonly TrainingDocument[],
  label: string,
): { weights: ChainWeights; documents: number; tokens: number } {
  const examples: Example[] = withCaseCopies(docs).map((d) => toExample(d, BITS));
  const tokens = examples.reduce((s, e) => s + e.n, 0);
  log(`${label}: ${examples.length} documents, ${tokens} tokens`);
  const weights = trainPerceptron(examples, {
    bits: BITS,
    epochs: EPOCHS,
    seed: SEED,
    onEpoch: (e, err) => log(`  epoch ${e}: ${(err * 100).toFixed(2)}% of tokens wrong`),
  });
  return { weights, documents: examples.length, tokens };
}

/** Per type: the margins of predicted spans and whether each was right. */
type Outcomes = Record<TaggerType, { margins: number[]; correct: boolean[] }>;

/**
 * Tags documents; a predicted span is right when at least half of its characters lie in gold
 * spans, as `trainkit deid eval` counts (masking a name with a word too many still hides it).
 */
function outcomesOf(weights: ChainWeights, docs: readonly TrainingDocument[], into: Outcomes): void {
  for (const doc of docs) {
    const covered = new Uint8Array(doc.text.length);
    for (const g of doc.spans) covered.fill(1, g.start, g.end);
    for (const p of tagSpans(weights, doc.text, tokenize(doc.text))) {
      let hit = 0;
      for (let i = p.start; i < p.end; i++) hit += covered[i]!;
      into[p.type].margins.push(p.margin);
      into[p.type].correct.push(hit * 2 >= p.end - p.start);
    }
  }
}

// Calibration and the card's scores come from text unlike the training text: the corpora are
// split in two folds, a model trained on each fold tags the other fold's documents. A held-out
// slice of the same corpora would flatter the model (same templates) and make it overconfident.
const outcomes = Object.fromEntries(
  TAGGER_TYPES.map((t) => [t, { margins: [] as number[], correct: [] as boolean[] }]),
) as Outcomes;
const crossCorpus: Record<string, unknown>[] = [];
const folds = [corpora.filter((_, i) => i % 2 === 0), corpora.filter((_, i) => i % 2 === 1)];
for (const [k, fold] of folds.entries()) {
  const { weights } = trainOn(
    fold.flatMap((c) => byCorpus.get(c)!),
    `fold ${k + 1} (${fold.join(', ')})`,
  );
  const others = folds[1 - k]!.flatMap((c) => byCorpus.get(c)!);
  outcomesOf(weights, others, outcomes);
  const report = evaluate(
    others.map((d, i) => ({ id: String(i), ...d })),
    (text) => tagSpans(weights, text, tokenize(text)).map((p) => ({ ...p, score: 1, recognizer: 'tagger' })),
  );
  const r3 = (x: number) => Number(x.toFixed(3));
  const row = (t: { precision: number; recall: number }) => ({
    precision: r3(t.precision),
    recall: r3(t.recall),
  });
  crossCorpus.push({
    trainedOn: fold,
    scoredOn: folds[1 - k],
    overall: row(report.overall),
    ...Object.fromEntries(Object.entries(report.types).map(([t, v]) => [t, row(v)])),
  });
  log(`  scored on the other fold: ${JSON.stringify(crossCorpus.at(-1))}`);
}
const calibration = {} as Record<TaggerType, { a: number; b: number }>;
const r4 = (x: number) => Number(x.toFixed(4));
for (const t of TAGGER_TYPES) {
  const p = fitPlatt(outcomes[t].margins, outcomes[t].correct);
  calibration[t] = { a: r4(p.a), b: r4(p.b) };
  log(
    `calibration ${t}: a=${calibration[t].a} b=${calibration[t].b} from ${outcomes[t].margins.length} spans`,
  );
}

const all = corpora.flatMap((c) => byCorpus.get(c)!);
const final = trainOn(all, 'final model, every corpus');
const training = {
  method: 'averaged structured perceptron, linear-chain BIO, hashed features',
  corpora: Object.fromEntries(corpora.map((c) => [c, byCorpus.get(c)!.length])),
  scale: Number(SCALE),
  seed: SEED,
  epochs: EPOCHS,
  trainDocuments: final.documents,
  trainTokens: final.tokens,
  crossCorpus,
};
const { bytes, header } = packModel(final.weights, calibration as Calibration, training);
const seconds = (performance.now() - started) / 1000;
log(
  `trained in ${seconds.toFixed(0)} s; weights ${header.weightsSha256.slice(0, 16)}…, ${(bytes.length / 1e6).toFixed(1)} MB`,
);

if (check) {
  const shipped = unpackModel(readFileSync(shippedModelPath()));
  const same =
    shipped.header.weightsSha256 === header.weightsSha256 &&
    JSON.stringify(shipped.header.calibration) === JSON.stringify(header.calibration);
  log(
    same
      ? 'the shipped weights and calibration are reproduced exactly'
      : `the shipped model differs: weights ${shipped.header.weightsSha256}, calibration ${JSON.stringify(shipped.header.calibration)}`,
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
