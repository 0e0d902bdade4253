import { fold, lexicon } from '../lexicon.js';
import type { OperatorServices } from '../operator.js';
import { fakerWith, localeDefinition, localeNames, stringsOf } from './faker-source.js';
import { formatPreserving } from './generic.js';
import { personSurrogate } from './person.js';
import { type Casing, casingOf, reshapeDigits, unlike } from './shape.js';

// "maria.gomez", "maria_gomez42", "Maria-Gomez"
const NAME_PAIR = /^(\p{L}+)([._-])(\p{L}+)(\d*)$/u;
// "mgomez", "mgomez7": an initial and a known surname
const INITIAL_LAST = /^(\p{L})(\p{L}{3,})(\d*)$/u;
const SINGLE = /^(\p{L}{2,})(\d*)$/u;
// reserved for documentation by RFC 2606: never anyone's mailbox
const SAFE_DOMAINS = ['example.com', 'example.net', 'example.org'];

let freeDomains: readonly string[] | undefined;
let freeDomainSet: ReadonlySet<string> | undefined;

/** The free mail providers faker knows in any locale (gmail.com, yahoo.co.jp, web.de, …). */
function freeMailDomains(): readonly string[] {
  if (freeDomains === undefined) {
    const all = new Set<string>();
    for (const l of localeNames())
      for (const d of stringsOf(localeDefinition(l)?.internet?.free_email)) all.add(d);
    freeDomains = [...all].sort();
    freeDomainSet = new Set(freeDomains);
  }
  return freeDomains;
}

/** A name piece as a mailbox writes it: ASCII letters, in the casing the original piece had. */
function mailboxWord(name: string, casing: Casing): string {
  const ascii = fold(name).replace(/[^a-z]/g, '');
  if (casing === 'upper') return ascii.toUpperCase();
  if (casing === 'title') return ascii.charAt(0).toUpperCase() + ascii.slice(1);
  return ascii;
}

function localSurrogate(local: string, services: OperatorServices): string {
  const { lastNames, firstNames } = lexicon();
  const digitsFor = (d: string) =>
    d === '' ? '' : reshapeDigits(d, services.rngFor('surrogate/EMAIL/digits', d));
  const pair = NAME_PAIR.exec(local);
  if (pair !== null) {
    const [, first, sep, last, digits] = pair as unknown as [string, string, string, string, string];
    const [a = '', b = ''] = personSurrogate(`${fold(first)} ${fold(last)}`, services).split(' ');
    return mailboxWord(a, casingOf(first)) + sep + mailboxWord(b, casingOf(last)) + digitsFor(digits);
  }
  const initialLast = INITIAL_LAST.exec(local);
  if (initialLast !== null && lastNames.has(fold(initialLast[2]!)) && !firstNames.has(fold(local))) {
    const [, letter, last, digits] = initialLast as unknown as [string, string, string, string];
    const [a = '', b = ''] = personSurrogate(`${fold(letter)} ${fold(last)}`, services).split(' ');
    return mailboxWord(a, casingOf(letter)) + mailboxWord(b, casingOf(last)) + digitsFor(digits);
  }
  const single = SINGLE.exec(local);
  if (single !== null && (firstNames.has(fold(single[1]!)) || lastNames.has(fold(single[1]!)))) {
    return (
      mailboxWord(personSurrogate(fold(single[1]!), services), casingOf(single[1]!)) + digitsFor(single[2]!)
    );
  }
  // no name to follow: a keyed faker name, joined the way the original joins its parts
  const rng = services.rngFor('surrogate/EMAIL/local', fold(local));
  const sep = /[._-]/.exec(local)?.[0] ?? '';
  const casing = casingOf(local.replace(/[^\p{L}]/gu, ''));
  const digits = /\d+$/.exec(local)?.[0] ?? '';
  return unlike(local, rng, () => {
    const first = mailboxWord(
      fakerWith('en', rng).person.firstName(),
      casing === 'upper' ? 'upper' : 'lower',
    );
    const last = mailboxWord(fakerWith('en', rng).person.lastName(), casing === 'upper' ? 'upper' : 'lower');
    return first + sep + last + digitsFor(digits);
  });
}

function domainSurrogate(domain: string, services: OperatorServices): string {
  const lower = domain.toLowerCase();
  const rng = services.rngFor('surrogate/EMAIL/domain', lower);
  const free = freeMailDomains();
  let out: string;
  if (freeDomainSet!.has(lower)) {
    out = unlike(lower, rng, (r) => r.pick(free));
  } else {
    const tld = lower.slice(lower.lastIndexOf('.') + 1);
    out = SAFE_DOMAINS.find((d) => d.endsWith(`.${tld}`)) ?? rng.pick(SAFE_DOMAINS);
  }
  return casingOf(domain) === 'upper' ? out.toUpperCase() : out;
}

/**
 * An email address whose mailbox is built from a surrogate name (the same one the person's name
 * gets when the mailbox is "first.last", "first_last", "flast" or a lone name) and whose domain is
 * another free mail provider for a free mail address, else a reserved example domain.
 */
export function emailSurrogate(original: string, services: OperatorServices): string {
  const at = original.lastIndexOf('@');
  if (at <= 0) return formatPreserving('EMAIL', original, services);
  return `${localSurrogate(original.slice(0, at), services)}@${domainSurrogate(original.slice(at + 1), services)}`;
}
