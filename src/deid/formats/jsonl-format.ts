import { extname } from 'node:path';
import { userError } from '../../errors/index.js';
import type { DocumentFormat, ParsedInput, SourceDocument } from '../document-format.js';
import {
  type JsonDocument,
  type JsonDocumentReader,
  jsonDocumentReader,
  spliceStrings,
} from './json-documents.js';
import { type JsonNode, JsonSyntaxError, scanJson } from './json-scanner.js';
import { decodeText, replacementsOf } from './text-input.js';

// a line kept for output: its text, where it ends, and its document's string spans (blank lines have none)
interface Line {
  readonly start: number;
  readonly end: number;
  /** the line break after it as it was: `\n`, `\r\n`, or empty for a last line without one */
  readonly eol: string;
  readonly doc?: JsonDocument;
}

/**
 * JSON Lines (`.jsonl`, `.ndjson`): one document per non-empty line, each line a JSON object.
 * Output keeps every line as it was (key order, spacing, numbers, line endings) except the text
 * fields' strings; a document rendered as `null` loses its whole line.
 *
 * @example
 * const parsed = await jsonlFormat.parse(bytes, {
 *   path: 'notes.jsonl',
 *   options: { textFields: ['note.text'], idField: 'id', columns: {} },
 * });
 */
export const jsonlFormat: DocumentFormat = {
  name: 'jsonl',
  extensions: ['.jsonl', '.ndjson'],
  async parse(bytes, { path, options }): Promise<ParsedInput> {
    const { text, bom } = decodeText(bytes, path);
    const lines: Line[] = [];
    const documents: SourceDocument[] = [];
    const read = jsonDocumentReader(options);
    let start = 0;
    for (let number = 1; start < text.length || number === 1; number++) {
      const nl = text.indexOf('\n', start);
      const next = nl < 0 ? text.length : nl + 1;
      const end = nl > start && text[nl - 1] === '\r' ? nl - 1 : nl < 0 ? text.length : nl;
      const eol = text.slice(end, next);
      if (text.slice(start, end).trim() === '') lines.push({ start, end, eol });
      else {
        const doc = readLine(text, start, end, number, path, read);
        lines.push({ start, end, eol, doc });
        documents.push(doc.document);
      }
      start = next;
    }
    return {
      documents,
      outputExtension: extname(path),
      render(fields) {
        let out = bom;
        let index = 0;
        for (const line of lines) {
          if (line.doc === undefined) {
            out += text.slice(line.start, line.end) + line.eol;
            continue;
          }
          const texts = replacementsOf(fields, index++, line.doc.spans.length);
          if (texts !== null)
            out += spliceStrings(text, line.start, line.end, line.doc.spans, texts) + line.eol;
        }
        return out;
      },
    };
  },
};

function readLine(
  text: string,
  start: number,
  end: number,
  number: number,
  path: string,
  read: JsonDocumentReader,
): JsonDocument {
  const where = (offset: number) => ({ file: path, line: number, column: offset - start + 1 });
  let node: JsonNode;
  try {
    node = scanJson(text, start, end);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    throw userError('invalid_json', `Line ${number} of ${path} is not valid JSON: ${e.message}`, {
      ...where(e.offset),
      // a record cut at the end of its line is usually pretty-printed JSON saved as JSONL
      hint:
        e.offset >= end
          ? 'each line must hold one whole JSON object; a pretty-printed file belongs in a .json file'
          : e.hint,
    });
  }
  if (node.kind !== 'object')
    throw userError(
      'not_an_object',
      `Line ${number} of ${path} is ${article(node.kind)}, not a JSON object`,
      {
        ...where(node.start),
        hint: 'each line of a JSONL file must be one object, such as {"id": 1, "text": "…"}',
      },
    );
  return read(text, node, `${path}:${number}`, where);
}

function article(kind: string): string {
  return kind === 'array' || kind === 'object' ? `an ${kind}` : kind === 'null' ? 'null' : `a ${kind}`;
}
