/**
 * assets/feed.schema.json, made from the feed format's one definition (utils/feed/schema.ts):
 * `npm run schema` writes it, tests/unit/feed/json-schema.test.ts checks that the committed file is
 * what this makes.
 */
import { toJsonSchema, type ConversionConfig, type JsonSchema } from '@valibot/to-json-schema';
import { resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import type { JsonKeywords } from '../../utils/feed/lenient';
import {
  AliasRuleSchema,
  AliasSchema,
  AppEntrySchema,
  ClaimEntrySchema,
  ClaimMatchRuleSchema,
  EntrySchema,
  FeedSchema,
  IdSchema,
  RestrictionSchema,
  RestrictionStatusSchema,
  SourceLinkSchema,
  TermListSchema,
  TermSchema,
  VerdictSchema,
} from '../../utils/feed/schema';

export const SCHEMA_PATH = 'assets/feed.schema.json';

/** Named parts, referred to by `#/definitions/<name>` wherever they are used. */
const DEFINITIONS = {
  entry: EntrySchema,
  claimEntry: ClaimEntrySchema,
  appEntry: AppEntrySchema,
  id: IdSchema,
  verdict: VerdictSchema,
  restrictionStatus: RestrictionStatusSchema,
  sourceLink: SourceLinkSchema,
  claimMatchRule: ClaimMatchRuleSchema,
  term: TermSchema,
  termList: TermListSchema,
  alias: AliasSchema,
  aliasRule: AliasRuleSchema,
  restriction: RestrictionSchema,
};

const CONFIG: ConversionConfig = {
  target: 'draft-07',
  definitions: DEFINITIONS,
  // The JSON Schema describes the feed as it should be written, which is what the reader keeps:
  // a pipe converts from its last schema, and the clean-up steps have no JSON Schema form.
  typeMode: 'output',
  ignoreActions: ['transform'],
  overrideRef: ({ referenceId }) => `#/definitions/${referenceId}`,
  overrideSchema({ valibotSchema, jsonSchema }) {
    const extra = (valibotSchema as { json?: JsonKeywords }).json;
    const out: JsonSchema = extra ? { ...jsonSchema, ...extra } : jsonSchema;
    // The reader ignores unknown keys; the published schema refuses them, so that typos show.
    if (out.type === 'object') out.additionalProperties = false;
    return out;
  },
};

/** The JSON Schema, in the key order of a hand-written one. */
export function feedJsonSchema(): JsonSchema {
  const { $schema, $defs, title, description, ...rest } = toJsonSchema(FeedSchema, CONFIG);
  return { $schema, title, description, ...rest, definitions: $defs };
}

/** The file's text, formatted as Prettier formats the repository's JSON. */
export async function feedJsonSchemaText(): Promise<string> {
  const filepath = resolve(import.meta.dirname, '..', '..', SCHEMA_PATH);
  return format(JSON.stringify(feedJsonSchema(), null, 2), { ...(await resolveConfig(filepath)), filepath });
}
