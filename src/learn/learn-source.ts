import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateToDirectory } from '../generate/index.js';
import { describeLocation } from '../io/db/index.js';
import { parseSpec, type Spec } from '../spec/index.js';
import type { ValidationReport } from '../validate/index.js';
import { validateData } from '../validate/index.js';
import { type LearnResult, learnSpec, specTableName } from './learn.js';
import { type ReadOptions, readLearnInput } from './read-source.js';
import { writeSpecYaml } from './spec-yaml.js';
import type { LearnOptions } from './types.js';

/** A spec learned from a source, as YAML, with what it took. */
export interface LearnedSource extends LearnResult {
  readonly yaml: string;
  readonly seconds: number;
  readonly rows: Readonly<Record<string, number>>;
}

/**
 * Learns a spec from what `trainkit learn` reads (a file, a folder or a database URL) and writes
 * it as commented YAML. The spec is parsed and checked before it is returned, so what learn
 * writes always generates.
 *
 * @example
 * const { yaml } = await learnSource('adult.csv', { target: 'income' });
 */
export async function learnSource(
  source: string,
  options: LearnOptions & ReadOptions = {},
): Promise<LearnedSource> {
  const t0 = performance.now();
  const input = await readLearnInput(source, options);
  const result = learnSpec(input, options);
  const spec = parseSpec(result.spec);
  const header = [
    // the spec is meant to be committed: a database URL's password must not go into it
    `Learned by trainkit learn from ${describeLocation(source)}${options.target ? ` (target: ${options.target})` : ''}.`,
    `Values seen fewer than ${options.minCount ?? 5} times are never written out; identifiers and personal data are generated, not copied.`,
    'Each decision is a comment above what it decided. Edit freely: this file is the model.',
  ];
  const rows = Object.fromEntries(input.tables.map((t) => [specTableName(t.name), t.totalRows]));
  return {
    ...result,
    spec,
    yaml: writeSpecYaml(spec, result.notes, header),
    seconds: (performance.now() - t0) / 1000,
    rows,
  };
}

/** Options of `validateLearned`. */
export interface ValidateLearnedOptions {
  /** The real data learned from: the reference for fidelity and privacy, and the utility test by default. */
  readonly source: string;
  readonly target?: string;
  /** Real rows to test utility on (default: the source). */
  readonly test?: string;
  /** Real rows not learned from: overfitting protection. */
  readonly holdout?: string;
  readonly seed?: number;
  /** The table fidelity, privacy and utility compare (default: the one with the most modelled columns). */
  readonly table?: string;
}

const MODELLED = new Set(['integer', 'number', 'boolean', 'category', 'date', 'datetime', 'label']);

/** The table with the most columns the fidelity and privacy metrics compare. */
export function comparedTable(spec: Spec): string {
  const score = (t: string) =>
    Object.values(spec.tables[t]!.columns).filter((c) => MODELLED.has(c.kind)).length;
  return Object.keys(spec.tables).sort((a, b) => score(b) - score(a))[0]!;
}

/**
 * Generates a learned spec (as many rows as the source) into a temporary folder and validates it
 * against the source: conformance to the spec, fidelity, privacy and, with a target, utility.
 *
 * @example
 * const report = await validateLearned(spec, 'spec.yaml', { source: 'adult.csv', target: 'income' });
 */
export async function validateLearned(
  spec: Spec,
  specFile: string | undefined,
  options: ValidateLearnedOptions,
): Promise<ValidationReport> {
  const dir = mkdtempSync(join(tmpdir(), 'trainkit-learn-'));
  try {
    const out = join(dir, 'data');
    let file = specFile;
    if (!file) {
      file = join(dir, 'spec.json');
      writeFileSync(file, JSON.stringify(spec));
    }
    await generateToDirectory(spec, {
      out,
      format: 'csv',
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    });
    return await validateData({
      data: out,
      spec: file,
      reference: options.source,
      table: options.table ?? comparedTable(spec),
      ...(options.holdout ? { holdout: options.holdout } : {}),
      ...(options.target ? { target: options.target, test: options.test ?? options.source } : {}),
      quality: false,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
