// @vitest-environment node
/**
 * assets/feed.schema.json is generated from the format's one definition (utils/feed/schema.ts), and
 * the reader agrees with it: a list the schema accepts is read as written, and an entry the schema
 * refuses is skipped. (That whatever the reader keeps is accepted is checked in fuzz.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { feedJsonSchemaText } from '../../../scripts/lib/feed-json-schema';
import { RESTRICTION_STATUSES, VERDICTS } from '../../../utils/feed/types';
import { validateOwnFeed } from '../../../utils/feed/validate';
import { SCHEMA_FILE, schemaErrors } from './published-schema';

describe('the published JSON Schema', () => {
  it('is what `npm run schema` writes from utils/feed/schema.ts', async () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(await feedJsonSchemaText());
  });

  it('accepts the bundled default list', () => {
    const list = JSON.parse(readFileSync(resolve(SCHEMA_FILE, '..', 'default-list.json'), 'utf8'));
    expect(schemaErrors(list)).toEqual([]);
  });
});

// ---- lists as the schema asks for them: clean text, canonical links, unique ids and links ----

const word = fc.oneof(fc.stringMatching(/^[A-Za-z0-9]{1,8}$/), fc.constantFrom('小红书', 'Ünïcödé', '$1', 'invest*'));
const text = (maxWords = 6) => fc.array(word, { minLength: 1, maxLength: maxWords }).map((w) => w.join(' '));
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const terms = fc.array(text(3), { minLength: 1, maxLength: 4 });
const groups = fc.array(terms, { minLength: 1, maxLength: 3 });
const isoDate = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const sources = fc
  .uniqueArray(fc.constantFrom('https://a.example/x', 'http://b.example/', 'https://c.example/a?b=1#c'), {
    minLength: 1,
    maxLength: 3,
  })
  .chain((urls) =>
    fc.tuple(
      ...urls.map((url) =>
        fc.record({ url: fc.constant(url), title: opt(text()), publisher: opt(text()), date: opt(text(2)) }),
      ),
    ),
  );
const claim = fc.record({
  kind: fc.constant('claim' as const),
  id: fc.stringMatching(/^[a-z0-9-]{1,20}$/),
  claim: text(12),
  verdict: fc.constantFrom(...VERDICTS),
  reviewedBy: text(),
  sources,
  ratingText: opt(text(3)),
  reviewDate: opt(fc.oneof(isoDate, text(2))),
  medium: opt(text()),
  origin: opt(text()),
  summary: opt(text(20)),
  caveat: opt(text()),
  match: opt(
    fc.record({
      all: groups,
      support: opt(groups),
      minSupport: opt(fc.integer({ min: 1, max: 50 })),
      none: opt(terms),
    }),
  ),
});
const alias = fc.oneof(
  text(3),
  fc.record({
    text: text(3),
    caseSensitive: opt(fc.boolean()),
    requireContext: opt(terms),
    excludeContext: opt(terms),
    typo: opt(fc.boolean()),
  }),
);
const restriction = fc.record({
  where: text(3),
  tags: opt(fc.array(fc.stringMatching(/^[A-Z]{2}(-[A-Z]{2})?$/), { minLength: 1, maxLength: 3 })),
  scope: text(),
  authority: opt(text()),
  date: opt(isoDate),
  dateNote: opt(text()),
  status: fc.constantFrom(...RESTRICTION_STATUSES),
  caveat: opt(text()),
  sources,
});
const app = fc.record({
  kind: fc.constant('app' as const),
  id: fc.stringMatching(/^[a-z0-9-]{1,20}$/),
  name: text(3),
  description: opt(text()),
  aliases: fc.array(alias, { maxLength: 4 }),
  restrictions: fc.array(restriction, { maxLength: 3 }),
  caveat: opt(text()),
});
/** JSON has no undefined: optional fields that were not drawn are left out. */
const asJson = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const feed = fc
  .record({
    title: text(),
    publisher: opt(text()),
    updated: opt(isoDate),
    entries: fc.array(fc.oneof(claim, app), { maxLength: 6 }),
  })
  .map((f) => ({
    format: 'source-flags-feed',
    version: 1,
    ...f,
    entries: f.entries.map((e, i) => ({ ...e, id: `${e.id}-${i}` })),
  }))
  .map(asJson);

describe('the reader agrees with the published JSON Schema', () => {
  it('a list the schema accepts is read as written, with nothing dropped', () => {
    fc.assert(
      fc.property(feed, (list) => {
        expect(schemaErrors(list)).toEqual([]);
        const r = validateOwnFeed(list);
        expect(r.problems).toEqual([]);
        expect(r.title).toBe(list.title);
        expect(r.entries).toEqual(list.entries);
      }),
      { numRuns: 300 },
    );
  });

  const src = [{ url: 'https://checks.example/a' }];
  const ok = { kind: 'claim', id: 'c', claim: 'A claim', verdict: 'false', reviewedBy: 'Example Checks', sources: src };
  const okApp = { kind: 'app', id: 'a', name: 'App', aliases: ['App'], restrictions: [] };
  it.each([
    ['not an object', 'oops'],
    ['no id', { ...ok, id: undefined }],
    ['an id holding "@@"', { ...ok, id: 'a@@b' }],
    ['an id of 201 characters', { ...ok, id: 'x'.repeat(201) }],
    ['an unknown kind', { ...ok, kind: 'rumour' }],
    ['no claim text', { ...ok, claim: undefined }],
    ['an unknown verdict', { ...ok, verdict: 'probably' }],
    ['no reviewer', { ...ok, reviewedBy: undefined }],
    ['no sources', { ...ok, sources: [] }],
    ['only a javascript: link', { ...ok, sources: [{ url: 'javascript:alert(1)' }] }],
    ['an app without a name', { ...okApp, name: undefined }],
    ['an app without an aliases list', { ...okApp, aliases: 'App' }],
    ['an app without a restrictions list', { ...okApp, restrictions: undefined }],
  ])('an entry with %s is refused by the schema and skipped by the reader', (_name, entry) => {
    const list = asJson({ format: 'source-flags-feed', version: 1, title: 'T', entries: [entry, ok] });
    expect(schemaErrors(list)).not.toEqual([]);
    const r = validateOwnFeed(list);
    expect(r.skipped).toBe(1);
    expect(r.entries).toHaveLength(1);
  });
});
