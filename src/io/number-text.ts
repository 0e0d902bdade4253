const PAD2 = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : String(i)));

/**
 * The text of a number, exactly as `String(v)` writes it, with a fast path for numbers of up to
 * three decimals (prices, rates, rounded measures): these are built from integer parts instead
 * of running the general shortest-representation algorithm.
 *
 * @example
 * numberText(12.5); // '12.5'
 */
export function numberText(v: number): string {
  const k = Math.round(v * 1000);
  // k / 1000 === v means v is the double nearest a decimal with at most three places, and below
  // 2^31 no shorter decimal maps to the same double, so the digits below are String(v)'s
  if (k / 1000 !== v || k > 2147483647 || k < -2147483647 || (k === 0 && 1 / v < 0)) return String(v);
  const a = k < 0 ? -k : k;
  const int = (a / 1000) | 0;
  let frac = a - int * 1000;
  const head = k < 0 ? `-${int}` : String(int);
  if (frac === 0) return head;
  if (frac % 10 !== 0) return `${head}.${frac < 10 ? `00${frac}` : frac < 100 ? `0${frac}` : frac}`;
  frac /= 10;
  return frac % 10 !== 0 ? `${head}.${PAD2[frac]}` : `${head}.${frac / 10}`;
}
