/** A piece of a template string: literal text or a placeholder. */
export type TemplatePart =
  | { readonly text: string }
  | {
      /** `column`, or `table.column` / `ref_column.column` for a parent's value. */
      readonly ref: string;
      readonly filters: readonly string[];
      /** offset of the placeholder in the template, for error messages */
      readonly at: number;
    };

export const templateFilters = ['lower', 'upper', 'trim', 'slug', 'initial'] as const;

/**
 * Splits `"{first_name|lower}.{last_name}@example.com"` into parts. `{{` and `}}` are literal
 * braces.
 */
export function parseTemplate(template: string): TemplatePart[] | { error: string; at: number } {
  const parts: TemplatePart[] = [];
  let text = '';
  let i = 0;
  while (i < template.length) {
    const ch = template[i]!;
    if (ch === '{' && template[i + 1] === '{') {
      text += '{';
      i += 2;
    } else if (ch === '}' && template[i + 1] === '}') {
      text += '}';
      i += 2;
    } else if (ch === '{') {
      const end = template.indexOf('}', i);
      if (end < 0) return { error: 'a "{" is never closed', at: i };
      const [ref = '', ...filters] = template
        .slice(i + 1, end)
        .split('|')
        .map((s) => s.trim());
      if (!/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)?$/.test(ref)) {
        return { error: `"{${template.slice(i + 1, end)}}" is not a column placeholder`, at: i };
      }
      if (text) parts.push({ text });
      text = '';
      parts.push({ ref, filters, at: i });
      i = end + 1;
    } else if (ch === '}') {
      return { error: 'a "}" has no matching "{" (write "}}" for a literal brace)', at: i };
    } else {
      text += ch;
      i++;
    }
  }
  if (text) parts.push({ text });
  return parts;
}
