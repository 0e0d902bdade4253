import { writeFileSync } from 'node:fs';
import { userError } from '../errors/index.js';
import { buildManifest, type Manifest } from '../govern/index.js';
import {
  type FileFormat,
  fileSinks,
  type NerColumns,
  type NerFormat,
  nerExport,
  type OutputDir,
  type Sink,
  StagedDir,
  type WrittenFile,
} from '../io/index.js';
import type { Spec } from '../spec/index.js';
import { VERSION } from '../version.js';
import { type ChunkRange, generateChunks } from './engine.js';
import { HeapTrim } from './heap-trim.js';
import { generateParallel } from './parallel.js';
import { type Plan, type PlanOptions, planGeneration, planLayouts } from './plan.js';
import { type SplitOptions, SplitSink, type SplitSummary } from './splits.js';

export interface GenerateOptions extends PlanOptions {
  /** Called after each chunk with rows made so far and rows in all. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Worker threads to generate with (default 1: the calling thread). The output is the same. */
  readonly workers?: number;
  /** Make only shard `index` (0-based) of `count`: the shards' files, concatenated in order, are the whole run's. */
  readonly shard?: { readonly index: number; readonly count: number };
}

/** The chunks of each family that belong to a shard: a contiguous run, so shards concatenate. */
export function shardRange(shard: { index: number; count: number }): ChunkRange {
  return (_tree, chunks) => [
    Math.floor((shard.index * chunks) / shard.count),
    Math.floor(((shard.index + 1) * chunks) / shard.count),
  ];
}

/**
 * Generates a spec into a sink, parents before children.
 *
 * @example
 * await generateToSink(spec, new CsvSink(new StagedDir('out')), { seed: 7 });
 */
export async function generateToSink(
  spec: Spec,
  target: Sink | ((plan: Plan) => Sink),
  options: GenerateOptions = {},
): Promise<{ plan: Plan; files: WrittenFile[]; rows: Map<string, number>; sink: Sink }> {
  const plan = planGeneration(spec, options);
  const sink = typeof target === 'function' ? target(plan) : target;
  await sink.open({ name: spec.name, tables: planLayouts(plan) });
  try {
    let done = 0;
    const trim = new HeapTrim();
    const rows = new Map(planLayouts(plan).map((t) => [t.name, 0]));
    const range = options.shard ? shardRange(options.shard) : undefined;
    const workers = options.workers ?? 1;
    const chunks =
      workers > 1
        ? generateParallel(
            plan,
            spec,
            { seed: plan.seed, scale: plan.scale },
            workers,
            range,
            sink.writeBytes ? sink.encoder : undefined,
          )
        : generateChunks(plan, range);
    for await (const chunk of chunks) {
      const encoded = (chunk as { encoded?: Uint8Array }).encoded;
      const pending = encoded ? sink.writeBytes!(chunk.table, encoded) : sink.write(chunk);
      if (pending) await pending;
      rows.set(chunk.table, rows.get(chunk.table)! + chunk.rows);
      if (chunk.start < 0) continue;
      done += chunk.rows;
      options.onProgress?.(
        done,
        options.shard ? Math.max(done, Math.round(plan.totalRows / options.shard.count)) : plan.totalRows,
      );
      trim.tick();
    }
    return { plan, files: await sink.close(), rows, sink };
  } catch (e) {
    await sink.abort();
    throw e;
  }
}

export interface GenerateToDirectoryOptions extends GenerateOptions {
  readonly out: string;
  readonly format?: FileFormat;
  /** Write train/validation/test (or other) splits, each a whole dataset in its own folder. */
  readonly split?: SplitOptions;
  /** Also write every text column that has a spans column as NER training files in this format. */
  readonly ner?: NerFormat;
}

export interface GenerateResult {
  readonly outDir: string;
  readonly manifest: Manifest;
}

/**
 * Generates a spec into a directory (one file per table, or one SQLite database) plus
 * `manifest.json`. Everything is staged and moved into place only when complete.
 *
 * @example
 * const { manifest } = await generateToDirectory(spec, { out: 'out', format: 'sqlite' });
 */
export async function generateToDirectory(
  spec: Spec,
  options: GenerateToDirectoryOptions,
): Promise<GenerateResult> {
  const format = options.format ?? 'csv';
  if (options.shard && format === 'sqlite') {
    throw userError(
      'invalid_option',
      '--shard writes pieces of files to concatenate, which a SQLite database is not',
      {
        hint: 'use --format csv or jsonl with --shard, or --workers to use more cores on one machine',
      },
    );
  }
  const dir = new StagedDir(options.out);
  try {
    const sinkOptions = { header: (options.shard?.index ?? 0) === 0 };
    const make = (plan: Plan): Sink => {
      const one = (d: OutputDir) => {
        const base = fileSinks[format](d, sinkOptions);
        const text = nerColumns(plan);
        return options.ner && text.length > 0 ? nerExport(d, options.ner, text).wrap(base) : base;
      };
      if (!options.split) return one(dir);
      return new SplitSink(
        plan,
        options.split,
        options.split.shares.map((s) => one(dir.within(s.name))),
      );
    };
    const { plan, files, rows, sink } = await generateToSink(spec, make, options);
    const splits = sink instanceof SplitSink ? sink.summaries() : undefined;
    const manifest = buildManifest({
      version: VERSION,
      spec,
      seed: plan.seed,
      scale: plan.scale,
      format,
      tables: planLayouts(plan).map((t) => ({
        name: t.name,
        rows: rows.get(t.name)!,
        columns: t.columns.map((c) => c.name),
      })),
      files,
      ...(options.shard ? { shard: { index: options.shard.index, count: options.shard.count } } : {}),
      ...(splits ? { splits: splitRecord(options.split!, splits) } : {}),
      ...groundTruthRecord(plan),
    });
    writeFileSync(dir.path('manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    dir.commit([...files.map((f) => f.path), 'manifest.json']);
    return { outDir: options.out, manifest };
  } catch (e) {
    dir.abort();
    throw e;
  }
}

/** The text columns that have a spans column: what `--ner` exports. */
function nerColumns(plan: Plan): NerColumns[] {
  const out: NerColumns[] = [];
  for (const t of plan.tables) {
    for (const c of t.columns) {
      if (c.spec.kind !== 'spans') continue;
      out.push({ table: t.name, text: c.spec.of, spans: c.name });
    }
  }
  return out;
}

function splitRecord(options: SplitOptions, splits: SplitSummary[]) {
  return {
    ...(options.stratify === undefined ? {} : { stratify: options.stratify }),
    ...(options.groupBy === undefined ? {} : { group_by: options.groupBy }),
    parts: splits,
  };
}

/** What the manifest says the labels are: label columns, scenarios and edge cases with their rates. */
function groundTruthRecord(plan: Plan): { labels?: LabelRecord[] } {
  const labels: LabelRecord[] = [];
  for (const t of plan.tables) {
    for (const c of t.columns) {
      const s = c.spec;
      if (s.kind !== 'label') continue;
      labels.push({
        table: t.name,
        column: c.name,
        ...(s.rate === undefined ? {} : { rate: s.rate }),
        ...(s.classes === undefined ? {} : { classes: s.classes }),
        ...(s.p === undefined ? {} : { p: s.p }),
      });
    }
    for (const sc of t.spec.scenarios ?? []) {
      labels.push({
        table: t.name,
        scenario: sc.name,
        ...(sc.when === undefined ? {} : { when: sc.when }),
        ...(sc.rate === undefined ? {} : { rate: sc.rate }),
      });
    }
    for (const e of t.spec.edge_cases ?? []) {
      labels.push({
        table: t.name,
        edge_case: e.name,
        kind: e.kind,
        rate: e.rate,
        ...(e.column === undefined ? {} : { column: e.column }),
      });
    }
  }
  return labels.length > 0 ? { labels } : {};
}

type LabelRecord = Record<string, unknown>;
