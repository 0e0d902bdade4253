import { extname } from 'node:path';
import type { DocumentFormat, ParsedInput, TextField } from '../document-format.js';
import { type MarkdownPiece, markdownPieces } from './markdown-segments.js';
import { decodeText, replacementsOf } from './text-input.js';

/**
 * Markdown (`.md`, `.markdown`): one document whose fields are its prose only. Fenced code,
 * inline code, link targets, reference definitions, HTML comments and front-matter keys are
 * left as they are (front-matter values and link texts are prose); output is the input with
 * only the prose replaced. Field keys say where the prose starts: `line 12`, or
 * `front-matter.title`.
 *
 * @example
 * const parsed = await markdownFormat.parse(Buffer.from('Ann ran `ls`'), { path: 'a.md', options });
 * parsed.documents[0]?.fields; // [{ key: 'line 1', text: 'Ann ran ' }]
 */
export const markdownFormat: DocumentFormat = {
  name: 'markdown',
  extensions: ['.md', '.markdown'],
  async parse(bytes, { path }): Promise<ParsedInput> {
    const { text, bom } = decodeText(bytes, path);
    const pieces = markdownPieces(text);
    const fields: TextField[] = [];
    const fieldPieces: MarkdownPiece[] = [];
    let line = 1;
    let counted = 0;
    for (const piece of pieces) {
      const first = piece.prose ? text.slice(piece.start, piece.end).search(/\S/) : -1;
      if (first < 0) continue;
      const at = piece.start + first;
      for (let i = text.indexOf('\n', counted); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line++;
      counted = at;
      fields.push({ key: piece.key ?? `line ${line}`, text: text.slice(piece.start, piece.end) });
      fieldPieces.push(piece);
    }
    return {
      documents: [{ id: path, fields }],
      outputExtension: extname(path),
      render(replaced) {
        const texts = replacementsOf(replaced, 0, fields.length);
        if (texts === null) return '';
        let out = bom;
        let at = 0;
        fieldPieces.forEach((piece, k) => {
          out += text.slice(at, piece.start) + texts[k]!;
          at = piece.end;
        });
        return out + text.slice(at);
      },
    };
  },
};
