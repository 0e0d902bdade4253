import { writeFileSync } from 'node:fs';
import { buildManifest, type Manifest } from '../govern/index.js';
import { type FileFormat, fileSinks, type Sink, StagedDir, type WrittenFile } from '../io/index.js';
import type { Spec } from '../spec/index.js';
import { VERSION } from '../version.js';
import { generateChunks } from './engine.js';
import { HeapTrim } from './heap-trim.js';
import { type Plan, type PlanOptions, planGeneration } from './plan.js';

export interface GenerateOptions extends PlanOptions {
  /** Called after each chunk with rows made so far and rows in all. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Generates a spec into a sink, parents before children.
 *
 * @example
 * await generateToSink(spec, new CsvSink(new StagedDir('out')), { seed: 7 });
 */
export async function generateToSink(
  spec: Spec,
  sink: Sink,
  options: GenerateOptions = {},
): Promise<{ plan: Plan; files: WrittenFile[] }> {
  const plan = planGeneration(spec, options);
  await sink.open({ name: spec.name, tables: plan.tables.map((t) => t.layout()) });
  try {
    let done = 0;
    const trim = new HeapTrim();
    for (const chunk of generateChunks(plan)) {
      const pending = sink.write(chunk);
      if (pending) await pending;
      done += chunk.rows;
      options.onProgress?.(done, plan.totalRows);
      trim.tick();
    }
    return { plan, files: await sink.close() };
  } catch (e) {
    await sink.abort();
    throw e;
  }
}

export interface GenerateToDirectoryOptions extends GenerateOptions {
  readonly out: string;
  readonly format?: FileFormat;
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
  const dir = new StagedDir(options.out);
  try {
    const { plan, files } = await generateToSink(spec, fileSinks[format](dir), options);
    const manifest = buildManifest({
      version: VERSION,
      spec,
      seed: plan.seed,
      scale: plan.scale,
      format,
      tables: plan.tables.map((t) => ({
        name: t.name,
        rows: t.total,
        columns: t.columns.map((c) => c.name),
      })),
      files,
    });
    writeFileSync(dir.path('manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    dir.commit([...files.map((f) => f.path), 'manifest.json']);
    return { outDir: options.out, manifest };
  } catch (e) {
    dir.abort();
    throw e;
  }
}
