import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { FEATURES_PER_TOKEN } from './features.js';
import { type ChainWeights, ROW, TAG_COUNT, TAGGER_TYPES, type TaggerType } from './model.js';

/** Maps a span's raw margin to a probability: `1 / (1 + exp(-(a × margin + b)))`, per type. */
export type Calibration = Readonly<Record<TaggerType, { readonly a: number; readonly b: number }>>;

/** What the model file says about itself, besides the weights. */
export interface TaggerHeader {
  readonly format: 1;
  readonly bits: number;
  readonly featuresPerToken: number;
  readonly types: readonly string[];
  /** emission weights are stored as int16: weight = stored × scale */
  readonly scale: number;
  readonly trans: readonly number[];
  readonly start: readonly number[];
  readonly calibration: Calibration;
  /** sha256 of the stored int16 weights: equal hashes, equal models */
  readonly weightsSha256: string;
  /** how the weights were made: corpora, documents, epochs, dev-set scores */
  readonly training: Readonly<Record<string, unknown>>;
}

export interface TaggerModel {
  readonly header: TaggerHeader;
  readonly weights: ChainWeights;
}

const MAGIC = 'TKTAGGER';

/** Rounds emission weights to int16 and packs model and header into gzip bytes. */
export function packModel(
  weights: ChainWeights,
  calibration: Calibration,
  training: Readonly<Record<string, unknown>>,
): { bytes: Buffer; header: TaggerHeader } {
  let max = 0;
  for (const v of weights.emit) max = Math.max(max, Math.abs(v * weights.scale));
  const scale = max === 0 ? 1 : max / 32767;
  const q = new Int16Array(weights.emit.length);
  for (let k = 0; k < q.length; k++) q[k] = Math.round((weights.emit[k]! * weights.scale) / scale);
  const raw = Buffer.from(q.buffer, q.byteOffset, q.byteLength);
  const round = (v: number) => Number(v.toPrecision(9));
  const header: TaggerHeader = {
    format: 1,
    bits: weights.bits,
    featuresPerToken: FEATURES_PER_TOKEN,
    types: [...TAGGER_TYPES],
    scale,
    trans: [...weights.trans].map(round),
    start: [...weights.start].map(round),
    calibration,
    weightsSha256: createHash('sha256').update(raw).digest('hex'),
    training,
  };
  const head = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length);
  const bytes = gzipSync(Buffer.concat([Buffer.from(MAGIC), len, head, raw]), { level: 9 });
  return { bytes, header };
}

/** Reads gzip bytes written by packModel; throws a clear error on anything else or a damaged file. */
export function unpackModel(bytes: Buffer): TaggerModel {
  const notModel = () => new Error('not a trainkit tagger model');
  let all: Buffer;
  try {
    all = gunzipSync(bytes);
  } catch {
    throw notModel();
  }
  if (all.length < MAGIC.length + 4 || all.subarray(0, MAGIC.length).toString() !== MAGIC) throw notModel();
  const len = all.readUInt32LE(MAGIC.length);
  const at = MAGIC.length + 4;
  let header: TaggerHeader;
  try {
    header = JSON.parse(all.subarray(at, at + len).toString()) as TaggerHeader;
  } catch {
    throw notModel();
  }
  if (
    header.format !== 1 ||
    header.featuresPerToken !== FEATURES_PER_TOKEN ||
    header.types.length * 2 + 1 !== TAG_COUNT
  ) {
    throw new Error('the tagger model was made by another version of trainkit');
  }
  const raw = all.subarray(at + len);
  const count = (1 << header.bits) * ROW;
  if (raw.length !== count * 2 || createHash('sha256').update(raw).digest('hex') !== header.weightsSha256) {
    throw new Error('the tagger model is damaged: its weights do not match their checksum');
  }
  // copied into a buffer of its own, so the int16 view is aligned whatever the header's length
  const emit = new Int16Array(count);
  new Uint8Array(emit.buffer).set(raw);
  return {
    header,
    weights: {
      bits: header.bits,
      emit,
      scale: header.scale,
      trans: Float64Array.from(header.trans),
      start: Float64Array.from(header.start),
    },
  };
}

/** The shipped model's path: models/ner/tagger.bin.gz at the package root. */
export function shippedModelPath(): string {
  // from src/deid/tagger (tests) or dist/src/deid/tagger (the built package), up to the root
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'models', 'ner', 'tagger.bin.gz');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'models', 'ner', 'tagger.bin.gz');
}

let shipped: TaggerModel | undefined;

/** The shipped model, read on first use and kept. */
export function shippedModel(): TaggerModel {
  shipped ??= unpackModel(readFileSync(shippedModelPath()));
  return shipped;
}
