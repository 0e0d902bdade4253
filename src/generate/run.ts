import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { userError } from '../errors/index.js';
import { buildManifest, type Manifest, specHash } from '../govern/index.js';
import {
  type ColumnLayout,
  type FileFormat,
  fileSinks,
  type NerColumns,
  type NerFormat,
  nerExport,
  type OutputDir,
  openTarget,
  type Sink,
  StagedDir,
  type TableLayout,
  type WrittenFile,
  writeFileAtomic,
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
  /** The table layouts the sink is opened with (default: the plan's). */
  readonly layouts?: (plan: Plan) => TableLayout[];
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
  const layouts = (options.layouts ?? planLayouts)(plan);
  try {
    // inside the try: a sink that fails while opening (tables exist, a type is refused) still
    // gets abort, which closes its connection and drops what it made
    await sink.open({ name: spec.name, tables: layouts });
    let done = 0;
    const trim = new HeapTrim();
    const rows = new Map(layouts.map((t) => [t.name, 0]));
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

export interface GenerateToTargetOptions extends GenerateOptions {
  /**
   * Where to write: `postgres://…`, `mysql://…`/`mariadb://…`, `duckdb:FILE`, `sqlite:FILE`,
   * `parquet:DIR`, `sql:FILE.sql[?dialect=postgres|mysql|sqlite]`, or a plain directory (files in
   * `format`, as `generateToDirectory`).
   */
  readonly target: string;
  /** the file format of a plain directory target */
  readonly format?: FileFormat;
  /** Replace tables (a database) or a file of the same name; without it they are an error. */
  readonly replace?: boolean;
  /** PostgreSQL: commit every this many rows, resumably (see PostgresSink). */
  readonly batchRows?: number;
  /** MySQL/MariaDB: multi-row INSERTs (default) or LOAD DATA LOCAL INFILE. */
  readonly mysqlMethod?: 'insert' | 'load';
  /**
   * A folder for `manifest.json` when the target is not one: the record of what was loaded where.
   * A `parquet:` or plain directory target holds its own manifest.
   */
  readonly manifestDir?: string;
}

export interface GenerateToTargetResult {
  /** the target as it may be shown (password masked) */
  readonly target: string;
  readonly manifest: Manifest;
  /** where manifest.json was written, if anywhere */
  readonly manifestPath?: string;
}

/**
 * Generates a spec into any target: a database server (tables created with their constraints,
 * loaded in one transaction), a database or script file, Parquet files, or a directory. Nothing
 * appears at the target unless the whole run succeeds (see each sink for how).
 *
 * @example
 * await generateToTarget(spec, { target: 'postgres://localhost/shop', seed: 7 });
 */
export async function generateToTarget(
  spec: Spec,
  options: GenerateToTargetOptions,
): Promise<GenerateToTargetResult> {
  const target = openTarget(options.target, {
    ...(options.format === undefined ? {} : { format: options.format }),
    ...(options.replace === undefined ? {} : { replace: options.replace }),
    ...(options.batchRows === undefined ? {} : { batchRows: options.batchRows }),
    ...(options.mysqlMethod === undefined ? {} : { method: options.mysqlMethod }),
    runId: `${specHash(spec)}:${options.seed ?? spec.seed ?? 0}:${options.scale ?? 1}:${VERSION}`,
  });
  try {
    const typed = target.location.kind !== 'path';
    const { plan, files, rows } = await generateToSink(spec, target.sink, {
      ...options,
      ...(typed ? { layouts: typedLayouts } : {}),
    });
    const manifest = buildManifest({
      version: VERSION,
      spec,
      seed: plan.seed,
      scale: plan.scale,
      format: target.sink.format,
      target: target.label,
      tables: planLayouts(plan).map((t) => ({
        name: t.name,
        rows: rows.get(t.name)!,
        columns: t.columns.map((c) => c.name),
      })),
      files,
      ...groundTruthRecord(plan),
    });
    const text = `${JSON.stringify(manifest, null, 2)}\n`;
    if (target.dir) {
      writeFileSync(target.dir.path('manifest.json'), text);
      target.commit(files, ['manifest.json']);
      return { target: target.label, manifest, manifestPath: join(target.dir.root, 'manifest.json') };
    }
    const committed = target.commit(files);
    const final = committed === files ? manifest : { ...manifest, files: committed };
    if (options.manifestDir === undefined) return { target: target.label, manifest: final };
    mkdirSync(options.manifestDir, { recursive: true });
    const manifestPath = join(options.manifestDir, 'manifest.json');
    writeFileAtomic(manifestPath, `${JSON.stringify(final, null, 2)}\n`);
    return { target: target.label, manifest: final, manifestPath };
  } catch (e) {
    target.abort();
    throw e;
  }
}

/**
 * The layouts a typed target (a database, Parquet) is created with: a date column becomes DATE
 * or TIMESTAMP only when its text is ISO (the spec's default formats); one with another format,
 * or that a malformed edge case or a missing-with-a-value edge case writes into, stays text.
 */
export function typedLayouts(plan: Plan): TableLayout[] {
  const asText = new Set<string>();
  for (const t of plan.tables) {
    for (const c of t.columns) {
      const s = c.spec;
      if ((s.kind === 'date' || s.kind === 'datetime') && !isoFormat(s.kind, s.format))
        asText.add(`${t.name}.${c.name}`);
    }
    for (const e of t.spec.edge_cases ?? []) {
      if (e.column === undefined) continue;
      if (e.kind === 'malformed' || (e.kind === 'missing' && e.value !== undefined))
        asText.add(`${t.name}.${e.column}`);
    }
  }
  return planLayouts(plan).map((t) => ({
    ...t,
    columns: t.columns.map(
      (c): ColumnLayout =>
        asText.has(`${t.name}.${c.name}`) && !c.declaredType ? { ...c, kind: 'text', sqlType: 'TEXT' } : c,
    ),
  }));
}

function isoFormat(kind: 'date' | 'datetime', format: string | undefined): boolean {
  if (format === undefined || format === 'epoch' || format === 'epoch_ms') return true;
  return kind === 'date'
    ? format === 'YYYY-MM-DD'
    : format === 'iso' || format === 'YYYY-MM-DD[T]HH:mm:ss[Z]' || format === 'YYYY-MM-DD HH:mm:ss';
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
