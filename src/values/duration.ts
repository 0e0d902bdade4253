const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const PART = /(\d+(?:\.\d+)?)\s*([smhdw])/y;

/**
 * Parses a duration written as numbers with units (`s`, `m`, `h`, `d`, `w`), one or several:
 * `90s`, `15m`, `1.5h`, `2d`, `1w`, `1h30m`. Returns whole milliseconds, or undefined for text
 * that is not a duration (a bare number is not one: its unit would be a guess).
 *
 * @example
 * parseDuration('1h30m'); // 5_400_000
 */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (s === '') return undefined;
  PART.lastIndex = 0;
  let total = 0;
  while (PART.lastIndex < s.length) {
    const at = PART.lastIndex;
    const m = PART.exec(s);
    if (!m || m.index !== at) return undefined;
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    while (s[PART.lastIndex] === ' ') PART.lastIndex++;
  }
  return Math.round(total);
}

/** The hint shown for a malformed duration. */
export const durationHint = 'write a number and a unit (s, m, h, d or w), e.g. 90s, 15m, 1h, 2d, 1w or 1h30m';
