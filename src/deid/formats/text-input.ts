import { isUtf8 } from 'node:buffer';
import { type Location, userError } from '../../errors/index.js';

/** A decoded input file: its text without the byte-order mark, and the mark to write back. */
export interface DecodedText {
  readonly text: string;
  /** `\uFEFF` when the file started with a UTF-8 byte-order mark, else empty. */
  readonly bom: string;
}

/**
 * Decodes a file as UTF-8, refusing anything else: a Latin-1 file decoded leniently would turn
 * names with accents into replacement characters, which no recognizer matches.
 *
 * @example
 * const { text, bom } = decodeText(Buffer.from('héllo'), 'notes.txt'); // text === 'héllo', bom === ''
 */
export function decodeText(bytes: Buffer, file: string): DecodedText {
  if (!isUtf8(bytes)) {
    const at = firstInvalidByte(bytes);
    const where: Location = at < 0 ? { file } : { file, ...bytePosition(bytes, at) };
    throw userError('invalid_utf8', `${file} is not valid UTF-8 text`, {
      ...where,
      hint: `convert it to UTF-8 first, e.g. iconv -f latin1 -t utf-8 ${file}`,
    });
  }
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? { text: text.slice(1), bom: '\uFEFF' } : { text, bom: '' };
}

/**
 * The 1-based line and column of `offset` in `text` (columns count UTF-16 code units, as
 * editors such as VS Code do).
 *
 * @example
 * lineColumn('a\nbc', 3); // { line: 2, column: 2 }
 */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * The replacement texts of document `index`, checked against its field count: a mismatch is a
 * bug in the caller of `render`, not a user error.
 *
 * @example
 * const texts = replacementsOf(fields, 0, 2); // null when the document is left out
 */
export function replacementsOf(
  fields: readonly (readonly string[] | null)[],
  index: number,
  count: number,
): readonly string[] | null {
  if (fields.length <= index) throw new Error(`render: no entry for document ${index}`);
  const texts = fields[index]!;
  if (texts !== null && texts.length !== count)
    throw new Error(`render: document ${index} has ${count} fields but ${texts.length} texts were given`);
  return texts;
}

// the first byte where the UTF-8 sequence is broken, following the Unicode well-formedness table
function firstInvalidByte(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    const second = b[i + 1] ?? 0;
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= n; k++) if (((b[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return -1;
}

function bytePosition(b: Buffer, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = b.indexOf(0x0a); i >= 0 && i < at; i = b.indexOf(0x0a, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: b.toString('utf8', lineStart, at).length + 1 };
}
