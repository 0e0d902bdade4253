import type { ColumnSpec } from '../spec/index.js';

/** One value of a table as learn holds it: a number, a string, or null. */
export type Cell = string | number | null;

/** A table read into memory, column by column (a seeded sample of a big table). */
export interface LearnTable {
  readonly name: string;
  readonly columns: readonly string[];
  readonly data: Readonly<Record<string, readonly Cell[]>>;
  readonly rows: number;
  /** Rows in the source, when the table was sampled. */
  readonly totalRows: number;
  /** The type each column's engine declares (`INTEGER`, `NVARCHAR(40)`), when it declares one. */
  readonly declared?: Readonly<Record<string, string>>;
}

/** A foreign key: `columns` of a table refer to `refColumns` of `table` (its primary key when empty). */
export interface LearnForeignKey {
  readonly columns: readonly string[];
  readonly table: string;
  readonly refColumns: readonly string[];
}

/** The keys of one table, as a database declares them (or as learn infers them). */
export interface LearnKeys {
  readonly primaryKey: readonly string[];
  readonly foreignKeys: readonly LearnForeignKey[];
}

/** What `learnSpec` reads: tables, and the keys that relate them. */
export interface LearnInput {
  readonly name: string;
  readonly tables: readonly LearnTable[];
  readonly keys?: Readonly<Record<string, LearnKeys>>;
}

/** Options of `learnSpec`. */
export interface LearnOptions {
  /** The column a model will predict: categories are ordered by it and columns conditioned on it. */
  readonly target?: string;
  /** A category or value seen fewer times than this is never written out (default 5). */
  readonly minCount?: number;
  /** The significance level of the goodness-of-fit tests of parametric families (default 0.01). */
  readonly alpha?: number;
  /** Seed of the spec and of the fitting's own randomness (default 0). */
  readonly seed?: number;
  /** Compare copula-only and conditional-table models on a generated sample (default true). */
  readonly compare?: boolean;
}

/** The kind learn gives a column, before it becomes a column spec. */
export type LearnedKind =
  | 'id'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'category'
  | 'date'
  | 'datetime'
  | 'text'
  | 'pii'
  | 'code'
  | 'constant'
  | 'empty';

/** A column's learned spec with the decisions behind it, each a comment in the YAML. */
export interface LearnedColumn {
  readonly name: string;
  spec: ColumnSpec;
  /** One line per decision, written above the column. */
  readonly notes: string[];
  /** Whether the column takes part in the dependency model (copula, conditional tables). */
  readonly modelled: boolean;
}
