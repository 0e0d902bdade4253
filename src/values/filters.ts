/**
 * The filters a template placeholder or a text slot can apply: `{first_name|slug}`. One table,
 * so `slug` means the same everywhere.
 */
export const valueFilters: Readonly<Record<string, (s: string) => string>> = {
  lower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
  trim: (s) => s.trim(),
  // letters and digits only, accents folded: "O'Brien-Núñez" → "obrien-nunez"
  slug: (s) =>
    s
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/['’]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, ''),
  // the first character, not the first UTF-16 unit
  initial: (s) => (s === '' ? '' : String.fromCodePoint(s.codePointAt(0)!)),
};
