import { type Location, userError } from '../../errors/index.js';
import type { FormatOptions, SourceDocument, TextField } from '../document-format.js';
import type { JsonNode } from './json-scanner.js';

/** A document read from one JSON object, with the offsets of its text fields' string tokens. */
export interface JsonDocument {
  readonly document: SourceDocument;
  /** `[start, end)` of each field's string token (quotes included), in field order. */
  readonly spans: readonly (readonly [number, number])[];
}

const KIND_NAME = {
  object: 'an object',
  array: 'an array',
  number: 'a number',
  boolean: 'a boolean',
} as const;

/** Reads one JSON object (`node`, inside `text`) as a document; `at` is its path in the file. */
export type JsonDocumentReader = (
  text: string,
  node: JsonNode,
  fallbackId: string,
  where: (offset: number) => Location,
  at?: readonly (string | number)[],
) => JsonDocument;

/**
 * A reader of JSON objects as documents: the strings at `options.textFields` (dotted paths, a
 * number indexes an array; a missing or `null` value is skipped) and the id at `options.idField`.
 *
 * @example
 * const read = jsonDocumentReader(options);
 * const { document, spans } = read(line, scanJson(line), 'notes.jsonl:3', where);
 */
export function jsonDocumentReader(options: FormatOptions): JsonDocumentReader {
  const textPaths = [...new Set(options.textFields)].map((key) => ({ key, path: key.split('.') }));
  const idPath = options.idField.split('.');
  return (text, node, fallbackId, where, at = []) => {
    const fields: TextField[] = [];
    const spans: [number, number][] = [];
    for (const { key, path } of textPaths) {
      for (const value of resolve(node, path, 0, [])) {
        if (value.kind === 'null') continue;
        if (value.kind !== 'string')
          throw userError(
            'not_text',
            `The text field "${key}" holds ${KIND_NAME[value.kind]}, not a string`,
            {
              path: [...at, ...pathOf(path)],
              ...where(value.start),
              hint: notTextHint(key, value),
            },
          );
        fields.push({ key, text: value.value });
        spans.push([value.start, value.end]);
      }
    }
    const id = idOf(text, resolve(node, idPath, 0, [])[0], options.idField, (offset) => ({
      path: [...at, ...pathOf(idPath)],
      ...where(offset),
    }));
    return { document: { id: id ?? fallbackId, fields }, spans };
  };
}

/**
 * `text[start, end)` with each span replaced by its new string, JSON-encoded.
 *
 * @example
 * spliceStrings('{"a":"x"}', 0, 9, [[5, 8]], ['y']); // '{"a":"y"}'
 */
export function spliceStrings(
  text: string,
  start: number,
  end: number,
  spans: readonly (readonly [number, number])[],
  texts: readonly string[],
): string {
  const order = spans.map((_, i) => i).sort((a, b) => spans[a]![0] - spans[b]![0]);
  let out = '';
  let at = start;
  for (const i of order) {
    const [s, e] = spans[i]!;
    out += text.slice(at, s) + JSON.stringify(texts[i]!);
    at = e;
  }
  return out + text.slice(at, end);
}

function idOf(
  text: string,
  value: JsonNode | undefined,
  idField: string,
  where: (offset: number) => Location,
): string | undefined {
  if (value === undefined || value.kind === 'null') return undefined;
  if (value.kind === 'string') return value.value;
  // the number as written: an id past 2^53 keeps its digits
  if (value.kind === 'number') return text.slice(value.start, value.end);
  throw userError(
    'bad_id',
    `The id field "${idField}" holds ${KIND_NAME[value.kind]}: an id must be a string or a number`,
    {
      ...where(value.start),
      hint: 'name another field with --id-field, or leave it out to use the file and line as id',
    },
  );
}

// point at the strings inside a container, or say how to treat a scalar
function notTextHint(key: string, value: JsonNode): string {
  if (value.kind === 'object') {
    const inner = value.entries.find((e) => e.value.kind === 'string') ?? value.entries[0];
    if (inner) return `name the string inside it in --text-fields, e.g. "${key}.${inner.key}"`;
  }
  if (value.kind === 'array' && value.items.length > 0)
    return `name an item by its index in --text-fields, e.g. "${key}.0"`;
  return `leave "${key}" out of --text-fields, or store its values as strings`;
}

// every value at `path`; all entries of a repeated key, since the one a JSON reader would skip must not stay in clear
function resolve(node: JsonNode, path: readonly string[], depth: number, out: JsonNode[]): JsonNode[] {
  if (depth === path.length) {
    out.push(node);
    return out;
  }
  const head = path[depth]!;
  if (node.kind === 'object') {
    for (const e of node.entries) if (e.key === head) resolve(e.value, path, depth + 1, out);
  } else if (node.kind === 'array' && /^\d+$/.test(head)) {
    const item = node.items[Number(head)];
    if (item !== undefined) resolve(item, path, depth + 1, out);
  }
  return out;
}

function pathOf(path: readonly string[]): (string | number)[] {
  return path.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}
