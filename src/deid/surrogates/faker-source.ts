import { allLocales, Faker, type LocaleDefinition, type Randomizer } from '@faker-js/faker';
import { Rng } from '../../random/index.js';

/**
 * One Faker per locale, all drawing from a stream we swap in before each call: a surrogate is a
 * function of its own keyed stream, never of what faker drew before.
 */
class SwappableRandomizer implements Randomizer {
  rng = new Rng(1, 2, 3, 4);
  // faker calls these unbound
  readonly next = (): number => this.rng.float();
  readonly seed = (): void => {
    // seeding goes through `rng`
  };
}

const randomizer = new SwappableRandomizer();
const fakers = new Map<string, Faker>();
const definitions = allLocales as unknown as Record<string, LocaleDefinition | undefined>;

/** True when faker has a locale of that name. */
export function hasLocale(locale: string): boolean {
  return definitions[locale] !== undefined && locale !== 'base';
}

/** Every faker locale with data (not the shared `base`). */
export function localeNames(): string[] {
  return Object.keys(definitions).filter((l) => l !== 'base');
}

/** faker's raw definitions for a locale (or undefined). */
export function localeDefinition(locale: string): LocaleDefinition | undefined {
  return definitions[locale];
}

/**
 * The Faker for `locale` (falling back to its language, then en), drawing from `rng`. Use the
 * result at once: the next call swaps the stream.
 */
export function fakerWith(locale: string, rng: Rng): Faker {
  randomizer.rng = rng;
  let faker = fakers.get(locale);
  if (faker === undefined) {
    const chain: LocaleDefinition[] = [];
    for (const name of [locale, locale.split('_')[0]!, 'en', 'base']) {
      const def = definitions[name];
      if (def !== undefined && !chain.includes(def)) chain.push(def);
    }
    faker = new Faker({ locale: chain, randomizer });
    fakers.set(locale, faker);
  }
  return faker;
}

const flattened = new WeakMap<object, string[]>();

/** The strings of a faker definition entry: a list, or an object of lists (by sex). Memoised: definitions never change. */
export function stringsOf(value: unknown): string[] {
  if (!value || typeof value !== 'object') return [];
  const hit = flattened.get(value);
  if (hit) return hit;
  const out = Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : Object.values(value).flatMap(stringsOf);
  flattened.set(value, out);
  return out;
}
