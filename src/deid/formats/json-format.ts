import { userError } from '../../errors/index.js';
import type { DocumentFormat, ParsedInput } from '../document-format.js';
import { type JsonDocument, jsonDocumentReader, spliceStrings } from './json-documents.js';
import { type JsonNode, JsonSyntaxError, scanJson } from './json-scanner.js';
import { decodeText, lineColumn, replacementsOf } from './text-input.js';

/**
 * A JSON file (`.json`): an array of objects (one document each) or a single object (one
 * document). Output is the input with only the text fields' strings replaced, so it keeps its
 * shape, key order and indentation; a `null` document's object leaves the array, and a single
 * object rendered as `null` leaves an empty output.
 *
 * @example
 * const parsed = await jsonFormat.parse(bytes, {
 *   path: 'notes.json',
 *   options: { textFields: ['text'], idField: 'id', columns: {} },
 * });
 */
export const jsonFormat: DocumentFormat = {
  name: 'json',
  extensions: ['.json'],
  async parse(bytes, { path, options }): Promise<ParsedInput> {
    const { text, bom } = decodeText(bytes, path);
    const where = (offset: number) => ({ file: path, ...lineColumn(text, offset) });
    const read = jsonDocumentReader(options);
    let root: JsonNode;
    try {
      root = scanJson(text);
    } catch (e) {
      if (!(e instanceof JsonSyntaxError)) throw e;
      throw userError('invalid_json', `${path} is not valid JSON: ${e.message}`, {
        ...where(e.offset),
        hint: e.hint,
      });
    }
    if (root.kind === 'object') {
      const doc = read(text, root, path, where);
      return {
        documents: [doc.document],
        outputExtension: '.json',
        render(fields) {
          const texts = replacementsOf(fields, 0, doc.spans.length);
          return texts === null ? '' : bom + spliceStrings(text, 0, text.length, doc.spans, texts);
        },
      };
    }
    if (root.kind !== 'array')
      throw userError(
        'not_an_object',
        `${path} holds ${root.kind === 'null' ? 'null' : `a ${root.kind}`}, not an object or an array of objects`,
        {
          ...where(root.start),
          hint: 'a JSON input is one object (one document) or an array of objects (one document each)',
        },
      );
    const docs = root.items.map((item, i): JsonDocument => {
      if (item.kind !== 'object')
        throw userError('not_an_object', `Item ${i} of ${path} is not an object`, {
          path: [i],
          ...where(item.start),
          hint: 'every item of the array must be an object, such as {"id": 1, "text": "…"}',
        });
      return read(text, item, `${path}[${i}]`, where, [i]);
    });
    return {
      documents: docs.map((d) => d.document),
      outputExtension: '.json',
      render: (fields) => bom + renderArray(text, root, docs, fields),
    };
  },
};

// the array with left-out items cut along with one separator each, so the rest keeps its layout
function renderArray(
  text: string,
  root: Extract<JsonNode, { kind: 'array' }>,
  docs: readonly JsonDocument[],
  fields: readonly (readonly string[] | null)[],
): string {
  const items = root.items;
  if (items.length === 0) return text;
  const kept = items.flatMap((item, i) => {
    const texts = replacementsOf(fields, i, docs[i]!.spans.length);
    return texts === null ? [] : [spliceStrings(text, item.start, item.end, docs[i]!.spans, texts)];
  });
  const first = items[0];
  const last = items[items.length - 1];
  if (first === undefined || last === undefined || kept.length === 0)
    return `${text.slice(0, root.start)}[]${text.slice(root.end)}`;
  // between two items the input has ",\n  " or ", " or ","; reuse the first one for every join
  const separator = items.length > 1 ? text.slice(first.end, items[1]!.start) : ', ';
  return text.slice(0, first.start) + kept.join(separator) + text.slice(last.end);
}
