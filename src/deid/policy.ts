import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { TrainkitError, userError } from '../errors/index.js';
import { choicesHint, SourceMap } from '../spec/index.js';
import { operatorNames } from './operators/index.js';

// the operators module owns the list: a new operator needs no edit here
const operatorName = z.string().refine((n) => operatorNames.includes(n));

const rule = z.union([
  operatorName,
  z
    .looseObject({ operator: operatorName })
    .describe('an operator and its options, e.g. { operator: mask, keep_last: 4 }'),
]);

export const policySchema = z.strictObject({
  description: z.string().optional(),
  /** The operator for every entity type the policy does not list. */
  default: rule.optional(),
  /** Entity type → operator (and options). */
  entities: z.record(z.string(), rule).optional(),
  /** Detection threshold in [0, 1]: lower finds more, higher is more precise. */
  threshold: z.number().min(0).max(1).optional(),
  /** Texts never treated as entities. */
  allow: z.array(z.string()).optional(),
  /** Texts always treated as entities, by type. */
  deny: z.record(z.string(), z.array(z.string())).optional(),
  /** CSV columns: an entity type (the whole cell is one entity), `text` (detect inside) or `keep`. */
  columns: z.record(z.string(), z.string()).optional(),
});

export type PolicyInput = z.input<typeof policySchema>;

/** A rule resolved to an operator name and its options. */
export interface OperatorRule {
  readonly operator: string;
  readonly options: Readonly<Record<string, unknown>>;
}

export interface Policy {
  readonly name: string;
  readonly default: OperatorRule;
  readonly entities: Readonly<Record<string, OperatorRule>>;
  readonly threshold: number;
  readonly allow: readonly string[];
  readonly deny: Readonly<Record<string, readonly string[]>>;
  readonly columns: Readonly<Record<string, string>>;
}

const safeHarborRedact = [
  'PERSON',
  'LOCATION',
  'ADDRESS',
  'ORGANIZATION',
  'PHONE',
  'FAX',
  'EMAIL',
  'URL',
  'IP_ADDRESS',
  'SSN',
  'MRN',
  'HEALTH_PLAN',
  'ACCOUNT',
  'LICENSE',
  'VEHICLE',
  'DEVICE',
  'NPI',
  'ID',
];

/** The built-in policies. */
export const presets: Readonly<Record<string, PolicyInput>> = {
  synthesize: {
    description:
      'Every entity becomes a realistic, consistent surrogate; dates shift by one offset per document.',
    default: 'synthesize',
    entities: { DATE: 'shift', AGE: 'generalize' },
  },
  redact: {
    description: 'Every entity becomes its type label: [NAME], [DATE], …',
    default: 'redact',
  },
  'hipaa-safe-harbor': {
    description:
      'HIPAA Safe Harbor: identifiers removed; dates reduced to the year, ages over 89 to "90+", ZIP codes to their first three digits.',
    default: 'redact',
    entities: {
      ...Object.fromEntries(safeHarborRedact.map((t) => [t, 'redact'])),
      DATE: 'generalize',
      AGE: 'generalize',
      ZIP: 'generalize',
    },
  },
};

function resolveRule(r: z.infer<typeof rule>): OperatorRule {
  if (typeof r === 'string') return { operator: r, options: {} };
  const { operator, ...options } = r;
  return { operator, options };
}

/**
 * Validates a policy object (or names a preset) and resolves its rules.
 *
 * @example
 * const policy = parsePolicy({ default: 'redact', entities: { DATE: 'shift' } });
 */
export function parsePolicy(value: unknown, name = 'custom', source?: SourceMap): Policy {
  const parsed = policySchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((zi) => {
      const path = zi.path.filter((p): p is string | number => typeof p !== 'symbol');
      let got: unknown = value;
      for (const k of path)
        got = got && typeof got === 'object' ? (got as Record<string, unknown>)[k] : undefined;
      if (zi.code === 'unrecognized_keys') {
        const at = [...path, zi.keys[0]!];
        return {
          code: 'invalid_policy',
          message: `Unknown policy field "${zi.keys[0]}"`,
          path: at,
          hint: choicesHint(zi.keys[0]!, Object.keys(policySchema.shape), 'the fields are'),
          ...(source ? source.locate(path, zi.keys[0]) : {}),
        };
      }
      const operator = typeof got === 'string' ? got : (got as { operator?: unknown } | undefined)?.operator;
      const badOperator =
        (zi.code === 'invalid_union' || zi.code === 'invalid_value' || zi.code === 'custom') &&
        typeof operator === 'string';
      return {
        code: 'invalid_policy',
        message: badOperator ? `Unknown operator "${operator}"` : `Invalid policy: ${zi.message}`,
        path,
        ...(badOperator ? { hint: choicesHint(operator, operatorNames, 'the operators are') } : {}),
        ...(source ? source.locate(path) : {}),
      };
    });
    throw new TrainkitError(issues);
  }
  const p = parsed.data;
  return {
    name,
    default: resolveRule(p.default ?? 'synthesize'),
    entities: Object.fromEntries(
      Object.entries(p.entities ?? {}).map(([t, r]) => [t.toUpperCase(), resolveRule(r)]),
    ),
    threshold: p.threshold ?? 0.5,
    allow: p.allow ?? [],
    deny: p.deny ?? {},
    columns: p.columns ?? {},
  };
}

/**
 * A preset by name (`redact`, `synthesize`, `hipaa-safe-harbor`) or a policy file (YAML or JSON);
 * errors in a file carry file:line:column.
 *
 * @example
 * const policy = loadPolicy('hipaa-safe-harbor');
 */
export function loadPolicy(nameOrFile: string | undefined): Policy {
  const name = nameOrFile ?? 'synthesize';
  const preset = presets[name];
  if (preset) return parsePolicy(preset, name);
  let text: string;
  try {
    text = readFileSync(name, 'utf8');
  } catch {
    throw userError('policy_not_found', `Policy "${name}" is neither a preset nor a readable file`, {
      hint: choicesHint(name, Object.keys(presets), 'the presets are'),
    });
  }
  const { value, source } = SourceMap.parse(text, name);
  return parsePolicy(value, name, source);
}

/** The operator rule for an entity type under a policy. */
export function ruleFor(policy: Policy, type: string): OperatorRule {
  return policy.entities[type] ?? policy.default;
}
