/**
 * The syntax of a `text` column's grammar. Pure: it imports nothing from the engine, so the spec
 * checker and the provider share one parser.
 */

/** A part of an alternative. */
export type GrammarNode =
  | { readonly t: 'text'; readonly text: string }
  | { readonly t: 'rule'; readonly name: string; readonly at: number }
  | { readonly t: 'slot'; readonly name: string; readonly filters: readonly string[]; readonly at: number }
  | { readonly t: 'column'; readonly ref: string; readonly filters: readonly string[]; readonly at: number }
  | { readonly t: 'opt'; readonly p: number; readonly node: GrammarNode }
  | { readonly t: 'choice'; readonly alts: readonly (readonly GrammarNode[])[] };

/** One alternative of a rule: its parsed parts, its weight and the key it came from (list index or text). */
export interface ParsedAlternative {
  readonly key: string | number;
  readonly weight: number;
  readonly nodes: readonly GrammarNode[];
}

/** A grammar issue, at a path relative to the column. */
export interface GrammarIssue {
  readonly code: string;
  readonly message: string;
  readonly path: readonly (string | number)[];
  readonly hint?: string;
}

export type GrammarInput = Record<string, readonly string[] | Record<string, number>>;

const NAME = /^[A-Za-z_][\w.-]*$/;
const COLUMN_REF = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)?$/;
const OPTIONAL = /^\?(?:(0(?:\.\d+)?|1(?:\.0*)?|\.\d+):)?([$=]?)(.*)$/;

class SyntaxProblem extends Error {
  constructor(
    message: string,
    readonly at: number,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/**
 * Parses one alternative: `{rule}`, `{$slot}`, `{=column}`, `{?rule}` or `{?0.3:rule}`, inline
 * choices `[a|b|{rule}]`, and `\` before `{ } [ ] | \` for the literal character.
 *
 * @example
 * parseAlternative('Seen by {$doctor} [today|yesterday].');
 */
export function parseAlternative(src: string): GrammarNode[] | { error: string; at: number; hint?: string } {
  try {
    const [nodes, end] = parseSeq(src, 0, false);
    if (end < src.length) throw new SyntaxProblem(`a "${src[end]}" has no opening bracket`, end);
    return nodes;
  } catch (e) {
    if (!(e instanceof SyntaxProblem)) throw e;
    return { error: e.message, at: e.at, ...(e.hint ? { hint: e.hint } : {}) };
  }
}

/** Parses up to the end, or in a choice up to its `|` or `]`; returns the nodes and where it stopped. */
function parseSeq(src: string, i: number, inChoice: boolean): [GrammarNode[], number] {
  const nodes: GrammarNode[] = [];
  let text = '';
  const flush = () => {
    if (text) nodes.push({ t: 'text', text });
    text = '';
  };
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '\\') {
      if (i + 1 >= src.length)
        throw new SyntaxProblem('a "\\" ends the text', i, 'write "\\\\" for a backslash');
      text += src[i + 1];
      i += 2;
    } else if (ch === '{') {
      const end = src.indexOf('}', i);
      if (end < 0) throw new SyntaxProblem('a "{" is never closed', i, 'write "\\{" for a literal brace');
      flush();
      nodes.push(parseRef(src.slice(i + 1, end), i));
      i = end + 1;
    } else if (ch === '[') {
      flush();
      const alts: GrammarNode[][] = [];
      let j = i + 1;
      for (;;) {
        const [alt, stop] = parseSeq(src, j, true);
        alts.push(alt);
        if (stop >= src.length) {
          throw new SyntaxProblem('a "[" is never closed', i, 'write "\\[" for a literal bracket');
        }
        j = stop + 1;
        if (src[stop] === ']') break;
      }
      nodes.push({ t: 'choice', alts });
      i = j;
    } else if (inChoice && (ch === '|' || ch === ']')) {
      break;
    } else if (ch === '}' || ch === ']') {
      throw new SyntaxProblem(
        `a "${ch}" has no opening bracket`,
        i,
        `write "\\${ch}" for a literal ${ch === '}' ? 'brace' : 'bracket'}`,
      );
    } else {
      text += ch;
      i++;
    }
  }
  flush();
  return [nodes, i];
}

function parseRef(body: string, at: number): GrammarNode {
  const opt = OPTIONAL.exec(body);
  if (opt) {
    const inner = parseRef(`${opt[2]}${opt[3]}`, at);
    if (inner.t === 'opt') throw new SyntaxProblem(`"{${body}}" is optional twice`, at);
    return { t: 'opt', p: opt[1] === undefined ? 0.5 : Number(opt[1]), node: inner };
  }
  const [head = '', ...filters] = body.split('|').map((s) => s.trim());
  if (head.startsWith('$') && NAME.test(head.slice(1)))
    return { t: 'slot', name: head.slice(1), filters, at };
  if (head.startsWith('=') && COLUMN_REF.test(head.slice(1))) {
    return { t: 'column', ref: head.slice(1), filters, at };
  }
  if (NAME.test(head)) {
    if (filters.length > 0) {
      throw new SyntaxProblem(`"{${body}}": filters apply to slots and columns, not to rules`, at);
    }
    return { t: 'rule', name: head, at };
  }
  throw new SyntaxProblem(
    `"{${body}}" is not a rule, slot or column`,
    at,
    'write {rule}, {$slot}, {=column}, {?rule} or {?0.3:rule}; "\\{" for a literal brace',
  );
}

/** Every alternative of every rule, parsed, with the syntax errors found (paths relative to the column). */
export function parseGrammar(grammar: GrammarInput): {
  rules: Map<string, ParsedAlternative[]>;
  issues: GrammarIssue[];
} {
  const rules = new Map<string, ParsedAlternative[]>();
  const issues: GrammarIssue[] = [];
  for (const [name, body] of Object.entries(grammar)) {
    const entries: [string | number, string, number][] = Array.isArray(body)
      ? body.map((s, i) => [i, s, 1])
      : Object.entries(body).map(([s, w]) => [s, s, w]);
    const alts: ParsedAlternative[] = [];
    for (const [key, src, weight] of entries) {
      const parsed = parseAlternative(src);
      if (!Array.isArray(parsed)) {
        issues.push({
          code: 'invalid_grammar',
          message: `rule "${name}", alternative ${JSON.stringify(src)}: ${parsed.error} (at character ${parsed.at + 1})`,
          path: ['grammar', name, key],
          ...(parsed.hint ? { hint: parsed.hint } : {}),
        });
        continue;
      }
      alts.push({ key, weight, nodes: parsed });
    }
    if (entries.length > 0 && entries.every(([, , w]) => w === 0)) {
      issues.push({
        code: 'invalid_value',
        message: `rule "${name}": the weights must not all be zero`,
        path: ['grammar', name],
      });
    }
    rules.set(name, alts);
  }
  return { rules, issues };
}

/** Calls `visit` for every rule, slot and column reference in the nodes, depth first. */
export function walkNodes(nodes: readonly GrammarNode[], visit: (n: GrammarNode) => void): void {
  for (const n of nodes) {
    visit(n);
    if (n.t === 'opt') walkNodes([n.node], visit);
    else if (n.t === 'choice') for (const a of n.alts) walkNodes(a, visit);
  }
}

/**
 * Whether the nodes can finish when only the rules `done` accepts are known to (optional parts
 * need not run, a choice needs one finishing alternative). `slotRules` names the rule each
 * rule-sourced slot expands.
 */
export function nodesFinish(
  nodes: readonly GrammarNode[],
  done: (rule: string) => boolean,
  slotRules: ReadonlyMap<string, string>,
): boolean {
  return nodes.every((n) => {
    if (n.t === 'rule') return done(n.name);
    if (n.t === 'slot') {
      const r = slotRules.get(n.name);
      return r === undefined || done(r);
    }
    if (n.t === 'choice') return n.alts.some((a) => nodesFinish(a, done, slotRules));
    return true;
  });
}

/**
 * The rules that can finish, each with its rank: a rule finishes through an alternative whose
 * rules all have a lower rank, so always taking such an alternative ends every expansion.
 */
export function finishingRules(
  rules: ReadonlyMap<string, readonly ParsedAlternative[]>,
  slotRules: ReadonlyMap<string, string>,
): Map<string, number> {
  const rank = new Map<string, number>();
  const done = (r: string) => rank.has(r);
  for (let changed = true; changed; ) {
    changed = false;
    const found: string[] = [];
    for (const [name, alts] of rules) {
      if (!rank.has(name) && alts.some((a) => a.weight > 0 && nodesFinish(a.nodes, done, slotRules))) {
        found.push(name);
      }
    }
    // rules found in one pass share a rank: none of them needed another to finish
    const next = rank.size;
    for (const name of found) rank.set(name, next);
    changed = found.length > 0;
  }
  return rank;
}

/** The rules that can never finish: every alternative needs a rule that itself cannot finish. */
export function endlessRules(
  rules: ReadonlyMap<string, readonly ParsedAlternative[]>,
  slotRules: ReadonlyMap<string, string>,
): string[] {
  const rank = finishingRules(rules, slotRules);
  // a reference to a missing rule is reported on its own; it does not make its caller endless
  const known = (nodes: readonly GrammarNode[]): boolean => {
    let ok = true;
    walkNodes(nodes, (n) => {
      if (n.t === 'rule' && !rules.has(n.name)) ok = false;
    });
    return ok;
  };
  return [...rules.keys()].filter(
    (r) => !rank.has(r) && (rules.get(r) ?? []).length > 0 && rules.get(r)!.every((a) => known(a.nodes)),
  );
}
