/**
 * `npm run bench:deid [-- --json] [-- --mb N] [-- --rounds N] [-- --one-by-one]`: the full de-identification pipeline
 * (detect → resolve → synthesize surrogates) against redact-pii's SyncRedactor, the most used
 * JavaScript PII redactor, on the same corpus of fictional clinical-style notes (20 MB by
 * default), one core, measured in the same run: the notes are cut into N slices (10 by default)
 * and the two sides take turns on each. trainkit takes the notes as `trainkit deid` takes a JSONL
 * file's documents, in groups of 64 (`Deidentifier.fields`); `--one-by-one` calls `text` per
 * note instead (same output). Prints MB/s of each and the ratio.
 */
import { createRequire } from 'node:module';
import { DEMO_KEY, Deidentifier, loadPolicy } from '../src/deid/index.js';
import { clinicalNotes } from './clinical-notes.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const mbFlag = args.indexOf('--mb');
const mb = mbFlag >= 0 ? Number(args[mbFlag + 1]) : 20;

const notes = clinicalNotes(mb);
const bytes = notes.reduce((s, n) => s + Buffer.byteLength(n), 0);

function time(fn: () => void): number {
  const started = performance.now();
  fn();
  return (performance.now() - started) / 1000;
}

const deid = new Deidentifier({ policy: loadPolicy('synthesize'), key: DEMO_KEY });
// warm both up on a small slice so JIT compilation is not measured
for (const n of notes.slice(0, 200)) deid.text(n, 'warm');
const require = createRequire(import.meta.url);
const { SyncRedactor } = require('redact-pii') as { SyncRedactor: new () => { redact(t: string): string } };
const redactor = new SyncRedactor();
for (const n of notes.slice(0, 200)) redactor.redact(n);

// the notes in slices, each side timed on every slice, taking turns at going first: on a shared
// machine the load drifts, and timing one whole side after the other let a drift land on one side
// only; the ratio is of the summed times
const roundsFlag = args.indexOf('--rounds');
const oneByOne = args.includes('--one-by-one');
/** Documents per group, as `trainkit deid` takes them (src/deid/run.ts). */
const BATCH = 64;
const rounds = Math.max(1, Math.floor(roundsFlag >= 0 ? Number(args[roundsFlag + 1]) : 10) || 10);
let trainkitSeconds = 0;
let redactPiiSeconds = 0;
let i = 0;
for (let r = 0; r < rounds; r++) {
  const slice = notes.slice(
    Math.floor((r * notes.length) / rounds),
    Math.floor(((r + 1) * notes.length) / rounds),
  );
  const ours = () => {
    trainkitSeconds += time(() => {
      if (oneByOne) for (const n of slice) deid.text(n, `note-${i++}`);
      else {
        // as `trainkit deid` runs a JSONL file: groups of documents, each detected, then transformed
        for (let g = 0; g < slice.length; g += BATCH) {
          const items = slice.slice(g, g + BATCH).map((text) => ({
            field: { key: 'text', text },
            documentId: `note-${i++}`,
          }));
          for (const outcome of deid.fields(items)) if (!outcome.ok) throw outcome.error;
        }
      }
    });
  };
  const theirs = () => {
    redactPiiSeconds += time(() => {
      for (const n of slice) redactor.redact(n);
    });
  };
  if (r % 2 === 0) {
    ours();
    theirs();
  } else {
    theirs();
    ours();
  }
}
const result = {
  megabytes: Number((bytes / 1e6).toFixed(1)),
  notes: notes.length,
  rounds,
  batch: oneByOne ? 1 : BATCH,
  trainkitMBps: Number((bytes / 1e6 / trainkitSeconds).toFixed(2)),
  redactPiiMBps: Number((bytes / 1e6 / redactPiiSeconds).toFixed(2)),
  ratio: Number((redactPiiSeconds / trainkitSeconds).toFixed(2)),
};
if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  process.stdout.write(
    `${result.megabytes} MB of clinical-style notes (${result.notes} notes), one core\n  trainkit deid (synthesize)  ${result.trainkitMBps} MB/s\n  redact-pii                  ${result.redactPiiMBps} MB/s\n  ratio                       ${result.ratio}×\n`,
  );
}
