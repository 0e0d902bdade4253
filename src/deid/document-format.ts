/** A piece of text to de-identify inside a document. */
export interface TextField {
  /** Where the text sits: a JSON path, a CSV column, `text` for a whole file. */
  readonly key: string;
  readonly text: string;
  /**
   * Set when the format knows what the whole field is: an entity type (a CSV column of emails is
   * `EMAIL`: the whole value is one entity, no detection), or `keep` to leave it as it is.
   * Unset means free text: detection runs on it.
   */
  readonly entity?: string;
}

/** One document: the unit that is de-identified, reported and failed as a whole. */
export interface SourceDocument {
  /** Stable id: the `--id-field` value, or file path (and line) otherwise. */
  readonly id: string;
  readonly fields: readonly TextField[];
}

/** How an input is read. */
export interface FormatOptions {
  /** JSON/JSONL: the fields holding text (dotted paths); default `['text']`. */
  readonly textFields: readonly string[];
  /** JSON/JSONL: the field naming each document; default `id`. */
  readonly idField: string;
  /** CSV: column → entity type (`EMAIL`, `PERSON`, …), `text` (free text) or `keep`. Unlisted columns are free text. */
  readonly columns: Readonly<Record<string, string>>;
}

/** An input file parsed into documents, and the way back to output bytes. */
export interface ParsedInput {
  readonly documents: readonly SourceDocument[];
  /**
   * The output text with each document's fields replaced by the given texts (same order as
   * `documents` and their `fields`). A `null` document could not be de-identified: it is left
   * out entirely, never written in clear.
   */
  render(fields: readonly (readonly string[] | null)[]): string;
  /** The output file's extension, e.g. `.txt` for a PDF or DOCX input. */
  readonly outputExtension: string;
}

/**
 * Reads one kind of input (plain text, Markdown, JSONL, JSON, CSV, DOCX, PDF) into documents
 * and writes it back with the same structure: JSON stays valid, CSV keeps its columns.
 *
 * @example
 * const parsed = await jsonlFormat.parse(bytes, { path: 'notes.jsonl', options });
 */
export interface DocumentFormat {
  readonly name: string;
  /** File extensions it reads, lower-case with the dot. */
  readonly extensions: readonly string[];
  parse(
    bytes: Buffer,
    source: { readonly path: string; readonly options: FormatOptions },
  ): Promise<ParsedInput>;
}
