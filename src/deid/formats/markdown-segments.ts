/**
 * Splits Markdown into the prose to de-identify and the syntax to leave alone: fenced code
 * blocks, inline code, link targets `](…)`, reference definitions, HTML comments and front-matter
 * keys. The pieces cover the text end to end, so joining them gives the input back byte for byte.
 */

/** A run of the input: prose (a field, when it has any non-space) or syntax kept as it is. */
export interface MarkdownPiece {
  readonly start: number;
  readonly end: number;
  readonly prose: boolean;
  /** front-matter prose: `front-matter.<key>` */
  readonly key?: string;
}

const FENCE_OPEN = /^[ \t]*(?:>[ \t]?)*[ \t]*(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSE = /^[ \t]*(?:>[ \t]?)*[ \t]*(`{3,}|~{3,})[ \t]*$/;
const REFERENCE = /^ {0,3}\[[^\]]+\]:[ \t]*\S/;
const FRONT_OPEN = /^---[ \t]*\r?\n/;
const FRONT_CLOSE = /^(?:---|\.\.\.)[ \t]*\r?$/;
const BLANK_LINE = /\n[ \t]*\r?\n/g;

/**
 * The pieces of a Markdown text, in order and without gaps.
 *
 * @example
 * markdownPieces('Ann wrote `x = 1`'); // prose 'Ann wrote ', syntax '`x = 1`'
 */
export function markdownPieces(text: string): MarkdownPiece[] {
  const pieces: MarkdownPiece[] = [];
  const push = (start: number, end: number, prose: boolean, key?: string) => {
    if (end > start) pieces.push(key === undefined ? { start, end, prose } : { start, end, prose, key });
  };
  let pos = frontMatter(text, push);
  let proseFrom = pos;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const next = nl < 0 ? text.length : nl + 1;
    const line = text.slice(pos, nl < 0 ? text.length : nl).replace(/\r$/, '');
    const open = FENCE_OPEN.exec(line);
    const close =
      open && !(open[1]!.startsWith('`') && open[2]!.includes('`')) ? fenceEnd(text, next, open[1]!) : -1;
    // an unclosed fence stays prose: taking it as code would hide the rest of the file from de-identification
    if (close >= 0 || REFERENCE.test(line)) {
      const end = close >= 0 ? close : pos + line.length;
      inline(text, proseFrom, pos, push);
      push(pos, end, false);
      proseFrom = end;
      pos = Math.max(end, next);
      continue;
    }
    pos = next;
  }
  inline(text, proseFrom, text.length, push);
  return pieces;
}

type Push = (start: number, end: number, prose: boolean, key?: string) => void;

// the end of the closing fence line, or -1 when the fence is never closed
function fenceEnd(text: string, from: number, fence: string): number {
  let pos = from;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const m = FENCE_CLOSE.exec(text.slice(pos, end).replace(/\r$/, ''));
    if (m && m[1]![0] === fence[0] && m[1]!.length >= fence.length) return end;
    pos = end + 1;
  }
  return -1;
}

// a YAML front matter block: keys, comments and indicators stay, values are prose
function frontMatter(text: string, push: Push): number {
  const open = FRONT_OPEN.exec(text);
  if (!open) return 0;
  let pos = open[0].length;
  let lastKey: string | undefined;
  const lines: [number, number][] = [];
  for (;;) {
    if (pos >= text.length) return 0;
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    if (FRONT_CLOSE.test(text.slice(pos, end))) break;
    lines.push([pos, end]);
    pos = end + 1;
  }
  push(0, open[0].length, false);
  // each content line is followed by a line break (the closing line comes after it)
  // the indentation of a key whose value is a block scalar (`|`, `>`): deeper lines are all text
  let blockIndent: number | undefined;
  for (const [start, end] of lines) {
    const line = text.slice(start, end).replace(/\r$/, '');
    const indent = /^[ \t]*/.exec(line)![0].length;
    let p = indent;
    if (blockIndent !== undefined && (indent > blockIndent || indent === line.length)) {
      push(start, start + p, false);
      push(start + p, start + line.length, true, keyOf(lastKey));
      push(start + line.length, end + 1, false);
      continue;
    }
    blockIndent = undefined;
    p += /^(?:-[ \t]+)?/.exec(line.slice(p))![0].length;
    const key = /^([^\s#:][^:#]*?)[ \t]*:(?=[ \t]|$)[ \t]*/.exec(line.slice(p));
    if (key) {
      lastKey = key[1]!;
      p += key[0].length;
    }
    let valueEnd = line.length;
    const value = line.slice(p);
    if (value === '' || value.startsWith('#') || /^[|>][+-]?\d*$/.test(value)) {
      if (value !== '' && !value.startsWith('#')) blockIndent = indent;
      push(start, end + 1, false);
      continue;
    }
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
      p++;
      valueEnd--;
    }
    push(start, start + p, false);
    push(start + p, start + valueEnd, true, keyOf(lastKey));
    push(start + valueEnd, end + 1, false);
  }
  const nl = text.indexOf('\n', pos);
  const end = nl < 0 ? text.length : nl + 1;
  push(pos, end, false);
  return end;
}

const keyOf = (key: string | undefined) => (key === undefined ? 'front-matter' : `front-matter.${key}`);

// prose with its inline syntax cut out: code spans, link targets and HTML comments
function inline(text: string, start: number, end: number, push: Push): void {
  let from = start;
  let i = start;
  // the next blank line, found once per paragraph rather than once per backtick
  let para = -1;
  const paragraph = () => {
    if (para < i) para = paragraphEnd(text, i, end);
    return para;
  };
  const skip = (s: number, e: number) => {
    push(from, s, true);
    push(s, e, false);
    from = e;
    i = e;
  };
  while (i < end) {
    const c = text[i];
    if (c === '\\') {
      i += 2;
    } else if (c === '`') {
      let n = 1;
      while (text[i + n] === '`') n++;
      const close = codeSpanEnd(text, i + n, n, paragraph());
      if (close < 0) i += n;
      else skip(i, close);
    } else if (c === '<' && text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      if (close < 0 || close + 3 > end) i += 4;
      else skip(i, close + 3);
    } else if (c === ']' && text[i + 1] === '(') {
      const close = linkTargetEnd(text, i + 1, paragraph());
      if (close < 0) i++;
      else skip(i, close);
    } else {
      i++;
    }
  }
  push(from, end, true);
}

// inline code and link targets never run past a blank line
function paragraphEnd(text: string, from: number, end: number): number {
  BLANK_LINE.lastIndex = from;
  const m = BLANK_LINE.exec(text);
  return m && m.index < end ? m.index : end;
}

function codeSpanEnd(text: string, from: number, n: number, end: number): number {
  for (let k = text.indexOf('`', from); k >= 0 && k < end; k = text.indexOf('`', k)) {
    let m = 1;
    while (text[k + m] === '`') m++;
    if (m === n) return k + n;
    k += m;
  }
  return -1;
}

// `(` … the matching `)`, with balanced parentheses and backslash escapes inside
function linkTargetEnd(text: string, open: number, end: number): number {
  let depth = 0;
  for (let j = open; j < end; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return j + 1;
  }
  return -1;
}
