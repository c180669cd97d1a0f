import { describe, expect, it } from 'vitest';
import { ERRORS, parseFeedText, parseFeedTextInSteps } from '../../../utils/feed/detect';
import { dataFeed } from '../../feed-fixtures';
import { extractJsonLdBlocks } from '../../../utils/feed/html-jsonld';
import { jsonErrorPosition } from '../../../utils/feed/json-position';
import type { ClaimEntry } from '../../../utils/feed/types';

// Fictional data written for these tests.
const ownFeed = {
  format: 'source-flags-feed',
  version: 1,
  title: 'Example list',
  entries: [
    {
      kind: 'claim',
      id: 'moon',
      claim: 'The moon is made of cheese',
      verdict: 'false',
      reviewedBy: 'Example Checks',
      sources: [{ url: 'https://checks.example/moon' }],
    },
  ],
};
const claimReview = {
  '@context': 'https://schema.org',
  '@type': 'ClaimReview',
  claimReviewed: 'Penguins can fly',
  author: { '@type': 'Organization', name: 'Example Checks' },
  reviewRating: { '@type': 'Rating', alternateName: 'Pants on Fire' },
};
const factCheckTools = {
  claims: [
    {
      text: 'Penguins can fly',
      claimant: 'A. Poster',
      claimReview: [{ publisher: { name: 'Example Checks' }, url: 'https://checks.example/p', textualRating: 'False' }],
    },
  ],
};
const page = (head: string) =>
  `<!DOCTYPE html><html><head><title>Check</title>${head}</head><body><p>Hi</p></body></html>`;
const ld = (json: unknown, attrs = 'type="application/ld+json"') => `<script ${attrs}>${JSON.stringify(json)}</script>`;

describe('parseFeedText: detection', () => {
  it('reads a Source Flags feed', () => {
    const r = parseFeedText(JSON.stringify(ownFeed));
    expect(r.format).toBe('source-flags');
    expect(r.title).toBe('Example list');
    expect(r.entries.map((e) => e.id)).toEqual(['moon']);
  });

  it('strips a UTF-8 byte order mark', () => {
    expect(parseFeedText('\uFEFF' + JSON.stringify(ownFeed)).entries).toHaveLength(1);
  });

  it('reads a Fact Check Tools response', () => {
    const r = parseFeedText(JSON.stringify(factCheckTools));
    expect(r.format).toBe('factcheck-tools');
    expect((r.entries[0] as ClaimEntry).verdict).toBe('false');
  });

  it.each([
    ['a single ClaimReview', claimReview],
    ['an array', [claimReview]],
    ['a @graph', { '@graph': [{ '@type': 'WebSite' }, claimReview] }],
    ['a DataFeed', { '@type': 'DataFeed', dataFeedElement: [{ '@type': 'DataFeedItem', item: [claimReview] }] }],
    ['type without @', { ...claimReview, '@type': undefined, type: ['ClaimReview'] }],
  ])('reads ClaimReview JSON-LD as %s, resolving against the list url', (_name, json) => {
    const r = parseFeedText(JSON.stringify(json), { url: 'https://checks.example/feed.json' });
    expect(r.error).toBeUndefined();
    expect(r.format).toBe('claimreview');
    // No review url and a JSON feed (not the fact-check page itself): there is no link to show.
    expect(r.entries).toEqual([]);
    expect(r.problems[0]).toMatch(/no http or https link/);
  });

  it('reads ClaimReview JSON-LD with urls', () => {
    const r = parseFeedText(JSON.stringify([{ ...claimReview, url: '/p/1' }]), {
      url: 'https://checks.example/feed.json',
    });
    expect(r.entries.map((e) => e.id)).toEqual(['https://checks.example/p/1']);
  });

  it.each([
    ['{"a": 1}'],
    ['[1, 2, 3]'],
    ['"just a string"'],
    ['42'],
    ['null'],
    ['{"format": "other-feed", "entries": []}'],
  ])('says %s is not a claim list', (text) => {
    expect(parseFeedText(text).error).toBe(ERRORS.notAClaimList);
  });

  it.each([
    ['{"a": ', 6, 'line 1, column 7'],
    ['{oops}', 1, 'line 1, column 2'],
    ['hello', 0, 'line 1, column 1'],
    ["{'single': 'quotes'}", 1, 'line 1, column 2'],
    ['{\n  "a": 1,\n  "b": [1,]\n}', 22, 'line 3, column 11'],
    ['{"a": 1,, "b": 2}', 8, 'line 1, column 9'],
  ])('says %j is not valid JSON, with position %i and %s', (text, position, where) => {
    const r = parseFeedText(text);
    expect(r.error).toMatch(/^The list is not valid JSON \(.+\)\.$/);
    expect(r.error).toContain(`position ${position}, ${where}`);
    expect(r.entries).toEqual([]);
  });

  it.each([[''], ['   \n '], ['\uFEFF']])('says %j is empty', (text) => {
    expect(parseFeedText(text).error).toBe(ERRORS.empty);
  });

  it('passes a Source Flags feed error through', () => {
    expect(parseFeedText('{"format": "source-flags-feed"}').error).toMatch(/no "entries" array/);
  });
});

describe('parseFeedText: web pages', () => {
  it('reads ClaimReviews from a fact-check page, using the page as the review link', () => {
    const html = page(
      ld({ '@context': 'https://schema.org', '@type': 'WebPage', name: 'Check' }) +
        '<script type="application/ld+json">{ broken json </script>' +
        ld({ '@graph': [claimReview] }, 'TYPE=\'application/ld+json\' id="x" nonce="abc"'),
    );
    const r = parseFeedText(html, {
      url: 'https://checks.example/2025/penguins',
      contentType: 'text/html; charset=utf-8',
    });
    expect(r.format).toBe('html-claimreview');
    expect(r.error).toBeUndefined();
    const e = r.entries[0] as ClaimEntry;
    expect(e.claim).toBe('Penguins can fly');
    expect(e.verdict).toBe('false');
    expect(e.sources[0]!.url).toBe('https://checks.example/2025/penguins');
  });

  it.each([
    ['a page without JSON-LD', page('<script>var x = 1;</script>')],
    ['a page with other JSON-LD only', page(ld({ '@type': 'Organization', name: 'Example' }))],
    ['a login page', '<html><body><form action="/login"><input name="user"></form></body></html>'],
  ])('says %s has no ClaimReview data', (_name, html) => {
    expect(parseFeedText(html).error).toBe(ERRORS.htmlWithoutClaimReview);
    expect(ERRORS.htmlWithoutClaimReview).toBe(
      'This is a web page without any ClaimReview data (perhaps an error page or a login page)',
    );
  });

  it('treats text/html without a leading < as a page', () => {
    expect(parseFeedText('Service unavailable', { contentType: 'text/html' }).error).toBe(
      ERRORS.htmlWithoutClaimReview,
    );
  });

  it('reads JSON served as text/html', () => {
    expect(parseFeedText(JSON.stringify(ownFeed), { contentType: 'text/html' }).format).toBe('source-flags');
  });
});

describe('parseFeedText: hostile input', () => {
  it('rejects input over 50 MB', () => {
    const r = parseFeedText(' '.repeat(50 * 1024 * 1024 + 1));
    expect(r.error).toBe(ERRORS.tooLarge);
  });

  it.each([
    ['arrays', '['.repeat(10_000) + ']'.repeat(10_000)],
    ['objects', '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)],
    ['unterminated', '['.repeat(10_000)],
  ])('rejects 10,000 levels of nested %s with a clear error', (_name, text) => {
    expect(parseFeedText(text).error).toBe(ERRORS.tooDeep);
  });

  it('ignores brackets inside strings when measuring depth', () => {
    const feed = { ...ownFeed, title: '['.repeat(500) + '{"\\"'.repeat(100) };
    expect(parseFeedText(JSON.stringify(feed)).error).toBeUndefined();
  });

  it('accepts 200 levels but not 201', () => {
    expect(parseFeedText('['.repeat(200) + ']'.repeat(200)).error).toBe(ERRORS.notAClaimList);
    expect(parseFeedText('['.repeat(201) + ']'.repeat(201)).error).toBe(ERRORS.tooDeep);
  });

  it('never throws on non-string input', () => {
    expect(parseFeedText(undefined as unknown as string).error).toBe(ERRORS.notText);
    expect(parseFeedText({} as unknown as string).error).toBe(ERRORS.notText);
  });
});

describe('extractJsonLdBlocks', () => {
  it.each([
    ['double quotes', '<script type="application/ld+json">{"a":1}</script>'],
    ['single quotes', '<script type=\'application/ld+json\'>{"a":1}</script>'],
    ['no quotes', '<script type=application/ld+json>{"a":1}</script>'],
    ['upper case', '<SCRIPT TYPE="Application/LD+JSON">{"a":1}</SCRIPT>'],
    ['other attributes', '<script id="s" data-type="x" type="application/ld+json" async>{"a":1}</script>'],
    ['a charset parameter', '<script type="application/ld+json; charset=utf-8">{"a":1}</script>'],
    ['spaces around =', '<script type = "application/ld+json" >{"a":1}</script >'],
    ['a > inside an attribute', '<script data-x="a>b" type="application/ld+json">{"a":1}</script>'],
    ['a CDATA wrapper', '<script type="application/ld+json">//<![CDATA[\n{"a":1}\n//]]></script>'],
    ['a comment wrapper', '<script type="application/ld+json"><!--{"a":1}--></script>'],
    ['raw newlines inside strings', '<script type="application/ld+json">{"a":1,"b":"x\ny"}</script>'],
  ])('finds a block with %s', (_name, html) => {
    expect(extractJsonLdBlocks(`<html>${html}</html>`)).toMatchObject([{ a: 1 }]);
  });

  it.each([
    ['a plain script', '<script>{"a":1}</script>'],
    ['another type', '<script type="application/json">{"a":1}</script>'],
    ['data-type only', '<script data-type="application/ld+json">{"a":1}</script>'],
    ['a <scripts> tag', '<scripts type="application/ld+json">{"a":1}</scripts>'],
    ['broken JSON', '<script type="application/ld+json">{"a":</script>'],
    ['an empty block', '<script type="application/ld+json"></script>'],
    ['deep nesting', `<script type="application/ld+json">${'['.repeat(300)}${']'.repeat(300)}</script>`],
  ])('skips %s', (_name, html) => {
    expect(extractJsonLdBlocks(html)).toEqual([]);
  });

  it('keeps page order and reads an unterminated last block', () => {
    const html = ld({ n: 1 }) + '<p>x</p>' + ld({ n: 2 }) + '<script type="application/ld+json">{"n":3}';
    expect(extractJsonLdBlocks(html)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('reads at most 100 blocks', () => {
    expect(extractJsonLdBlocks(ld({ a: 1 }).repeat(150))).toHaveLength(100);
  });

  it('skips a block over 5 MB', () => {
    const big = `<script type="application/ld+json">{"a":"${'x'.repeat(5 * 1024 * 1024)}"}</script>`;
    expect(extractJsonLdBlocks(big + ld({ b: 2 }))).toEqual([{ b: 2 }]);
  });

  it('stays fast on many unterminated tags', () => {
    const start = Date.now();
    extractJsonLdBlocks(
      '<script type="x" '.repeat(100_000) + '<script a="'.repeat(100_000) + '<script'.repeat(100_000),
    );
    expect(Date.now() - start).toBeLessThan(1000);
  });
});

describe('jsonErrorPosition', () => {
  it.each([
    ['[]', undefined],
    [' {"a": [1, {"b": null}], "c": "\\u00e9"} ', undefined],
    ['[1,]', 3],
    ['[1 2]', 3],
    ['{"a" 1}', 5],
    ['"abc', 4],
    ['["\\x"]', 2],
    ['01', 1],
    ['{"a":1}x', 7],
    ['', 0],
  ])('%j → %s', (text, position) => {
    expect(jsonErrorPosition(text)).toBe(position);
  });
});

describe('parseFeedTextInSteps', () => {
  it('reads a large list in steps and finds what parseFeedText finds', async () => {
    const text = JSON.stringify(dataFeed(1000));
    let pauses = 0;
    const stepped = await parseFeedTextInSteps(
      text,
      { url: 'https://fc.example/feed.json' },
      async () => void pauses++,
      0,
    );
    expect(pauses).toBeGreaterThan(10);
    expect(stepped.entries).toHaveLength(1000);
    expect(stepped).toEqual(parseFeedText(text, { url: 'https://fc.example/feed.json' }));
  });

  it('never throws: a broken list comes back as an error', async () => {
    const r = await parseFeedTextInSteps('{"format": "source-flags-feed", "entries": [', {}, async () => undefined, 0);
    expect(r.error).toMatch(/not valid JSON/);
  });
});
