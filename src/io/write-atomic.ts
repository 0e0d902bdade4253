import { renameSync, writeFileSync } from 'node:fs';

/**
 * Writes a whole file under a temporary name, then renames it into place: a reader never sees
 * half a file, and a failed write leaves the old one.
 *
 * @example
 * writeFileAtomic('report.html', html);
 */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
