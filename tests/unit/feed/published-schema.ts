/** The published JSON Schema (assets/feed.schema.json), compiled once for the tests that check a feed against it. */
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const SCHEMA_FILE = resolve(import.meta.dirname, '..', '..', '..', 'assets', 'feed.schema.json');

const validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));

/** Ajv's complaints about `feed` ([] when the schema accepts it), short enough for a failure message. */
export function schemaErrors(feed: unknown): string[] {
  if (validate(feed)) return [];
  return (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
