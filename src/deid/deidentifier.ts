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

/** One field's result from `Deidentifier.fields`: its de-identified text, or what it threw. */
export type FieldOutcome =
  | { readonly ok: true; readonly value: DeidentifiedText }
  | { readonly ok: false; readonly error: unknown };

export interface DeidentifierOptions {
  readonly policy: Policy;
  /** 32-byte secret: surrogates, hashes and encryption derive from it. */
  readonly key: Buffer;
  readonly recognizers?: readonly Recognizer[];
  /** Overrides the policy's threshold. */
  readonly threshold?: number;
}

/** How one entity type is transformed under the policy: resolved once, then reused for every span. */
interface TypePlan {
  readonly op: Operator;
  readonly name: string;
  /** original → surrogate, for the types whose output depends on nothing but the value */
  readonly memo: Map<string, string> | undefined;
}

// surrogates of recent values, over all types; the bound keeps memory flat
const MEMO_LIMIT = 50_000;

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
  private readonly plans = new Map<string, TypePlan>();
  /** entries in all the plans' memos together */
  private memoSize = 0;

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

  private planFor(type: string): TypePlan {
    let plan = this.plans.get(type);
    if (plan === undefined) {
      const rule = ruleFor(this.options.policy, type);
      // surrogates are pure functions of (type, value, key) and the same values recur, so they are
      // memoised; dates shift per document and numbered labels count per document, so not those
      const pure = rule.operator === 'synthesize' && type !== 'DATE';
      plan = {
        op: createOperator(rule.operator, rule.options),
        name: rule.operator,
        memo: pure ? new Map() : undefined,
      };
      this.plans.set(type, plan);
    }
    return plan;
  }

  /** Replaces the given spans (non-overlapping, in order) by their operators' output. */
  apply(text: string, spans: readonly Span[], documentId: string): DeidentifiedText {
    let out = '';
    let last = 0;
    const replacements: Replacement[] = [];
    for (const span of spans) {
      const plan = this.planFor(span.type);
      const original = text.slice(span.start, span.end);
      const memo = plan.memo;
      let replaced = memo?.get(original);
      if (replaced === undefined) {
        replaced = plan.op.apply({ text: original, span, document: text, documentId }, this.services);
        if (memo !== undefined) {
          if (this.memoSize > MEMO_LIMIT) {
            for (const p of this.plans.values()) p.memo?.clear();
            this.memoSize = 0;
          }
          memo.set(original, replaced);
          this.memoSize++;
        }
      }
      out += text.slice(last, span.start);
      out += replaced;
      last = span.end;
      replacements.push({
        start: span.start,
        end: span.end,
        type: span.type,
        score: span.score,
        operator: plan.name,
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
    const spans = this.fieldSpans(field);
    if (spans === undefined) return { text: field.text, replacements: [] };
    return this.apply(field.text, spans, documentId);
  }

  /**
   * De-identifies many fields, with exactly the results of `field` on each in turn: detection
   * runs over all of them first, then the transformations, in order. Over a corpus of short
   * documents this is about a third faster (64 notes at a time): each phase keeps its own tables
   * (the tagger's weights, the lexicons; faker's lists, the keyed values) in the processor's
   * caches instead of evicting the other's on every document. An item that throws gets its error
   * back, so one bad document fails alone.
   *
   * @example
   * const out = deid.fields(docs.map((d) => ({ field: { key: 'text', text: d.text }, documentId: d.id })));
   */
  fields(items: readonly { readonly field: TextField; readonly documentId: string }[]): FieldOutcome[] {
    const spans: (readonly Span[] | undefined)[] = [];
    const failed: unknown[] = [];
    const broken: boolean[] = [];
    for (const { field } of items) {
      try {
        spans.push(this.fieldSpans(field));
        broken.push(false);
        failed.push(undefined);
      } catch (e) {
        spans.push(undefined);
        broken.push(true);
        failed.push(e);
      }
    }
    return items.map(({ field, documentId }, k): FieldOutcome => {
      if (broken[k]) return { ok: false, error: failed[k] };
      const found = spans[k];
      if (found === undefined) return { ok: true, value: { text: field.text, replacements: [] } };
      try {
        return { ok: true, value: this.apply(field.text, found, documentId) };
      } catch (e) {
        return { ok: false, error: e };
      }
    });
  }

  /** The spans to replace in a field: detected in free text, the whole value for an entity column, none to keep it. */
  private fieldSpans(field: TextField): Span[] | undefined {
    if (field.entity === 'keep') return undefined;
    if (field.entity === undefined || field.entity.toLowerCase() === 'text') return this.detect(field.text);
    const type = field.entity.toUpperCase();
    const span: Span = { start: 0, end: field.text.length, type, score: 1, recognizer: 'column' };
    return field.text.length > 0 ? [span] : [];
  }
}
