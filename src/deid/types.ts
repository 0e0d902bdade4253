/**
 * The entity types trainkit detects. HIPAA Safe Harbor identifiers first, then financial and
 * technical secrets. A recognizer may emit any string type; these are the ones policies know.
 */
export const entityTypes = [
  'PERSON',
  'LOCATION',
  'ADDRESS',
  'ZIP',
  'ORGANIZATION',
  'DATE',
  'AGE',
  'PHONE',
  'FAX',
  'EMAIL',
  'URL',
  'IP_ADDRESS',
  'SSN',
  'MRN',
  'HEALTH_PLAN',
  'ACCOUNT',
  'LICENSE',
  'VEHICLE',
  'DEVICE',
  'NPI',
  'CREDIT_CARD',
  'IBAN',
  'ROUTING',
  'PASSPORT',
  'DRIVER_LICENSE',
  'USERNAME',
  'PASSWORD',
  'API_KEY',
  'MAC_ADDRESS',
  'ID',
] as const;

export type EntityType = (typeof entityTypes)[number];

/** A detected entity: offsets in UTF-16 code units (as JavaScript strings count), end exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
  readonly type: string;
  /** Confidence in [0, 1]. */
  readonly score: number;
  /** Name of the recognizer that found it. */
  readonly recognizer: string;
}
