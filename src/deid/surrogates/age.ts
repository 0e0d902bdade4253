/**
 * An age as HIPAA Safe Harbor allows it: any age over 89 becomes "90+", keeping the words around
 * the number ("92 years old" → "90+ years old"); younger ages are not identifying and stay.
 *
 * @example
 * generalizeAge('92 years old'); // '90+ years old'
 */
export function generalizeAge(text: string): string {
  const m = /\d+/.exec(text);
  // "90+" is already as general as it gets
  if (m === null || Number(m[0]) <= 89 || text[m.index + m[0].length] === '+') return text;
  return `${text.slice(0, m.index)}90+${text.slice(m.index + m[0].length)}`;
}

/** The AGE surrogate: the generalized age (a made-up age would change the clinical picture). */
export function ageSurrogate(original: string): string {
  return generalizeAge(original);
}
