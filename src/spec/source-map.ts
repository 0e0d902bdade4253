import { type Document, isMap, isNode, isPair, isScalar, LineCounter, parseDocument } from 'yaml';
import { type Issue, TrainkitError } from '../errors/index.js';

type Path = readonly (string | number)[];

/**
 * A parsed YAML or JSON document that remembers where each value came from, so an issue found
 * at a path can be reported at `file:line:column`.
 */
export class SourceMap {
  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** Parses text (YAML or JSON); a malformed document becomes a TrainkitError with positions. */
  static parse(text: string, file: string): { value: unknown; source: SourceMap } {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
      // one error per position: the parser often reports a single slip several ways
      const seen = new Set<number>();
      const errors = doc.errors.filter((e) => !seen.has(e.pos[0]) && seen.add(e.pos[0]));
      throw new TrainkitError(
        errors.slice(0, 5).map((e) => {
          const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
          return {
            code: 'malformed_file',
            message: `${file} is not valid YAML or JSON: ${firstLine(e.message)}`,
            file,
            ...(pos ? { line: pos.line, column: pos.col } : {}),
            hint: 'check indentation, quotes and brackets near this position',
          };
        }),
      );
    }
    return { value: doc.toJS({ maxAliasCount: 100 }), source: new SourceMap(file, doc, lines) };
  }

  /** The position of the value at `path`, or of its nearest existing ancestor. */
  locate(path: Path, key?: string): { file: string; line?: number; column?: number } {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true);
      if (!isNode(node)) continue;
      let offset = node.range?.[0];
      // an unknown key is best pointed at by the key itself
      if (key !== undefined && n === path.length && isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
        if (pair && isNode(pair.key)) offset = pair.key.range?.[0] ?? offset;
      }
      if (offset === undefined) continue;
      const pos = this.lines.linePos(offset);
      return { file: this.file, line: pos.line, column: pos.col };
    }
    return { file: this.file };
  }

  /** The same error with file positions added to its issues; anything else unchanged. */
  relocate(e: unknown): unknown {
    return e instanceof TrainkitError
      ? new TrainkitError(this.annotate(e.issues), { exitCode: e.exitCode })
      : e;
  }

  /** Adds file positions to issues that carry a path but no position yet. */
  annotate(issues: readonly Issue[]): Issue[] {
    return issues.map((issue) =>
      issue.line !== undefined || !issue.path ? issue : { ...issue, ...this.locate(issue.path) },
    );
  }
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? s).replace(/ at line \d+, column \d+:?$/, '');
}
