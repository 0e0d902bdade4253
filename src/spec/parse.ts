import { readFileSync } from 'node:fs';
import { TrainkitError, userError } from '../errors/index.js';
import { checkSpec } from './check.js';
import { type Spec, type SpecInput, specSchema } from './schema.js';
import { SourceMap } from './source-map.js';
import { fromZodIssues } from './zod-issues.js';

/** A validated spec, and where it came from when it was read from a file. */
export interface LoadedSpec {
  readonly spec: Spec;
  readonly source?: SourceMap;
  /** The text the spec was read from (hashed into manifests). */
  readonly text?: string;
}

/**
 * Validates a spec object: its structure, then references, parameters and cycles. Throws a
 * TrainkitError listing every issue found.
 *
 * @example
 * const spec = parseSpec({ name: 'shop', tables: { t: { rows: 10, columns: { id: { kind: 'id' } } } } });
 */
export function parseSpec(value: unknown, source?: SourceMap): Spec {
  const annotate = (e: TrainkitError) => (source ? new TrainkitError(source.annotate(e.issues)) : e);
  const result = specSchema.safeParse(value);
  if (!result.success) {
    const issues = fromZodIssues(result.error.issues, value);
    throw new TrainkitError(
      source
        ? issues
            .map((i) =>
              i.code === 'unknown_field' && i.path
                ? { ...i, ...source.locate(i.path.slice(0, -1), String(i.path[i.path.length - 1])) }
                : i,
            )
            .map((i) => (i.line === undefined && i.path ? { ...i, ...source.locate(i.path) } : i))
        : issues,
    );
  }
  const issues = checkSpec(result.data);
  if (issues.length > 0) throw annotate(new TrainkitError(issues));
  return result.data;
}

/**
 * Reads and validates a spec file (YAML or JSON). Errors carry `file:line:column`.
 *
 * @example
 * const { spec } = loadSpec('examples/ecommerce.yaml');
 */
export function loadSpec(file: string): LoadedSpec {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw userError(
      'file_not_found',
      code === 'ENOENT' ? `Spec file ${file} does not exist` : `Cannot read spec file ${file} (${code})`,
      {
        hint: 'check the path; run `trainkit generate examples/ecommerce.yaml --out out` to try an example',
      },
    );
  }
  const { value, source } = SourceMap.parse(text, file);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw userError(
      'malformed_file',
      `${file} does not hold a spec: expected a mapping with name and tables`,
      {
        file,
        line: 1,
        column: 1,
        hint: 'start from examples/ecommerce.yaml',
      },
    );
  }
  return { spec: parseSpec(value, source), source, text };
}

/**
 * Declares a spec in TypeScript with full typing; it is validated like a file.
 *
 * @example
 * const spec = defineSpec({
 *   name: 'users',
 *   tables: { users: { rows: 100, columns: { id: { kind: 'id' }, name: { kind: 'fake', method: 'person.fullName' } } } },
 * });
 */
export function defineSpec(spec: SpecInput): Spec {
  return parseSpec(spec);
}
