import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseClaimReview } from '../../../utils/feed/claimreview';
import { ERRORS, parseFeedText } from '../../../utils/feed/detect';
import { parseFactCheckTools } from '../../../utils/feed/factcheck-tools';
import { jsonErrorPosition } from '../../../utils/feed/json-position';
import type { ParseResult } from '../../../utils/feed/parse-result';
import { VERDICTS, type AppEntry, type ClaimEntry, type Entry, type SourceLink } from '../../../utils/feed/types';
import { validateOwnFeed } from '../../../utils/feed/validate';
import { schemaErrors } from './published-schema';

const RUNS = { numRuns: 300 };
const INVISIBLE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/;
const TAG = /<\/?[A-Za-z][^<>]*>/;

// ---- invariants every parsed entry must satisfy ----

function checkString(s: unknown, max: number, what: string): void {
  expect(typeof s, what).toBe('string');
  const str = s as string;
  expect(str.length, what).toBeGreaterThan(0);
  expect(str.length, what).toBeLessThanOrEqual(max);
  expect(str, what).not.toMatch(INVISIBLE);
  expect(str, what).not.toMatch(TAG);
  expect(str, what).toBe(str.trim());
}
const opt = (s: unknown, max: number, what: string) => s === undefined || checkString(s, max, what);

function checkSources(sources: SourceLink[]): void {
  expect(sources.length).toBeGreaterThan(0);
  expect(sources.length).toBeLessThanOrEqual(50);
  for (const s of sources) {
    expect(s.url).toMatch(/^https?:\/\/[^/]/);
    expect(['http:', 'https:']).toContain(new URL(s.url).protocol);
    checkString(s.url, 2048, 'url');
    opt(s.title, 200, 'title');
    opt(s.publisher, 200, 'publisher');
    opt(s.date, 200, 'date');
  }
}

function checkTerms(terms: string[] | undefined, max = 100): void {
  if (terms === undefined) return;
  expect(terms.length).toBeGreaterThan(0);
  expect(terms.length).toBeLessThanOrEqual(max);
  for (const t of terms) checkString(t, 200, 'term');
}

function checkEntry(e: Entry): void {
  expect(Object.getPrototypeOf(e)).toBe(Object.prototype);
  checkString(e.id, 200, 'id');
  if (e.kind === 'claim') {
    const c: ClaimEntry = e;
    checkString(c.claim, 2000, 'claim');
    checkString(c.reviewedBy, 200, 'reviewedBy');
    expect(VERDICTS).toContain(c.verdict);
    for (const k of ['ratingText', 'reviewDate'] as const) opt(c[k], 200, k);
    for (const k of ['medium', 'origin', 'summary', 'caveat'] as const) opt(c[k], 2000, k);
    checkSources(c.sources);
    if (c.match) {
      expect(c.match.all.length).toBeLessThanOrEqual(20);
      for (const g of [...c.match.all, ...(c.match.support ?? [])]) checkTerms(g);
      checkTerms(c.match.none);
    }
  } else {
    const a: AppEntry = e;
    expect(a.kind).toBe('app');
    checkString(a.name, 200, 'name');
    opt(a.description, 2000, 'description');
    opt(a.caveat, 2000, 'caveat');
    expect(a.aliases.length).toBeLessThanOrEqual(100);
    for (const al of a.aliases) {
      if (typeof al === 'string') checkString(al, 200, 'alias');
      else {
        checkString(al.text, 200, 'alias text');
        checkTerms(al.requireContext);
        checkTerms(al.excludeContext);
      }
    }
    expect(a.restrictions.length).toBeLessThanOrEqual(200);
    for (const r of a.restrictions) {
      checkString(r.where, 200, 'where');
      checkString(r.scope, 2000, 'scope');
      if (r.date !== undefined) expect(r.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      checkTerms(r.tags, 50);
      checkSources(r.sources);
    }
  }
}

function checkResult(r: ParseResult): void {
  expect(typeof r.title).toBe('string');
  expect(r.problems.length).toBeLessThanOrEqual(50);
  expect(r.skipped).toBeGreaterThanOrEqual(0);
  if (r.error) expect(r.entries).toEqual([]);
  const ids = new Set<string>();
  for (const e of r.entries) {
    checkEntry(e);
    expect(ids.has(e.id)).toBe(false);
    ids.add(e.id);
  }
}

// ---- arbitraries ----

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '\u202Eevil\u202C',
  'a\u200Bb\u200Dc\uFEFF',
  '\u0000\u0007\u001B[31m',
  '\uD800',
  '  padded  ',
  '',
  '__proto__',
  'constructor',
];
const BAD_URLS = [
  'javascript:alert(1)',
  ' JaVaScRiPt:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  'blob:https://a.example/x',
  'about:blank',
];
const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...HOSTILE),
  fc
    .tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...HOSTILE), fc.string({ maxLength: 10 }))
    .map((p) => p.join('')),
);
const url = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.constantFrom(...BAD_URLS),
  hostileString,
);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const oneOrMany = <T>(a: fc.Arbitrary<T>) => fc.oneof(a, fc.array(a, { maxLength: 3 }));
const junk = fc.jsonValue({ maxDepth: 2 });

const source = fc.oneof(
  url,
  fc.record({ url, title: maybe(hostileString), publisher: maybe(hostileString), date: maybe(hostileString) }),
  junk,
);
const terms = fc.array(fc.oneof(hostileString, junk), { maxLength: 4 });
const ownClaim = fc.record(
  {
    kind: fc.constant('claim'),
    id: fc.oneof(fc.constantFrom('a', 'b', '__proto__'), hostileString),
    claim: hostileString,
    verdict: fc.oneof(fc.constantFrom('false', 'refuted-by-fact-checker', 'TRUE'), hostileString),
    reviewedBy: hostileString,
    ratingText: maybe(fc.oneof(hostileString, junk)),
    reviewDate: maybe(hostileString),
    summary: maybe(hostileString),
    sources: fc.oneof(fc.array(source, { maxLength: 4 }), junk),
    match: maybe(fc.oneof(fc.record({ all: fc.array(terms, { maxLength: 3 }), none: terms }), junk)),
  },
  { requiredKeys: ['kind'] },
);
const restriction = fc.record(
  {
    where: hostileString,
    scope: hostileString,
    status: fc.oneof(fc.constantFrom('in-force', 'lifted'), hostileString),
    date: maybe(fc.oneof(hostileString, fc.constantFrom('2025-02-07', '2025-02-30', '2025-13-01'))),
    tags: maybe(terms),
    sources: fc.array(source, { maxLength: 3 }),
  },
  { requiredKeys: [] },
);
const ownApp = fc.record(
  {
    kind: fc.constant('app'),
    id: fc.oneof(fc.constantFrom('a', 'b'), hostileString),
    name: hostileString,
    aliases: fc.array(
      fc.oneof(hostileString, fc.record({ text: hostileString, caseSensitive: fc.oneof(fc.boolean(), junk) })),
      { maxLength: 4 },
    ),
    restrictions: fc.oneof(fc.array(fc.oneof(restriction, junk), { maxLength: 3 }), junk),
  },
  { requiredKeys: ['kind'] },
);
const ownFeed = fc.record({
  format: fc.constant('source-flags-feed'),
  version: fc.constant(1),
  title: fc.oneof(hostileString, junk),
  entries: fc.array(fc.oneof(ownClaim, ownApp, junk), { maxLength: 8 }),
});

const date = fc.oneof(
  hostileString,
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  junk,
);
const person = fc.oneof(
  hostileString,
  fc.record({ '@type': maybe(fc.constant('Person')), name: oneOrMany(hostileString) }),
);
const claimReview = fc.record(
  {
    '@type': fc.constantFrom('ClaimReview', ['ClaimReview', 'Review'], 'schema:ClaimReview'),
    '@id': maybe(fc.oneof(url, fc.constant('_:b0'))),
    url: maybe(oneOrMany(url)),
    claimReviewed: oneOrMany(hostileString),
    author: maybe(oneOrMany(person)),
    datePublished: maybe(date),
    headline: maybe(hostileString),
    reviewRating: maybe(
      oneOrMany(
        fc.record({
          alternateName: maybe(hostileString),
          ratingValue: maybe(fc.oneof(fc.integer({ min: -2, max: 7 }), hostileString)),
          bestRating: maybe(fc.oneof(fc.integer({ min: -1, max: 7 }), hostileString)),
          worstRating: maybe(fc.oneof(fc.integer({ min: -1, max: 7 }), hostileString)),
        }),
      ),
    ),
    itemReviewed: maybe(
      oneOrMany(
        fc.record({
          author: maybe(oneOrMany(person)),
          datePublished: maybe(date),
          appearance: maybe(oneOrMany(fc.oneof(url, fc.record({ url: oneOrMany(url) })))),
          firstAppearance: maybe(url),
        }),
      ),
    ),
  },
  { requiredKeys: ['@type'] },
);
const claimReviewDoc = fc.oneof(
  claimReview,
  fc.array(claimReview, { maxLength: 4 }),
  fc.array(claimReview, { maxLength: 4 }).map((g) => ({ '@context': 'https://schema.org', '@graph': g })),
  fc.array(claimReview, { maxLength: 4 }).map((item) => ({ '@type': 'DataFeed', dataFeedElement: [{ item }] })),
);
const factCheckTools = fc.record({
  claims: fc.array(
    fc.record(
      {
        text: hostileString,
        claimant: hostileString,
        claimDate: date,
        claimReview: oneOrMany(
          fc.record({
            publisher: fc.record({ name: maybe(hostileString), site: maybe(hostileString) }),
            url,
            title: maybe(hostileString),
            reviewDate: maybe(date),
            textualRating: maybe(hostileString),
          }),
        ),
      },
      { requiredKeys: [] },
    ),
    { maxLength: 5 },
  ),
});

const parsers: [string, (v: unknown) => ParseResult][] = [
  ['validateOwnFeed', validateOwnFeed],
  ['parseClaimReview', (v) => parseClaimReview(v, 'https://checks.example/page')],
  ['parseFactCheckTools', parseFactCheckTools],
  ['parseFeedText(JSON)', (v) => parseFeedText(JSON.stringify(v) ?? 'null')],
];

describe('fuzz: nothing throws and every entry is safe', () => {
  it.each(parsers)('%s on arbitrary JSON values', (_name, parse) => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (v) => checkResult(parse(v))),
      RUNS,
    );
  });

  it.each(parsers.slice(0, 3))('%s on arbitrary JS values', (_name, parse) => {
    const anything = fc.anything({
      maxDepth: 4,
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
    });
    fc.assert(
      fc.property(anything, (v) => checkResult(parse(v))),
      RUNS,
    );
  });

  it.each([
    ['any string', fc.string({ unit: 'binary', maxLength: 300 })],
    ['JSON-ish text', fc.string({ maxLength: 300 }).map((s) => `{"claims":[${s}`)],
    ['HTML-ish text', fc.string({ maxLength: 300 }).map((s) => `<script type="application/ld+json">${s}`)],
    [
      'bracket soup',
      fc
        .array(fc.constantFrom('[', ']', '{', '}', '"', '\\', ',', ':', '1'), { maxLength: 500 })
        .map((a) => a.join('')),
    ],
  ])('parseFeedText on %s', (_name, arb) => {
    fc.assert(
      fc.property(arb, fc.constantFrom(undefined, 'text/html', 'application/json'), (text, contentType) =>
        checkResult(parseFeedText(text, { url: 'https://checks.example/x', contentType })),
      ),
      RUNS,
    );
  });

  it('jsonErrorPosition agrees with JSON.parse on which texts are valid', () => {
    const soup = fc
      .array(fc.constantFrom('[', ']', '{', '}', '"', '\\', ',', ':', '1', '-', '.', 'e', 'true', 'null', ' ', 'u'), {
        maxLength: 30,
      })
      .map((a) => a.join(''));
    const valid = fc
      .tuple(fc.jsonValue(), fc.integer({ min: 0, max: 2 }))
      .map(([v, sp]) => JSON.stringify(v, null, sp));
    fc.assert(
      fc.property(fc.oneof(soup, valid), (text) => {
        let ok = true;
        try {
          JSON.parse(text);
        } catch {
          ok = false;
        }
        expect(jsonErrorPosition(text) === undefined).toBe(ok);
      }),
      { numRuns: 2000 },
    );
  });

  it('own feeds with hostile fields: every kept entry is clean, and the text path agrees', () => {
    fc.assert(
      fc.property(ownFeed, (feed) => {
        const json = JSON.parse(JSON.stringify(feed)) as unknown;
        const r = validateOwnFeed(json);
        checkResult(r);
        expect(r.error).toBeUndefined();
        expect(parseFeedText(JSON.stringify(feed))).toEqual(r);
        // Cleaning is idempotent: re-validating the output keeps it unchanged.
        const again = validateOwnFeed({ format: 'source-flags-feed', entries: r.entries });
        expect(again.entries).toEqual(r.entries);
        expect(again.skipped).toBe(0);
      }),
      RUNS,
    );
  });

  it('ClaimReview documents with hostile fields: every kept entry is clean', () => {
    fc.assert(
      fc.property(claimReviewDoc, fc.constantFrom(undefined, 'https://checks.example/a/b'), (doc, base) => {
        const r = parseClaimReview(JSON.parse(JSON.stringify(doc)), base);
        checkResult(r);
        const html = `<html><script type="application/ld+json">${JSON.stringify(doc)}</script></html>`;
        checkResult(parseFeedText(html, { url: base }));
      }),
      RUNS,
    );
  });

  it('Fact Check Tools responses with hostile fields: every kept entry is clean', () => {
    fc.assert(
      fc.property(factCheckTools, (doc) => checkResult(parseFactCheckTools(JSON.parse(JSON.stringify(doc))))),
      RUNS,
    );
  });

  it.each([
    ['own feeds', ownFeed, validateOwnFeed],
    ['ClaimReview documents', claimReviewDoc, (v: unknown) => parseClaimReview(v, 'https://checks.example/a/b')],
    ['Fact Check Tools responses', factCheckTools, parseFactCheckTools],
  ] as const)(
    '%s with hostile fields: what is kept makes a feed the published JSON Schema accepts',
    (_n, arb, parse) => {
      fc.assert(
        fc.property(arb as fc.Arbitrary<unknown>, (doc) => {
          const r = parse(JSON.parse(JSON.stringify(doc)));
          const feed = { format: 'source-flags-feed', version: 1, title: r.title || 'Untitled', entries: r.entries };
          expect(schemaErrors(feed)).toEqual([]);
        }),
        RUNS,
      );
    },
  );
});

// ---- explicit hostile cases ----

const feedOf = (entries: unknown[]) => ({ format: 'source-flags-feed', version: 1, title: 'T', entries });
const claimOf = (over: Record<string, unknown>) => ({
  kind: 'claim',
  id: 'c',
  claim: 'A claim',
  verdict: 'false',
  reviewedBy: 'Example Checks',
  sources: [{ url: 'https://checks.example/c' }],
  ...over,
});

describe('hostile cases', () => {
  it('<script> in every string field stays inert text with the tags stripped', () => {
    const s = '<script>alert("x")</script>';
    const r = validateOwnFeed(
      feedOf([
        claimOf({
          id: `id${s}`,
          claim: `claim ${s}`,
          reviewedBy: `by ${s}`,
          ratingText: s,
          reviewDate: s,
          medium: s,
          origin: s,
          summary: s,
          caveat: s,
          match: { all: [[`t${s}`]], none: [s] },
          sources: [{ url: 'https://checks.example/c', title: s, publisher: s, date: s }],
        }),
      ]),
    );
    checkResult(r);
    expect(JSON.stringify(r.entries)).not.toMatch(/<script/i);
    expect((r.entries[0] as ClaimEntry).claim).toBe('claim alert("x")');
  });

  it('HTML-escaped markup in ClaimReview text is decoded, then stripped', () => {
    const r = parseClaimReview({
      '@type': 'ClaimReview',
      url: 'https://checks.example/x',
      claimReviewed: '&lt;img src=x onerror=alert(1)&gt;Cats &amp; dogs',
    });
    expect((r.entries[0] as ClaimEntry).claim).toBe('Cats & dogs');
  });

  it.each(BAD_URLS)('drops the %j URL', (bad) => {
    const r = validateOwnFeed(feedOf([claimOf({ sources: [{ url: bad }, { url: 'https://ok.example/' }] })]));
    expect((r.entries[0] as ClaimEntry).sources.map((s) => s.url)).toEqual(['https://ok.example/']);
    const cr = parseClaimReview({
      '@type': 'ClaimReview',
      claimReviewed: 'x',
      url: bad,
      itemReviewed: { appearance: bad },
    });
    expect(cr.entries).toEqual([]);
  });

  it('removes bidi and zero-width characters', () => {
    const r = validateOwnFeed(feedOf([claimOf({ claim: 'ab\u202Ecd\u2066ef\u200Bgh\u200Dij\uFEFFkl\u061Cmn' })]));
    expect((r.entries[0] as ClaimEntry).claim).toBe('abcdefghijklmn');
  });

  it('caps a 1 MB string', () => {
    const big = 'x'.repeat(1024 * 1024);
    const r = validateOwnFeed(feedOf([claimOf({ claim: big, reviewedBy: big, id: 'c' })]));
    const e = r.entries[0] as ClaimEntry;
    expect(e.claim).toHaveLength(2000);
    expect(e.reviewedBy).toHaveLength(200);
    const cr = parseClaimReview({ '@type': 'ClaimReview', url: 'https://a.example/', claimReviewed: big });
    expect((cr.entries[0] as ClaimEntry).claim).toHaveLength(2000);
  });

  it('10,000 levels of nesting give a clear error and no throw', () => {
    const deep = '{"a":['.repeat(10_000) + ']}'.repeat(10_000);
    expect(parseFeedText(deep).error).toBe(ERRORS.tooDeep);
    // Hand-built deep values passed straight to the parsers are walked without recursion.
    let v: unknown = { '@type': 'ClaimReview', claimReviewed: 'deep', url: 'https://a.example/' };
    for (let i = 0; i < 10_000; i++) v = { child: [v] };
    expect(() => parseClaimReview(v)).not.toThrow();
    expect(parseClaimReview(v).error).toBe('No ClaimReview found in this data.');
    expect(validateOwnFeed(v).error).toBeDefined();
    expect(parseFactCheckTools(v).error).toBeDefined();
  });

  it('skips duplicate ids', () => {
    const r = validateOwnFeed(feedOf([claimOf({}), claimOf({ claim: 'Other' }), claimOf({ id: ' c ' })]));
    expect(r.entries).toHaveLength(1);
    expect(r.skipped).toBe(2);
  });

  it('__proto__ keys never pollute Object.prototype', () => {
    const polluted = () => ({}) as Record<string, unknown>;
    const payload = '{"__proto__": {"polluted": 1}}';
    for (const text of [
      payload,
      `{"format":"source-flags-feed","entries":[${payload}],"__proto__":{"polluted":1}}`,
      `{"format":"source-flags-feed","entries":[{"kind":"claim","id":"p","claim":"x","verdict":"false","reviewedBy":"y","sources":[{"url":"https://a.example/","__proto__":{"polluted":1}}],"match":{"all":[["a"]],"__proto__":{"polluted":1}}}]}`,
      `[{"@type":"ClaimReview","claimReviewed":"x","url":"https://a.example/","__proto__":{"polluted":1},"author":{"__proto__":{"name":"Evil"}}}]`,
      `{"claims":[{"text":"x","claimReview":[{"url":"https://a.example/","__proto__":{"polluted":1}}]}]}`,
    ]) {
      const r = parseFeedText(text);
      checkResult(r);
      expect(JSON.stringify(r.entries)).not.toContain('polluted');
      expect(JSON.stringify(r.entries)).not.toContain('Evil');
      expect(polluted().polluted).toBeUndefined();
      expect(validateOwnFeed(JSON.parse(text)).entries.every((e) => !Object.hasOwn(e, '__proto__'))).toBe(true);
    }
  });

  it.each([['2025-02-30'], ['yesterday'], ['2025-13-01'], ['0000-00-00'], [''], [12345], [null], [{}]])(
    'drops the invalid date %j',
    (bad) => {
      const cr = parseClaimReview({
        '@type': 'ClaimReview',
        claimReviewed: 'x',
        url: 'https://a.example/',
        datePublished: bad,
      });
      expect((cr.entries[0] as ClaimEntry).reviewDate).toBeUndefined();
      const r = validateOwnFeed(
        feedOf([
          {
            kind: 'app',
            id: 'a',
            name: 'A',
            aliases: [],
            restrictions: [{ where: 'X', scope: 'Y', status: 'lifted', date: bad, sources: ['https://a.example/'] }],
          },
        ]),
      );
      expect((r.entries[0] as AppEntry).restrictions[0]!.date).toBeUndefined();
    },
  );

  it.each([
    ['claim as a number', { claim: 42 }, 1],
    ['sources as an object', { sources: { url: 'https://a.example/' } }, 1],
    ['verdict as an array', { verdict: ['false'] }, 1],
    ['summary as a number (optional: dropped)', { summary: 42 }, 0],
    ['match as a string (optional: dropped)', { match: 'x' }, 0],
  ])('wrong types: %s', (_name, over, skipped) => {
    const r = validateOwnFeed(feedOf([claimOf(over)]));
    expect(r.skipped).toBe(skipped);
    expect(r.entries).toHaveLength(1 - skipped);
    checkResult(r);
  });
});
