import { extname } from 'node:path';
import type { DocumentFormat, ParsedInput } from '../document-format.js';
import { decodeText, replacementsOf } from './text-input.js';

/**
 * Plain text: the whole file is one document with one field, `text`. The output keeps the
 * input's extension (none when the input had none).
 *
 * @example
 * const parsed = await textFormat.parse(Buffer.from('Call Ann'), { path: 'note.txt', options });
 * parsed.render([['Call [PERSON]']]); // 'Call [PERSON]'
 */
export const textFormat: DocumentFormat = {
  name: 'text',
  extensions: ['.txt', '.text', '.log'],
  async parse(bytes, { path }): Promise<ParsedInput> {
    const { text, bom } = decodeText(bytes, path);
    return {
      documents: [{ id: path, fields: [{ key: 'text', text }] }],
      outputExtension: extname(path),
      render(fields) {
        const texts = replacementsOf(fields, 0, 1);
        return texts === null ? '' : bom + texts[0]!;
      },
    };
  },
};

/**
 * One document of extracted text (from a DOCX or PDF): rendered as plain `.txt`.
 *
 * @example
 * return extractedText('scan.pdf', 'Patient: Ann Lee');
 */
export function extractedText(path: string, text: string): ParsedInput {
  return {
    documents: [{ id: path, fields: [{ key: 'text', text }] }],
    outputExtension: '.txt',
    render(fields) {
      return replacementsOf(fields, 0, 1)?.[0] ?? '';
    },
  };
}
