import type { ColumnSpec } from '../spec/index.js';
import { dateMarginal, keptCounts, type MarginalSettings, numericMarginal, pct } from './marginals.js';
import type { ColumnProfile } from './profile.js';
import type { LearnedColumn } from './types.js';

/** `ab-12` → `??-##`: a value's shape as a pattern column writes it. */
function shapeOf(text: string): string {
  return text.replace(/[A-Za-z]/g, '?').replace(/\d/g, '#');
}

/** The pattern of values that share one shape: characters every value shares stay literal. */
function patternOf(values: readonly string[], k: number): string {
  const first = values[0]!;
  // a character shared by fewer than k values could be one person's: only their shape is kept
  const shared = values.length >= k;
  let out = '';
  for (let i = 0; i < first.length; i++) {
    const c = first[i]!;
    const same = shared && values.every((v) => v[i] === c);
    const shape = /[A-Za-z]/.test(c) ? '?' : /\d/.test(c) ? '#' : c;
    const literal = same || shape === c;
    out += literal ? (/[#?*\\]/.test(c) ? `\\${c}` : c) : shape;
  }
  return out;
}

/** An id column: integers that rise by a constant step from their smallest value, or UUIDs. */
function idColumn(p: ColumnProfile): ColumnSpec | undefined {
  if (!p.unique || p.nulls > 0) return undefined;
  if (p.type === 'integer' && p.numbers) {
    const sorted = Float64Array.from(p.numbers).sort();
    if (sorted.length < 2) return { kind: 'id', start: sorted[0] ?? 1 };
    const step = sorted[1]! - sorted[0]!;
    const regular = sorted.every((x, i) => i === 0 || x - sorted[i - 1]! === step);
    return regular && step > 0
      ? { kind: 'id', start: sorted[0]!, ...(step === 1 ? {} : { step }) }
      : undefined;
  }
  if (p.semantic?.type === 'uuid') return { kind: 'id', strategy: 'uuid' };
  return undefined;
}

const ID_NAME = /(^|_)(id|key|uuid|guid)$|[a-z]Id$|ID$/;

/**
 * Learns one column's spec from its profile: what it holds decides its kind, and every decision
 * made for privacy is a note. Identifiers become `id` columns; direct identifiers and PII are
 * replaced by faker generators of the same type (never copied); free text is flagged and made
 * with a text generator; codes become patterns; categories keep only values seen at least k
 * times; numbers, dates and booleans get their marginal.
 *
 * @example
 * learnColumn(profileColumn('age', ages), { k: 5, alpha: 0.01 }).spec.kind; // 'integer'
 */
export function learnColumn(p: ColumnProfile, settings: MarginalSettings): LearnedColumn {
  const notes: string[] = [];
  const nullRate = p.nullRate > 0 ? { null_rate: Number(p.nullRate.toFixed(4)) } : {};
  const done = (spec: ColumnSpec, modelled: boolean): LearnedColumn => ({
    name: p.name,
    spec: { ...spec, ...nullRate } as ColumnSpec,
    notes,
    modelled,
  });
  if (p.type === 'empty') {
    notes.push('always empty in the source');
    return { name: p.name, spec: { kind: 'category', values: ['-'], null_rate: 1 }, notes, modelled: false };
  }
  const id = ID_NAME.test(p.name) || p.semantic?.type === 'uuid' ? idColumn(p) : undefined;
  if (id) {
    notes.push('identifier: keys are generated, not copied');
    return done(id, false);
  }
  if (p.semantic) {
    notes.push(
      `PII (${p.semantic.type.replace(/_/g, ' ')}, recognised by ${p.semantic.by}): never copied; made by faker's ${p.semantic.method}`,
    );
    return done(
      { kind: 'fake', method: p.semantic.method, ...(p.unique && p.rows > 1 ? { unique: true } : {}) },
      false,
    );
  }
  if (p.type === 'boolean') {
    const trues = [...p.counts].filter(([v]) => v.toLowerCase() === 'true').reduce((s, [, c]) => s + c, 0);
    return done({ kind: 'boolean', rate: Number((trues / (p.rows - p.nulls)).toFixed(4)) }, true);
  }
  const isNumeric = p.type === 'integer' || p.type === 'number' || p.type === 'date' || p.type === 'datetime';
  if (isNumeric && p.rows - p.nulls < settings.k) {
    // any summary of fewer than k values (their mean, their range) would give one of them away
    notes.push(
      `only ${p.rows - p.nulls} value(s), fewer than ${settings.k}: too few to learn without copying, left empty`,
    );
    return { name: p.name, spec: { kind: 'category', values: ['-'], null_rate: 1 }, notes, modelled: false };
  }
  if (p.type === 'integer' || p.type === 'number') {
    const m = numericMarginal(p, p.numbers!, settings);
    if (m.note) notes.push(m.note);
    const spec = { kind: p.type, ...m.fields } as ColumnSpec;
    if (p.unique && p.distinct > 50 && ID_NAME.test(p.name))
      notes.push('every value is distinct: check it is not an identifier');
    return done(spec, true);
  }
  if (p.type === 'date' || p.type === 'datetime') {
    const m = dateMarginal(p, p.numbers!, settings);
    if (m.note) notes.push(m.note);
    const format = p.dateFormat === 'YYYY-MM-DD' ? {} : { format: p.dateFormat };
    return done({ kind: p.type, ...m.fields, ...format } as ColumnSpec, true);
  }
  // text: categories when values repeat, else free text, codes or labels, none copied
  const present = p.rows - p.nulls;
  const repeated = [...p.counts.values()].filter((c) => c >= settings.k).reduce((s, c) => s + c, 0);
  if (repeated >= 0.5 * present && p.distinct <= Math.max(50, present / 10)) {
    const order = [...p.counts.entries()].sort((a, b) => b[1] - a[1]).map(([v]) => v);
    const kept = keptCounts(p.keys, order, settings.k);
    if (kept.dropped > 0)
      notes.push(
        `${kept.dropped} categories seen fewer than ${settings.k} times left out (${pct(kept.droppedRows / kept.total)} of rows), so no rare value identifies anyone`,
      );
    return done({ kind: 'category', values: kept.values }, true);
  }
  const sample = [...p.counts.keys()];
  if (p.meanLength > 30 && sample.filter((v) => v.includes(' ')).length > sample.length / 2) {
    notes.push(
      'free text: flagged, not copied; made as placeholder sentences. De-identify the real text (trainkit deid) or write a text grammar for it',
    );
    return done({ kind: 'fake', method: p.meanLength > 120 ? 'lorem.paragraph' : 'lorem.sentence' }, false);
  }
  const shapes = new Map<string, string[]>();
  for (const v of sample) {
    const s = shapeOf(v);
    const list = shapes.get(s) ?? [];
    list.push(v);
    shapes.set(s, list);
  }
  const [, top] = [...shapes].sort((a, b) => b[1].length - a[1].length)[0]!;
  if (top.length >= 0.9 * sample.length && !top[0]!.includes(' ')) {
    notes.push('a code of one shape: made from its pattern, values not copied (letters become capitals)');
    return done(
      { kind: 'pattern', pattern: patternOf(top, settings.k), ...(p.unique ? { unique: true } : {}) },
      false,
    );
  }
  notes.push(
    `${p.distinct} distinct labels, most seen fewer than ${settings.k} times: not copied; made as placeholder words (list real values as a category if they are not sensitive)`,
  );
  return done({ kind: 'fake', method: p.meanLength > 16 ? 'lorem.words' : 'lorem.word' }, false);
}
