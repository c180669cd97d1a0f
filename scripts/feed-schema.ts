/**
 * `npm run schema`: writes assets/feed.schema.json from the feed format's one definition
 * (utils/feed/schema.ts). tests/unit/feed/json-schema.test.ts fails while the committed file is
 * not what this writes.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { feedJsonSchemaText, SCHEMA_PATH } from './lib/feed-json-schema';

writeFileSync(resolve(import.meta.dirname, '..', SCHEMA_PATH), await feedJsonSchemaText());
console.log(`Wrote ${SCHEMA_PATH}`);
