/**
 * Check-digit and structure validators for the identifiers the pattern recognizers find. Each is
 * pure, allocation-light and safe to call on any string: malformed input returns false, never throws.
 */

const DIGITS = /^\d+$/;

/**
 * True when a string of digits passes the Luhn (mod 10) check used by payment cards, IMEIs and NPIs.
 * The last digit is the check digit. Anything other than two or more ASCII digits is rejected.
 *
 * @example
 * luhn('4111111111111111'); // true
 * luhn('4111111111111112'); // false
 */
export function luhn(digits: string): boolean {
  if (digits.length < 2 || !DIGITS.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

// ISO 13616 registry lengths for the countries whose IBANs turn up most often.
const IBAN_LENGTHS: ReadonlyMap<string, number> = new Map(
  (
    'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 CH21 CR22 CY28 CZ24 DE22 DK18 DO28 EE20 EG29 ' +
    'ES24 FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 ' +
    'KZ20 LB28 LI21 LT20 LU20 LV21 MC27 MD24 ME22 MK19 MR27 MT31 MU30 NL18 NO15 PK24 PL28 PS29 PT25 ' +
    'QA29 RO24 RS22 SA24 SE24 SI19 SK24 SM27 TN24 TR26 UA29 VG24 XK20'
  )
    .split(' ')
    .map((entry): [string, number] => [entry.slice(0, 2), Number(entry.slice(2))]),
);

/**
 * The IBAN length ISO 13616 fixes for a country code, or undefined when the country is not in the
 * table (ibanValid then only checks the general 15–34 range and the checksum).
 *
 * @example
 * ibanCountryLength('GB'); // 22
 */
export function ibanCountryLength(country: string): number | undefined {
  return IBAN_LENGTHS.get(country.toUpperCase());
}

/**
 * True when a string is a well-formed IBAN: country code, two check digits and an alphanumeric
 * account part, of the registered length for that country, whose ISO 7064 mod-97 remainder is 1.
 * Spaces are ignored and letters may be in either case.
 *
 * @example
 * ibanValid('GB82 WEST 1234 5698 7654 32'); // true
 * ibanValid('GB82WEST12345698765431'); // false
 */
export function ibanValid(iban: string): boolean {
  const s = iban.replace(/ /g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) return false;
  const expected = IBAN_LENGTHS.get(s.slice(0, 2));
  if (expected !== undefined ? s.length !== expected : s.length < 15 || s.length > 34) return false;
  const check = Number(s.slice(2, 4));
  if (check < 2 || check > 98) return false;
  // the rearranged number has up to 70 digits, so fold it into the remainder a character at a time
  const moved = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < moved.length; i++) {
    const c = moved.charCodeAt(i);
    rem = c <= 57 ? (rem * 10 + (c - 48)) % 97 : (rem * 100 + (c - 55)) % 97;
  }
  return rem === 1;
}

// numbers the SSA never issued but that circulate widely (wallet inserts, advertising, identity-theft ads)
const INVALID_SSNS = new Set(['078051120', '219099999', '457555462']);

/**
 * True when a string follows the Social Security Administration's numbering rules: area not 000,
 * 666 or 900–999, group not 00, serial not 0000, and not one of the well-known never-issued numbers
 * (078-05-1120, 219-09-9999, 457-55-5462) or a single repeated digit. Accepts 123-45-6789,
 * 123 45 6789 and 123456789.
 *
 * @example
 * ssnValid('123-45-6789'); // true
 * ssnValid('666-12-3456'); // false
 */
export function ssnValid(ssn: string): boolean {
  const m = /^(\d{3})([- ]?)(\d{2})\2(\d{4})$/.exec(ssn);
  if (m === null) return false;
  const area = m[1]!;
  const group = m[3]!;
  const serial = m[4]!;
  if (area === '000' || area === '666' || area[0] === '9') return false;
  if (group === '00' || serial === '0000') return false;
  const digits = area + group + serial;
  if (INVALID_SSNS.has(digits)) return false;
  return !/^(\d)\1{8}$/.test(digits);
}

/**
 * True when a string is a valid US National Provider Identifier: ten digits starting with 1 or 2
 * whose last digit is the Luhn check digit of the number prefixed with the card issuer code 80840.
 *
 * @example
 * npiValid('1234567893'); // true
 */
export function npiValid(npi: string): boolean {
  if (npi.length !== 10 || !DIGITS.test(npi)) return false;
  if (npi[0] !== '1' && npi[0] !== '2') return false;
  return luhn(`80840${npi}`);
}

/**
 * True when a string is a valid ABA routing transit number: nine digits, a first pair in the
 * Federal Reserve ranges (00–12, 21–32, 61–72, 80) and 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9)
 * divisible by 10. All zeros is rejected.
 *
 * @example
 * abaValid('011000015'); // true
 */
export function abaValid(routing: string): boolean {
  if (routing.length !== 9 || !DIGITS.test(routing) || routing === '000000000') return false;
  const prefix = Number(routing.slice(0, 2));
  const inRange =
    prefix <= 12 || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80;
  if (!inRange) return false;
  const weights = [3, 7, 1];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (routing.charCodeAt(i) - 48) * weights[i % 3]!;
  return sum % 10 === 0;
}

const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
// ISO 3779 transliteration of letters A–Z (I, O and Q never occur) to the digits the checksum uses.
const VIN_LETTER_VALUES = [1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 2, 3, 4, 5, 0, 7, 0, 9, 2, 3, 4, 5, 6, 7, 8, 9];

/**
 * True when a string is a 17-character vehicle identification number whose ninth character is the
 * North American check digit (0–9 or X) of the other sixteen. Letters I, O and Q are rejected;
 * case is ignored.
 *
 * @example
 * vinValid('1M8GDM9AXKP042788'); // true
 */
export function vinValid(vin: string): boolean {
  const s = vin.toUpperCase();
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = s.charCodeAt(i);
    const value = c <= 57 ? c - 48 : VIN_LETTER_VALUES[c - 65]!;
    sum += value * VIN_WEIGHTS[i]!;
  }
  const check = sum % 11;
  return s[8] === (check === 10 ? 'X' : String(check));
}

/**
 * True when a string is a DEA registration number: two letters then seven digits whose last digit
 * is (d1+d3+d5 + 2·(d2+d4+d6)) mod 10. The second letter may be 9 (business registrants).
 *
 * @example
 * deaValid('AB1234563'); // true
 */
export function deaValid(dea: string): boolean {
  const m = /^[A-Za-z][A-Za-z9](\d{7})$/.exec(dea);
  if (m === null) return false;
  const d = m[1]!;
  const at = (i: number): number => d.charCodeAt(i) - 48;
  const sum = at(0) + at(2) + at(4) + 2 * (at(1) + at(3) + at(5));
  return sum % 10 === at(6);
}

/**
 * True when a string is a dotted-quad IPv4 address: four decimal octets 0–255 without leading zeros.
 *
 * @example
 * ipv4Valid('192.168.0.1'); // true
 * ipv4Valid('192.168.0.256'); // false
 */
export function ipv4Valid(ip: string): boolean {
  const parts = ip.split('.');
  if (parts.length !== 4) return false;
  for (const p of parts) {
    if (p.length === 0 || p.length > 3 || !DIGITS.test(p)) return false;
    if (p.length > 1 && p[0] === '0') return false;
    if (Number(p) > 255) return false;
  }
  return true;
}

const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

/**
 * True when a string is an IPv6 address in full (eight groups), compressed (one `::`) or mixed form
 * (an IPv4 address in the last 32 bits). Zone suffixes (`%eth0`) and brackets are not part of it.
 *
 * @example
 * ipv6Valid('2001:db8::8a2e:370:7334'); // true
 * ipv6Valid('::ffff:192.0.2.128'); // true
 */
export function ipv6Valid(ip: string): boolean {
  if (ip.length < 2 || ip.length > 45) return false;
  const halves = ip.split('::');
  if (halves.length > 2) return false;
  let groups = 0;
  for (let h = 0; h < halves.length; h++) {
    const half = halves[h]!;
    if (half === '') continue;
    const parts = half.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      const lastOfAddress = h === halves.length - 1 && i === parts.length - 1;
      if (lastOfAddress && p.includes('.')) {
        if (!ipv4Valid(p)) return false;
        groups += 2;
      } else if (HEX_GROUP.test(p)) {
        groups += 1;
      } else {
        return false;
      }
    }
  }
  return halves.length === 2 ? groups <= 7 : groups === 8;
}
