/** Checks of sequences, signals and a table's events: what the time-series kinds need to be made. */
import type { Issue } from '../errors/index.js';
import { durationHint, parseDuration } from '../values/duration.js';
import { splitRef } from './check-rows.js';
import { parseDateText } from './dates.js';
import type { ColumnSpec, Spec } from './schema.js';
import { choicesHint } from './suggest.js';

type Path = (string | number)[];
type SequenceSpec = Extract<ColumnSpec, { kind: 'sequence' }>;
type SignalSpec = Extract<ColumnSpec, { kind: 'signal' }>;
type EventColumnSpec = Extract<ColumnSpec, { kind: 'event' }>;

/** Checks a duration field; returns its length in ms, or undefined (and an issue) when it is not one. */
function checkDuration(text: string | undefined, path: Path, issues: Issue[]): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) {
    issues.push({
      code: 'invalid_value',
      message: `${JSON.stringify(text)} is not a duration`,
      path,
      hint: durationHint,
    });
    return undefined;
  }
  return ms;
}

/** The ancestors of a table through `rows.per`, nearest first. */
function perAncestors(spec: Spec, tname: string): string[] {
  const out: string[] = [];
  for (let t = spec.tables[tname]; t && typeof t.rows === 'object' && !out.includes(t.rows.per); ) {
    out.push(t.rows.per);
    t = spec.tables[t.rows.per];
  }
  return out;
}

export function checkSequence(
  spec: Spec,
  tname: string,
  col: SequenceSpec,
  path: Path,
  issues: Issue[],
): void {
  if (col.start !== undefined && col.after !== undefined) {
    issues.push({
      code: 'unused_parameter',
      message: 'a sequence takes "start" or "after", not both',
      path: [...path, 'after'],
      hint: "keep start for one origin shared by every series, or after to start each series after its parent's timestamp",
    });
  } else if (col.start === undefined && col.after === undefined) {
    issues.push({
      code: 'missing_parameter',
      message: 'a sequence needs "start" or "after"',
      path,
      hint: 'add start: 2025-01-01T00:00:00Z, or after: <parent table>.<date column>',
    });
  }
  if (col.start !== undefined && parseDateText(col.start) === undefined) {
    issues.push({
      code: 'invalid_date',
      message: `${JSON.stringify(col.start)} is not a date`,
      path: [...path, 'start'],
      hint: 'write dates as YYYY-MM-DD or an ISO-8601 date-time such as 2024-03-14T09:30:00Z',
    });
  }
  if (col.after !== undefined) checkSequenceAfter(spec, tname, col.after, [...path, 'after'], issues);
  if (col.offset !== undefined && col.after === undefined) {
    issues.push({
      code: 'unused_parameter',
      message: '"offset" has no meaning without "after"',
      path: [...path, 'offset'],
      hint: 'remove it, or start the series after a parent timestamp with after: <parent>.<column>',
    });
  }
  const poisson = col.process === 'poisson';
  const needs = poisson ? 'mean_gap' : 'every';
  if (col[needs] === undefined) {
    issues.push({
      code: 'missing_parameter',
      message: `process "${poisson ? 'poisson' : 'fixed'}" needs "${needs}"`,
      path: [...path, poisson ? 'process' : 'every'],
      hint: `add ${needs}: 1h (or another duration)`,
    });
  }
  for (const p of poisson ? (['every', 'jitter'] as const) : (['mean_gap'] as const)) {
    if (col[p] !== undefined) {
      issues.push({
        code: 'unused_parameter',
        message: `"${p}" has no meaning for process "${poisson ? 'poisson' : 'fixed'}"`,
        path: [...path, p],
        hint: poisson ? 'remove it; a poisson sequence takes mean_gap' : 'remove it, or set process: poisson',
      });
    }
  }
  const every = checkDuration(col.every, [...path, 'every'], issues);
  checkDuration(col.mean_gap, [...path, 'mean_gap'], issues);
  checkDuration(col.offset, [...path, 'offset'], issues);
  const jitter = checkDuration(col.jitter, [...path, 'jitter'], issues);
  if (every !== undefined && jitter !== undefined && !poisson && jitter * 2 >= every) {
    issues.push({
      code: 'impossible_constraint',
      message: `jitter (${col.jitter}) must be less than half of every (${col.every}), or consecutive rows could swap order`,
      path: [...path, 'jitter'],
      hint: 'lower jitter, or use process: poisson for irregular times',
    });
  }
}

function checkSequenceAfter(spec: Spec, tname: string, after: string, path: Path, issues: Issue[]): void {
  const parents = perAncestors(spec, tname);
  const parts = splitRef(after);
  if (!parts || !parents.includes(parts[0])) {
    issues.push({
      code: 'invalid_reference',
      message: `after ${JSON.stringify(after)} must name a date column of a parent table (through rows.per)`,
      path,
      hint:
        parents.length > 0
          ? `write e.g. after: ${parents[0]}.<date column>`
          : `"${tname}" has no parent: use start, or make it rows: { per: <parent>, … }`,
    });
    return;
  }
  const [pt, pc] = parts;
  const pcol = spec.tables[pt]!.columns[pc];
  if (!pcol) {
    issues.push({
      code: 'missing_reference',
      message: `after points at column "${pc}", which does not exist in table "${pt}"`,
      path,
      hint: choicesHint(pc, Object.keys(spec.tables[pt]!.columns), `the columns of "${pt}" are`),
    });
  } else if (!['date', 'datetime', 'sequence'].includes(pcol.kind)) {
    issues.push({
      code: 'invalid_reference',
      message: `after points at "${pt}.${pc}", ${article(pcol.kind)} column, not a date, datetime or sequence column`,
      path,
      hint: `point it at a timestamp of "${pt}"`,
    });
  }
}

export function checkSignal(spec: Spec, tname: string, col: SignalSpec, path: Path, issues: Issue[]): void {
  const table = spec.tables[tname]!;
  const timeCol = table.columns[col.time];
  const timeCols = Object.entries(table.columns)
    .filter(([, c]) => ['sequence', 'date', 'datetime'].includes(c.kind))
    .map(([n]) => n);
  if (!timeCol) {
    issues.push({
      code: 'missing_reference',
      message: `time names column "${col.time}", which does not exist in "${tname}"`,
      path: [...path, 'time'],
      hint: choicesHint(col.time, Object.keys(table.columns), 'the columns are'),
    });
  } else if (!['sequence', 'date', 'datetime'].includes(timeCol.kind)) {
    issues.push({
      code: 'invalid_reference',
      message: `time names "${col.time}", ${article(timeCol.kind)} column, not a sequence, date or datetime column`,
      path: [...path, 'time'],
      hint:
        timeCols.length > 0
          ? `the timestamp columns of "${tname}" are: ${timeCols.join(', ')}`
          : 'add a timestamp column first, e.g. ts: { kind: sequence, start: 2025-01-01, every: 1h }',
    });
  }
  for (const [i, r] of (col.regimes ?? []).entries()) {
    if (parseDateText(r.at) === undefined && parseDuration(r.at) === undefined) {
      issues.push({
        code: 'invalid_value',
        message: `regime at ${JSON.stringify(r.at)} is neither a date nor a duration`,
        path: [...path, 'regimes', i, 'at'],
        hint: "write a date (2025-01-20) or a duration after the series' origin (10d)",
      });
    }
  }
  const events = table.events ?? {};
  for (const [name, effect] of Object.entries(col.effects ?? {})) {
    const ev = events[name];
    const at: Path = [...path, 'effects', name];
    if (!ev) {
      issues.push(unknownEvent(name, tname, Object.keys(events), at));
      continue;
    }
    if (effect.drift !== undefined && ev.precursor === undefined) {
      issues.push({
        code: 'missing_parameter',
        message: `drift ramps over the precursor window of "${name}", which has none`,
        path: [...at, 'drift'],
        hint: `add precursor: 48h (or another duration) to events.${name}`,
      });
    }
    if (effect.after !== undefined && ev.per === 'row') {
      issues.push({
        code: 'unused_parameter',
        message: `"after" has no meaning for "${name}", a per: row event`,
        path: [...at, 'after'],
        hint: 'use add for the hit rows, or make the event per: entity',
      });
    }
  }
  if (col.min !== undefined && col.max !== undefined && col.min > col.max) {
    issues.push({
      code: 'impossible_constraint',
      message: `min (${col.min}) is greater than max (${col.max})`,
      path: [...path, 'min'],
      hint: 'swap them',
    });
  }
}

export function checkEventColumn(
  spec: Spec,
  tname: string,
  col: EventColumnSpec,
  path: Path,
  issues: Issue[],
): void {
  const events = spec.tables[tname]!.events ?? {};
  const ev = events[col.event];
  if (!ev) {
    issues.push(unknownEvent(col.event, tname, Object.keys(events), [...path, 'event']));
    return;
  }
  const mark = col.mark ?? 'onset';
  if (mark !== 'onset' && ev.per === 'row') {
    issues.push({
      code: 'invalid_value',
      message: `mark "${mark}" has no meaning for "${col.event}", a per: row event`,
      path: [...path, 'mark'],
      hint: 'use mark: onset (the hit rows), or make the event per: entity',
    });
  } else if (mark === 'window' && ev.precursor === undefined) {
    issues.push({
      code: 'missing_parameter',
      message: `mark "window" needs a precursor window on "${col.event}"`,
      path: [...path, 'mark'],
      hint: `add precursor: 48h (or another duration) to events.${col.event}`,
    });
  }
  if (col.unit !== undefined && mark !== 'remaining') {
    issues.push({
      code: 'unused_parameter',
      message: '"unit" has no meaning without mark: remaining',
      path: [...path, 'unit'],
      hint: 'remove it',
    });
  }
  checkDuration(col.unit, [...path, 'unit'], issues);
}

/** "a date", "an integer". */
function article(kind: string): string {
  return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
}

function unknownEvent(name: string, tname: string, names: string[], path: Path): Issue {
  return {
    code: 'missing_reference',
    message: `event "${name}" is not an event of "${tname}"`,
    path,
    hint:
      names.length > 0
        ? choicesHint(name, names, 'the events are')
        : `declare it under tables.${tname}.events, e.g. ${name}: { per: entity, rate: 0.1 }`,
  };
}

/** Checks a table's `events`: per-entity events need a parent and a sequence column to time them. */
export function checkEvents(spec: Spec, tname: string, issues: Issue[]): void {
  const table = spec.tables[tname]!;
  const sequences = Object.entries(table.columns)
    .filter(([, c]) => c.kind === 'sequence')
    .map(([n]) => n);
  for (const [name, ev] of Object.entries(table.events ?? {})) {
    const path: Path = ['tables', tname, 'events', name];
    checkDuration(ev.precursor, [...path, 'precursor'], issues);
    if (ev.per === 'row') {
      for (const p of ['precursor', 'time'] as const) {
        if (ev[p] !== undefined) {
          issues.push({
            code: 'unused_parameter',
            message: `"${p}" has no meaning for a per: row event`,
            path: [...path, p],
            hint: 'remove it, or make the event per: entity',
          });
        }
      }
      continue;
    }
    if (typeof table.rows !== 'object') {
      issues.push({
        code: 'impossible_constraint',
        message: `"${name}" happens once per entity, but "${tname}" is not made per a parent row`,
        path: [...path, 'per'],
        hint: `make the table rows: { per: <parent>, value: … } (each parent row is an entity), or use per: row`,
      });
    }
    if (ev.time !== undefined) {
      const kind = table.columns[ev.time]?.kind;
      if (kind !== 'sequence') {
        issues.push({
          code: kind === undefined ? 'missing_reference' : 'invalid_reference',
          message: `time names ${kind === undefined ? `column "${ev.time}", which does not exist` : `"${ev.time}", ${article(kind)} column`}; events are timed by a sequence column`,
          path: [...path, 'time'],
          hint:
            sequences.length > 0
              ? `the sequence columns are: ${sequences.join(', ')}`
              : 'add a { kind: sequence } column',
        });
      }
    } else if (sequences.length !== 1) {
      issues.push({
        code: 'missing_parameter',
        message:
          sequences.length === 0
            ? `"${name}" happens at a row of each entity's series, but "${tname}" has no sequence column`
            : `"${name}" could be timed by ${sequences.join(' or ')}`,
        path: [...path, 'time'],
        hint:
          sequences.length === 0
            ? 'add a column { kind: sequence, start: …, every: … }'
            : `name one with time: ${sequences[0]}`,
      });
    }
  }
}
