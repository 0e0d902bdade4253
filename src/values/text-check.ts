import type { z } from 'zod';
import type { ColumnSpec, spansColumn, textColumn } from '../spec/schema.js';
import { choicesHint } from '../spec/suggest.js';
import {
  endlessRules,
  type GrammarIssue,
  type GrammarNode,
  parseGrammar,
  walkNodes,
} from './text-grammar.js';

type TextColumn = z.infer<typeof textColumn>;
type SpansColumn = z.infer<typeof spansColumn>;
type Path = (string | number)[];

/** Filters a slot or column reference may take (the template filters). */
export const textFilters = ['lower', 'upper', 'trim', 'slug', 'initial'] as const;

const SOURCES = ['column', 'fake', 'pattern', 'values', 'rule'] as const;

/** The columns a text column reads: slot columns, `{=column}` references and `start_by`. */
export function textDependencies(col: TextColumn | SpansColumn): string[] {
  if (col.kind === 'spans') return [col.of];
  const deps = new Set<string>();
  if (col.start_by !== undefined) deps.add(col.start_by);
  for (const slot of Object.values(col.slots ?? {})) if (slot.column !== undefined) deps.add(slot.column);
  for (const alts of parseGrammar(col.grammar).rules.values()) {
    for (const a of alts) walkNodes(a.nodes, (n) => n.t === 'column' && deps.add(n.ref));
  }
  return [...deps];
}

/**
 * What the schema cannot see in a text or spans column: grammar syntax, unknown rules, slots and
 * filters, rules that never finish, slot sources, and the columns it reads. `resolve` says what
 * is wrong with a column reference of this row (undefined when it exists).
 */
export function checkTextColumn(
  col: TextColumn | SpansColumn,
  columns: Readonly<Record<string, ColumnSpec>>,
  resolve: (ref: string) => { message: string; hint: string } | undefined,
  path: Path,
): GrammarIssue[] {
  const issues: GrammarIssue[] = [];
  const push = (i: GrammarIssue) => issues.push({ ...i, path: [...path, ...i.path] });
  if (col.kind === 'spans') {
    const target = columns[col.of];
    const textColumns = Object.keys(columns).filter((c) => columns[c]!.kind === 'text');
    if (target?.kind !== 'text') {
      push({
        code: target ? 'invalid_reference' : 'missing_reference',
        message: target
          ? `spans: "${col.of}" is a ${target.kind} column, not a text column`
          : `spans: "of" names column "${col.of}", which does not exist`,
        path: ['of'],
        hint:
          textColumns.length > 0
            ? choicesHint(col.of, textColumns, 'the text columns are')
            : 'add a column of kind text first',
      });
    }
    return issues;
  }

  const { rules, issues: syntax } = parseGrammar(col.grammar);
  for (const i of syntax) push(i);
  const ruleNames = [...rules.keys()];
  const slots = col.slots ?? {};
  const slotNames = Object.keys(slots);
  const slotRules = new Map<string, string>();

  for (const [name, slot] of Object.entries(slots)) {
    const given = SOURCES.filter((s) => slot[s] !== undefined);
    if (given.length !== 1) {
      push({
        code: given.length === 0 ? 'missing_parameter' : 'conflicting_parameters',
        message: `slot "${name}" needs exactly one source, ${given.length === 0 ? 'and has none' : `but has ${given.join(' and ')}`}`,
        path: ['slots', name],
        hint: 'give one of column, fake, pattern, values or rule',
      });
    }
    const only = (field: 'formats' | 'locale' | 'args', source: string) => {
      if (slot[field] !== undefined && slot[source as keyof typeof slot] === undefined) {
        push({
          code: 'unused_parameter',
          message: `slot "${name}": "${field}" goes with "${source}"`,
          path: ['slots', name, field],
          hint: `remove it, or take the value from ${source}`,
        });
      }
    };
    only('formats', 'column');
    only('locale', 'fake');
    only('args', 'fake');
    if (slot.column !== undefined) {
      const problem = resolve(slot.column);
      if (problem) push({ code: 'missing_reference', ...problem, path: ['slots', name, 'column'] });
    }
    if (slot.rule !== undefined) {
      if (rules.has(slot.rule)) slotRules.set(name, slot.rule);
      else {
        push({
          code: 'missing_reference',
          message: `slot "${name}" expands rule "${slot.rule}", which the grammar does not have`,
          path: ['slots', name, 'rule'],
          hint: choicesHint(slot.rule, ruleNames, 'the rules are'),
        });
      }
    }
  }

  if (!rules.has('start')) {
    const starts = ruleNames.filter((r) => r.startsWith('start.'));
    if (col.start_by === undefined || starts.length === 0) {
      push({
        code: 'missing_parameter',
        message: 'the grammar has no "start" rule',
        path: ['grammar'],
        hint: 'add start: ["…"], the text every row begins from',
      });
    }
  }
  if (col.start_by !== undefined) {
    const problem = resolve(col.start_by);
    if (problem) push({ code: 'missing_reference', ...problem, path: ['start_by'] });
    const by = columns[col.start_by];
    const choices =
      by?.kind === 'category' ? by.values : by?.kind === 'label' && by.classes ? by.classes : undefined;
    if (choices !== undefined && !rules.has('start')) {
      const given = choices as readonly (string | number)[] | Record<string, number>;
      const values = Array.isArray(given) ? given.map(String) : Object.keys(given);
      const missing = values.filter((v: string) => !rules.has(`start.${v}`));
      if (missing.length > 0) {
        push({
          code: 'missing_reference',
          message: `start_by: "${col.start_by}" can be ${missing.map((v: string) => `"${v}"`).join(', ')}, but the grammar has no rule "start.${missing[0]}" and no "start" to fall back on`,
          path: ['grammar'],
          hint: `add ${missing.map((v: string) => `"start.${v}"`).join(', ')}, or a "start" rule`,
        });
      }
    }
  }

  for (const [rule, alts] of rules) {
    for (const alt of alts) {
      const at = ['grammar', rule, alt.key];
      walkNodes(alt.nodes, (n: GrammarNode) => {
        if (n.t === 'rule' && !rules.has(n.name)) {
          push({
            code: 'missing_reference',
            message: `rule "${rule}": "{${n.name}}" names no rule (at character ${n.at + 1})`,
            path: at,
            hint: `${choicesHint(n.name, ruleNames, 'the rules are')}${slots[n.name] ? `; for the slot write {$${n.name}}` : ''}`,
          });
        } else if (n.t === 'slot' && !slots[n.name]) {
          push({
            code: 'missing_reference',
            message: `rule "${rule}": "{$${n.name}}" names no slot (at character ${n.at + 1})`,
            path: at,
            hint:
              slotNames.length > 0
                ? choicesHint(n.name, slotNames, 'the slots are')
                : `declare it under slots: (${n.name}: { column: …, type: … })`,
          });
        } else if (n.t === 'column') {
          const problem = resolve(n.ref);
          if (problem) push({ code: 'missing_reference', ...problem, path: at });
        }
        if ((n.t === 'slot' || n.t === 'column') && n.filters.length > 0) {
          for (const f of n.filters) {
            if (!(textFilters as readonly string[]).includes(f)) {
              push({
                code: 'invalid_grammar',
                message: `rule "${rule}": unknown filter "${f}" (at character ${n.at + 1})`,
                path: at,
                hint: choicesHint(f, [...textFilters], 'the filters are'),
              });
            }
          }
        }
      });
    }
  }

  for (const rule of endlessRules(rules, slotRules)) {
    push({
      code: 'endless_grammar',
      message: `rule "${rule}" never finishes: every alternative expands a rule that leads back to it`,
      path: ['grammar', rule],
      hint: `add an alternative to "${rule}" that does not recurse (an optional {?${rule}} also ends)`,
    });
  }
  const noise = col.noise;
  if (noise && (noise.upper ?? 0) + (noise.lower ?? 0) > 1) {
    push({
      code: 'impossible_constraint',
      message: `noise: upper (${noise.upper}) and lower (${noise.lower}) add up to more than 1`,
      path: ['noise'],
      hint: 'they are shares of the rows; lower one of them',
    });
  }
  return issues;
}
