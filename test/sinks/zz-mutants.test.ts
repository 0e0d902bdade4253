import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Chunk,
  CsvSink,
  JsonlSink,
  type Sink,
  SqliteSink,
  type StagedDir,
  type WrittenFile,
} from '../../src/io/index.js';
import { runSinkConformance } from './sink-conformance.js';

class Wrap implements Sink {
  constructor(
    readonly inner: Sink,
    readonly format: string,
    readonly opts: {
      map?: (c: Chunk) => Chunk;
      lazy?: boolean;
      files?: (f: WrittenFile[]) => WrittenFile[];
      dir?: StagedDir;
      leak?: boolean;
    } = {},
  ) {}
  private pending: Chunk[] = [];
  open(d: Parameters<Sink['open']>[0]) {
    if (this.opts.leak) writeFileSync(join(this.opts.dir!.root, 'x.csv'), 'x');
    return this.inner.open(d);
  }
  write(c: Chunk) {
    if (this.opts.lazy) {
      this.pending.push(c);
      return;
    }
    return this.inner.write(this.opts.map ? this.opts.map(c) : c);
  }
  async close() {
    for (const c of this.pending) await this.inner.write(c);
    const f = await this.inner.close();
    return this.opts.files ? this.opts.files(f) : f;
  }
  abort() {
    return this.inner.abort();
  }
}
const mapCells = (c: Chunk, f: (v: any) => any): Chunk => ({
  ...c,
  columns: c.columns.map((col) => col.map(f)),
});
const base = { readBack: undefined as any };
void base;

import * as T from './sinks.test.js';

void T;
