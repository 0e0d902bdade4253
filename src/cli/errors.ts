import { isTrainkitError, renderIssues } from '../errors/index.js';

/** Exit codes: 0 ok, 1 checks failed, 2 bad input, 3 internal error. */
export const EXIT = { ok: 0, checksFailed: 1, badInput: 2, internal: 3 } as const;

/**
 * Reports an error and returns the exit code. A user's mistake gets the rendered issues and no
 * stack trace; anything else is an internal error (stack only with TRAINKIT_DEBUG=1).
 */
export function reportError(e: unknown, json: boolean): number {
  if (isTrainkitError(e)) {
    if (json) process.stdout.write(`${JSON.stringify({ ok: false, issues: e.issues }, null, 2)}\n`);
    else process.stderr.write(`${renderIssues(e.issues)}\n`);
    return e.exitCode;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  if (json) process.stdout.write(`${JSON.stringify({ ok: false, internalError: err.message })}\n`);
  process.stderr.write(`✖ internal error: ${err.message}\n`);
  if (process.env.TRAINKIT_DEBUG) process.stderr.write(`${err.stack}\n`);
  else
    process.stderr.write(
      '  this is a bug in trainkit; rerun with TRAINKIT_DEBUG=1 for details and report it\n',
    );
  return EXIT.internal;
}
