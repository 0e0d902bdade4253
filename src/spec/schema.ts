import { z } from 'zod';

const probability = z.number().min(0).max(1);

/** Fields every column kind accepts. */
const common = {
  /** Share of rows where the value is null, 0 to 1. */
  null_rate: probability.optional(),
  /** Every non-null value in the column is distinct. */
  unique: z.boolean().optional(),
  description: z.string().optional(),
};

const weightMap = z.record(z.string(), z.number().nonnegative());

export const numericDists = [
  'uniform',
  'normal',
  'lognormal',
  'exponential',
  'beta',
  'poisson',
  'weighted',
] as const;

const numericFields = {
  ...common,
  dist: z.enum(numericDists).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  mean: z.number().optional(),
  sd: z.number().positive().optional(),
  mu: z.number().optional(),
  sigma: z.number().positive().optional(),
  rate: z.number().positive().optional(),
  alpha: z.number().positive().optional(),
  beta: z.number().positive().optional(),
  /** For `dist: weighted`: value → weight. */
  values: weightMap.optional(),
};

export const idColumn = z.strictObject({
  kind: z.literal('id'),
  ...common,
  strategy: z.enum(['sequence', 'uuid']).optional(),
  start: z.number().int().optional(),
  step: z.number().int().positive().optional(),
});

export const integerColumn = z.strictObject({ kind: z.literal('integer'), ...numericFields });

export const numberColumn = z.strictObject({
  kind: z.literal('number'),
  ...numericFields,
  /** Decimal places to round to. */
  round: z.number().int().min(0).max(15).optional(),
});

export const booleanColumn = z.strictObject({
  kind: z.literal('boolean'),
  ...common,
  rate: probability.optional(),
});

export const categoryColumn = z.strictObject({
  kind: z.literal('category'),
  ...common,
  /** A list of equally likely values, or value → weight. */
  values: z.union([z.array(z.union([z.string(), z.number()])).min(1), weightMap]),
});

export const dateDists = ['uniform', 'normal', 'exponential'] as const;

const dateFields = {
  ...common,
  min: z.string(),
  max: z.string(),
  dist: z.enum(dateDists).optional(),
  /** For `dist: normal`: the centre (a date) and the spread in days. */
  mean: z.string().optional(),
  sd_days: z.number().positive().optional(),
  /** For `dist: exponential`: mean distance from `max` in days (recent dates are likelier). */
  scale_days: z.number().positive().optional(),
  /** Output format: tokens YYYY MM DD HH mm ss SSS, or `iso`, `epoch`, `epoch_ms`. */
  format: z.string().optional(),
};

export const dateColumn = z.strictObject({ kind: z.literal('date'), ...dateFields });
export const datetimeColumn = z.strictObject({ kind: z.literal('datetime'), ...dateFields });

export const fakeColumn = z.strictObject({
  kind: z.literal('fake'),
  ...common,
  /** A faker method path such as `person.firstName` or `internet.email`. */
  method: z.string(),
  /** A faker locale for this column; defaults to the dataset's. */
  locale: z.string().optional(),
  /** The argument passed to the faker method, e.g. `{ sex: female }`. */
  args: z.unknown().optional(),
});

export const patternColumn = z.strictObject({
  kind: z.literal('pattern'),
  ...common,
  /** `#` a digit, `?` an upper-case letter, `*` a digit or letter, `\` escapes the next character. */
  pattern: z.string().min(1),
});

export const templateColumn = z.strictObject({
  kind: z.literal('template'),
  ...common,
  /** Text with `{column}`, `{table.column}` or `{column|lower}` placeholders. */
  template: z.string(),
});

export const refColumn = z.strictObject({
  kind: z.literal('ref'),
  ...common,
  /** `table.column` of the parent key. */
  ref: z.string(),
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
]);

export const countDists = [
  'fixed',
  'uniform',
  'poisson',
  'geometric',
  'negative_binomial',
  'categorical',
] as const;

export const perParentRows = z.strictObject({
  /** The parent table: this many rows are made for each of its rows. */
  per: z.string(),
  dist: z.enum(countDists).optional(),
  /** For `fixed`. */
  value: z.number().int().nonnegative().optional(),
  /** For `uniform` (and a clamp for the others). */
  min: z.number().int().nonnegative().optional(),
  max: z.number().int().nonnegative().optional(),
  /** For `poisson`, `geometric` and `negative_binomial`. */
  mean: z.number().nonnegative().optional(),
  /** For `negative_binomial`: the dispersion r (variance = mean + mean² / r). */
  dispersion: z.number().positive().optional(),
  /** For `categorical`: count → weight. */
  weights: weightMap.optional(),
});

export const tableSchema = z.strictObject({
  description: z.string().optional(),
  rows: z.union([z.number().int().nonnegative(), perParentRows]),
  /** The primary key column; defaults to the first `id` column. */
  primary_key: z.string().optional(),
  columns: z.record(z.string(), columnSchema),
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
export type ColumnKind = ColumnSpec['kind'];
export type PerParentRows = z.infer<typeof perParentRows>;
/** The spec as a user writes it (what `defineSpec` accepts). */
export type SpecInput = z.input<typeof specSchema>;
