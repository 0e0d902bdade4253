import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Faker, LocaleDefinition, Randomizer } from '@faker-js/faker';
import { TrainkitError } from '../errors/index.js';
import { Rng } from '../random/index.js';
import { type ColumnSpec, choicesHint } from '../spec/index.js';
import { compileFakerMethod } from './faker-compiled.js';
import { columnIssue, type Provider, type ProviderContext, type SqlType, type Value } from './provider.js';

type FakeColumn = Extract<ColumnSpec, { kind: 'fake' }>;

/** Lets faker draw from the column's own stream: the engine points `rng` at it before each call. */
class StreamRandomizer implements Randomizer {
  rng: Rng | undefined;
  // faker calls these detached from the object, so they are bound arrow functions
  next = (): number => this.rng!.float();
  seed = (): void => {};
}

const fakers = new Map<string, { faker: Faker; randomizer: StreamRandomizer }>();

// faker's index loads all seventy locales (about 0.17 s of CPU in every thread that imports it,
// workers included); each locale's own entry point loads only its chain, and require() of an ES
// module is synchronous on Node 20.19+, which lets providers stay synchronous
const require = createRequire(import.meta.url);
const localeDir = dirname(require.resolve('@faker-js/faker/locale/en'));

/** The faker locale names, e.g. `en`, `en_GB`, `de`, `ja`. */
export const fakerLocales = readdirSync(localeDir)
  .filter((f) => /^[A-Za-z_]+\.js$/.test(f))
  .map((f) => f.slice(0, -3))
  .filter((l) => l !== 'base')
  .sort();
const known = new Set(fakerLocales);

/** A locale's definitions merged along its chain (the locale, then `en`, then `base`), and faker's class. */
function localeChain(locale: string): { definitions: LocaleDefinition; FakerClass: typeof Faker } {
  const { faker } = require(`@faker-js/faker/locale/${locale}`) as { faker: Faker };
  return { definitions: faker.rawDefinitions, FakerClass: faker.constructor as typeof Faker };
}

/** Normalises `en-GB` to `en_GB`; undefined when faker has no such locale. */
export function resolveLocale(locale: string): string | undefined {
  const norm = locale.replace('-', '_');
  if (known.has(norm)) return norm;
  const lower = fakerLocales.find((l) => l.toLowerCase() === norm.toLowerCase());
  return lower;
}

function fakerFor(locale: string) {
  let entry = fakers.get(locale);
  if (!entry) {
    const randomizer = new StreamRandomizer();
    const { definitions, FakerClass } = localeChain(locale);
    entry = { faker: new FakerClass({ locale: definitions, randomizer }), randomizer };
    fakers.set(locale, entry);
  }
  return entry;
}

function methodNames(obj: object): string[] {
  const names = new Set<string>();
  for (let o: object | null = obj; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const n of Object.getOwnPropertyNames(o)) {
      if (
        n !== 'constructor' &&
        !n.startsWith('_') &&
        typeof (obj as Record<string, unknown>)[n] === 'function'
      )
        names.add(n);
    }
  }
  return [...names].sort();
}

const skipModules = new Set(['helpers', 'rawDefinitions', 'definitions']);

/** Throws a located error when `method` is not a faker method path such as `person.firstName`. */
function resolveMethod(faker: Faker, method: string, ctx: ProviderContext): (arg?: unknown) => unknown {
  const f = faker as unknown as Record<string, unknown>;
  const [mod = '', name, ...rest] = method.split('.');
  const modules = Object.keys(f).filter(
    (k) =>
      !skipModules.has(k) &&
      !k.startsWith('_') &&
      typeof f[k] === 'object' &&
      f[k] !== null &&
      methodNames(f[k] as object).length > 0,
  );
  const moduleObj = f[mod];
  if (!modules.includes(mod) || typeof moduleObj !== 'object' || moduleObj === null) {
    throw new TrainkitError([
      columnIssue(ctx, {
        code: 'unknown_faker_method',
        message: `Unknown faker method "${method}": faker has no module "${mod}"`,
        at: 'method',
        hint: choicesHint(mod, modules, 'the modules are'),
      }),
    ]);
  }
  const names = methodNames(moduleObj);
  if (name === undefined || rest.length > 0 || !names.includes(name)) {
    throw new TrainkitError([
      columnIssue(ctx, {
        code: 'unknown_faker_method',
        message: `Unknown faker method "${method}"`,
        at: 'method',
        hint: choicesHint(
          name === undefined ? method : `${mod}.${name}`,
          names.map((n) => `${mod}.${n}`),
          `the methods of ${mod} are`,
        ),
      }),
    ]);
  }
  const fn = (moduleObj as Record<string, (arg?: unknown) => unknown>)[name]!;
  return fn.bind(moduleObj);
}

function toValue(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint') return v.toString();
  return JSON.stringify(v);
}

/**
 * Semantic fakes from @faker-js/faker in any of its locales. Methods that only look values up in
 * the locale's definitions are compiled to direct draws; every other method calls faker, drawing
 * from the column's own stream.
 */
export function fakeProvider(col: FakeColumn, ctx: ProviderContext): Provider {
  const requested = col.locale ?? ctx.locale;
  const locale = resolveLocale(requested);
  if (!locale) {
    throw new TrainkitError([
      columnIssue(ctx, {
        code: 'unknown_locale',
        message: `Unknown faker locale "${requested}"`,
        ...(col.locale === undefined ? {} : { at: 'locale' }),
        hint: choicesHint(requested, fakerLocales, 'faker locales include'),
      }),
    ]);
  }
  const { faker, randomizer } = fakerFor(locale);
  const call = resolveMethod(faker, col.method, ctx);
  const compiled = compileFakerMethod(faker, col.method, col.args);
  const probe = (rng: Rng) => {
    randomizer.rng = rng;
    try {
      return toValue(col.args === undefined ? call() : call(col.args));
    } catch (e) {
      throw new TrainkitError([
        columnIssue(ctx, {
          code: 'faker_call_failed',
          message: `faker ${col.method}(${col.args === undefined ? '' : JSON.stringify(col.args)}) failed: ${(e as Error).message}`,
          at: col.args === undefined ? 'method' : 'args',
          hint: 'check the arguments against the faker documentation for this method',
        }),
      ]);
    }
  };
  if (compiled) return { sqlType: 'TEXT', next: compiled };
  // one draw up front checks the arguments and tells the column's SQL type
  const sample = probe(Rng.from(['trainkit-probe', locale, col.method]));
  return { sqlType: fakeSqlType(sample), next: probe };
}

/** The SQL type a faker method's values need, found by drawing one value. */
export function fakeSqlType(sample: Value): SqlType {
  if (typeof sample === 'number') return Number.isInteger(sample) ? 'INTEGER' : 'REAL';
  if (typeof sample === 'boolean') return 'INTEGER';
  return 'TEXT';
}
