import type { z } from 'zod';
import { TrainkitError } from '../errors/index.js';
import { AliasTable, type Rng } from '../random/index.js';
import type { textColumn } from '../spec/schema.js';
import { valueFilters } from './filters.js';
import { columnIssue, type Provider, type ProviderContext, type RowCursor, type Value } from './provider.js';
import { finishingRules, type GrammarNode, nodesFinish, parseGrammar } from './text-grammar.js';
import { codePointLength, Typos } from './text-noise.js';
import { type SlotDraw, slotSource } from './text-slots.js';

type TextColumn = z.infer<typeof textColumn>;

/** What a text provider offers a spans column: the spans of the rows of the current chunk. */
export interface SpanSource {
  /** The row's spans as compact JSON, or null when the row's text is null. */
  spansJson(row: RowCursor): string | null;
  /** The row's spans as [start, end, slot index] triples, offsets in code points. */
  spansOf(row: RowCursor): readonly number[] | undefined;
  readonly slotNames: readonly string[];
  readonly slotTypes: readonly string[];
}

/** Whether a provider is a text provider with spans. */
export function isSpanSource(p: Provider): p is Provider & SpanSource {
  return typeof (p as Partial<SpanSource>).spansJson === 'function';
}

const filters = valueFilters;

/** Past this depth a rule takes an alternative that is known to finish: deep recursion ends. */
const MAX_DEPTH = 40;

/** The expansion state of one row. */
interface Out {
  lit: string;
  pieces: string[];
  slots: number[];
  /** > 0 while a rule-sourced slot is expanded: its inner slots are plain text */
  plain: number;
  depth: number;
}

type Emit = (rng: Rng, row: RowCursor, o: Out) => void;

/**
 * Free text from a grammar, with the span of every entity slot it inserted. The grammar is
 * parsed and compiled to closures once; a row costs only the draws and the concatenation.
 *
 * @example
 * const p = textProvider({ kind: 'text', grammar: { start: ['Seen by {$dr}.'] },
 *   slots: { dr: { fake: 'person.lastName', prefix: 'Dr. ', type: 'PERSON' } } }, ctx);
 */
export function textProvider(col: TextColumn, ctx: ProviderContext): Provider & SpanSource {
  const { rules, issues } = parseGrammar(col.grammar);
  if (issues.length > 0) throw new Error('the grammar was checked when the spec was parsed');
  const ruleIndex = new Map([...rules.keys()].map((r, i) => [r, i]));
  const slotEntries = Object.entries(col.slots ?? {});
  const slotIndex = new Map(slotEntries.map(([n], i) => [n, i]));
  const slotRules = new Map(slotEntries.flatMap(([n, s]) => (s.rule === undefined ? [] : [[n, s.rule]])));
  const rank = finishingRules(rules, slotRules);
  // while compiling a rule: the rules ranked below it, the only ones its way out may use
  let below: (rule: string) => boolean = () => false;

  const ruleEmits: Emit[] = [];
  const slotDraws: SlotDraw[] = [];
  const seqOf = (nodes: readonly GrammarNode[]): Emit => {
    const emits = nodes.map(nodeOf);
    if (emits.length === 1) return emits[0]!;
    return (rng, row, o) => {
      for (let i = 0; i < emits.length; i++) emits[i]!(rng, row, o);
    };
  };
  const nodeOf = (n: GrammarNode): Emit => {
    switch (n.t) {
      case 'text': {
        const text = n.text;
        return (_r, _w, o) => {
          o.lit += text;
        };
      }
      case 'rule': {
        const i = ruleIndex.get(n.name)!;
        return (rng, row, o) => ruleEmits[i]!(rng, row, o);
      }
      case 'column': {
        const get = ctx.lookup(n.ref);
        const f = chain(n.filters);
        return (_r, row, o) => {
          const v = get(row);
          o.lit += f(v === null ? '' : String(v));
        };
      }
      case 'slot':
        return slotEmit(slotIndex.get(n.name)!, chain(n.filters));
      case 'opt': {
        const inner = nodeOf(n.node);
        const p = n.p;
        return (rng, row, o) => {
          if (rng.float() < p && o.depth < MAX_DEPTH) inner(rng, row, o);
        };
      }
      case 'choice': {
        const alts = n.alts.map(seqOf);
        const exit = Math.max(
          0,
          n.alts.findIndex((a) => nodesFinish(a, below, slotRules)),
        );
        return (rng, row, o) => {
          const k = rng.below(alts.length);
          alts[o.depth < MAX_DEPTH ? k : exit]!(rng, row, o);
        };
      }
    }
  };

  // slot values are drawn once per row, so a slot used twice names the same entity twice
  const cache: string[] = slotEntries.map(() => '');
  const cachedFor = new Float64Array(slotEntries.length).fill(-1);
  let rowStamp = 0;
  const slotEmit = (i: number, f: (s: string) => string): Emit => {
    const [, slot] = slotEntries[i]!;
    const prefix = slot.prefix ?? '';
    const suffix = slot.suffix ?? '';
    return (rng, row, o) => {
      if (cachedFor[i] !== rowStamp) {
        cache[i] = slotDraws[i]!(rng, row);
        cachedFor[i] = rowStamp;
      }
      const v = f(cache[i]!);
      if (o.plain > 0 || v === '') {
        o.lit += prefix + v + suffix;
        return;
      }
      o.lit += prefix;
      if (o.lit !== '') {
        o.pieces.push(o.lit);
        o.slots.push(-1);
      }
      o.pieces.push(v);
      o.slots.push(i);
      o.lit = suffix;
    };
  };

  for (const [name, slot] of slotEntries) {
    const source = slotSource(name, slot, ctx);
    if (source) {
      slotDraws.push(source);
      continue;
    }
    const r = ruleIndex.get(slot.rule!)!;
    slotDraws.push((rng, row) => {
      // the rule's text is the entity: inner slots add to it instead of making spans of their own
      const saved = o.lit;
      o.lit = '';
      o.plain++;
      ruleEmits[r]!(rng, row, o);
      o.plain--;
      const v = o.lit;
      o.lit = saved;
      return v;
    });
  }

  for (const [name, alts] of rules) {
    const live = alts.filter((a) => a.weight > 0);
    const own = rank.get(name) ?? Number.POSITIVE_INFINITY;
    below = (r) => (rank.get(r) ?? Number.POSITIVE_INFINITY) < own;
    const emits = live.map((a) => seqOf(a.nodes));
    const exit = Math.max(
      0,
      live.findIndex((a) => nodesFinish(a.nodes, below, slotRules)),
    );
    const table = new AliasTable(live.map((a) => a.weight));
    const single = emits.length === 1;
    ruleEmits[ruleIndex.get(name)!] = (rng, row, o) => {
      const k = single ? 0 : table.sample(rng);
      o.depth++;
      emits[o.depth < MAX_DEPTH ? k : exit]!(rng, row, o);
      o.depth--;
    };
  }

  const startOf = startRule(col, ctx, ruleIndex);
  const noise = col.noise ?? {};
  const upper = noise.upper ?? 0;
  const lower = noise.lower ?? 0;
  const typos = new Typos(noise.typo_rate ?? 0);
  const typeJson = slotEntries.map(([, s]) => `,"type":${JSON.stringify(s.type)}}`);

  const o: Out = { lit: '', pieces: [], slots: [], plain: 0, depth: 0 };
  const entity: boolean[] = [];
  const spans: number[][] = [];
  const spanRow: number[] = [];

  return {
    sqlType: 'TEXT',
    slotNames: slotEntries.map(([n]) => n),
    slotTypes: slotEntries.map(([, s]) => s.type),
    next(rng, row): Value {
      rowStamp++;
      o.lit = '';
      o.pieces.length = 0;
      o.slots.length = 0;
      o.depth = 0;
      ruleEmits[startOf(row)]!(rng, row, o);
      if (o.lit !== '') {
        o.pieces.push(o.lit);
        o.slots.push(-1);
      }
      const pieces = o.pieces;
      if (upper + lower > 0) {
        const u = rng.float();
        if (u < upper) for (let k = 0; k < pieces.length; k++) pieces[k] = pieces[k]!.toUpperCase();
        else if (u < upper + lower)
          for (let k = 0; k < pieces.length; k++) pieces[k] = pieces[k]!.toLowerCase();
      }
      if (typos.rate > 0) {
        entity.length = pieces.length;
        for (let k = 0; k < pieces.length; k++) entity[k] = o.slots[k]! >= 0;
        typos.apply(pieces, entity, rng);
      }
      const out = spans[row.local] ?? [];
      out.length = 0;
      let text = '';
      let at = 0;
      for (let k = 0; k < pieces.length; k++) {
        const s = pieces[k]!;
        const len = codePointLength(s);
        const slot = o.slots[k]!;
        if (slot >= 0) out.push(at, at + len, slot);
        at += len;
        text += s;
      }
      spans[row.local] = out;
      spanRow[row.local] = row.index;
      return text;
    },
    spansOf: (row) => (spanRow[row.local] === row.index ? spans[row.local] : undefined),
    spansJson(row) {
      const s = this.spansOf(row);
      if (s === undefined) return null;
      let json = '[';
      for (let i = 0; i < s.length; i += 3) {
        json += `${i === 0 ? '' : ','}{"start":${s[i]},"end":${s[i + 1]}${typeJson[s[i + 2]!]}`;
      }
      return `${json}]`;
    },
  };
}

function chain(names: readonly string[]): (s: string) => string {
  const fs = names.map((f) => filters[f]!);
  if (fs.length === 0) return (s) => s;
  return (s) => {
    for (const f of fs) s = f(s);
    return s;
  };
}

/** The start rule of a row: `start`, or with `start_by` the rule `start.<value>`. */
function startRule(
  col: TextColumn,
  ctx: ProviderContext,
  ruleIndex: ReadonlyMap<string, number>,
): (row: RowCursor) => number {
  const fallback = ruleIndex.get('start');
  if (col.start_by === undefined) return () => fallback!;
  const get = ctx.lookup(col.start_by);
  const memo = new Map<string, number>();
  return (row) => {
    const key = String(get(row));
    let r = memo.get(key);
    if (r === undefined) {
      r = ruleIndex.get(`start.${key}`) ?? fallback;
      if (r === undefined) {
        throw new TrainkitError([
          columnIssue(ctx, {
            code: 'missing_reference',
            message: `start_by: "${col.start_by}" is "${key}", but the grammar has no rule "start.${key}" and no "start"`,
            at: 'grammar',
            hint: `add a rule "start.${key}" or a "start" rule to fall back on`,
          }),
        ]);
      }
      memo.set(key, r);
    }
    return r;
  };
}
