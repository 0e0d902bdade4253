import { z } from 'zod';

const probability = z.number().min(0).max(1);

/** Fields every column kind accepts. */
const common = {
  null_rate: probability.optional().describe('Share of rows where the value is null, 0 to 1.'),
  unique: z.boolean().optional().describe('Every non-null value in the column is distinct.'),
  description: z.string().optional(),
  sql_type: z
    .string()
    .optional()
    .describe(
      'The database type to create the column with, as declared (`VARCHAR(40)`, `NUMERIC(10,2)`); set by `trainkit init`. A length limit (`VARCHAR(n)`, `CHAR(n)`) also cuts longer text values to n characters.',
    ),
};

const weightMap = z.record(z.string(), z.number().nonnegative());

/** Per-value settings keyed by another column: a conditional distribution. */
const conditional = {
  given: z
    .string()
    .optional()
    .describe('A column of the same row whose value selects one of `cases` (a conditional distribution).'),
  cases: z
    .record(z.string(), z.record(z.string(), z.unknown()))
    .optional()
    .describe(
      "For `given`: the given column's value → settings that replace this column's own for those rows, e.g. { premium: { mean: 90 } }.",
    ),
};

export const numericDists = [
  'uniform',
  'normal',
  'lognormal',
  'exponential',
  'beta',
  'poisson',
  'weighted',
  'empirical',
] as const;

const numericFields = {
  ...common,
  dist: z
    .enum(numericDists)
    .optional()
    .describe(
      'The distribution (default uniform): uniform needs min and max; normal mean and sd; lognormal mu and sigma; exponential rate; beta alpha and beta (scaled to min..max); poisson mean; weighted values; empirical quantiles.',
    ),
  min: z.number().optional(),
  max: z.number().optional(),
  mean: z.number().optional(),
  sd: z.number().positive().optional(),
  mu: z.number().optional(),
  sigma: z.number().positive().optional(),
  rate: z.number().positive().optional(),
  alpha: z.number().positive().optional(),
  beta: z.number().positive().optional(),
  values: weightMap.optional().describe('For `dist: weighted`: value → weight.'),
  quantiles: z
    .array(z.number())
    .min(2)
    .optional()
    .describe(
      'For `dist: empirical`: the values at equally spaced probabilities 0, 1/m, …, 1 (non-decreasing); values between are interpolated linearly, and a run of equal values is a spike.',
    ),
};

export const idColumn = z.strictObject({
  kind: z.literal('id'),
  ...common,
  strategy: z
    .enum(['sequence', 'uuid'])
    .optional()
    .describe('sequence (start + index × step, the default) or uuid'),
  start: z.number().int().optional(),
  step: z.number().int().positive().optional(),
});

export const integerColumn = z.strictObject({ kind: z.literal('integer'), ...numericFields, ...conditional });

export const numberColumn = z.strictObject({
  kind: z.literal('number'),
  ...numericFields,
  ...conditional,
  round: z.number().int().min(0).max(15).optional().describe('Decimal places to round to.'),
});

export const booleanColumn = z.strictObject({
  kind: z.literal('boolean'),
  ...common,
  ...conditional,
  rate: probability.optional(),
});

export const spreads = ['random', 'even'] as const;

export const categoryColumn = z.strictObject({
  kind: z.literal('category'),
  ...common,
  ...conditional,
  values: z
    .union([z.array(z.union([z.string(), z.number()])).min(1), weightMap])
    .describe('A list of equally likely values, or value → weight.'),
  spread: z
    .enum(spreads)
    .optional()
    .describe(
      'random (default): each row draws its value. even: the rows take the values in proportion to their weights, in a seeded order, so each value is used as often as its weight says (to within one row). Not with `given` or `correlations`, which choose the value themselves.',
    ),
});

export const dateDists = ['uniform', 'normal', 'exponential', 'empirical'] as const;

const dateFields = {
  ...common,
  ...conditional,
  min: z.string().optional().describe('The earliest value (needed unless `after` is set).'),
  max: z.string().optional().describe('The latest value (needed unless `after` is set).'),
  after: z
    .string()
    .optional()
    .describe(
      'An ordering constraint: a date column of this row (`ordered_at`) or of a parent row (`orders.ordered_at`) this value must follow.',
    ),
  lag: z
    .strictObject({
      dist: z.enum(['uniform', 'normal', 'lognormal', 'exponential']).optional(),
      min: z.number().nonnegative().optional(),
      max: z.number().nonnegative().optional(),
      mean: z.number().optional(),
      sd: z.number().positive().optional(),
      mu: z.number().optional(),
      sigma: z.number().positive().optional(),
      rate: z.number().positive().optional(),
      unit: z.enum(['seconds', 'minutes', 'hours', 'days']).optional(),
    })
    .optional()
    .describe(
      'With `after`: the time after it, drawn like a number column (default unit days), e.g. { dist: exponential, rate: 0.5, unit: days }. Without lag the value is uniform between `after` and `max`.',
    ),
  dist: z
    .enum(dateDists)
    .optional()
    .describe(
      'uniform (default), normal around mean with sd_days, exponential back from max with scale_days, or empirical (quantiles)',
    ),
  quantiles: z
    .array(z.string())
    .min(2)
    .optional()
    .describe(
      'For `dist: empirical`: the dates at equally spaced probabilities 0, 1/m, …, 1 (non-decreasing), interpolated linearly between.',
    ),
  mean: z.string().optional().describe('For `dist: normal`: the centre (a date) and the spread in days.'),
  sd_days: z.number().positive().optional(),
  scale_days: z
    .number()
    .positive()
    .optional()
    .describe('For `dist: exponential`: mean distance from `max` in days (recent dates are likelier).'),
  format: z
    .string()
    .optional()
    .describe('Output format: tokens YYYY MM DD HH mm ss SSS, or `iso`, `epoch`, `epoch_ms`.'),
};

export const dateColumn = z.strictObject({ kind: z.literal('date'), ...dateFields });
export const datetimeColumn = z.strictObject({ kind: z.literal('datetime'), ...dateFields });

export const fakeColumn = z.strictObject({
  kind: z.literal('fake'),
  ...common,
  ...conditional,
  method: z.string().describe('A faker method path such as `person.firstName` or `internet.email`.'),
  locale: z.string().optional().describe("A faker locale for this column; defaults to the dataset's."),
  args: z.unknown().optional().describe('The argument passed to the faker method, e.g. `{ sex: female }`.'),
});

export const patternColumn = z.strictObject({
  kind: z.literal('pattern'),
  ...common,
  ...conditional,
  pattern: z
    .string()
    .min(1)
    .describe(
      '`#` a digit, `?` an upper-case letter, `*` a digit or letter, `\\` escapes the next character.',
    ),
});

export const templateColumn = z.strictObject({
  kind: z.literal('template'),
  ...common,
  template: z.string().describe('Text with `{column}`, `{table.column}` or `{column|lower}` placeholders.'),
});

export const countDists = [
  'fixed',
  'uniform',
  'poisson',
  'geometric',
  'negative_binomial',
  'categorical',
] as const;

const countLawFields = {
  dist: z
    .enum(countDists)
    .optional()
    .describe(
      'How many rows each parent row gets: fixed (value), uniform (min, max), poisson, geometric (mean), negative_binomial (mean, dispersion) or categorical (weights). Default poisson.',
    ),
  value: z.number().int().nonnegative().optional().describe('For `fixed`.'),
  min: z.number().int().nonnegative().optional().describe('For `uniform` (and a clamp for the others).'),
  max: z.number().int().nonnegative().optional(),
  mean: z.number().nonnegative().optional().describe('For `poisson`, `geometric` and `negative_binomial`.'),
  dispersion: z
    .number()
    .positive()
    .optional()
    .describe('For `negative_binomial`: the dispersion r (variance = mean + mean² / r).'),
  weights: weightMap.optional().describe('For `categorical`: count → weight.'),
};

/** A law of counts: how many rows point at one parent row. */
export const countLaw = z.strictObject(countLawFields);

export const refColumn = z.strictObject({
  kind: z.literal('ref'),
  ...common,
  ref: z
    .string()
    .describe(
      "`table.column` of the parent key. It may be this table's own key (a hierarchy such as reports_to): each row then points at an earlier row, and the first row at none.",
    ),
  distinct: z
    .boolean()
    .optional()
    .describe(
      'In a table made `per` a parent: the rows of one parent never repeat a key (a junction table such as playlist_track never lists a track twice in one playlist).',
    ),
  popularity: countLaw
    .optional()
    .describe(
      "How many rows point at each parent row, as a count law (like `rows: { per }`): each parent row gets a weight, the law's quantiles spread evenly over the parent rows in a seeded order, and the rows are shared out in proportion to the weights, so the counts per parent follow the law. Without it, a parent row is chosen uniformly.",
    ),
});

export const labelColumn = z.strictObject({
  kind: z.literal('label'),
  ...common,
  ...conditional,
  rate: probability.optional().describe('A binary label: true at this rate.'),
  classes: weightMap.optional().describe('A multi-class label: class → weight.'),
  p: z
    .string()
    .optional()
    .describe(
      'A binary label true with this probability, an expression of the row, e.g. "sigmoid(0.05 * age - 3)".',
    ),
  outcomes: z
    .tuple([z.union([z.string(), z.number()]), z.union([z.string(), z.number()])])
    .optional()
    .describe(
      'For a binary label (rate or p): the values written for false and true, e.g. ["<=50K", ">50K"].',
    ),
});

export const derivedTypes = ['number', 'integer', 'text', 'boolean', 'date', 'datetime'] as const;

export const derivedColumn = z.strictObject({
  kind: z.literal('derived'),
  ...common,
  expr: z
    .string()
    .describe(
      'An expression of this row and its parents, e.g. "price * quantity" or "add_days(ordered_at, 3)".',
    ),
  type: z
    .enum(derivedTypes)
    .optional()
    .describe("The value's type; inferred from the expression when left out."),
  round: z.number().int().min(0).max(15).optional().describe('Decimal places to round numbers to.'),
  format: z.string().optional().describe('For date results: the output format, as for date columns.'),
});

export const aggregateFns = ['sum', 'count', 'mean', 'min', 'max'] as const;

export const aggregateColumn = z.strictObject({
  kind: z.literal('aggregate'),
  ...common,
  of: z.string().describe('A child table made `per` this one.'),
  fn: z.enum(aggregateFns).describe("sum, count, mean, min or max over the row's children."),
  expr: z
    .string()
    .optional()
    .describe('An expression of the child row, e.g. "price * quantity" (not needed for count).'),
  round: z.number().int().min(0).max(15).optional(),
});

/** The length of an array column: a count distribution, as for `rows: { per: … }`. */
export const lengthSchema = z
  .strictObject({
    dist: z
      .enum(['fixed', 'uniform', 'poisson', 'geometric', 'negative_binomial', 'categorical'])
      .optional()
      .describe(
        'How many elements: fixed (value), uniform (min, max), poisson, geometric (mean), negative_binomial (mean, dispersion) or categorical (weights). Default poisson.',
      ),
    value: z.number().int().nonnegative().optional().describe('For `fixed`.'),
    min: z.number().int().nonnegative().optional().describe('For `uniform` (and a clamp for the others).'),
    max: z.number().int().nonnegative().optional(),
    mean: z.number().nonnegative().optional().describe('For `poisson`, `geometric` and `negative_binomial`.'),
    dispersion: z.number().positive().optional().describe('For `negative_binomial`.'),
    weights: weightMap.optional().describe('For `categorical`: length → weight.'),
  })
  .describe('How many elements each array has: { dist: poisson, mean: 2.5, min: 1, max: 10 }');

/** The length distribution of an array column. */
export type LengthSpec = z.infer<typeof lengthSchema>;

/** Fields every column kind accepts, as types (for the nested kinds, whose types are written out). */
interface CommonFields {
  null_rate?: number | undefined;
  unique?: boolean | undefined;
  description?: string | undefined;
  sql_type?: string | undefined;
}

/** An `object` column, parsed. */
export interface ObjectColumnSpec extends CommonFields {
  kind: 'object';
  /** the keys of the object, in output order */
  fields: Record<string, ColumnSpec>;
}

/** An `array` column, parsed. */
export interface ArrayColumnSpec extends CommonFields {
  kind: 'array';
  length: LengthSpec;
  of: ColumnSpec;
  distinct?: boolean | undefined;
}

/** An `object` column as a user writes it. */
export interface ObjectColumnInput extends CommonFields {
  kind: 'object';
  fields: Record<string, ColumnInput>;
}

/** An `array` column as a user writes it. */
export interface ArrayColumnInput extends CommonFields {
  kind: 'array';
  length: LengthSpec;
  of: ColumnInput;
  distinct?: boolean | undefined;
}

/**
 * The schema type of a nested kind, written out: zod's inference cannot follow a type that
 * contains itself, and interfaces (resolved lazily) can.
 */
type NestedKindSchema<K extends string, O, I> = z.ZodType<O, I> & {
  _zod: { propValues: z.core.util.PropValues };
  shape: { kind: z.ZodLiteral<K> } & Record<string, z.ZodType>;
};

// nested columns reuse the whole column schema; z.lazy defers the reference until it exists
const nestedColumn = z.lazy((): z.ZodType<ColumnSpec, ColumnInput> => columnSchema);

export const objectColumn: NestedKindSchema<'object', ObjectColumnSpec, ObjectColumnInput> = z.strictObject({
  kind: z.literal('object'),
  ...common,
  fields: z
    .record(z.string(), nestedColumn)
    .describe('The keys of the object, in output order, each a column spec.'),
});

export const arrayColumn: NestedKindSchema<'array', ArrayColumnSpec, ArrayColumnInput> = z.strictObject({
  kind: z.literal('array'),
  ...common,
  length: lengthSchema,
  of: nestedColumn.describe('The spec of every element.'),
  distinct: z.boolean().optional().describe('No element repeats (arrays of scalar values only).'),
});

const entityType = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'use letters, digits and "_", e.g. PERSON')
  .describe('The entity type recorded for the span, e.g. PERSON, DATE, LOCATION (a BIO tag suffix).');

export const textSlot = z
  .strictObject({
    type: entityType,
    column: z
      .string()
      .optional()
      .describe('Source: a column of this row, or `table.column` / `ref_column.column` of a linked row.'),
    formats: z
      .array(z.string())
      .min(1)
      .optional()
      .describe(
        'With `column` of a date column: formats picked at random per row; tokens YYYY YY MMMM MMM MM M DD D, [literal].',
      ),
    fake: z.string().optional().describe('Source: a faker method such as `person.lastName`.'),
    locale: z.string().optional().describe('With `fake`: the faker locale (default: the dataset’s).'),
    args: z.unknown().optional().describe('With `fake`: the argument passed to the faker method.'),
    pattern: z
      .string()
      .min(1)
      .optional()
      .describe('Source: a pattern as in the `pattern` kind, e.g. `MRN#######`.'),
    values: z
      .union([z.array(z.string()).min(1), weightMap])
      .optional()
      .describe('Source: one of these values, equally likely or value → weight.'),
    rule: z
      .string()
      .optional()
      .describe('Source: the expansion of this grammar rule; slots inside it are part of this one span.'),
    prefix: z.string().optional().describe('Text written before the value, outside the span (e.g. `Dr. `).'),
    suffix: z.string().optional().describe('Text written after the value, outside the span.'),
  })
  .describe(
    'An entity slot: one source (column, fake, pattern, values or rule) and its type. Drawn once per row.',
  );

export const textColumn = z
  .strictObject({
    kind: z.literal('text'),
    ...common,
    grammar: z
      .record(z.string(), z.union([z.array(z.string()).min(1), weightMap]))
      .describe(
        'Rule → alternatives (a list, or alternative → weight). Generation expands `start`. In an alternative: `{rule}`, `{$slot}` (an entity, its span recorded), `{=column}` (a value, no span), `{?rule}` / `{?0.3:rule}` (optional, 50% or the given chance), `[a|b|c]` inline choices, `|upper` `|lower` `|initial` … filters on slots and columns, `\\` before `{ } [ ] | \\` for the character itself.',
      ),
    slots: z
      .record(z.string(), textSlot)
      .optional()
      .describe('Entity slots, by name: `{$name}` in the grammar.'),
    start_by: z
      .string()
      .optional()
      .describe(
        'A column (e.g. an intent category) whose value picks the start rule: `start.<value>`, else `start`.',
      ),
    noise: z
      .strictObject({
        typo_rate: probability
          .optional()
          .describe('Chance per character of a typo (swap, drop, double, neighbouring key); spans follow.'),
        upper: probability.optional().describe('Share of rows written all in capitals.'),
        lower: probability.optional().describe('Share of rows written all in lower case.'),
      })
      .optional(),
  })
  .describe(
    'Free text from a grammar, with the exact span of every entity inserted. Span offsets count Unicode code points (as Python does), end exclusive.',
  );

export const spansColumn = z
  .strictObject({
    kind: z.literal('spans'),
    ...common,
    of: z.string().describe('The `text` column of this table whose entity spans this column holds.'),
  })
  .describe(
    'The entity spans of a text column, as compact JSON sorted by start: `[{"start":0,"end":11,"type":"PERSON"}]`; offsets in Unicode code points.',
  );

const duration = z
  .string()
  .describe('A duration: numbers with units s, m, h, d, w, e.g. 90s, 15m, 1h, 2d, 1w or 1h30m.');

const timeFormat = z
  .string()
  .optional()
  .describe(
    'Output format, as for datetime columns: tokens YYYY MM DD HH mm ss SSS, or `iso` (default), `epoch`, `epoch_ms`.',
  );

export const sequenceColumn = z.strictObject({
  kind: z.literal('sequence'),
  ...common,
  start: z.string().optional().describe('The first timestamp of every series (a date or ISO date-time).'),
  after: z
    .string()
    .optional()
    .describe(
      'Instead of `start`: a date column of the parent row (`machines.installed`); each series starts after it.',
    ),
  offset: duration
    .optional()
    .describe('With `after`: extra time between the parent timestamp and the series (default 0).'),
  process: z
    .enum(['fixed', 'poisson'])
    .optional()
    .describe(
      'fixed (default): one row every `every`, with optional `jitter`; poisson: exponential gaps with mean `mean_gap`.',
    ),
  every: duration.optional().describe('For `fixed`: the interval between rows.'),
  jitter: duration
    .optional()
    .describe('For `fixed`: each timestamp moves by up to ± this much (less than half of `every`).'),
  mean_gap: duration.optional().describe('For `poisson`: the mean time between rows.'),
  format: timeFormat,
});

const eventEffect = z.strictObject({
  drift: z
    .number()
    .optional()
    .describe('Over the precursor window: a ramp from 0 at the window start to this at the event.'),
  add: z
    .number()
    .optional()
    .describe('Added on the event row (the onset; for `per: row` events the hit rows).'),
  after: z.number().optional().describe('Added on every row at and after the event (`per: entity` events).'),
});

export const signalColumn = z.strictObject({
  kind: z.literal('signal'),
  ...common,
  time: z.string().describe('The sequence, date or datetime column of this row the signal is a function of.'),
  base: z.number().optional().describe('The level (default 0).'),
  trend: z.number().optional().describe("Change per day since the series' origin."),
  daily: z
    .strictObject({
      amplitude: z.number(),
      peak_hour: z.number().min(0).lt(24).describe('Hour of day (UTC, may be fractional) of the maximum.'),
    })
    .optional()
    .describe('A 24-hour sinusoid.'),
  weekly: z
    .strictObject({
      amplitude: z.number(),
      peak_day: z
        .number()
        .int()
        .min(1)
        .max(7)
        .describe('ISO weekday (1 = Monday) whose noon (UTC) is the maximum.'),
    })
    .optional()
    .describe('A 7-day sinusoid.'),
  noise: z
    .strictObject({
      sd: z.number().nonnegative(),
      ar: z
        .number()
        .gt(-1)
        .lt(1)
        .optional()
        .describe('AR(1) coefficient: the correlation of consecutive rows.'),
    })
    .optional()
    .describe("Gaussian noise, AR(1) along an entity's rows."),
  entity_sd: z
    .number()
    .nonnegative()
    .optional()
    .describe('The sd of a random offset per entity (parent row).'),
  regimes: z
    .array(
      z.strictObject({
        at: z.string().describe("A date, or a duration after the series' origin (`10d`)."),
        level: z.number().optional().describe('A step added from `at` on.'),
        trend: z.number().optional().describe('Extra change per day from `at` on.'),
        noise_scale: z.number().nonnegative().optional().describe('Multiplies the noise sd from `at` on.'),
      }),
    )
    .optional()
    .describe('Regime changes; their steps and trends add up.'),
  effects: z
    .record(z.string(), eventEffect)
    .optional()
    .describe('Event name (from the table’s `events`) → how the event moves the signal.'),
  min: z.number().optional().describe('Values below are clamped to it.'),
  max: z.number().optional().describe('Values above are clamped to it.'),
  round: z.number().int().min(0).max(15).optional().describe('Decimal places to round to.'),
});

export const eventMarks = ['onset', 'window', 'after', 'entity', 'remaining'] as const;

export const eventColumn = z.strictObject({
  kind: z.literal('event'),
  ...common,
  event: z.string().describe('An event of this table (its `events`).'),
  mark: z
    .enum(eventMarks)
    .optional()
    .describe(
      'onset (default): true on the event row; window: true inside the precursor window; after: true from the event on; entity: true on every row of an entity that has the event; remaining: time until the event (in `unit`), null at and after it.',
    ),
  unit: duration.optional().describe('For `mark: remaining`: the unit of time (default 1h).'),
});

export const eventSchema = z.strictObject({
  description: z.string().optional(),
  per: z
    .enum(['entity', 'row'])
    .describe(
      'entity: at most one event per parent row, at a row of its series; row: each row independently.',
    ),
  rate: probability.describe('Share of entities (or rows) with the event.'),
  precursor: duration
    .optional()
    .describe('For `per: entity`: the window before the event in which `drift` effects ramp up.'),
  time: z
    .string()
    .optional()
    .describe("For `per: entity`: the sequence column that times the event; default the table's only one."),
});

export const columnKinds = [
  'id',
  'integer',
  'number',
  'boolean',
  'category',
  'date',
  'datetime',
  'fake',
  'pattern',
  'template',
  'ref',
  'label',
  'derived',
  'aggregate',
  'object',
  'array',
  'text',
  'spans',
  'sequence',
  'signal',
  'event',
] as const;

export const columnSchema = z.discriminatedUnion('kind', [
  idColumn,
  integerColumn,
  numberColumn,
  booleanColumn,
  categoryColumn,
  dateColumn,
  datetimeColumn,
  fakeColumn,
  patternColumn,
  templateColumn,
  refColumn,
  labelColumn,
  derivedColumn,
  aggregateColumn,
  objectColumn,
  arrayColumn,
  textColumn,
  spansColumn,
  sequenceColumn,
  signalColumn,
  eventColumn,
]);
// the id names the definition nested columns refer to in the JSON Schema ($defs/column)
z.globalRegistry.add(columnSchema, { id: 'column' });

export const perParentRows = z.strictObject({
  per: z.string().describe('The parent table: this many rows are made for each of its rows.'),
  ...countLawFields,
  spread: z
    .enum(spreads)
    .optional()
    .describe(
      "random (default): each parent's count is drawn on its own. even: the parents' counts are the law's quantiles at evenly spaced probabilities (i + 0.5) / n, shuffled over the parents, so their distribution matches the law as closely as n parents allow (learn writes it).",
    ),
});

export const scenarioSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'use letters, digits, "_" and "-"'),
  description: z.string().optional(),
  when: z.string().optional().describe('An expression of the row: the scenario holds where it is true.'),
  rate: probability
    .optional()
    .describe('Instead of `when`: the scenario holds for this share of rows, at random.'),
  columns: z
    .record(z.string(), z.record(z.string(), z.unknown()))
    .describe("Column → settings that replace the column's own where the scenario holds."),
});

export const edgeCaseKinds = ['extreme', 'malformed', 'missing', 'duplicate'] as const;

export const edgeCaseSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'use letters, digits, "_" and "-"'),
  kind: z
    .enum(edgeCaseKinds)
    .describe(
      'extreme: a value far outside the usual range; malformed: a broken string; missing: null; duplicate: the row repeats another row (keys stay unique).',
    ),
  rate: probability.describe('Share of rows the edge case hits.'),
  column: z.string().optional().describe('The column it hits (every kind but duplicate).'),
  value: z
    .union([z.string(), z.number(), z.boolean()])
    .optional()
    .describe('Put exactly this value instead of the generated edge case.'),
});

export const correlationSchema = z.strictObject({
  columns: z.array(z.string()).min(2).describe('Numeric, date, boolean or category columns of this table.'),
  matrix: z
    .array(z.array(z.number().min(-1).max(1)))
    .optional()
    .describe('The Gaussian copula correlation matrix, one row per column.'),
  r: z.number().min(-1).max(1).optional().describe('For two columns: their copula correlation.'),
});

export const tableSchema = z.strictObject({
  description: z.string().optional(),
  rows: z
    .union([z.number().int().nonnegative(), perParentRows])
    .describe('A row count, or a count per parent row: { per: customers, dist: poisson, mean: 12 }'),
  primary_key: z
    .union([z.string(), z.array(z.string()).min(1)])
    .optional()
    .describe(
      'The primary key column, or a list of columns for a key over several (a junction table); defaults to the first `id` column.',
    ),
  unique: z
    .array(z.array(z.string()).min(1))
    .optional()
    .describe(
      'Unique constraints over several columns: [[playlist_id, track_id]]. trainkit must be able to guarantee each one (see `distinct` on ref columns).',
    ),
  columns: z.record(z.string(), columnSchema),
  events: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), eventSchema)
    .optional()
    .describe(
      'Labelled events of a time series (failures, anomalies), by name: what event columns mark and signal effects follow.',
    ),
  scenarios: z
    .array(scenarioSchema)
    .optional()
    .describe('Conditions under which other columns follow other distributions, e.g. fraud rows.'),
  edge_cases: z.array(edgeCaseSchema).optional().describe('Rare broken values injected at stated rates.'),
  correlations: z
    .array(correlationSchema)
    .optional()
    .describe('Correlation targets between columns, made with a Gaussian copula.'),
  ground_truth: z
    .enum(['column', 'sidecar', 'none'])
    .optional()
    .describe(
      'Where each row records the scenarios and edge cases that made it: `_scenario` and `_edge_case` columns (default), a `<table>_truth` sidecar table, or nowhere.',
    ),
});

export const specSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, "_", "." and "-"'),
  description: z.string().optional(),
  seed: z.number().int().nonnegative().optional(),
  locale: z.string().optional(),
  tables: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), tableSchema),
});

export type Spec = z.infer<typeof specSchema>;
export type TableSpec = z.infer<typeof tableSchema>;
export type ColumnSpec = z.infer<typeof columnSchema>;
/** A column spec as a user writes it. */
export type ColumnInput = z.input<typeof columnSchema>;
export type ColumnKind = ColumnSpec['kind'];
export type PerParentRows = z.infer<typeof perParentRows>;
export type CountLaw = z.infer<typeof countLaw>;
export type ScenarioSpec = z.infer<typeof scenarioSchema>;
export type EdgeCaseSpec = z.infer<typeof edgeCaseSchema>;
export type CorrelationSpec = z.infer<typeof correlationSchema>;
/** The spec as a user writes it (what `defineSpec` accepts). */
export type SpecInput = z.input<typeof specSchema>;
