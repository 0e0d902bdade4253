/**
 * `npm run bench:ner [-- --json] [-- --mb N] [-- --runs N]`: the learned tagger against
 * compromise (the most used JavaScript library that finds people, places and organisations), on
 * the same fictional clinical-style notes as bench:deid, one core, both measured in the same run,
 * alternating, median of `--runs` (5). Prints:
 *   - tokens per second of the tagger (tokenize, features, Viterbi, margins) and of compromise
 *     (parse plus people, places and organisations, on the first tenth of the notes), counted in
 *     the same tokens, and their ratio;
 *   - MB/s of the whole `trainkit detect` pipeline (every recognizer, the tagger on) and of
 *     redact-pii's SyncRedactor, and their ratio.
 */
import { createRequire } from 'node:module';
import { Detector, defaultRecognizers } from '../src/deid/index.js';
import { tokenize } from '../src/deid/recognizers/tokens.js';
import { shippedModel, tagSpans } from '../src/deid/tagger/index.js';
import { clinicalNotes } from './clinical-notes.js';
import { benchArgs, median } from './run-node.js';

const { json, flag } = benchArgs();
const mb = flag('--mb', 4);
const runs = flag('--runs', 5);

const notes = clinicalNotes(mb);
const bytes = notes.reduce((s, n) => s + Buffer.byteLength(n), 0);
const tokens = notes.reduce((s, n) => s + tokenize(n).length, 0);
// compromise is some thirty times slower: it gets the first tenth of the notes, so a run takes
// seconds, not minutes; its rate is counted in the same tokens
const slice = notes.slice(0, Math.ceil(notes.length / 10));
const sliceTokens = slice.reduce((s, n) => s + tokenize(n).length, 0);

const require = createRequire(import.meta.url);
type Doc = {
  people(): { out(f: string): unknown };
  places(): { out(f: string): unknown };
  organizations(): { out(f: string): unknown };
};
const nlp = require('compromise') as (text: string) => Doc;
const { SyncRedactor } = require('redact-pii') as { SyncRedactor: new () => { redact(t: string): string } };
const redactor = new SyncRedactor();
const model = shippedModel();
const detector = new Detector({ recognizers: defaultRecognizers() });

const jobs = {
  tagger: () => {
    for (const n of notes) tagSpans(model.weights, n, tokenize(n));
  },
  compromise: () => {
    for (const n of slice) {
      const doc = nlp(n);
      doc.people().out('offset');
      doc.places().out('offset');
      doc.organizations().out('offset');
    }
  },
  detect: () => {
    for (const n of notes) detector.detect(n);
  },
  redactPii: () => {
    for (const n of notes) redactor.redact(n);
  },
};
type Job = keyof typeof jobs;

// warm-up on a slice, so compilation and the model's first read are not measured
for (const n of notes.slice(0, 300)) {
  tagSpans(model.weights, n, tokenize(n));
  nlp(n).people();
  detector.detect(n);
  redactor.redact(n);
}
const seconds: Record<Job, number[]> = { tagger: [], compromise: [], detect: [], redactPii: [] };
for (let r = 0; r < runs; r++) {
  for (const job of Object.keys(jobs) as Job[]) {
    const started = performance.now();
    jobs[job]();
    seconds[job].push((performance.now() - started) / 1000);
  }
}
const med = (job: Job) => median(seconds[job]);
const result = {
  megabytes: Number((bytes / 1e6).toFixed(1)),
  tokens,
  runs,
  taggerTokensPerSec: Math.round(tokens / med('tagger')),
  compromiseTokensPerSec: Math.round(sliceTokens / med('compromise')),
  taggerRatio: Number((tokens / med('tagger') / (sliceTokens / med('compromise'))).toFixed(2)),
  detectMBps: Number((bytes / 1e6 / med('detect')).toFixed(2)),
  redactPiiMBps: Number((bytes / 1e6 / med('redactPii')).toFixed(2)),
  detectRatio: Number((med('redactPii') / med('detect')).toFixed(2)),
};
if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  process.stdout.write(
    [
      `${result.megabytes} MB of clinical-style notes, ${tokens} tokens, one core, median of ${runs} runs`,
      `  tagger                      ${result.taggerTokensPerSec} tokens/s`,
      `  compromise                  ${result.compromiseTokensPerSec} tokens/s`,
      `  ratio                       ${result.taggerRatio}×`,
      `  trainkit detect (tagger on) ${result.detectMBps} MB/s`,
      `  redact-pii                  ${result.redactPiiMBps} MB/s`,
      `  ratio                       ${result.detectRatio}×`,
      '',
    ].join('\n'),
  );
}
