import { fold } from '../lexicon.js';
import type { Operator, OperatorInput } from '../operator.js';
import { entityLabel, type OperatorDefinition } from './operator-options.js';

// numbering needs the documents in flight only; older ones are dropped first
const OPEN_DOCUMENTS = 256;

/** `[NAME]`, or `[NAME_2]` numbered per distinct value within a document (first seen is 1). */
class RedactOperator implements Operator {
  readonly name = 'redact';
  private readonly documents = new Map<string, Map<string, number>>();

  constructor(
    private readonly label: string | undefined,
    private readonly numbered: boolean,
  ) {}

  apply({ text, span, documentId }: OperatorInput): string {
    const label = this.label ?? entityLabel(span.type);
    if (!this.numbered) return `[${label}]`;
    let seen = this.documents.get(documentId);
    if (seen === undefined) {
      if (this.documents.size >= OPEN_DOCUMENTS) this.documents.delete(this.documents.keys().next().value!);
      seen = new Map();
      this.documents.set(documentId, seen);
    }
    // numbered per type, so "[NAME_1]" and "[DATE_1]" can both appear; `type\0#` holds the count
    const id = `${span.type}\0=${fold(text.trim().replace(/\s+/g, ' '))}`;
    let n = seen.get(id);
    if (n === undefined) {
      n = (seen.get(`${span.type}\0#`) ?? 0) + 1;
      seen.set(`${span.type}\0#`, n);
      seen.set(id, n);
    }
    return `[${label}_${n}]`;
  }
}

/**
 * `redact`: replaces an entity by its type in brackets, `[NAME]` for a person. Options: `label`
 * (the text in the brackets), `numbered` (`[NAME_1]`, `[NAME_2]`: one number per distinct value
 * in a document, in order of first appearance).
 *
 * @example
 * createOperator('redact', { numbered: true }); // "Maria … Ana … Maria" → "[NAME_1] … [NAME_2] … [NAME_1]"
 */
export const redact: OperatorDefinition = {
  name: 'redact',
  options: ['label', 'numbered'],
  create: (o) => new RedactOperator(o.string('label'), o.boolean('numbered', false)),
};

/** The plain redaction other operators fall back to. */
export function redactLabel(type: string): string {
  return `[${entityLabel(type)}]`;
}
