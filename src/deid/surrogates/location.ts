import { fold } from '../lexicon.js';
import type { OperatorServices } from '../operator.js';
import { fakerWith, localeDefinition, localeNames, stringsOf } from './faker-source.js';
import { applyCasing, casingOf, unlike } from './shape.js';

type PlaceKind = 'city' | 'state' | 'state_abbr' | 'country';

interface PlaceInfo {
  readonly kind: PlaceKind;
  readonly locales: string[];
}

let places: Map<string, PlaceInfo> | undefined;

/**
 * Place name (folded) → what kind of place faker lists it as and in which locales. A name listed
 * as several kinds ("New York", "Georgia") counts as the first of city, state, country.
 */
function placeIndex(): Map<string, PlaceInfo> {
  if (places !== undefined) return places;
  places = new Map();
  const fields: readonly (readonly [string, PlaceKind])[] = [
    ['city_name', 'city'],
    ['county', 'city'],
    ['state', 'state'],
    ['state_abbr', 'state_abbr'],
    ['country', 'country'],
  ];
  for (const [field, kind] of fields) {
    for (const locale of localeNames()) {
      const location = localeDefinition(locale)?.location as Record<string, unknown> | undefined;
      for (const name of stringsOf(location?.[field])) {
        if (name.includes('{{')) continue;
        const key = fold(name);
        const info = places.get(key) ?? { kind, locales: [] };
        if (info.kind === kind && !info.locales.includes(locale)) info.locales.push(locale);
        places.set(key, info);
      }
    }
  }
  return places;
}

/** True when faker lists the name as a country or a state (kept in addresses: HIPAA allows them). */
export function isRegion(name: string): boolean {
  const kind = placeIndex().get(fold(name.trim()))?.kind;
  return kind === 'country' || kind === 'state' || kind === 'state_abbr';
}

/**
 * A place of the same kind (city, state or country) from faker, in the locale the original is
 * listed in when faker knows it (a Spanish city for "Telde"), else an English-speaking city.
 */
export function locationSurrogate(original: string, services: OperatorServices): string {
  const text = original.trim();
  const folded = fold(text);
  const info = placeIndex().get(folded);
  const rng = services.rngFor('surrogate/LOCATION', folded);
  const locale = info === undefined ? 'en' : rng.pick(info.locales);
  const made = unlike(text, rng, () => {
    const faker = fakerWith(locale, rng);
    switch (info?.kind) {
      case 'state':
        return faker.location.state();
      case 'state_abbr':
        return faker.location.state({ abbreviated: true });
      case 'country':
        return faker.location.country();
      default:
        return faker.location.city();
    }
  });
  const casing = casingOf(text);
  const start = original.indexOf(text);
  return original.slice(0, start) + applyCasing(made, casing) + original.slice(start + text.length);
}
