import { extname } from 'node:path';
import type { DocumentFormat, ParsedInput, TextField } from '../document-format.js';
import { type MarkdownPiece, markdownPieces } from './markdown-segments.js';
import { decodeText, replacementsOf } from './text-input.js';

/**
 * Markdown (`.md`, `.markdown`): one document whose fields are its pieces: prose, and also fenced
 * and inline code, link targets, reference definitions and HTML comments, because identifiers
 * hide there too (a log line, a URL with a name). Splitting at the markup keeps an entity from
 * running across it; output is the input with only detected entities replaced. Field keys say
 * where a piece starts: `line 12`, or `front-matter.title`.
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
    // front-matter keys and indicators must stay as they are; its values are prose pieces already
    const front = /^---[ \t]*\r?\n[\s\S]*?\n(?:---|\.\.\.)[ \t]*\r?(?:\n|$)/.exec(text);
    const frontEnd = front ? front[0].length : 0;
    const fields: TextField[] = [];
    const fieldPieces: MarkdownPiece[] = [];
    let line = 1;
    let counted = 0;
    for (const piece of pieces) {
      // code, link targets and comments are scanned too: names and keys hide in logs and URLs
      const first =
        piece.prose || piece.start >= frontEnd ? text.slice(piece.start, piece.end).search(/\S/) : -1;
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
