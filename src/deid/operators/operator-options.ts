import { userError } from '../../errors/index.js';
import type { Operator } from '../operator.js';

/**
 * Reads one operator's options from a policy, rejecting names it does not take and values of the
 * wrong kind with an error that names the valid ones.
 */
export class OperatorOptions {
  constructor(
    private readonly operator: string,
    private readonly values: Readonly<Record<string, unknown>>,
    allowed: readonly string[],
  ) {
    for (const name of Object.keys(values)) {
      if (allowed.includes(name)) continue;
      throw userError('unknown_operator_option', `Operator "${operator}" has no option "${name}"`, {
        hint:
          allowed.length > 0 ? `its options are: ${allowed.join(', ')}` : `"${operator}" takes no options`,
      });
    }
  }

  private bad(name: string, expected: string): never {
    throw userError(
      'bad_operator_option',
      `Option "${name}" of operator "${this.operator}" must be ${expected}, got ${JSON.stringify(this.values[name])}`,
    );
  }

  string(name: string, fallback: string): string;
  string(name: string): string | undefined;
  string(name: string, fallback?: string): string | undefined {
    const v = this.values[name];
    if (v === undefined) return fallback;
    if (typeof v !== 'string' || v.length === 0) this.bad(name, 'a non-empty string');
    return v;
  }

  /** A single character (one code point), e.g. a mask character. */
  character(name: string, fallback: string): string {
    const v = this.values[name];
    if (v === undefined) return fallback;
    if (typeof v !== 'string' || [...v].length !== 1) this.bad(name, 'a single character');
    return v;
  }

  boolean(name: string, fallback: boolean): boolean {
    const v = this.values[name];
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') this.bad(name, 'true or false');
    return v;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const v = this.values[name];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.bad(name, `a whole number from ${min} to ${max}`);
    }
    return v;
  }
}

/** One operator: its name, the options it takes and how to build it from them. */
export interface OperatorDefinition {
  readonly name: string;
  readonly options: readonly string[];
  create(options: OperatorOptions): Operator;
}

/** The label an entity type is shown as in redactions and hashes: PERSON reads as NAME. */
export function entityLabel(type: string): string {
  return type === 'PERSON' ? 'NAME' : type;
}
