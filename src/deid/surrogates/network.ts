import type { Rng } from '../../random/index.js';
import { fold, lexicon } from '../lexicon.js';
import type { OperatorServices } from '../operator.js';
import { fakerWith } from './faker-source.js';
import { formatPreserving } from './generic.js';
import { reshape, unlike } from './shape.js';

/** IPv4 blocks an address keeps when it is in one: private, loopback, link-local, carrier NAT. */
const KEPT_BLOCKS: readonly (readonly [number, number])[] = [
  [ip4(10, 0, 0, 0), 8],
  [ip4(172, 16, 0, 0), 12],
  [ip4(192, 168, 0, 0), 16],
  [ip4(127, 0, 0, 0), 8],
  [ip4(169, 254, 0, 0), 16],
  [ip4(100, 64, 0, 0), 10],
];
/** Special-purpose blocks a public surrogate must avoid as well. */
const RESERVED_BLOCKS: readonly (readonly [number, number])[] = [
  ...KEPT_BLOCKS,
  [ip4(0, 0, 0, 0), 8],
  [ip4(192, 0, 0, 0), 24],
  [ip4(192, 0, 2, 0), 24],
  [ip4(198, 18, 0, 0), 15],
  [ip4(198, 51, 100, 0), 24],
  [ip4(203, 0, 113, 0), 24],
  [ip4(224, 0, 0, 0), 3],
];

function ip4(a: number, b: number, c: number, d: number): number {
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

function inBlock(ip: number, [base, bits]: readonly [number, number]): boolean {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return (ip & mask) >>> 0 === base;
}

function ip4Text(ip: number): string {
  return [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join('.');
}

function ipv4Surrogate(original: string, services: OperatorServices): string {
  const octets = original.split('.').map(Number);
  if (octets.length !== 4 || octets.some((o) => !(o >= 0 && o <= 255))) {
    return formatPreserving('IP_ADDRESS', original, services);
  }
  const ip = ip4(octets[0]!, octets[1]!, octets[2]!, octets[3]!);
  const rng = services.rngFor('surrogate/IP_ADDRESS', ip4Text(ip));
  const block = KEPT_BLOCKS.find((b) => inBlock(ip, b));
  return unlike(ip4Text(ip), rng, (r) => {
    if (block !== undefined) {
      const host = (0xffffffff >>> block[1]) >>> 0;
      // not the network or broadcast address
      const offset = 1 + r.below(Math.max(1, host - 1));
      return ip4Text((block[0] + offset) >>> 0);
    }
    let made: number;
    do made = r.u32();
    while (RESERVED_BLOCKS.some((b) => inBlock(made, b)));
    return ip4Text(made);
  });
}

const HEX = '0123456789abcdef';

/** New hex digits of the same count; a written leading zero stays, so the group keeps its width. */
function hexLike(group: string, rng: Rng, upper: boolean): string {
  let out = '';
  for (let i = 0; i < group.length; i++) {
    if (i === 0 && group.length > 1) out += group[0] === '0' ? '0' : HEX[1 + rng.below(15)]!;
    else out += HEX[rng.below(16)]!;
  }
  return upper ? out.toUpperCase() : out;
}

function ipv6Surrogate(original: string, services: OperatorServices): string {
  const m = /^([0-9A-Fa-f:]*?)((?:\d{1,3}\.){3}\d{1,3})?([%/].*)?$/.exec(original);
  if (m === null) return formatPreserving('IP_ADDRESS', original, services);
  const [, hex = '', v4, suffix = ''] = m;
  const rng = services.rngFor('surrogate/IP_ADDRESS', original.toLowerCase());
  const upper = /[A-F]/.test(hex);
  const groups = hex.split(':');
  // link-local, unique-local and documentation prefixes say what kind of address it is: keep them
  const keep = /^(?:fe[89ab]|f[cd])/i.test(groups[0] ?? '') ? 1 : /^2001:0*db8(?::|$)/i.test(hex) ? 2 : 0;
  // "::ffff:" before an IPv4 address says it is IPv4-mapped: keep it
  const mapped = v4 !== undefined && /^(?:0{0,4}:)*(?:ffff:)?$/i.test(hex);
  const made = mapped
    ? hex
    : unlike(hex, rng, (r) =>
        groups.map((g, i) => (i < keep || g === '' ? g : hexLike(g, r, upper))).join(':'),
      );
  return made + (v4 === undefined ? '' : ipv4Surrogate(v4, services)) + suffix;
}

/**
 * An IP address of the same version; an IPv4 address stays in its kind of range (private,
 * loopback, link-local, carrier NAT or public), an IPv6 address keeps its group layout and a
 * link-local or unique-local prefix.
 */
export function ipSurrogate(original: string, services: OperatorServices): string {
  return original.includes(':') ? ipv6Surrogate(original, services) : ipv4Surrogate(original, services);
}

/** A MAC address with the same separators and letter case; always a unicast address. */
export function macSurrogate(original: string, services: OperatorServices): string {
  const rng = services.rngFor('surrogate/MAC_ADDRESS', original.toLowerCase().replace(/[^0-9a-f]/g, ''));
  const upper = /[A-F]/.test(original) || !/[a-f]/.test(original);
  return unlike(original, rng, (r) => {
    let n = 0;
    return original.replace(/[0-9A-Fa-f]/g, () => {
      // the low bit of the first octet marks multicast
      const digit = n === 1 ? HEX[2 * r.below(8)]! : HEX[r.below(16)]!;
      n++;
      return upper ? digit.toUpperCase() : digit;
    });
  });
}

/** The public suffix part of a host: "org", or "co.uk" / "com.au" for two-level country suffixes. */
function suffixOf(labels: readonly string[]): string {
  const last = labels[labels.length - 1]!;
  const second = labels[labels.length - 2];
  if (labels.length >= 3 && last.length === 2 && second !== undefined && second.length <= 3)
    return `${second}.${last}`;
  return last;
}

/**
 * A keyed fake host name: a made-up word from faker's surnames on the original's suffix ("org",
 * "co.uk"), with "www." kept. Subdomains go: they often name a department or a person.
 */
export function domainSurrogate(host: string, services: OperatorServices): string {
  const lower = host.toLowerCase();
  if (/^(?:\d{1,3}\.){3}\d{1,3}$/.test(lower)) return ipv4Surrogate(lower, services);
  const labels = lower.split('.');
  if (lower === 'localhost') return host;
  if (labels.length < 2) return formatPreserving('URL', host, services);
  const www = labels[0] === 'www' ? 'www.' : '';
  const rng = services.rngFor('surrogate/DOMAIN', www ? lower.slice(4) : lower);
  const word = () => fold(fakerWith('en', rng).person.lastName()).replace(/[^a-z]/g, '');
  const made = unlike(
    lower,
    rng,
    (r) => `${www}${word()}${r.chance(0.3) ? `-${word()}` : ''}.${suffixOf(labels)}`,
  );
  return host === host.toUpperCase() ? made.toUpperCase() : made;
}

const URL_PARTS = /^([a-z][a-z0-9+.-]*:\/\/)?([^\s/?#@]*@)?(\[[^\]]*\]|[^\s/?#:]+)(:\d+)?(.*)$/is;

/**
 * A URL with the same scheme, port and path shape on a keyed fake host: path words that are common
 * English ("patients", "records") and file extensions stay; ids and names are replaced character
 * for character, each keyed on its own so one id maps the same in every URL.
 */
export function urlSurrogate(original: string, services: OperatorServices): string {
  const m = URL_PARTS.exec(original);
  if (m === null) return formatPreserving('URL', original, services);
  const [, scheme = '', user = '', host = '', port = '', rest = ''] = m;
  const newHost = host.startsWith('[')
    ? `[${ipSurrogate(host.slice(1, -1), services)}]`
    : domainSurrogate(host, services);
  const newUser = user === '' ? '' : `${formatPreserving('URL', user.slice(0, -1), services)}@`;
  const { common } = lexicon();
  const newRest = rest.replace(/[A-Za-z0-9]+/g, (run, at: number) => {
    const alpha = /^[A-Za-z]+$/.test(run);
    const extension = rest[at - 1] === '.' && run.length <= 4;
    const queryKey = rest[at + run.length] === '=';
    if (alpha && (run.length <= 2 || extension || queryKey || common.has(run.toLowerCase()))) return run;
    return unlike(run, services.rngFor('surrogate/URL/part', run.toLowerCase()), (r) => reshape(run, r));
  });
  return scheme + newUser + newHost + port + newRest;
}
