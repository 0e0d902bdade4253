/** Where in the user's input a problem sits: a path into the structure and, for files, a position. */
export interface Location {
  /** Dotted path into the document, e.g. `['tables', 'orders', 'columns', 'customer_id', 'ref']`. */
  readonly path?: readonly (string | number)[];
  readonly file?: string;
  /** 1-based line and column in `file`. */
  readonly line?: number;
  readonly column?: number;
}

/** One problem found in the user's input. Errors are data: the CLI renders them once. */
export interface Issue extends Location {
  /** Stable machine-readable code such as `unknown_kind` or `dependency_cycle`. */
  readonly code: string;
  /** What is wrong, in one sentence. */
  readonly message: string;
  /** How to fix it. */
  readonly hint?: string;
}

/**
 * The base class of every error trainkit raises on purpose. `exitCode` 2 means the user's input
 * was wrong; 3 means trainkit itself failed.
 *
 * @example
 * throw new TrainkitError([{ code: 'file_not_found', message: 'spec.yaml does not exist' }]);
 */
export class TrainkitError extends Error {
  readonly issues: readonly Issue[];
  readonly exitCode: number;

  constructor(issues: readonly Issue[], options: { exitCode?: number; cause?: unknown } = {}) {
    super(
      issues.map((i) => i.message).join('; '),
      options.cause === undefined ? {} : { cause: options.cause },
    );
    this.name = 'TrainkitError';
    this.issues = issues;
    this.exitCode = options.exitCode ?? 2;
  }

  get code(): string {
    return this.issues[0]?.code ?? 'error';
  }
}

/** A single-issue user error (exit code 2). */
export function userError(code: string, message: string, extra: Omit<Issue, 'code' | 'message'> = {}) {
  return new TrainkitError([{ code, message, ...extra }]);
}

export function isTrainkitError(e: unknown): e is TrainkitError {
  return e instanceof TrainkitError;
}
