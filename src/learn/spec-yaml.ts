import type { Spec } from '../spec/index.js';

const WIDTH = 100;
const PLAIN = /^[A-Za-z_][A-Za-z0-9_.\-/ ]*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A scalar as YAML reads it back unchanged: plain when safe, else double-quoted. */
function scalar(v: Json): string {
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (typeof v === 'string' && PLAIN.test(v) && !RESERVED.test(v) && !v.endsWith(' ')) return v;
  return JSON.stringify(v);
}

const isScalar = (v: Json): boolean => v === null || typeof v !== 'object';

/** Items on lines of at most WIDTH characters, between open and close brackets. */
function wrapped(
  open: string,
  items: readonly string[],
  close: string,
  indent: string,
  first: number,
): string {
  const lines: string[] = [];
  let line = open;
  let width = first;
  for (const [i, item] of items.entries()) {
    const piece = item + (i < items.length - 1 ? ',' : close);
    if (width + line.length + piece.length + 1 > WIDTH && line.trim() !== open) {
      lines.push(line);
      line = `${indent}  ${piece}`;
      width = 0;
    } else line += (line === open ? '' : ' ') + piece;
  }
  if (items.length === 0) line += close;
  lines.push(line);
  return lines.join('\n');
}

/** A comment, wrapped at WIDTH. */
function comment(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = `${indent}#`;
  for (const word of text.split(' ')) {
    if (line.length + word.length + 1 > WIDTH && line !== `${indent}#`) {
      lines.push(line);
      line = `${indent}#  `;
    }
    line += ` ${word}`;
  }
  lines.push(line.replace('#   ', '#   '));
  return lines;
}

/**
 * Writes a learned spec as diffable YAML: a block per table and column, short settings on one
 * line, lists and weight tables wrapped at 100 characters, the copula matrix a row per line, and
 * every decision as a comment above the key it explains.
 *
 * @example
 * writeSpecYaml(spec, { 'tables.people.columns.email': ['PII: made by faker'] });
 */
export function writeSpecYaml(
  spec: Spec,
  notes: Readonly<Record<string, readonly string[]>>,
  header: readonly string[] = [],
): string {
  const out: string[] = header.flatMap((l) => comment(l, ''));
  const emit = (value: { [key: string]: Json }, indent: string, path: string[]) => {
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const here = [...path, key];
      for (const line of notes[here.join('.')] ?? []) out.push(...comment(line, indent));
      const head = `${indent}${scalar(key)}:`;
      if (typeof v === 'string' && v.length > WIDTH - head.length && /^\S+( \S+)*$/.test(v)) {
        // a long formula folded over lines (a folded block joins them with single spaces)
        out.push(`${head} >-`);
        let line = `${indent}  `;
        for (const word of v.split(' ')) {
          if (line.length + word.length + 1 > WIDTH && line.trim()) {
            out.push(line);
            line = `${indent}  `;
          }
          line += line.trim() ? ` ${word}` : word;
        }
        out.push(line);
      } else if (isScalar(v)) out.push(`${head} ${scalar(v)}`);
      else if (Array.isArray(v)) {
        if (v.every(isScalar))
          out.push(`${head} ${wrapped('[', v.map(scalar), ']', indent, head.length + 1)}`);
        else {
          out.push(head);
          for (const item of v) {
            if (Array.isArray(item)) {
              out.push(
                `${indent}  - ${wrapped('[', item.map(scalar), ']', `${indent}  `, indent.length + 4)}`,
              );
              continue;
            }
            // a map in a list: its first key on the dash's line
            const at = out.length;
            emit(item as { [key: string]: Json }, `${indent}    `, here);
            out[at] = `${indent}  - ${out[at]!.trimStart()}`;
          }
        }
      } else {
        const map = v as { [key: string]: Json };
        const entries = Object.entries(map);
        const flat = entries.every(([, x]) => isScalar(x));
        const inline = `{ ${entries.map(([k, x]) => `${scalar(k)}: ${scalar(x)}`).join(', ')} }`;
        // settings and weight tables on one (wrapped) line; structures as blocks
        if (
          flat &&
          (head.length + inline.length + 1 <= WIDTH ||
            key === 'values' ||
            key === 'weights' ||
            key === 'rows')
        )
          out.push(
            `${head} ${wrapped(
              '{',
              entries.map(([k, x]) => `${scalar(k)}: ${scalar(x)}`),
              ' }',
              indent,
              head.length + 1,
            ).replace(/^\{/, '{ ')}`,
          );
        else {
          out.push(head);
          emit(map, `${indent}  `, here);
        }
      }
    }
  };
  emit(spec as unknown as { [key: string]: Json }, '', []);
  return `${out.join('\n')}\n`;
}
