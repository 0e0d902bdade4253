import { ipv4Valid, ipv6Valid } from '../checksums.js';
import type { DetectContext, Recognizer } from '../recognizer.js';
import type { Span } from '../types.js';
import { longestRunChain, textRuns } from './pattern-scan.js';
import { keepBest, lowered, span } from './pattern-support.js';

// every quantifier is bounded and each domain label must end in a dot, so a match is found or
// abandoned after a fixed amount of work at each starting position
const EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+'-]{0,63}@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-]|\.[A-Za-z0-9])/g;

/** Email addresses: a local part, an @ and a dotted domain with an alphabetic top-level domain. */
export const emailRecognizer: Recognizer = {
  name: 'email',
  types: ['EMAIL'],
  context: ['email', 'e-mail', 'mail', 'contact'],
  detect(text) {
    const found: Span[] = [];
    let nextAt = text.indexOf('@');
    if (nextAt < 0) return found;
    // a match holds an '@' at most 64 characters after its start: begin the scan there, and stop
    // once no '@' is left to hold a match
    EMAIL.lastIndex = Math.max(0, nextAt - 64);
    for (let m = EMAIL.exec(text); m !== null; m = EMAIL.exec(text)) {
      const at = m[0].indexOf('@');
      const local = m[0].slice(0, at);
      // dots may separate atoms of the local part but not end it or come in pairs
      if (local.endsWith('.') || local.includes('..') || m[0].includes('.-') || m[0].includes('-.')) continue;
      found.push(span(m.index, m.index + m[0].length, 'EMAIL', 0.95, 'email'));
      if (nextAt < EMAIL.lastIndex) nextAt = text.indexOf('@', EMAIL.lastIndex);
      if (nextAt < 0) break;
      if (nextAt - 64 > EMAIL.lastIndex) EMAIL.lastIndex = nextAt - 64;
    }
    return found;
  },
};

const URL_CHARS = '[^\\s<>"\'`{}|\\\\^]';
const SCHEME_URL = new RegExp(`(?<![A-Za-z0-9+.-])(?:https?|ftps?|sftp|wss?)://${URL_CHARS}+`, 'gi');
const WWW_URL = new RegExp(
  `(?<![A-Za-z0-9.@/-])www\\d{0,3}\\.(?:[A-Za-z0-9-]{1,63}\\.){1,8}[A-Za-z]{2,24}(?::\\d{1,5})?(?:[/?#]${URL_CHARS}*)?`,
  'gi',
);
// bare domains only for lower-case well-known TLDs: "pain.In addition" is a missing space, not a host
const TLDS = [
  'com',
  'org',
  'net',
  'edu',
  'gov',
  'mil',
  'io',
  'info',
  'biz',
  'health',
  'uk',
  'ca',
  'au',
  'nl',
  'eu',
  'ch',
];
const BARE_DOMAIN = new RegExp(
  `(?<![A-Za-z0-9.@/:_-])(?:[A-Za-z0-9-]{1,63}\\.){1,8}(?:${TLDS.join('|')})(?::\\d{1,5})?(?:/${URL_CHARS}*)?(?![A-Za-z0-9@-])`,
  'g',
);

// the TLDS by their first letter, so that a dot costs one lookup and few comparisons
const TLDS_BY_LETTER = new Map<number, string[]>();
for (const tld of TLDS) {
  const list = TLDS_BY_LETTER.get(tld.charCodeAt(0)) ?? [];
  list.push(tld);
  TLDS_BY_LETTER.set(tld.charCodeAt(0), list);
}

/** The first "." at or after `from` followed by one of the TLDS, or -1. */
function nextTldDot(text: string, from: number): number {
  for (let d = text.indexOf('.', from); d >= 0; d = text.indexOf('.', d + 1)) {
    const tlds = TLDS_BY_LETTER.get(text.charCodeAt(d + 1));
    if (tlds === undefined) continue;
    for (const tld of tlds) if (text.startsWith(tld, d + 1)) return d;
  }
  return -1;
}

function isDomainChar(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 45 || c === 46;
}

/**
 * Where the scan for a bare domain may start: a match holds a TLD dot, and everything from its
 * start to that dot is letters, digits, dashes and dots, so no match starts before the run of such
 * characters that leads up to the first TLD dot at or after `from`. -1 when no TLD dot is left.
 */
function bareDomainFrom(text: string, from: number): number {
  const d = nextTldDot(text, from);
  if (d < 0) return -1;
  let q = d;
  while (q > from && isDomainChar(text.charCodeAt(q - 1))) q--;
  return q;
}

/** Removes what usually follows a URL in prose: closing punctuation and unbalanced brackets. */
function trimUrl(url: string): string {
  // count brackets once, so a URL ending in many ")" is still trimmed in linear time
  const surplus = { ')': 0, ']': 0 };
  for (const ch of url) {
    if (ch === '(') surplus[')']--;
    else if (ch === ')') surplus[')']++;
    else if (ch === '[') surplus[']']--;
    else if (ch === ']') surplus[']']++;
  }
  let end = url.length;
  for (;;) {
    const ch = url[end - 1];
    if (ch === undefined) break;
    if ('.,;:!?*\'"'.includes(ch)) {
      end--;
    } else if ((ch === ')' || ch === ']') && surplus[ch] > 0) {
      surplus[ch]--;
      end--;
    } else {
      break;
    }
  }
  return url.slice(0, end);
}

/** Web addresses with a scheme (https://…), starting with www., or a bare domain like example.org/path. */
export const urlRecognizer: Recognizer = {
  name: 'url',
  types: ['URL'],
  context: ['url', 'website', 'web site', 'link', 'site', 'homepage'],
  detect(text, ctx: DetectContext) {
    const found: Span[] = [];
    const add = (re: RegExp, score: (url: string) => number): void => {
      for (const m of text.matchAll(re)) {
        const url = trimUrl(m[0]);
        if (url.length < 8 && re === SCHEME_URL) continue;
        found.push(span(m.index, m.index + url.length, 'URL', score(url), 'url'));
      }
    };
    // each pattern holds a literal the text must have: "://", "www" or a TLD after a dot
    if (text.includes('://')) add(SCHEME_URL, () => 0.95);
    if (lowered(text, ctx).includes('www')) add(WWW_URL, () => 0.9);
    for (let from = bareDomainFrom(text, 0); from >= 0; ) {
      BARE_DOMAIN.lastIndex = from;
      const m = BARE_DOMAIN.exec(text);
      if (m === null) break;
      const url = trimUrl(m[0]);
      found.push(span(m.index, m.index + url.length, 'URL', url.includes('/') ? 0.75 : 0.6, 'url'));
      const end = m.index + m[0].length;
      from = bareDomainFrom(text, end);
      if (from >= 0 && from < end) from = end;
    }
    return keepBest(found);
  },
};

const IPV4 = /(?<![0-9A-Za-z.])\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?(?![0-9]|\.\d)/g;
// colon groups (an empty group is the "::"), then a last hex group or an embedded IPv4 address
const IPV6 =
  /(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{1,4})?(?:\/\d{1,3})?(?![0-9A-Za-z:]|\.\d)/g;
const VERSION_BEFORE = /(?<![a-z])(?:version|ver\.?|release|build|rev\.?|firmware|v)[ \t]*$/;

function ipv6Groups(ip: string): number {
  let groups = 0;
  for (const part of ip.split(':')) if (part !== '') groups += part.includes('.') ? 2 : 1;
  return groups;
}

/** IPv4 and IPv6 addresses (with an optional /prefix), but not version numbers such as "version 1.2.3.4". */
export const ipAddressRecognizer: Recognizer = {
  name: 'ip-address',
  types: ['IP_ADDRESS'],
  context: ['ip', 'ip address', 'address', 'host', 'server'],
  detect(text, ctx: DetectContext) {
    const lower = lowered(text, ctx);
    const found: Span[] = [];
    // an IPv4 address is four runs of digits joined by dots
    const ipv4 = longestRunChain(text, textRuns(text), '.') >= 4 ? text.matchAll(IPV4) : [];
    for (const m of ipv4) {
      const slash = m[0].indexOf('/');
      const ip = slash < 0 ? m[0] : m[0].slice(0, slash);
      if (!ipv4Valid(ip) || (slash >= 0 && Number(m[0].slice(slash + 1)) > 32)) continue;
      if (VERSION_BEFORE.test(lower.slice(Math.max(0, m.index - 12), m.index))) continue;
      found.push(span(m.index, m.index + m[0].length, 'IP_ADDRESS', 0.85, 'ip-address'));
    }
    // every IPv6 match holds two colons with at most four hex digits between them
    if (!hasHexBetween(text, ':', ':', 0, 4)) return keepBest(found);
    for (const m of text.matchAll(IPV6)) {
      const slash = m[0].indexOf('/');
      const ip = slash < 0 ? m[0] : m[0].slice(0, slash);
      if (!ipv6Valid(ip)) continue;
      const groups = ipv6Groups(ip);
      if (groups < 2) continue;
      const score = groups >= 8 ? 0.95 : groups >= 3 ? 0.85 : 0.6;
      found.push(span(m.index, m.index + m[0].length, 'IP_ADDRESS', score, 'ip-address'));
    }
    return keepBest(found);
  },
};

// six pairs with one separator used throughout, or Cisco's three dotted quads
const MAC_PAIRS =
  /(?<![0-9A-Fa-f:-])[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}(?![0-9A-Za-z]|[:-][0-9A-Fa-f])/g;
const MAC_DOTTED =
  /(?<![0-9A-Za-z.])[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![0-9A-Za-z]|\.[0-9A-Fa-f])/g;

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);
}

/**
 * Whether one of the `opens` characters is followed by `min` to `max` hex digits and then one of
 * the `closes` characters (":12:", ".1a2b."): looked for from each opening character, which
 * `indexOf` finds faster than a regex scan tries every position.
 */
function hasHexBetween(text: string, opens: string, closes: string, min: number, max: number): boolean {
  for (const open of opens) {
    for (let i = text.indexOf(open); i >= 0; i = text.indexOf(open, i + 1)) {
      let j = i + 1;
      while (j - i - 1 < max && isHex(text.charCodeAt(j))) j++;
      if (j - i - 1 >= min && closes.includes(text.charAt(j))) return true;
    }
  }
  return false;
}

/**
 * Whether a ":" or "-" is followed by five pairs of hex digits joined by the same separator, as
 * every separator-first view of a six-pair MAC address is (the first pair stands before it).
 */
function hasPairChain(text: string): boolean {
  for (const sep of ':-') {
    const code = sep.charCodeAt(0);
    for (let i = text.indexOf(sep); i >= 0; i = text.indexOf(sep, i + 1)) {
      let g = 0;
      for (let j = i; g < 5; g++, j += 3) {
        if (!isHex(text.charCodeAt(j + 1)) || !isHex(text.charCodeAt(j + 2))) break;
        if (g < 4 && text.charCodeAt(j + 3) !== code) break;
      }
      if (g === 5) return true;
    }
  }
  return false;
}

/** MAC addresses: 00:1A:2B:3C:4D:5E, 00-1a-2b-3c-4d-5e and 001a.2b3c.4d5e. */
export const macAddressRecognizer: Recognizer = {
  name: 'mac-address',
  types: ['MAC_ADDRESS'],
  context: ['mac', 'mac address', 'hardware address', 'ethernet', 'wifi'],
  detect(text) {
    const found: Span[] = [];
    // a pair match holds a separator, two hex digits and a separator; a dotted one ".hhhh."
    const pairs = hasPairChain(text) ? text.matchAll(MAC_PAIRS) : [];
    for (const m of pairs) {
      found.push(span(m.index, m.index + m[0].length, 'MAC_ADDRESS', 0.9, 'mac-address'));
    }
    const dotted = hasHexBetween(text, '.', '.', 4, 4) ? text.matchAll(MAC_DOTTED) : [];
    for (const m of dotted) {
      // twelve digits in dotted quads are as likely a reference number as a MAC
      const score = /[A-Fa-f]/.test(m[0]) ? 0.85 : 0.4;
      found.push(span(m.index, m.index + m[0].length, 'MAC_ADDRESS', score, 'mac-address'));
    }
    return keepBest(found);
  },
};
