import { Detector } from './detector.js';
import type { TextField } from './document-format.js';
import { KeyServices } from './keys.js';
import type { Operator } from './operator.js';
import { createOperator } from './operators/index.js';
import { type Policy, ruleFor } from './policy.js';
import type { Recognizer } from './recognizer.js';
import { defaultRecognizers } from './recognizers/index.js';
import type { Span } from './types.js';

/** What happened to one entity: offsets and types only, never the text. */
export interface Replacement {
  readonly start: number;
  readonly end: number;
  readonly type: string;
  readonly score: number;
  readonly operator: string;
}

export interface DeidentifiedText {
  readonly text: string;
  readonly replacements: readonly Replacement[];
}

export interface DeidentifierOptions {
  readonly policy: Policy;
  /** 32-byte secret: surrogates, hashes and encryption derive from it. */
  readonly key: Buffer;
  readonly recognizers?: readonly Recognizer[];
  /** Overrides the policy's threshold. */
  readonly threshold?: number;
}

/**
 * The de-identification pipeline: detect → resolve overlaps → transform by policy → write back.
 * Reports carry offsets, types and operators, never the sensitive text.
 *
 * @example
 * const deid = new Deidentifier({ policy: loadPolicy('redact'), key });
 * deid.text('Maria Gomez was seen on 03/14.', 'note-1').text; // '[NAME] was seen on [DATE].'
 */
export class Deidentifier {
  readonly detector: Detector;
  private readonly services: KeyServices;
  private readonly operators = new Map<string, Operator>();
  /** surrogates are pure functions of (type, value, key): the same values recur, so keep recent ones */
  private readonly memo = new Map<string, string>();

  constructor(private readonly options: DeidentifierOptions) {
    const p = options.policy;
    this.detector = new Detector({
      recognizers: options.recognizers ?? defaultRecognizers(),
      threshold: options.threshold ?? p.threshold,
      allow: p.allow,
      deny: p.deny,
    });
    this.services = new KeyServices(options.key);
  }

  /** The entities in a text. */
  detect(text: string): Span[] {
    return this.detector.detect(text);
  }

  private operatorFor(type: string): { op: Operator; name: string } {
    const rule = ruleFor(this.options.policy, type);
    const id = `${type}\0${rule.operator}`;
    let op = this.operators.get(id);
    if (!op) {
      op = createOperator(rule.operator, rule.options);
      this.operators.set(id, op);
    }
    return { op, name: rule.operator };
  }

  /** Replaces the given spans (non-overlapping, in order) by their operators' output. */
  apply(text: string, spans: readonly Span[], documentId: string): DeidentifiedText {
    let out = '';
    let last = 0;
    const replacements: Replacement[] = [];
    for (const span of spans) {
      const { op, name } = this.operatorFor(span.type);
      const original = text.slice(span.start, span.end);
      // dates shift per document and numbered labels count per document: only the rest is memoised
      const pure = name === 'synthesize' && span.type !== 'DATE';
      const memoKey = pure ? `${span.type}\0${original}` : '';
      let replaced = pure ? this.memo.get(memoKey) : undefined;
      if (replaced === undefined) {
        replaced = op.apply({ text: original, span, document: text, documentId }, this.services);
        if (pure) {
          if (this.memo.size > 50_000) this.memo.clear();
          this.memo.set(memoKey, replaced);
        }
      }
      out += text.slice(last, span.start) + replaced;
      last = span.end;
      replacements.push({
        start: span.start,
        end: span.end,
        type: span.type,
        score: span.score,
        operator: name,
      });
    }
    return { text: out + text.slice(last), replacements };
  }

  /** De-identifies free text. */
  text(text: string, documentId: string): DeidentifiedText {
    return this.apply(text, this.detect(text), documentId);
  }

  /** De-identifies one field of a document: free text, a whole-value entity, or kept as it is. */
  field(field: TextField, documentId: string): DeidentifiedText {
    if (field.entity === 'keep') return { text: field.text, replacements: [] };
    if (field.entity === undefined || field.entity.toLowerCase() === 'text')
      return this.text(field.text, documentId);
    const type = field.entity.toUpperCase();
    const span: Span = { start: 0, end: field.text.length, type, score: 1, recognizer: 'column' };
    return this.apply(field.text, field.text.length > 0 ? [span] : [], documentId);
  }
}
