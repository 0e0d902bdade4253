import type { z } from 'zod';
import type { Issue } from '../errors/index.js';
import { columnKinds, columnSchema, perParentRows, specSchema, tableSchema } from './schema.js';
import { choicesHint } from './suggest.js';

type Path = (string | number)[];

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string')
    return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** The keys the object at `path` accepts, so an unknown key can be answered with the valid ones. */
function acceptedKeys(root: unknown, path: readonly PropertyKey[]): string[] {
  if (path.length === 0) return Object.keys(specSchema.shape);
  if (path.length === 2 && path[0] === 'tables') return Object.keys(tableSchema.shape);
  if (path.length === 3 && path[2] === 'rows') return Object.keys(perParentRows.shape);
  if (path.length === 4 && path[2] === 'columns') {
    const kind = (valueAt(root, path) as { kind?: unknown } | undefined)?.kind;
    const option = columnSchema.options.find((o) => o.shape.kind.value === kind);
    if (option) return Object.keys(option.shape);
  }
  return [];
}

/** Turns zod's issues into trainkit issues that say what is wrong and how to fix it. */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], root: unknown): Issue[] {
  const out: Issue[] = [];
  for (const zi of issues) {
    const path = zi.path.filter((p): p is string | number => typeof p !== 'symbol') as Path;
    const got = valueAt(root, path);
    switch (zi.code) {
      case 'invalid_union': {
        if (zi.discriminator === 'kind') {
          const kind = got;
          out.push(
            kind === undefined
              ? {
                  code: 'missing_kind',
                  message: 'Column has no "kind"',
                  path: path.slice(0, -1),
                  hint: `add a kind; the kinds are: ${columnKinds.join(', ')}`,
                }
              : {
                  code: 'unknown_kind',
                  message: `Unknown column kind ${JSON.stringify(kind)}`,
                  path,
                  hint: choicesHint(String(kind), columnKinds, 'the kinds are'),
                },
          );
        } else {
          // a count or a mapping (rows): when the value has the branch's shape, say what is wrong inside it
          const branch = zi.errors.find(
            (b) => b.length > 0 && !b.some((e) => e.path.length === 0 && e.code === 'invalid_type'),
          );
          if (branch)
            out.push(
              ...fromZodIssues(
                branch.map((e) => ({ ...e, path: [...zi.path, ...e.path] })),
                root,
              ),
            );
          else out.push({ code: 'invalid_value', message: `${zi.message} (got ${describe(got)})`, path });
        }
        break;
      }
      case 'unrecognized_keys': {
        const accepted = acceptedKeys(root, path);
        for (const key of zi.keys) {
          out.push({
            code: 'unknown_field',
            message: `Unknown field "${key}"`,
            path: [...path, key],
            hint: accepted.length > 0 ? choicesHint(key, accepted, 'the fields here are') : 'remove it',
          });
        }
        break;
      }
      case 'invalid_type': {
        const missing = got === undefined;
        out.push({
          code: missing ? 'missing_field' : 'invalid_type',
          message: missing
            ? `Missing required field "${String(path[path.length - 1])}"`
            : `Expected ${zi.expected === 'record' ? 'a mapping' : zi.expected}, got ${describe(got)}`,
          path,
          ...(missing ? { hint: `add "${String(path[path.length - 1])}"` } : {}),
        });
        break;
      }
      case 'invalid_value':
        out.push({
          code: 'invalid_value',
          message: `${describe(got)} is not allowed here`,
          path,
          hint: choicesHint(String(got), zi.values.map(String)),
        });
        break;
      case 'too_small':
      case 'too_big': {
        const bound = zi.code === 'too_small' ? zi.minimum : zi.maximum;
        const what =
          typeof got === 'number'
            ? `must be ${zi.code === 'too_small' ? 'at least' : 'at most'} ${String(bound)}${zi.inclusive === false ? ' (exclusive)' : ''}`
            : `must have ${zi.code === 'too_small' ? 'at least' : 'at most'} ${String(bound)} ${typeof got === 'string' ? 'characters' : 'items'}`;
        out.push({
          code: 'out_of_range',
          message: `"${String(path[path.length - 1])}" ${what}, got ${describe(got)}`,
          path,
        });
        break;
      }
      default:
        out.push({ code: 'invalid_value', message: `${zi.message} (got ${describe(got)})`, path });
    }
  }
  return out;
}
