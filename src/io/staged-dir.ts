import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where a sink puts its files: the temporary path of each, by path relative to the output. */
export interface OutputDir {
  path(relative: string): string;
}

/**
 * An output directory whose files are written under a hidden staging folder and moved into
 * place only by `commit()`: a run that fails leaves the directory as it was.
 *
 * @example
 * const dir = new StagedDir('out');
 * writeFileSync(dir.path('users.csv'), '...');
 * dir.commit(['users.csv']);
 */
export class StagedDir implements OutputDir {
  readonly root: string;
  private readonly staging: string;

  /** the output folder did not exist before: an aborted run removes it again */
  private readonly created: boolean;

  constructor(root: string) {
    this.root = root;
    this.created = !existsSync(root);
    mkdirSync(root, { recursive: true });
    this.staging = join(root, `.trainkit-staging-${process.pid}-${randomBytes(4).toString('hex')}`);
    mkdirSync(this.staging);
  }

  /** The temporary path of an output file, given its path relative to the output directory. */
  path(relative: string): string {
    const p = join(this.staging, relative);
    mkdirSync(dirname(p), { recursive: true });
    return p;
  }

  /** Moves the staged files into place, in the order given (write the manifest last), then removes the staging folder. */
  commit(relatives: readonly string[]): void {
    for (const rel of relatives) {
      const target = join(this.root, rel);
      mkdirSync(dirname(target), { recursive: true });
      renameSync(join(this.staging, rel), target);
    }
    rmSync(this.staging, { recursive: true, force: true });
  }

  /** A view of a subfolder: a sink given it writes `<prefix>/<file>` (its files' paths omit the prefix). */
  within(prefix: string): OutputDir {
    return { path: (relative) => this.path(join(prefix, relative)) };
  }

  abort(): void {
    rmSync(this.staging, { recursive: true, force: true });
    if (this.created) {
      try {
        rmdirSync(this.root);
      } catch {
        // something else was put there meanwhile: leave it
      }
    }
  }
}
