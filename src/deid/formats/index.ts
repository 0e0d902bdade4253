import { extname } from 'node:path';
import type { DocumentFormat } from '../document-format.js';
import { csvFormat } from './csv-format.js';
import { docxFormat } from './docx-format.js';
import { jsonFormat } from './json-format.js';
import { jsonlFormat } from './jsonl-format.js';
import { markdownFormat } from './markdown-format.js';
import { pdfFormat } from './pdf-format.js';
import { textFormat } from './text-format.js';

export { csvFormat, docxFormat, jsonFormat, jsonlFormat, markdownFormat, pdfFormat, textFormat };

/** Every document format trainkit reads. */
export const documentFormats: readonly DocumentFormat[] = [
  textFormat,
  markdownFormat,
  jsonlFormat,
  jsonFormat,
  csvFormat,
  docxFormat,
  pdfFormat,
];

/**
 * The format that reads `path`, chosen by its extension (case-insensitive); a file without an
 * extension is plain text. `undefined` when no format reads it.
 *
 * @example
 * formatFor('notes/visit.JSONL')?.name; // 'jsonl'
 */
export function formatFor(path: string): DocumentFormat | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '') return textFormat;
  return documentFormats.find((f) => f.extensions.includes(ext));
}
