import { reportError } from './errors.js';

/** Runs a command body; an error becomes a rendered message and an exit code. */
export type Runner = (json: boolean, body: () => Promise<void>) => Promise<void>;

export const runCommand: Runner = async (json, body) => {
  try {
    await body();
  } catch (e) {
    process.exitCode = reportError(e, json);
  }
};
