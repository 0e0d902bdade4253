import type { Issue } from './trainkit-error.js';

/** Formats a path like `tables.orders.columns[0].ref`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

function where(issue: Issue): string | undefined {
  const parts: string[] = [];
  if (issue.path && issue.path.length > 0) parts.push(formatPath(issue.path));
  if (issue.file) {
    const pos = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
    parts.push(parts.length > 0 ? `(${pos})` : pos);
  }
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/**
 * Renders issues for a terminal: what is wrong, where, and how to fix it.
 *
 * @example
 * renderIssues([{ code: 'x', message: 'Unknown column kind "strng"', path: ['tables', 'a'], hint: 'use string' }]);
 * // ✖ Unknown column kind "strng"
 * //   → at tables.a
 * //   hint: use string
 */
export function renderIssues(issues: readonly Issue[]): string {
  const lines: string[] = [];
  for (const issue of issues) {
    lines.push(`✖ ${issue.message}`);
    const at = where(issue);
    if (at) lines.push(`  → at ${at}`);
    if (issue.hint) lines.push(`  hint: ${issue.hint}`);
  }
  return lines.join('\n');
}
