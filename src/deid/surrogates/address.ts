import type { Rng } from '../../random/index.js';
import { isSpace } from '../chars.js';
import { fold } from '../lexicon.js';
import type { OperatorServices } from '../operator.js';
import { fakerWith } from './faker-source.js';
import { isRegion, locationSurrogate } from './location.js';
import { zipSurrogate } from './postal.js';
import { reshapeDigits } from './shape.js';

const UNIT_WORDS = 'apt|apartment|suite|ste|unit|rm|room|fl|floor|bldg|building|lot|flat|dept';
const UNIT = new RegExp(`^(?:(?:${UNIT_WORDS})\\b\\.?|#)`, 'i');
const TRAILING_UNIT = new RegExp(`(?:\\s+(?:${UNIT_WORDS})\\.?\\s*#?\\s*|\\s*#\\s*)[\\w-]+$`, 'i');
const NUMBER_FIRST = /^(\d+[A-Za-z]?(?:-\d+)?)(\s+)(\S.*)$/;
const NUMBER_LAST = /^(.*\S)(\s+)(\d+[A-Za-z]?)$/;
const STATE_ZIP = /^([A-Z]{2})(\s+)(\d{5}(?:-\d{4})?)$/;
const ZIP_ONLY = /^\d{5}(?:-\d{4})?$/;
// "10115 Berlin", "75008 Paris": a postcode before the town
const CODE_TOWN = /^(\d{4,5})(\s+)(\p{L}.*)$/u;
const PO_BOX = /^p\.?\s*o\.?\s*box\b/i;

/** The faker locale whose street names look like this one ("Hauptstraße" → de, "Rue …" → fr). */
function streetLocale(street: string): string {
  const s = street.toLowerCase();
  if (/(?:stra(?:ß|ss)e|str\.|weg|gasse|platz|allee|damm)\b/.test(s)) return 'de';
  if (/(?:straat|laan|gracht|plein|kade|singel)\b/.test(s)) return 'nl';
  if (/^(?:rue|boulevard|bd|chemin|impasse|allée|quai)\b/.test(s)) return 'fr';
  if (/^(?:calle|avenida|paseo|plaza|camino|carrera)\b/.test(s)) return 'es';
  if (/^(?:via|viale|piazza|corso|vicolo)\b/.test(s)) return 'it';
  if (/^(?:rua|travessa|largo)\b/.test(s)) return 'pt_PT';
  return 'en';
}

/** A building number with as many digits as the original and its letter suffix ("12a"). */
function buildingNumber(original: string, rng: Rng): string {
  return original.replace(/\d+/g, (run, at: number) =>
    at === 0 ? String(rng.int(10 ** (run.length - 1), 10 ** run.length - 1)) : reshapeDigits(run, rng),
  );
}

function streetPart(part: string, rng: Rng): string {
  if (PO_BOX.test(part)) return reshapeDigits(part, rng);
  const unit = TRAILING_UNIT.exec(part);
  const body = unit === null ? part : part.slice(0, unit.index);
  const tail = unit === null ? '' : reshapeDigits(unit[0], rng);
  const first = NUMBER_FIRST.exec(body);
  const last = first === null ? NUMBER_LAST.exec(body) : null;
  const name = first?.[3] ?? last?.[1] ?? body;
  let street = fakerWith(streetLocale(name), rng).location.street();
  if (name === name.toUpperCase() && name !== name.toLowerCase()) street = street.toUpperCase();
  if (first !== null) return buildingNumber(first[1]!, rng) + first[2] + street + tail;
  if (last !== null) return street + last[2] + buildingNumber(last[3]!, rng) + tail;
  return street + tail;
}

/** A part of an address after the street: a unit, a town, a state and ZIP, a postcode, a country. */
function otherPart(part: string, rng: Rng, services: OperatorServices): string {
  if (part === '') return part;
  if (UNIT.test(part)) return reshapeDigits(part, rng);
  const stateZip = STATE_ZIP.exec(part);
  if (stateZip !== null) return stateZip[1]! + stateZip[2]! + zipSurrogate(stateZip[3]!, services);
  if (ZIP_ONLY.test(part)) return zipSurrogate(part, services);
  const codeTown = CODE_TOWN.exec(part);
  if (codeTown !== null)
    return reshapeDigits(codeTown[1]!, rng) + codeTown[2]! + locationSurrogate(codeTown[3]!, services);
  if (isRegion(part)) return part;
  if (/\d/.test(part)) return streetPart(part, rng);
  return locationSurrogate(part, services);
}

/** `text.split(/(\s*,\s*)/)` without the regex: parts, each followed by its separator. */
function splitAtCommas(text: string): string[] {
  const parts: string[] = [];
  let last = 0;
  for (let comma = text.indexOf(','); comma >= 0; comma = text.indexOf(',', last)) {
    // the leftmost match starts where the spaces before the comma do
    let start = comma;
    while (start > last && isSpace(text.charCodeAt(start - 1))) start--;
    let end = comma + 1;
    while (end < text.length && isSpace(text.charCodeAt(end))) end++;
    parts.push(text.slice(last, start), text.slice(start, end));
    last = end;
  }
  parts.push(text.slice(last));
  return parts;
}

/** One line: its first comma-separated part is a street when it is the first line or looks like one. */
function addressLine(line: string, isFirst: boolean, rng: Rng, services: OperatorServices): string {
  // trim's whitespace is exactly the regex's \s
  const lead = line.slice(0, line.length - line.trimStart().length);
  const trail = line.slice(lead.length + line.slice(lead.length).trimEnd().length);
  const parts = splitAtCommas(line.slice(lead.length, line.length - trail.length));
  const out = parts.map((p, i) => {
    if (i % 2 === 1) return p;
    if (i === 0 && isFirst) return streetPart(p, rng);
    return otherPart(p, rng, services);
  });
  return lead + out.join('') + trail;
}

/**
 * A street address in the original's shape: building number first or last as written, a trailing
 * unit kept with new digits, each further line or comma part (town, state and ZIP, postcode and
 * town) replaced in kind; states and countries stay, as HIPAA allows; a multi-line block keeps
 * its line count.
 */
export function addressSurrogate(original: string, services: OperatorServices): string {
  const rng = services.rngFor('surrogate/ADDRESS', fold(original));
  const pieces = original.includes('\n') ? original.split(/(\r?\n)/) : [original];
  let seenLine = false;
  return pieces
    .map((piece, i) => {
      if (i % 2 === 1 || piece.trim() === '') return piece;
      const line = addressLine(piece, !seenLine, rng, services);
      seenLine = true;
      return line;
    })
    .join('');
}
