import { abaValid, ibanCountryLength, ibanValid, luhn, npiValid, ssnValid } from '../checksums.js';
import type { Recognizer } from '../recognizer.js';
import type { Span } from '../types.js';
import { hasRunChain, hasRunOf, longestJoinedDigits, textRuns } from './pattern-scan.js';
import { keepBest, span } from './pattern-support.js';

const SSN_SEPARATED = /(?<![\w-])\d{3}([- ])\d{2}\1\d{4}(?![\w]|-\d)/g;
// a bare run of exactly nine or ten digits, not part of a longer number, decimal or dashed code
const NINE_DIGITS = /(?<![\w.,$-])\d{9}(?![\w]|[-.,]\d)/g;
const TEN_DIGITS = /(?<![\w.,$-])\d{10}(?![\w]|[-.,]\d)/g;

/** Runs a global regex and keeps the matches `ok` accepts as spans of one type and score. */
function spansOf(
  text: string,
  re: RegExp,
  ok: (m: string) => boolean,
  type: string,
  score: (m: string) => number,
  recognizer: string,
): Span[] {
  const found: Span[] = [];
  for (const m of text.matchAll(re)) {
    if (ok(m[0])) found.push(span(m.index, m.index + m[0].length, type, score(m[0]), recognizer));
  }
  return found;
}

/**
 * US Social Security numbers that follow the SSA's rules: 123-45-6789 scores high; the same digits
 * spaced or run together are ambiguous and need "SSN" or "social security" nearby.
 */
export const ssnRecognizer: Recognizer = {
  name: 'ssn',
  types: ['SSN'],
  context: ['ssn', 'social security', 'social security number', 'ss#', 'ss no', 'soc sec'],
  detect(text) {
    // every match is nine digits in a row or grouped 3-2-4
    const runs = textRuns(text);
    if (
      !hasRunOf(runs, 9) &&
      !hasRunChain(
        text,
        runs,
        [
          [3, 3],
          [2, 2],
          [4, 4],
        ],
        '- ',
      )
    )
      return [];
    return keepBest([
      ...spansOf(text, SSN_SEPARATED, ssnValid, 'SSN', (m) => (m.includes('-') ? 0.85 : 0.45), 'ssn'),
      ...spansOf(text, NINE_DIGITS, ssnValid, 'SSN', () => 0.4, 'ssn'),
    ]);
  },
};

// 13 to 19 digits, optionally in groups separated by spaces or dashes
const CARD_CANDIDATE = /(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w])/g;

/** True when the digits start with an issuer prefix of a card network that issues that length. */
function knownCardPrefix(d: string): boolean {
  const n = d.length;
  const p2 = Number(d.slice(0, 2));
  const p3 = Number(d.slice(0, 3));
  const p4 = Number(d.slice(0, 4));
  const p6 = Number(d.slice(0, 6));
  if (d[0] === '4') return n === 13 || n === 16 || n === 19; // Visa
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n === 16; // Mastercard
  if (p2 === 34 || p2 === 37) return n === 15; // American Express
  if (p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) {
    return n >= 16; // Discover
  }
  if ((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) return n >= 14; // Diners Club
  if (p4 >= 3528 && p4 <= 3589) return n >= 16; // JCB
  if (p2 === 62) return n >= 16; // UnionPay
  return p2 === 50 || (p2 >= 56 && p2 <= 69); // Maestro
}

/** Group lengths people write cards in: fours (the last may be shorter), Amex 4-6-5, Diners 4-6-4. */
function cardGrouping(groups: readonly string[]): boolean {
  if (groups.length === 1) return true;
  const lengths = groups.map((g) => g.length).join('-');
  if (lengths === '4-6-5' || lengths === '4-6-4') return true;
  return groups.every((g, i) => (i < groups.length - 1 ? g.length === 4 : g.length >= 1 && g.length <= 4));
}

/**
 * Finds the longest leading run of groups that is a Luhn-valid card number: "4111 1111 1111 1111 12"
 * (a number followed by something else) still yields the card.
 */
function readCard(candidate: string): { length: number; digits: string; separated: boolean } | undefined {
  const seps = candidate.match(/[ -]/g) ?? [];
  if (seps.some((s) => s !== seps[0])) return undefined;
  const groups = seps.length === 0 ? [candidate] : candidate.split(seps[0]!);
  for (let k = groups.length; k >= 1; k--) {
    const head = groups.slice(0, k);
    const digits = head.join('');
    if (digits.length < 13) break;
    if (digits.length <= 19 && cardGrouping(head) && luhn(digits)) {
      return { length: digits.length + k - 1, digits, separated: k > 1 };
    }
  }
  return undefined;
}

/** Payment card numbers of 13–19 digits with a valid Luhn check digit and consistent grouping. */
export const creditCardRecognizer: Recognizer = {
  name: 'credit-card',
  types: ['CREDIT_CARD'],
  context: ['card', 'credit card', 'cc', 'visa', 'mastercard', 'amex', 'discover', 'debit', 'card number'],
  detect(text) {
    const found: Span[] = [];
    if (longestJoinedDigits(text, textRuns(text), ' -') < 13) return found;
    for (const m of text.matchAll(CARD_CANDIDATE)) {
      const card = readCard(m[0]);
      if (card === undefined) continue;
      // Luhn alone passes one random number in ten; a known issuer prefix makes it a card
      const score = knownCardPrefix(card.digits) ? (card.separated ? 0.95 : 0.9) : 0.45;
      found.push(span(m.index, m.index + card.length, 'CREDIT_CARD', score, 'credit-card'));
    }
    return found;
  },
};

const IBAN_COMPACT = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}[A-Z0-9]{11,30}(?![A-Za-z0-9])/gi;
const IBAN_GROUPED = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: [A-Z0-9]{1,4}){2,8}(?![A-Za-z0-9])/gi;

/** International bank account numbers, compact or in groups of four, with a valid mod-97 checksum. */
export const ibanRecognizer: Recognizer = {
  name: 'iban',
  types: ['IBAN'],
  context: ['iban', 'bank account', 'account', 'bic', 'swift'],
  detect(text) {
    const found: Span[] = [];
    // both shapes open a run of letters and digits with two letters and two digits
    if (!textRuns(text).ibanHead) return found;
    const add = (start: number, iban: string): void => {
      // a country outside the length table is only checked by its checksum
      const known = ibanCountryLength(iban.slice(0, 2)) !== undefined;
      found.push(span(start, start + iban.length, 'IBAN', known ? 0.95 : 0.6, 'iban'));
    };
    for (const m of text.matchAll(IBAN_COMPACT)) if (ibanValid(m[0])) add(m.index, m[0]);
    for (const m of text.matchAll(IBAN_GROUPED)) {
      // the groups may run into words that follow: try the longest prefix of groups that is valid
      const groups = m[0].split(' ');
      for (let k = groups.length; k >= 3; k--) {
        const iban = groups.slice(0, k).join(' ');
        if (ibanValid(iban)) {
          add(m.index, iban);
          break;
        }
      }
    }
    return keepBest(found);
  },
};

/** ABA routing transit numbers: nine digits with a valid prefix and checksum, ambiguous without context. */
export const routingRecognizer: Recognizer = {
  name: 'routing',
  types: ['ROUTING'],
  context: ['routing', 'aba', 'rtn', 'routing number', 'transit', 'bank routing', 'wire'],
  detect: (text) =>
    hasRunOf(textRuns(text), 9) ? spansOf(text, NINE_DIGITS, abaValid, 'ROUTING', () => 0.4, 'routing') : [],
};

/** National Provider Identifiers: ten digits with the 80840-prefixed Luhn check, ambiguous without context. */
export const npiRecognizer: Recognizer = {
  name: 'npi',
  types: ['NPI'],
  context: ['npi', 'national provider', 'provider id', 'prescriber', 'provider number'],
  detect: (text) =>
    hasRunOf(textRuns(text), 10) ? spansOf(text, TEN_DIGITS, npiValid, 'NPI', () => 0.4, 'npi') : [],
};
