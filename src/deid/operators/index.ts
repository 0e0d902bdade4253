import { userError } from '../../errors/index.js';
import type { Operator } from '../operator.js';
import { encrypt } from './encrypt.js';
import { generalize } from './generalize.js';
import { hash } from './hash.js';
import { keep } from './keep.js';
import { mask } from './mask.js';
import { type OperatorDefinition, OperatorOptions } from './operator-options.js';
import { redact } from './redact.js';
import { shift } from './shift.js';
import { synthesize } from './synthesize.js';

export { encryptValue, reidentify } from './encrypt.js';
export { generalizeZip } from './generalize.js';
export { keyedHash } from './hash.js';
export { maskText } from './mask.js';
export { entityLabel, type OperatorDefinition } from './operator-options.js';

const definitions: readonly OperatorDefinition[] = [
  redact,
  mask,
  hash,
  encrypt,
  synthesize,
  shift,
  generalize,
  keep,
];

/** The operators a policy may name. */
export const operatorNames: readonly string[] = definitions.map((d) => d.name);

/**
 * Builds an operator from its name and options as a policy gives them. An unknown name or option,
 * or a value of the wrong kind, is a TrainkitError that names the valid ones.
 *
 * @example
 * const op = createOperator('mask', { keep_last: 2 });
 * op.apply({ text: '555-0134', span, document, documentId: 'n1' }, services); // '***-**34'
 */
export function createOperator(name: string, options: Readonly<Record<string, unknown>> = {}): Operator {
  const definition = definitions.find((d) => d.name === name);
  if (definition === undefined) {
    throw userError('unknown_operator', `Unknown operator "${name}"`, {
      hint: `operators are: ${operatorNames.join(', ')}`,
    });
  }
  return definition.create(new OperatorOptions(name, options, definition.options));
}
