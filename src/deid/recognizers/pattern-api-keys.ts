import type { Recognizer } from '../recognizer.js';
import type { Span } from '../types.js';
import { type LabelHit, labelledRecognizer, matchAt } from './pattern-labelled.js';
import { textRuns } from './pattern-scan.js';
import {
  countDigits,
  countLetters,
  LABEL_BOOST,
  labelRegex,
  shannonEntropy,
  span,
} from './pattern-support.js';

// Credentials whose issuers give them a fixed prefix. Each alternative starts with a literal and
// every quantifier is bounded, so the scan stays linear.
const PREFIXED = new RegExp(
  `(?<![A-Za-z0-9_-])(?:${[
    '(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{16,128}', // Stripe
    '(?:AKIA|ASIA)[A-Z0-9]{16}', // AWS access key id
    'gh[pousr]_[A-Za-z0-9]{36,255}', // GitHub tokens
    'github_pat_[A-Za-z0-9_]{22,255}', // GitHub fine-grained tokens
    'xox[abposr]-[A-Za-z0-9-]{10,250}', // Slack
    'AIza[0-9A-Za-z_-]{35}', // Google API key
    'glpat-[A-Za-z0-9_-]{20,64}', // GitLab
    'npm_[A-Za-z0-9]{36}', // npm
    'SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}', // SendGrid
    'sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,200}', // OpenAI and Anthropic style secret keys
  ].join('|')})(?![A-Za-z0-9_-])`,
  'g',
);
// a JSON Web Token: base64url header and payload that both open a JSON object, then a signature
const JWT =
  /(?<![A-Za-z0-9_.-])eyJ[A-Za-z0-9_-]{8,4096}\.eyJ[A-Za-z0-9_-]{4,8192}\.[A-Za-z0-9_-]{0,4096}(?![A-Za-z0-9_.-])/g;
const PEM_BEGIN = /-----BEGIN (?:[A-Z]+ ){0,2}PRIVATE KEY-----/g;
const PEM_END = /-----END (?:[A-Z]+ ){0,2}PRIVATE KEY-----/y;

function prefixedKeys(text: string): Span[] {
  const found: Span[] = [];
  // a prefixed key is a run of at least fifteen key characters (xoxb- and ten more); a JWT opens
  // with "eyJ" and a private key block with its BEGIN line
  if (textRuns(text).maxToken < 15 && !text.includes('eyJ') && !text.includes('-----BEGIN ')) return found;
  for (const m of text.matchAll(PREFIXED)) {
    // "sk-" also starts hyphenated words; a real key has digits in its random part
    if (m[0].startsWith('sk-') && !/\d/.test(m[0])) continue;
    found.push(span(m.index, m.index + m[0].length, 'API_KEY', 0.95, 'api-key'));
  }
  for (const m of text.matchAll(JWT)) {
    found.push(span(m.index, m.index + m[0].length, 'API_KEY', 0.9, 'api-key'));
  }
  // a private key block runs to the first END line after it (found once and reused, so a text of
  // many BEGIN lines is still read once), and no further than 16 kB
  let nextEnd = -1;
  for (const m of text.matchAll(PEM_BEGIN)) {
    if (nextEnd < m.index) nextEnd = text.indexOf('-----END ', m.index);
    if (nextEnd < 0) break;
    if (nextEnd - m.index > 16_384) continue;
    const end = matchAt(PEM_END, text, nextEnd);
    if (end !== undefined) found.push(span(m.index, nextEnd + end.length, 'API_KEY', 0.99, 'api-key'));
  }
  return found;
}

const TOKEN = /[A-Za-z0-9_\-+/=.~]{20,512}(?![A-Za-z0-9_\-+/=~])/y;

/**
 * A high-entropy token after a key-ish label: at least 20 characters mixing letters and digits,
 * about as varied as random text (3.5 bits per character), so words and slugs are left alone.
 */
function readToken(text: string, hit: LabelHit): { end: number; score: number } | undefined {
  const value = matchAt(TOKEN, text, hit.at)?.replace(/\.+$/, '');
  if (value === undefined || value.length < 20) return undefined;
  if (countDigits(value) === 0 || countLetters(value) === 0) return undefined;
  if (shannonEntropy(value) < 3.5) return undefined;
  return { end: hit.at + value.length, score: 0.4 + LABEL_BOOST };
}

/**
 * API keys, tokens and private keys: well-known prefixes (sk_live_, AKIA, ghp_, xoxb-, AIza, JWTs,
 * PEM blocks) score high anywhere; other high-entropy tokens only after "key", "token", "secret"…
 */
export const apiKeyRecognizer: Recognizer = labelledRecognizer({
  name: 'api-key',
  type: 'API_KEY',
  labels: labelRegex([
    'api key',
    'apikey',
    'api secret',
    'api token',
    'api',
    'key',
    'access key',
    'access key id',
    'secret access key',
    'secret key',
    'secret',
    'client secret',
    'app secret',
    'signing key',
    'webhook secret',
    'token',
    'access token',
    'auth token',
    'refresh token',
    'bearer',
    'authorization',
    'x-api-key',
  ]),
  bare: prefixedKeys,
  context: ['key', 'token', 'secret', 'api', 'api key', 'bearer', 'authorization', 'credential'],
  read: readToken,
});
