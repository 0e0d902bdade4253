import { z } from 'zod';
import { specSchema } from './schema.js';

/**
 * The JSON Schema of the spec language, for editor autocompletion (`# yaml-language-server:
 * $schema=...`).
 *
 * @example
 * writeFileSync('trainkit.schema.json', JSON.stringify(specJsonSchema(), null, 2));
 */
export function specJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(specSchema, { target: 'draft-2020-12', io: 'input' }),
    $id: 'https://trainkit.dev/schema/spec-v1.json',
    title: 'trainkit dataset spec',
  };
}
