import { TrainkitError } from '../errors/index.js';
import { SqlSyntaxError, type SqlToken, SqlTokenizer } from './sql-tokenizer.js';
import type { DbColumn, DbForeignKey, DbSchema, DbTable, SqlDialect } from './types.js';

export interface ParseDdlOptions {
  readonly dialect: SqlDialect;
  /** The file the text came from, for error positions. */
  readonly file?: string;
  /**
   * A fragment of a schema: a foreign key to a table it does not create is kept as written
   * instead of being an error.
   */
  readonly partial?: boolean;
}

/** Words that end a column's type and start one of its constraints. */
const COLUMN_CONSTRAINT = new Set([
  'NOT',
  'NULL',
  'PRIMARY',
  'UNIQUE',
  'REFERENCES',
  'CHECK',
  'DEFAULT',
  'CONSTRAINT',
  'AUTO_INCREMENT',
  'AUTOINCREMENT',
  'GENERATED',
  'COLLATE',
  'COMMENT',
  'ON',
  'KEY',
  'AS',
  'IDENTITY',
  'CHARSET',
  'INVISIBLE',
  'VISIBLE',
]);

const SERIAL = new Set(['SERIAL', 'BIGSERIAL', 'SMALLSERIAL', 'SERIAL2', 'SERIAL4', 'SERIAL8']);

/**
 * Reads the tables of a SQL DDL script: CREATE TABLE with column and table constraints,
 * ALTER TABLE … ADD (columns, keys, foreign keys, unique, checks) and CREATE UNIQUE INDEX. Every
 * other statement (INSERT, DROP, SET, CREATE INDEX, psql's `\c` …) is skipped. A CREATE TABLE
 * it cannot read is a user error at `file:line:column`.
 *
 * @example
 * const schema = parseDdl('CREATE TABLE a (id int PRIMARY KEY, name varchar(40) NOT NULL);', { dialect: 'postgres' });
 * schema.tables[0].primaryKey; // ['id']
 */
export function parseDdl(sql: string, options: ParseDdlOptions): DbSchema {
  const tk = new SqlTokenizer(sql, options.dialect);
  try {
    return new DdlParser(tk, options.partial === true).parse();
  } catch (e) {
    if (!(e instanceof SqlSyntaxError)) throw e;
    const { line, column } = tk.position(e.at);
    throw new TrainkitError([
      {
        code: 'invalid_ddl',
        message: e.message,
        ...(options.file === undefined ? {} : { file: options.file }),
        line,
        column,
        hint: e.hint,
      },
    ]);
  }
}

class DdlParser {
  private readonly tables: DbTable[] = [];
  private readonly byName = new Map<string, DbTable>();
  /** foreign keys, checked once every table is known (a key may point at a later table) */
  private readonly pending: { table: DbTable; fk: DbForeignKey; at: number }[] = [];

  constructor(
    private readonly tk: SqlTokenizer,
    private readonly partial: boolean,
  ) {}

  parse(): DbSchema {
    const tk = this.tk;
    for (;;) {
      const at = tk.offset();
      if (at >= tk.text.length) break;
      if (tk.text[at] === '\\') {
        tk.skipLine();
        continue;
      }
      const t = tk.peek();
      if (t.kind === 'op' && t.value === ';') {
        tk.next();
        continue;
      }
      if (t.kind === 'word' && t.value === 'DELIMITER') {
        tk.skipLine();
        continue;
      }
      if (this.isWord('CREATE')) {
        tk.next();
        this.create();
      } else if (this.isWord('ALTER')) {
        tk.next();
        if (this.isWord('TABLE')) {
          tk.next();
          this.alterTable();
        } else tk.skipStatement();
      } else tk.skipStatement();
    }
    this.resolveForeignKeys();
    return { dialect: tk.dialect, tables: this.tables };
  }

  /** Spells every foreign key's names as their tables declare them; a missing target is an error. */
  private resolveForeignKeys(): void {
    for (const { table, fk, at } of this.pending) {
      const target = this.byName.get(this.key(fk.table));
      if (!target && this.partial) continue;
      if (!target) {
        throw new SqlSyntaxError(
          at,
          `A foreign key of "${table.name}" references table "${fk.table}", which the script does not create`,
          `add its CREATE TABLE to the script; the tables are: ${this.tables.map((t) => t.name).join(', ')}`,
        );
      }
      const refColumns = fk.refColumns.length > 0 ? fk.refColumns : target.primaryKey;
      if (refColumns.length !== fk.columns.length) {
        throw new SqlSyntaxError(
          at,
          `A foreign key of "${table.name}" references "${target.name}" without naming columns, and "${target.name}" has no primary key of ${fk.columns.length} column(s)`,
          'name the referenced columns: REFERENCES t (c)',
        );
      }
      const i = table.foreignKeys.indexOf(fk);
      table.foreignKeys[i] = {
        columns: fk.columns.map((c) => this.findColumn(table, c)?.name ?? c),
        table: target.name,
        refColumns: refColumns.map((c) => {
          const col = this.findColumn(target, c);
          if (!col) {
            throw new SqlSyntaxError(
              at,
              `A foreign key of "${table.name}" references column "${c}", which "${target.name}" does not have`,
              `the columns of "${target.name}" are: ${target.columns.map((x) => x.name).join(', ')}`,
            );
          }
          return col.name;
        }),
      };
    }
  }

  // --- statements ---

  private create(): void {
    const tk = this.tk;
    if (this.acceptWord('OR')) this.expectWord('REPLACE');
    let unique = false;
    for (;;) {
      if (this.acceptWord('TEMP') || this.acceptWord('TEMPORARY') || this.acceptWord('UNLOGGED')) continue;
      if (this.acceptWord('UNIQUE')) {
        unique = true;
        continue;
      }
      break;
    }
    if (this.acceptWord('TABLE')) {
      this.createTable();
      return;
    }
    if (this.acceptWord('INDEX')) {
      this.createIndex(unique);
      return;
    }
    tk.skipStatement();
  }

  private createTable(): void {
    const tk = this.tk;
    if (this.acceptWord('IF')) {
      this.expectWord('NOT');
      this.expectWord('EXISTS');
    }
    const nameTok = tk.peek();
    const name = this.qualifiedName('the table name');
    if (this.byName.has(this.key(name))) {
      throw new SqlSyntaxError(
        nameTok.at,
        `Table "${name}" is created twice`,
        'remove one of the CREATE TABLE statements, or rename one of the tables',
      );
    }
    if (!this.acceptOp('(')) {
      const t = tk.peek();
      throw new SqlSyntaxError(
        t.at,
        `CREATE TABLE ${name}: expected "(" and the column list, found ${describe(t)}`,
        t.kind === 'word' && (t.value === 'AS' || t.value === 'LIKE')
          ? 'a table copied from a query or another table has no column list to read: write its columns out'
          : 'write CREATE TABLE name (column type, …)',
      );
    }
    const table: DbTable = { name, columns: [], primaryKey: [], foreignKeys: [], unique: [], checks: [] };
    for (;;) {
      this.tableElement(table);
      if (this.acceptOp(',')) continue;
      if (this.acceptOp(')')) break;
      const t = tk.peek();
      throw new SqlSyntaxError(
        t.at,
        `CREATE TABLE ${name}: expected "," or ")" after a column or constraint, found ${describe(t)}`,
        t.kind === 'end'
          ? 'the column list is never closed: add ")"'
          : 'separate columns with commas; check the spelling of the type and constraints before this point',
      );
    }
    if (table.columns.length === 0) {
      throw new SqlSyntaxError(
        nameTok.at,
        `CREATE TABLE ${name} declares no columns`,
        'add at least one column',
      );
    }
    for (const c of table.primaryKey) this.setNotNull(table, c);
    this.tables.push(table);
    this.byName.set(this.key(name), table);
    // table options (ENGINE=…, WITHOUT ROWID, PARTITION BY …) up to the end of the statement
    tk.skipStatement();
  }

  private alterTable(): void {
    const tk = this.tk;
    this.acceptWord('ONLY');
    if (this.acceptWord('IF')) this.expectWord('EXISTS');
    const nameTok = tk.peek();
    const name = this.qualifiedName('the table name');
    const table = this.byName.get(this.key(name));
    if (!table) {
      throw new SqlSyntaxError(
        nameTok.at,
        `ALTER TABLE names table "${name}", which the script does not create`,
        `create it before this point, or remove the statement; the tables are: ${this.tables.map((t) => t.name).join(', ') || 'none yet'}`,
      );
    }
    for (;;) {
      if (this.acceptWord('ADD')) {
        if (this.acceptWord('COLUMN')) this.column(table);
        else this.tableElement(table);
      } else this.skipAction();
      if (!this.acceptOp(',')) break;
    }
    for (const c of table.primaryKey) this.setNotNull(table, c);
    tk.skipStatement();
  }

  private createIndex(unique: boolean): void {
    const tk = this.tk;
    if (!unique) {
      tk.skipStatement();
      return;
    }
    this.acceptWord('CONCURRENTLY');
    if (this.acceptWord('IF')) {
      this.expectWord('NOT');
      this.expectWord('EXISTS');
    }
    if (!this.isWord('ON')) this.qualifiedName('the index name');
    this.expectWord('ON');
    this.acceptWord('ONLY');
    const nameTok = tk.peek();
    const name = this.qualifiedName('the table name');
    if (this.acceptWord('USING')) tk.next();
    const cols = this.indexColumns();
    const partial = this.isWord('WHERE');
    const table = this.byName.get(this.key(name));
    if (!table) {
      throw new SqlSyntaxError(
        nameTok.at,
        `CREATE UNIQUE INDEX is on table "${name}", which the script does not create`,
        'create the table before its index',
      );
    }
    // an index on expressions or on part of the rows is not a plain unique constraint
    if (cols && !partial) addUnique(table, cols);
    tk.skipStatement();
  }

  // --- parts of CREATE TABLE ---

  /** A column definition or a table constraint. */
  private tableElement(table: DbTable): void {
    const tk = this.tk;
    const t = tk.peek();
    if (t.kind === 'word') {
      if (t.value === 'CONSTRAINT') {
        tk.next();
        this.name('the constraint name');
        this.tableConstraint(table, true);
        return;
      }
      if (
        [
          'PRIMARY',
          'FOREIGN',
          'UNIQUE',
          'CHECK',
          'KEY',
          'INDEX',
          'FULLTEXT',
          'SPATIAL',
          'EXCLUDE',
          'LIKE',
        ].includes(t.value)
      ) {
        // `key` and `index` may also be column names: a constraint is followed by a name or "("
        if (!this.columnNamedLikeKeyword(t)) {
          this.tableConstraint(table, false);
          return;
        }
      }
    }
    this.column(table);
  }

  private columnNamedLikeKeyword(t: SqlToken): boolean {
    if (t.value !== 'KEY' && t.value !== 'INDEX') return false;
    // "key int" is a column; "KEY name (cols)" and "KEY (cols)" are MySQL indexes
    const save = this.tk.mark();
    this.tk.next();
    const after = this.tk.peek();
    const isColumn =
      after.kind === 'word' && /^(INT|INTEGER|BIGINT|SMALLINT|TEXT|VARCHAR|CHAR)/.test(after.value);
    this.tk.reset(save);
    return isColumn;
  }

  private tableConstraint(table: DbTable, named: boolean): void {
    const tk = this.tk;
    const t = tk.next();
    switch (t.value) {
      case 'PRIMARY': {
        this.expectWord('KEY');
        this.skipIndexName();
        const cols = this.columnList('the primary key columns');
        this.checkColumns(table, cols, t);
        table.primaryKey = cols;
        this.skipConstraintTail();
        return;
      }
      case 'UNIQUE': {
        if (!this.acceptWord('KEY')) this.acceptWord('INDEX');
        this.skipIndexName();
        const cols = this.columnList('the unique columns');
        this.checkColumns(table, cols, t);
        addUnique(table, cols);
        this.skipConstraintTail();
        return;
      }
      case 'FOREIGN': {
        this.expectWord('KEY');
        this.skipIndexName();
        const cols = this.columnList('the foreign key columns');
        this.checkColumns(table, cols, t);
        this.expectWord('REFERENCES');
        table.foreignKeys.push(this.references(table, cols));
        return;
      }
      case 'CHECK':
        table.checks.push(this.parenthesized('the check'));
        this.skipConstraintTail();
        return;
      default:
        if (named) {
          throw new SqlSyntaxError(
            t.at,
            `CONSTRAINT must be followed by PRIMARY KEY, FOREIGN KEY, UNIQUE or CHECK, found ${describe(t)}`,
            'check the spelling of the constraint',
          );
        }
        // MySQL KEY/INDEX/FULLTEXT/SPATIAL indexes, PostgreSQL EXCLUDE and LIKE: nothing to keep
        this.skipElement();
    }
  }

  private column(table: DbTable): void {
    const tk = this.tk;
    const nameTok = tk.peek();
    const name = this.name('a column name');
    if (table.columns.some((c) => c.name === name)) {
      throw new SqlSyntaxError(
        nameTok.at,
        `Column "${name}" of "${table.name}" is declared twice`,
        'remove or rename one of them',
      );
    }
    const type = this.columnType();
    let notNull = false;
    let autoIncrement = SERIAL.has(type.toUpperCase());
    if (autoIncrement && tk.dialect === 'postgres') notNull = true;
    let def: string | undefined;
    for (;;) {
      const t = tk.peek();
      if (t.kind === 'end' || (t.kind === 'op' && (t.value === ',' || t.value === ')' || t.value === ';')))
        break;
      if (t.kind !== 'word') {
        throw new SqlSyntaxError(
          t.at,
          `Column "${name}" of "${table.name}": unexpected ${describe(t)}`,
          'a column is: name type [NOT NULL] [DEFAULT …] [PRIMARY KEY] [UNIQUE] [REFERENCES t (c)] [CHECK (…)]',
        );
      }
      tk.next();
      switch (t.value) {
        case 'CONSTRAINT':
          this.name('the constraint name');
          break;
        case 'NOT':
          this.expectWord('NULL');
          notNull = true;
          break;
        case 'NULL':
          break;
        case 'PRIMARY':
          this.expectWord('KEY');
          this.primaryKeyTail(table, name);
          if (this.acceptWord('AUTOINCREMENT')) autoIncrement = true;
          break;
        case 'KEY':
          this.primaryKeyTail(table, name);
          break;
        case 'UNIQUE':
          this.acceptWord('KEY');
          addUnique(table, [name]);
          break;
        case 'REFERENCES':
          table.foreignKeys.push(this.references(table, [name]));
          break;
        case 'CHECK':
          table.checks.push(this.parenthesized('the check'));
          break;
        case 'DEFAULT':
          def = this.defaultExpr();
          break;
        case 'AUTO_INCREMENT':
        case 'AUTOINCREMENT':
          autoIncrement = true;
          break;
        case 'IDENTITY':
          autoIncrement = true;
          if (tk.peek().value === '(') this.parenthesized('the identity');
          break;
        case 'GENERATED':
          if (this.acceptWord('ALWAYS') || (this.acceptWord('BY') && this.expectWord('DEFAULT'))) {
            /* either way */
          }
          this.expectWord('AS');
          if (this.acceptWord('IDENTITY')) {
            autoIncrement = true;
            if (tk.peek().value === '(') this.parenthesized('the identity options');
          } else this.computed();
          break;
        case 'AS':
          this.computed();
          break;
        case 'COLLATE':
          this.name('the collation');
          break;
        case 'COMMENT':
          tk.next();
          break;
        case 'CHARSET':
          this.name('the character set');
          break;
        case 'CHARACTER':
          this.expectWord('SET');
          this.name('the character set');
          break;
        case 'ON':
          // MySQL: ON UPDATE CURRENT_TIMESTAMP; SQLite: ON CONFLICT …
          tk.next();
          this.defaultExpr();
          break;
        case 'ASC':
        case 'DESC':
        case 'VISIBLE':
        case 'INVISIBLE':
        case 'STORED':
        case 'VIRTUAL':
        case 'PERSISTENT':
        case 'DEFERRABLE':
        case 'INITIALLY':
        case 'DEFERRED':
        case 'IMMEDIATE':
          break;
        default:
          throw new SqlSyntaxError(
            t.at,
            `Column "${name}" of "${table.name}": unexpected ${describe(t)}`,
            'a column is: name type [NOT NULL] [DEFAULT …] [PRIMARY KEY] [UNIQUE] [REFERENCES t (c)] [CHECK (…)]; is a comma missing before it?',
          );
      }
    }
    table.columns.push({
      name,
      type,
      notNull,
      ...(def === undefined ? {} : { default: def }),
      ...(autoIncrement ? { autoIncrement: true } : {}),
    });
  }

  private primaryKeyTail(table: DbTable, column: string): void {
    if (table.primaryKey.length > 0 && !(table.primaryKey.length === 1 && table.primaryKey[0] === column)) {
      const t = this.tk.peek();
      throw new SqlSyntaxError(
        t.at,
        `Table "${table.name}" has two primary keys`,
        'a table has one primary key; for a key over several columns write PRIMARY KEY (a, b) once',
      );
    }
    table.primaryKey = [column];
    this.acceptWord('ASC');
    this.acceptWord('DESC');
  }

  /** A type: words and parenthesised arguments up to a constraint, `,` or `)`. */
  private columnType(): string {
    const tk = this.tk;
    let out = '';
    for (;;) {
      const t = tk.peek();
      if (t.kind === 'word') {
        if (COLUMN_CONSTRAINT.has(t.value)) break;
        if (t.value === 'CHARACTER' && out !== '') break;
        tk.next();
        out += (out ? ' ' : '') + t.text;
      } else if (t.kind === 'op' && t.value === '(' && out !== '') {
        out += this.rawParenthesized();
      } else if (t.kind === 'op' && t.value === '[') {
        tk.next();
        const close = tk.next();
        out += close.value === ']' ? '[]' : `[${close.text}]`;
        if (close.value !== ']') this.expectOp(']');
      } else break;
    }
    return out;
  }

  private computed(): void {
    this.parenthesized('the generated expression');
  }

  /** A default: one expression, up to the next constraint word at depth 0. */
  private defaultExpr(): string {
    const tk = this.tk;
    let out = '';
    let first = true;
    for (;;) {
      const t = tk.peek();
      if (t.kind === 'end' || (t.kind === 'op' && (t.value === ',' || t.value === ')' || t.value === ';')))
        break;
      if (!first && t.kind === 'word' && COLUMN_CONSTRAINT.has(t.value)) break;
      first = false;
      if (t.kind === 'op' && t.value === '(') out += this.rawParenthesized();
      else {
        tk.next();
        out += (out && t.kind !== 'op' && !out.endsWith('::') && !out.endsWith('-') ? ' ' : '') + t.text;
      }
    }
    return out;
  }

  private references(owner: DbTable, cols: string[]): DbForeignKey {
    const at = this.tk.offset();
    const table = this.qualifiedName('the referenced table');
    let refColumns: string[] = [];
    if (this.tk.peek().value === '(') refColumns = this.columnList('the referenced columns');
    if (refColumns.length > 0 && refColumns.length !== cols.length) {
      throw new SqlSyntaxError(
        this.tk.peek().at,
        `A foreign key of ${cols.length} column(s) references ${refColumns.length} column(s)`,
        'list as many referenced columns as foreign key columns',
      );
    }
    // MATCH …, ON DELETE/UPDATE actions, DEFERRABLE …
    for (;;) {
      if (this.acceptWord('MATCH')) this.tk.next();
      else if (this.isWord('ON') && ['DELETE', 'UPDATE'].includes(this.peek2().value)) {
        this.tk.next();
        this.tk.next();
        if (this.acceptWord('SET')) this.tk.next();
        else if (this.acceptWord('NO')) this.expectWord('ACTION');
        else this.tk.next();
      } else if (this.acceptWord('DEFERRABLE') || this.acceptWord('INITIALLY')) {
        this.acceptWord('DEFERRED');
        this.acceptWord('IMMEDIATE');
      } else if (this.isWord('NOT') && this.peek2().value === 'DEFERRABLE') {
        this.tk.next();
        this.tk.next();
      } else break;
    }
    const fk = { columns: cols, table, refColumns };
    this.pending.push({ table: owner, fk, at });
    return fk;
  }

  private indexColumns(): string[] | undefined {
    const tk = this.tk;
    this.expectOp('(');
    const cols: string[] = [];
    let plain = true;
    for (;;) {
      const t = tk.peek();
      if (t.kind === 'word' || t.kind === 'ident') {
        tk.next();
        cols.push(this.identValue(t));
        if (tk.peek().value === '(') {
          // a function call: an expression index
          plain = false;
          this.rawParenthesized();
        }
        while (this.acceptWord('ASC') || this.acceptWord('DESC') || this.acceptWord('COLLATE')) {
          if (this.isWord('NULLS')) {
            tk.next();
            tk.next();
          }
        }
      } else if (t.value === '(') {
        plain = false;
        this.rawParenthesized();
      } else
        throw new SqlSyntaxError(
          t.at,
          `expected an indexed column, found ${describe(t)}`,
          'write (column, …)',
        );
      const sep = tk.next();
      if (sep.value === ')') break;
      if (sep.value !== ',') {
        plain = false;
        // an expression such as lower(x) || y: skip to the closing parenthesis
        let depth = 1;
        for (let u = sep; depth > 0 && u.kind !== 'end'; u = tk.next()) {
          if (u.value === '(') depth++;
          else if (u.value === ')') depth--;
          if (depth === 0) break;
        }
        break;
      }
    }
    return plain ? cols : undefined;
  }

  // --- small readers ---

  private skipIndexName(): void {
    const t = this.tk.peek();
    if (t.kind === 'ident' || (t.kind === 'word' && t.value !== 'USING')) this.tk.next();
    if (this.acceptWord('USING')) this.tk.next();
  }

  /** After a table constraint: index options, ON CONFLICT, DEFERRABLE … up to `,` or `)`. */
  private skipConstraintTail(): void {
    this.skipElement();
  }

  /** Skips to the `,` or `)` that ends the current element, at depth 0. */
  private skipElement(): void {
    const tk = this.tk;
    for (;;) {
      const t = tk.peek();
      if (t.kind === 'end' || (t.kind === 'op' && (t.value === ',' || t.value === ')' || t.value === ';')))
        return;
      if (t.value === '(') this.rawParenthesized();
      else tk.next();
    }
  }

  /** Skips one ALTER TABLE action (not an ADD we read) up to `,` or `;`. */
  private skipAction(): void {
    const tk = this.tk;
    for (;;) {
      const t = tk.peek();
      if (t.kind === 'end' || (t.kind === 'op' && (t.value === ',' || t.value === ';'))) return;
      if (t.value === '(') this.rawParenthesized();
      else tk.next();
    }
  }

  /** `( … )` as text, with the tokens' own spelling; the next token must be "(". */
  private rawParenthesized(): string {
    const tk = this.tk;
    const open = tk.next();
    let depth = 1;
    let out = '(';
    let prev: SqlToken = open;
    for (;;) {
      const t = tk.next();
      if (t.kind === 'end') {
        throw new SqlSyntaxError(open.at, 'A "(" is never closed', 'add the missing ")"');
      }
      if (t.value === '(') depth++;
      else if (t.value === ')') depth--;
      if (depth === 0) return `${out})`;
      const gap = tk.text.slice(prev.at + prev.text.length, t.at);
      out += (/\s/.test(gap) && prev.value !== '(' ? ' ' : '') + t.text;
      prev = t;
    }
  }

  /** The inside of `( … )` as text. */
  private parenthesized(what: string): string {
    const t = this.tk.peek();
    if (t.value !== '(')
      throw new SqlSyntaxError(
        t.at,
        `expected "(" before ${what}, found ${describe(t)}`,
        `write ${what} in parentheses`,
      );
    return this.rawParenthesized().slice(1, -1).trim();
  }

  private columnList(what: string): string[] {
    const tk = this.tk;
    const open = tk.peek();
    if (open.value !== '(')
      throw new SqlSyntaxError(
        open.at,
        `expected "(" and ${what}, found ${describe(open)}`,
        `write ${what} in parentheses: (a, b)`,
      );
    tk.next();
    const cols: string[] = [];
    for (;;) {
      cols.push(this.name(what));
      // MySQL prefix lengths and sort orders: (name(10) DESC)
      if (tk.peek().value === '(') this.rawParenthesized();
      this.acceptWord('ASC');
      this.acceptWord('DESC');
      const sep = tk.next();
      if (sep.value === ')') return cols;
      if (sep.value !== ',')
        throw new SqlSyntaxError(
          sep.at,
          `expected "," or ")" in ${what}, found ${describe(sep)}`,
          'separate the names with commas',
        );
    }
  }

  private checkColumns(table: DbTable, cols: string[], at: SqlToken): void {
    for (const c of cols) {
      if (!this.findColumn(table, c)) {
        throw new SqlSyntaxError(
          at.at,
          `${at.value === 'FOREIGN' ? 'FOREIGN KEY' : at.value === 'PRIMARY' ? 'PRIMARY KEY' : at.value} names column "${c}", which "${table.name}" does not have`,
          `the columns are: ${table.columns.map((x) => x.name).join(', ')}`,
        );
      }
    }
  }

  private findColumn(table: DbTable, name: string): DbColumn | undefined {
    return (
      table.columns.find((c) => c.name === name) ??
      table.columns.find((c) => c.name.toLowerCase() === name.toLowerCase())
    );
  }

  private setNotNull(table: DbTable, name: string): void {
    const i = table.columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase());
    if (i >= 0) table.columns[i] = { ...table.columns[i]!, notNull: true };
  }

  /** `schema.name` or `name`; the last part is kept. */
  private qualifiedName(what: string): string {
    let name = this.name(what);
    while (this.tk.peek().value === '.') {
      this.tk.next();
      name = this.name(what);
    }
    return name;
  }

  private name(what: string): string {
    const t = this.tk.peek();
    if (t.kind !== 'word' && t.kind !== 'ident' && !(t.kind === 'string' && this.tk.dialect === 'mysql')) {
      throw new SqlSyntaxError(
        t.at,
        `expected ${what}, found ${describe(t)}`,
        'names are words or quoted identifiers',
      );
    }
    this.tk.next();
    return this.identValue(t);
  }

  /** PostgreSQL folds unquoted names to lower case; MySQL and SQLite keep them as written. */
  private identValue(t: SqlToken): string {
    if (t.kind === 'word') return this.tk.dialect === 'postgres' ? t.text.toLowerCase() : t.text;
    return t.value;
  }

  private key(name: string): string {
    return this.tk.dialect === 'postgres' ? name : name.toLowerCase();
  }

  private isWord(w: string): boolean {
    const t = this.tk.peek();
    return t.kind === 'word' && t.value === w;
  }

  private acceptWord(w: string): boolean {
    if (!this.isWord(w)) return false;
    this.tk.next();
    return true;
  }

  private expectWord(w: string): true {
    const t = this.tk.peek();
    if (t.kind !== 'word' || t.value !== w)
      throw new SqlSyntaxError(
        t.at,
        `expected ${w}, found ${describe(t)}`,
        'check the statement against your database’s CREATE TABLE syntax',
      );
    this.tk.next();
    return true;
  }

  private acceptOp(op: string): boolean {
    const t = this.tk.peek();
    if (t.kind !== 'op' || t.value !== op) return false;
    this.tk.next();
    return true;
  }

  private expectOp(op: string): void {
    const t = this.tk.peek();
    if (t.kind !== 'op' || t.value !== op)
      throw new SqlSyntaxError(t.at, `expected "${op}", found ${describe(t)}`, `add "${op}"`);
    this.tk.next();
  }

  private peek2(): SqlToken {
    const save = this.tk.mark();
    this.tk.next();
    const t = this.tk.peek();
    this.tk.reset(save);
    return t;
  }
}

function addUnique(table: DbTable, cols: string[]): void {
  const key = cols.join('\u0000');
  if (!table.unique.some((u) => u.join('\u0000') === key)) table.unique.push(cols);
}

function describe(t: SqlToken): string {
  if (t.kind === 'end') return 'the end of the script';
  const text = t.text.length > 30 ? `${t.text.slice(0, 30)}…` : t.text;
  return `"${text}"`;
}
