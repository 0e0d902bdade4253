import { z } from 'zod';

const probability = z.number().min(0).max(1);

/** Fields every column kind accepts. */
const common = {
  null_rate: probability.optional().describe('Share of rows where the value is null, 0 to 1.'),
  unique: z.boolean().optional().describe('Every non-null value in the column is distinct.'),
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
  dist: z
    .enum(numericDists)
    .optional()
    .describe(
      'The distribution (default uniform): uniform needs min and max; normal mean and sd; lognormal mu and sigma; exponential rate; beta alpha and beta (scaled to min..max); poisson mean; weighted values.',
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

export const integerColumn = z.strictObject({ kind: z.literal('integer'), ...numericFields });

export const numberColumn = z.strictObject({
  kind: z.literal('number'),
  ...numericFields,
  round: z.number().int().min(0).max(15).optional().describe('Decimal places to round to.'),
});

export const booleanColumn = z.strictObject({
  kind: z.literal('boolean'),
  ...common,
  rate: probability.optional(),
});

export const categoryColumn = z.strictObject({
  kind: z.literal('category'),
  ...common,
  values: z
    .union([z.array(z.union([z.string(), z.number()])).min(1), weightMap])
    .describe('A list of equally likely values, or value → weight.'),
});

export const dateDists = ['uniform', 'normal', 'exponential'] as const;

const dateFields = {
  ...common,
  min: z.string(),
  max: z.string(),
  dist: z
    .enum(dateDists)
    .optional()
    .describe(
      'uniform (default), normal around mean with sd_days, or exponential back from max with scale_days',
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
  method: z.string().describe('A faker method path such as `person.firstName` or `internet.email`.'),
  locale: z.string().optional().describe("A faker locale for this column; defaults to the dataset's."),
  args: z.unknown().optional().describe('The argument passed to the faker method, e.g. `{ sex: female }`.'),
});

export const patternColumn = z.strictObject({
  kind: z.literal('pattern'),
  ...common,
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

export const refColumn = z.strictObject({
  kind: z.literal('ref'),
  ...common,
  ref: z.string().describe('`table.column` of the parent key.'),
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
  per: z.string().describe('The parent table: this many rows are made for each of its rows.'),
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
});

export const tableSchema = z.strictObject({
  description: z.string().optional(),
  rows: z
    .union([z.number().int().nonnegative(), perParentRows])
    .describe('A row count, or a count per parent row: { per: customers, dist: poisson, mean: 12 }'),
  primary_key: z.string().optional().describe('The primary key column; defaults to the first `id` column.'),
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
