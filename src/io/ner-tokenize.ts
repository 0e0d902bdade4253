/** An entity span: offsets in Unicode code points, end exclusive. */
export interface NerSpan {
  readonly start: number;
  readonly end: number;
  readonly type: string;
}

/** A token and its offsets in code points. */
export interface NerToken {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

// a CJK character is a token of its own (names in Chinese and Japanese are not space-separated);
// a word keeps inner apostrophes and hyphens (O'Brien, Smith-Jones) and a number its decimal
// point, time colon or date slash (4.1, 10:30, 03/14/2024); anything else visible is one token
const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}';
const WORD = `[[\\p{L}\\p{N}\\p{M}]--[${CJK}]]`;
// built from a string: the set-subtraction (v) flag is newer than the compile target
const TOKEN = new RegExp(`[${CJK}]|${WORD}+(?:(?:['’\\-]|(?<=\\p{N})[.,:\\/](?=\\p{N}))${WORD}+)*|\\S`, 'gv');

/**
 * Splits text into words and punctuation, with code-point offsets. The tokenizer never looks at
 * the spans, so it cuts a text the way it would cut an unlabelled one.
 *
 * @example
 * tokenize("Dr. O'Brien, 4.1"); // Dr . O'Brien , 4.1
 */
export function tokenize(text: string): NerToken[] {
  const out: NerToken[] = [];
  let unit = 0;
  let cp = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    cp += codePoints(text, unit, m.index);
    const len = codePoints(text, m.index, m.index + m[0].length);
    out.push({ text: m[0], start: cp, end: cp + len });
    cp += len;
    unit = m.index + m[0].length;
  }
  return out;
}

function codePoints(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < to) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/**
 * BIO tags for tokens: a token that overlaps a span, even partly, takes the span's type, `B-` on
 * the first such token and `I-` on the rest; other tokens are `O`. Spans must be sorted and not
 * overlap (as a spans column writes them).
 *
 * @example
 * bioTags(tokenize('Dr. Ana Ruiz'), [{ start: 4, end: 12, type: 'PERSON' }]); // O O B-PERSON I-PERSON
 */
export function bioTags(tokens: readonly NerToken[], spans: readonly NerSpan[]): string[] {
  const tags: string[] = [];
  let s = 0;
  let open = -1;
  for (const t of tokens) {
    while (s < spans.length && spans[s]!.end <= t.start) s++;
    const span = spans[s];
    if (span && span.start < t.end && span.end > t.start) {
      tags.push(`${open === s ? 'I' : 'B'}-${span.type}`);
      open = s;
    } else tags.push('O');
  }
  return tags;
}
