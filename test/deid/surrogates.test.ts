import { allLocales } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';
import {
  abaValid,
  ibanValid,
  ipv4Valid,
  ipv6Valid,
  luhn,
  npiValid,
  ssnValid,
} from '../../src/deid/checksums.js';
import { DEMO_KEY, KeyServices } from '../../src/deid/keys.js';
import { fold, lexicon } from '../../src/deid/lexicon.js';
import { surrogate } from '../../src/deid/surrogates/index.js';
import { Rng } from '../../src/random/index.js';

const KEY_A = Buffer.alloc(32, 0xa1);
const KEY_B = Buffer.alloc(32, 0xb2);
const services = new KeyServices(KEY_A);

/** Every non-digit kept in place: the digits' positions make the shape. */
const digitShape = (s: string) => s.replace(/\d/g, '9');

/** Names faker lists as female (not only sex-neutral) in at least one locale. */
const femaleNames = new Set(
  Object.values(allLocales).flatMap((def) => {
    const first = (def as { person?: { first_name?: { female?: string[] } } }).person?.first_name;
    return (first?.female ?? []).map(fold);
  }),
);

function randomDigitsString(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.below(10));
  return s;
}

describe('PERSON surrogates', () => {
  it('maps each name token on its own, consistently, keeping titles (the worked example)', () => {
    const full = surrogate('PERSON', 'Maria Gomez', services, { documentId: 'note-1' });
    const [first, last, ...rest] = full.split(' ');
    expect(rest).toEqual([]);
    expect(femaleNames.has(fold(first!))).toBe(true);
    expect(lexicon().lastNames.has(fold(last!))).toBe(true);
    expect(fold(first!)).not.toBe('maria');
    expect(fold(last!)).not.toBe('gomez');
    // the same in another document, and for the same tokens in other spellings of the name
    expect(surrogate('PERSON', 'Maria Gomez', services, { documentId: 'note-2' })).toBe(full);
    expect(surrogate('PERSON', 'Ms. Gomez', services)).toBe(`Ms. ${last}`);
    expect(surrogate('PERSON', 'Maria', services)).toBe(first);
    expect(surrogate('PERSON', 'Gomez, Maria', services)).toBe(`${last}, ${first}`);
    expect(surrogate('PERSON', "Gomez's", services)).toBe(`${last}'s`);
  });

  it('keeps casing, titles, particles, suffixes and initials in shape', () => {
    const title = surrogate('PERSON', 'Maria Gomez', services);
    expect(surrogate('PERSON', 'MARIA GOMEZ', services)).toBe(title.toUpperCase());
    expect(surrogate('PERSON', 'maria gomez', services)).toBe(title.toLowerCase());
    expect(surrogate('PERSON', 'Dr. J. Smith Jr.', services)).toMatch(/^Dr\. [A-Z]\. \p{Lu}\S+ Jr\.$/u);
    expect(surrogate('PERSON', 'J.', services)).not.toBe('J.');
    expect(surrogate('PERSON', 'Pieter van der Berg', services)).toMatch(/^\S+ van der \S+$/);
  });

  it('is the same for the same key across services instances and differs for another key', () => {
    const names = ['Maria Gomez', 'John Smith', 'Wei Zhang', 'Fatima Khan', 'Olga Petrova'];
    const again = new KeyServices(Buffer.from(KEY_A));
    const other = new KeyServices(KEY_B);
    for (const n of names) expect(surrogate('PERSON', n, again)).toBe(surrogate('PERSON', n, services));
    const differ = names.filter((n) => surrogate('PERSON', n, other) !== surrogate('PERSON', n, services));
    expect(differ.length).toBeGreaterThanOrEqual(4);
  });

  it('spreads 1000 different names over more than 900 surrogates and never returns a token unchanged', () => {
    // 1000 distinct first/last pairs drawn from faker's English lists, with a fixed seed
    const en = allLocales.en.person!;
    const firsts = [
      ...(en.first_name as { female: string[]; male: string[] }).female,
      ...(en.first_name as { male: string[] }).male,
    ];
    const lasts = (en.last_name as { generic: string[] }).generic;
    const rng = Rng.from([1211, 'names']);
    const names = new Set<string>();
    // a first name that is also a title ("Judge") is kept as a title, by design
    const { titles } = lexicon();
    while (names.size < 1000) {
      const first = rng.pick(firsts);
      if (!titles.has(fold(first))) names.add(`${first} ${rng.pick(lasts)}`);
    }
    const outputs = new Set<string>();
    for (const name of names) {
      const out = surrogate('PERSON', name, services);
      outputs.add(out);
      const [a, b] = name.split(' ').map(fold);
      const [x, y] = out.split(' ').map(fold);
      expect(x).not.toBe(a);
      expect(y).not.toBe(b);
    }
    expect(outputs.size).toBeGreaterThan(900);
  });
});

describe('validator-backed surrogates', () => {
  const rng = Rng.from([42, 'validators']);
  const N = 200;

  it('credit cards keep length, grouping and first digit, pass Luhn and differ', () => {
    for (let i = 0; i < N; i++) {
      const body = `4${randomDigitsString(rng, 14)}`;
      const digits = body + [...'0123456789'].find((d) => luhn(body + d))!;
      const original = `${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8, 12)}-${digits.slice(12)}`;
      const out = surrogate('CREDIT_CARD', original, services);
      expect(digitShape(out)).toBe(digitShape(original));
      expect(out[0]).toBe('4');
      expect(luhn(out.replace(/\D/g, ''))).toBe(true);
      expect(out).not.toBe(original);
    }
    const amex = surrogate('CREDIT_CARD', '3782 822463 10005', services);
    expect(amex).toMatch(/^37\d\d \d{6} \d{5}$/);
    expect(luhn(amex.replace(/ /g, ''))).toBe(true);
  });

  it('SSNs are valid in the original format', () => {
    for (const sep of ['-', ' ', '']) {
      for (let i = 0; i < N; i++) {
        const original = `${100 + rng.below(500)}${sep}${10 + rng.below(80)}${sep}${1000 + rng.below(8000)}`;
        const out = surrogate('SSN', original, services);
        expect(ssnValid(out), out).toBe(true);
        expect(digitShape(out)).toBe(digitShape(original));
        expect(out).not.toBe(original);
      }
    }
  });

  it('IBANs keep country, length and grouping and pass mod 97', () => {
    for (const original of [
      'GB82 WEST 1234 5698 7654 32',
      'DE89370400440532013000',
      'FR14 2004 1010 0505 0001 3M02 606',
      'nl91abna0417164300',
    ]) {
      const out = surrogate('IBAN', original, services);
      expect(ibanValid(out), out).toBe(true);
      expect(out.slice(0, 2)).toBe(original.slice(0, 2));
      expect(out.replace(/[A-Za-z]/g, 'A').replace(/\d/g, '9').length).toBe(original.length);
      expect(out.replace(/[^ ]/g, '')).toBe(original.replace(/[^ ]/g, ''));
      expect(out).not.toBe(original);
    }
  });

  it('routing numbers and NPIs carry valid check digits', () => {
    for (let i = 0; i < N; i++) {
      const routingBody = `0${1 + rng.below(9)}${randomDigitsString(rng, 6)}`;
      const routing = routingBody + [...'0123456789'].find((d) => abaValid(routingBody + d))!;
      const outRouting = surrogate('ROUTING', routing, services);
      expect(abaValid(outRouting), outRouting).toBe(true);
      expect(outRouting.slice(0, 2)).toBe(routing.slice(0, 2));
      const npiBody = `1${randomDigitsString(rng, 8)}`;
      const npi = npiBody + [...'0123456789'].find((d) => npiValid(npiBody + d))!;
      const outNpi = surrogate('NPI', npi, services);
      expect(npiValid(outNpi), outNpi).toBe(true);
      expect(outNpi).not.toBe(npi);
    }
  });

  it('IP addresses keep their version and kind of range', () => {
    for (let i = 0; i < N; i++) {
      const priv = surrogate(
        'IP_ADDRESS',
        `10.${rng.below(256)}.${rng.below(256)}.${1 + rng.below(254)}`,
        services,
      );
      expect(ipv4Valid(priv) && priv.startsWith('10.'), priv).toBe(true);
      const home = surrogate('IP_ADDRESS', `192.168.${rng.below(256)}.${1 + rng.below(254)}`, services);
      expect(home.startsWith('192.168.'), home).toBe(true);
      const pub = surrogate(
        'IP_ADDRESS',
        `8.${rng.below(256)}.${rng.below(256)}.${rng.below(256)}`,
        services,
      );
      expect(ipv4Valid(pub), pub).toBe(true);
      expect(pub).not.toMatch(/^(?:10\.|127\.|192\.168\.|169\.254\.|0\.|2(?:2[4-9]|[3-5]\d)\.)/);
    }
    const v6 = surrogate('IP_ADDRESS', '2001:4860:4860::8888', services);
    expect(ipv6Valid(v6) && v6.includes('::'), v6).toBe(true);
    expect(surrogate('IP_ADDRESS', 'fe80::1ff:fe23:4567:890a', services)).toMatch(
      /^fe80::[0-9a-f]{3}(?::[0-9a-f]{4}){3}$/,
    );
    expect(surrogate('IP_ADDRESS', '::ffff:192.168.0.7', services)).toMatch(/^::ffff:192\.168\.\d+\.\d+$/);
  });
});

describe('format-keeping surrogates', () => {
  it('phones keep every non-digit, the digit count, a +country code and a valid NANP number', () => {
    const us = surrogate('PHONE', '(617) 555-0134', services);
    expect(us).toMatch(/^\([2-9]\d\d\) [2-9]\d\d-\d{4}$/);
    expect(surrogate('PHONE', '+1 617-555-0134', services)).toMatch(/^\+1 [2-9]\d\d-[2-9]\d\d-\d{4}$/);
    expect(surrogate('PHONE', '1-800-555-0199', services)).toMatch(/^1-[2-9]\d\d-[2-9]\d\d-\d{4}$/);
    const uk = surrogate('PHONE', '+44 20 7946 0958', services);
    expect(uk).toMatch(/^\+44 \d\d \d{4} \d{4}$/);
    expect(uk).not.toBe('+44 20 7946 0958');
    // keyed on the digits: the same number written another way gets the same digits
    expect(surrogate('FAX', '617.555.0134', services).replace(/\D/g, '')).toBe(us.replace(/\D/g, ''));
  });

  it('emails follow the person surrogate and use a free mail or reserved domain', () => {
    const name = surrogate('PERSON', 'maria gomez', services);
    const [first, last] = name.split(' ').map((w) => fold(w).replace(/[^a-z]/g, ''));
    expect(surrogate('EMAIL', 'maria.gomez@gmail.com', services)).toMatch(
      new RegExp(`^${first}\\.${last}@(?!gmail\\.com)[a-z0-9.-]+\\.[a-z]+$`),
    );
    expect(surrogate('EMAIL', 'maria_gomez@mgh.harvard.edu', services)).toMatch(
      new RegExp(`^${first}_${last}@example\\.(?:com|net|org)$`),
    );
    expect(surrogate('EMAIL', 'zq77@clinic.org', services)).toMatch(/^[a-z]+\d\d@example\.org$/);
  });

  it('ZIP codes, MAC addresses and other identifiers keep their format and change', () => {
    expect(surrogate('ZIP', '02139', services)).toMatch(/^\d{5}$/);
    const plus4 = surrogate('ZIP', '02139-4307', services);
    expect(plus4).toMatch(/^\d{5}-\d{4}$/);
    expect(plus4.slice(0, 5)).toBe(surrogate('ZIP', '02139', services));
    expect(surrogate('MAC_ADDRESS', '00:1A:2B:3C:4D:5E', services)).toMatch(
      /^[0-9A-F]{2}(?::[0-9A-F]{2}){5}$/,
    );
    expect(surrogate('MAC_ADDRESS', '001a.2b3c.4d5e', services)).toMatch(
      /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/,
    );
    for (const [type, original] of [
      ['MRN', 'MRN-00123456'],
      ['USERNAME', 'jdoe_77'],
      ['API_KEY', 'sk-AbC123xyz'],
      ['PASSPORT', 'X1234567'],
    ] as const) {
      const out = surrogate(type, original, services);
      expect(out.replace(/\d/g, '9').replace(/[A-Z]/g, 'A').replace(/[a-z]/g, 'a')).toBe(
        original.replace(/\d/g, '9').replace(/[A-Z]/g, 'A').replace(/[a-z]/g, 'a'),
      );
      expect(out).not.toBe(original);
    }
  });

  it('URLs keep scheme, port and path words on a fake host', () => {
    const out = surrogate('URL', 'https://portal.mgh.org:8443/patients/12345/chart.html?id=998', services);
    expect(out).toMatch(/^https:\/\/[a-z-]+\.org:8443\/patients\/\d{5}\/[a-z]+\.html\?id=\d{3}$/);
    expect(out).not.toContain('mgh');
  });

  it('places and addresses keep their kind and shape', () => {
    const telde = surrogate('LOCATION', 'Telde', services);
    expect(
      (allLocales.es.location!.city_name as string[]).includes(telde) ||
        (allLocales.es_MX.location!.city_name as string[]).includes(telde),
    ).toBe(true);
    expect(surrogate('LOCATION', 'BOSTON', services)).toBe(
      surrogate('LOCATION', 'Boston', services).toUpperCase(),
    );
    const one = surrogate('ADDRESS', '123 Main St, Apt 4B, Boston, MA 02118', services);
    expect(one).toMatch(/^\d{3} [^,]+, Apt \dB, [^,]+, MA \d{5}$/);
    const block = surrogate('ADDRESS', '55 Fruit Street\nSuite 200\nBoston, MA 02114', services);
    expect(block.split('\n')).toHaveLength(3);
    expect(block).toMatch(/^\d\d \S.*\nSuite \d{3}\n[^,]+, MA \d{5}$/);
    expect(surrogate('ADDRESS', 'Hauptstraße 12a', services)).toMatch(/^\S.* \d\da$/);
    expect(surrogate('ORGANIZATION', 'Massachusetts General Hospital', services)).not.toBe(
      'Massachusetts General Hospital',
    );
  });

  it('ages over 89 become 90+ and younger ages stay', () => {
    expect(surrogate('AGE', '92', services)).toBe('90+');
    expect(surrogate('AGE', '92 years old', services)).toBe('90+ years old');
    expect(surrogate('AGE', '45', services)).toBe('45');
  });
});

describe('determinism across runs', () => {
  it('gives these exact surrogates for the demo key (a change here changes every output)', () => {
    const demo = new KeyServices(DEMO_KEY);
    const table = Object.fromEntries(
      (
        [
          ['PERSON', 'Maria Gomez'],
          ['PHONE', '(617) 555-0134'],
          ['SSN', '123-45-6789'],
          ['CREDIT_CARD', '4111 1111 1111 1111'],
          ['MRN', 'MRN-00123456'],
          ['DATE', '03/14/2024'],
        ] as const
      ).map(([type, value]) => [`${type} ${value}`, surrogate(type, value, demo, { documentId: 'note-1' })]),
    );
    expect(table).toMatchInlineSnapshot(`
      {
        "CREDIT_CARD 4111 1111 1111 1111": "4950 7333 5781 2013",
        "DATE 03/14/2024": "04/07/2024",
        "MRN MRN-00123456": "FJM-92171619",
        "PERSON Maria Gomez": "Milena Sierra",
        "PHONE (617) 555-0134": "(450) 499-1334",
        "SSN 123-45-6789": "593-31-4101",
      }
    `);
  });

  it('changes nearly every surrogate under another key', () => {
    const other = new KeyServices(KEY_B);
    const values: [string, string][] = [
      ['PERSON', 'Maria Gomez'],
      ['PHONE', '(617) 555-0134'],
      ['SSN', '123-45-6789'],
      ['CREDIT_CARD', '4111 1111 1111 1111'],
      ['EMAIL', 'maria.gomez@gmail.com'],
      ['IBAN', 'GB82 WEST 1234 5698 7654 32'],
      ['MRN', 'MRN-00123456'],
      ['ZIP', '02139'],
      ['IP_ADDRESS', '8.8.4.4'],
      ['ADDRESS', '123 Main St'],
    ];
    const same = values.filter(([t, v]) => surrogate(t, v, other) === surrogate(t, v, services));
    expect(same).toEqual([]);
  });
});
