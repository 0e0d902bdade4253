import type { Recognizer } from '../recognizer.js';
import type { Span } from '../types.js';
import { type LabelHit, labelledRecognizer, matchAt } from './pattern-labelled.js';
import { labelRegex, looksLikeDateOrTime, span } from './pattern-support.js';

// words that follow "user:" or "password is" in prose and instructions, never a credential
const NOT_A_VALUE = new Set(
  (
    'a an and are as be by can cannot changed correct did do does empty expired field for has have hello hey ' +
    'hi hidden i in incorrect invalid is it missing must n/a na name needed no none not null of ok okay on or ' +
    'please protected redacted required reset set should still thanks thank the this to too unknown was ' +
    'weak will wrong yes you your'
  ).split(' '),
);

const STRONG_USER_LABELS = new Set(['username', 'user name', 'user id', 'userid', 'login id', 'login name']);
const USER_VALUE = /[A-Za-z0-9_\\][A-Za-z0-9_.\\@+-]{0,63}(?![A-Za-z0-9_])/y;
const EMAIL_LIKE = /@[A-Za-z0-9-]+\./;
// @handle not preceded by anything that would make it part of an email, a URL path or a longer word
const HANDLE = /(?<![A-Za-z0-9._%+\-@/:])@[A-Za-z_][A-Za-z0-9_]{1,29}(?![A-Za-z0-9_@]|\.[A-Za-z0-9])/g;
// documentation tags, CSS at-rules and the clinical "@" for "at" ("650 mg @HS", "lives @home")
const NOT_A_HANDLE = new Set(
  (
    'param returns return example override deprecated see throws type typedef property since media import ' +
    'keyframes charset supports hs qhs bedtime night noon midnight home work school rest baseline am pm ' +
    'times once all'
  ).split(' '),
);

function readUser(text: string, hit: LabelHit): { end: number; score: number } | undefined {
  const strong =
    STRONG_USER_LABELS.has(hit.label.replace(/[ \t_-]+/g, ' ')) || /(?:in as|screen)/.test(hit.label);
  if (!strong && !hit.separated) return undefined;
  let value = matchAt(USER_VALUE, text, hit.at);
  if (value === undefined) return undefined;
  value = value.replace(/[.@-]+$/, '');
  if (value.length < 2 || NOT_A_VALUE.has(value.toLowerCase()) || EMAIL_LIKE.test(value)) return undefined;
  // "last login: 2024-03-14 10:30" is a timestamp
  if (
    /^[\d.-]+$/.test(value) &&
    (looksLikeDateOrTime(value) ||
      /^[:/]\d/.test(text.slice(hit.at + value.length, hit.at + value.length + 2)))
  ) {
    return undefined;
  }
  const handleLike = /[0-9_.\\]/.test(value);
  // after a bare "user:" (a chat transcript's speaker), a capitalised word is prose, not a login
  if (!strong && !handleLike && !/^[a-z]+$/.test(value)) return undefined;
  return { end: hit.at + value.length, score: strong || handleLike ? 0.8 : 0.6 };
}

function handles(text: string): Span[] {
  const found: Span[] = [];
  if (!text.includes('@')) return found;
  for (const m of text.matchAll(HANDLE)) {
    if (NOT_A_HANDLE.has(m[0].slice(1).toLowerCase())) continue;
    found.push(span(m.index, m.index + m[0].length, 'USERNAME', 0.6, 'username'));
  }
  return found;
}

/** User names after "username:", "user:", "login:", "user id", and @handles outside email addresses. */
export const usernameRecognizer: Recognizer = labelledRecognizer({
  name: 'username',
  type: 'USERNAME',
  labels: labelRegex([
    'username',
    'user name',
    'user id',
    'user',
    'login',
    'login id',
    'login name',
    'logon',
    'screen name',
    'handle',
    'uid',
    'logged in as',
    'signed in as',
  ]),
  bare: handles,
  context: ['username', 'user name', 'user', 'login', 'user id', 'handle', 'screen name'],
  read: readUser,
});

const WEAK_PASSWORD_LABELS = /^(?:pwd|pass|pw|p\/w|pin|pin code)$/;
// a value stops at white space, quotes and the separators of connection strings and query strings
const PASSWORD_VALUE = /[^\s"'`;&,<>]{1,128}/y;
const MASKED = /^[*•●·xX]+$|^[<[(].*[>\])]$/;

function readPassword(text: string, hit: LabelHit): { end: number; score: number } | undefined {
  const weak = WEAK_PASSWORD_LABELS.test(hit.label);
  // "password is x" and "passwd 'x'" say as much as a colon does
  const said = /(?:^|[ \t])(?:is|was)(?:[ \t]|$)|["'`]$/.test(hit.gap);
  if (!hit.separated && (weak || !said)) return undefined;
  let value: string | undefined;
  const quote = text[hit.at - 1];
  if ((quote === '"' || quote === "'" || quote === '`') && hit.gap.endsWith(quote)) {
    if (hit.gap.endsWith(quote + quote)) return undefined; // an empty quoted value
    // a quoted value may hold spaces: read to the closing quote on the same line
    const close = text.slice(hit.at, hit.at + 129).indexOf(quote);
    const candidate = close < 0 ? undefined : text.slice(hit.at, hit.at + close);
    if (candidate !== undefined && !candidate.includes('\n')) value = candidate;
  }
  value ??= matchAt(PASSWORD_VALUE, text, hit.at)?.replace(/[.:)\]]+$/, '');
  if (value === undefined || value.length === 0) return undefined;
  if (NOT_A_VALUE.has(value.toLowerCase()) || MASKED.test(value)) return undefined;
  if (/^pin/.test(hit.label) && !/^\d{4,8}$/.test(value)) return undefined;
  // "Pass: 3/5", "PW: 2.5 cm" (posterior wall) are results, not secrets
  if (/^(?:pass|pw)$/.test(hit.label) && /^[\d/.,:%-]+$/.test(value)) return undefined;
  return { end: hit.at + value.length, score: 0.85 };
}

/** The secret after "password:", "pwd=", "passwd", "pass:", "passcode", "PIN:", or "password is". */
export const passwordRecognizer: Recognizer = labelledRecognizer({
  name: 'password',
  type: 'PASSWORD',
  labels: labelRegex([
    'password',
    'passwd',
    'pwd',
    'pass',
    'pw',
    'p/w',
    'passcode',
    'passphrase',
    'pword',
    'pin',
    'pin code',
  ]),
  context: ['password', 'passwd', 'pwd', 'pass', 'passcode', 'passphrase', 'pin'],
  read: readPassword,
});
