import { createHash } from 'node:crypto';
import type { WrittenFile } from '../io/index.js';

/** What a generation run made, written as `manifest.json` beside the data. */
export interface Manifest {
  readonly trainkit: string;
  readonly spec: { readonly name: string; readonly sha256: string };
  readonly seed: number;
  readonly scale: number;
  readonly format: string;
  /** where the data went when not beside the manifest: a database (password masked) or a file */
  readonly target?: string;
  readonly tables: readonly {
    readonly name: string;
    readonly rows: number;
    readonly columns: readonly string[];
    readonly file?: string;
    readonly sha256?: string;
  }[];
  readonly files: readonly WrittenFile[];
  /** for a sharded run: which shard this directory holds */
  readonly shard?: { readonly index: number; readonly count: number };
  /** for a split run: the splits, their rows per table and their label rates */
  readonly splits?: unknown;
  /** label columns, scenarios and edge cases, with their stated rates */
  readonly labels?: readonly Record<string, unknown>[];
}

/** JSON with object keys sorted, so equal values always serialise to equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/** SHA-256 of a spec's canonical JSON: formatting and comments do not change it, content does. */
export function specHash(spec: unknown): string {
  return createHash('sha256').update(canonicalJson(spec)).digest('hex');
}

/**
 * Builds the manifest of a run. It holds no timestamps or paths from the machine, so two runs
 * with the same spec, seed and version give identical manifests.
 */
export function buildManifest(input: {
  version: string;
  spec: { name: string };
  seed: number;
  scale: number;
  format: string;
  target?: string;
  tables: readonly { name: string; rows: number; columns: readonly string[] }[];
  files: readonly WrittenFile[];
  shard?: { index: number; count: number };
  splits?: unknown;
  labels?: readonly Record<string, unknown>[];
}): Manifest {
  return {
    trainkit: input.version,
    spec: { name: input.spec.name, sha256: specHash(input.spec) },
    seed: input.seed,
    scale: input.scale,
    format: input.format,
    ...(input.target === undefined ? {} : { target: input.target }),
    tables: input.tables.map((t) => {
      const file = input.files.find((f) => f.table === t.name);
      return {
        name: t.name,
        rows: t.rows,
        columns: [...t.columns],
        ...(file ? { file: file.path, sha256: file.sha256 } : {}),
      };
    }),
    files: input.files.map((f) => ({ path: f.path, bytes: f.bytes, sha256: f.sha256 })),
    ...(input.shard ? { shard: input.shard } : {}),
    ...(input.labels ? { labels: input.labels } : {}),
    ...(input.splits ? { splits: input.splits } : {}),
  };
}
