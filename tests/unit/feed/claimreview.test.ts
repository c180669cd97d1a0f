import { describe, expect, it } from 'vitest';
import { normalizeRating, parseClaimReview } from '../../../utils/feed/claimreview';
import type { ClaimEntry } from '../../../utils/feed/types';

// Fictional fact-checks written for these tests.
const review = (over: Record<string, unknown> = {}) => ({
  '@context': 'https://schema.org',
  '@type': 'ClaimReview',
  url: 'https://checks.example/2025/moon-cheese',
  claimReviewed: 'The moon is made of cheese',
  author: { '@type': 'Organization', name: 'Example Checks' },
  datePublished: '2025-02-07',
  reviewRating: { '@type': 'Rating', alternateName: 'False', ratingValue: 1, bestRating: 5, worstRating: 1 },
  ...over,
});
const one = (json: unknown, base?: string) => {
  const r = parseClaimReview(json, base);
  expect(r.error).toBeUndefined();
  return r.entries as ClaimEntry[];
};

describe('normalizeRating', () => {
  it.each([
    ['False', 'false'],
    ['Pants on Fire!', 'false'],
    ['Fake', 'false'],
    ['Incorrect', 'false'],
    ['Wrong', 'false'],
    ['really_false', 'false'],
    ['Mostly False', 'false'],
    ['Not true', 'false'],
    ['Misleading', 'misleading'],
    ['Missing context', 'misleading'],
    ['out-of-context', 'misleading'],
    ['Exaggerated', 'misleading'],
    ['Half True', 'mixed'],
    ['half-true', 'mixed'],
    ['Mixture', 'mixed'],
    ['Mixed', 'mixed'],
    ['Partly false', 'mixed'],
    ['Unproven', 'mixed'],
    ['True', 'true'],
    ['Correct', 'true'],
    ['Accurate', 'true'],
    ['Mostly True', 'true'],
    ['Falso', 'false'],
    ['Faux', 'false'],
    ['Falsch', 'false'],
    ['错误', 'false'],
    ['錯誤', 'false'],
    ['假', 'false'],
    ['不实', 'false'],
    ['Engañoso', 'misleading'],
    ['Enganoso', 'misleading'],
    ['Trompeur', 'misleading'],
    ['Irreführend', 'misleading'],
    ['Fuori contesto', 'misleading'],
    ['Verdadero', 'true'],
    ['Vrai', 'true'],
    ['Wahr', 'true'],
    ['真实', 'true'],
    ['Verdadero a medias', 'mixed'],
    ['FALSE\r\n', 'false'],
    ['Satire', 'unrated'],
    ['', 'unrated'],
  ])('%j → %s', (text, verdict) => {
    expect(normalizeRating(text)).toBe(verdict);
  });

  it.each([
    [1, 5, 1, 'false'],
    [2, 5, 1, 'false'],
    [3, 5, 1, 'mixed'],
    [5, 5, 1, 'true'],
    ['1', '5', '1', 'false'],
    [1, 1, 5, 'true'], // inverted scale: 1 is best
    [5, 1, 5, 'false'],
    [3, undefined, undefined, 'mixed'], // schema.org defaults 5..1
    ['', 5, 1, 'unrated'],
    ['-1', 5, 1, 'unrated'],
    [9, 5, 1, 'unrated'],
    [1, 1, 1, 'unrated'],
  ])('ratingValue %j on best %j / worst %j → %s', (value, best, worst, verdict) => {
    expect(normalizeRating(undefined, value, best, worst)).toBe(verdict);
  });

  it('prefers the text over the number and reads a textual ratingValue', () => {
    expect(normalizeRating('True', 1, 5, 1)).toBe('true');
    expect(normalizeRating(undefined, 'False')).toBe('false');
  });
});

describe('parseClaimReview: wrappers', () => {
  const r = review();
  it.each([
    ['a single object', r],
    ['an array', [r]],
    ['a @graph among other nodes', { '@context': 'https://schema.org', '@graph': [{ '@type': 'WebPage' }, r] }],
    ['a DataFeed with item arrays', { '@type': 'DataFeed', dataFeedElement: [{ '@type': 'DataFeedItem', item: [r] }] }],
    ['a DataFeed with a single item', { '@type': 'DataFeed', dataFeedElement: [{ item: r }] }],
    ['a bare DataFeedItem', { '@type': 'DataFeedItem', item: r }],
    ['@type as an array', { ...r, '@type': ['ClaimReview', 'Review'] }],
    ['type without @', { ...r, '@type': undefined, type: 'ClaimReview' }],
    ['a prefixed type', { ...r, '@type': 'schema:ClaimReview' }],
    ['no @context', { ...r, '@context': undefined }],
    ['no type but claimReviewed', { ...r, '@type': undefined }],
  ])('finds the review in %s', (_name, json) => {
    const entries = one(json);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.claim).toBe('The moon is made of cheese');
  });

  it('uses a DataFeed name as the title', () => {
    expect(
      parseClaimReview({ '@type': 'DataFeed', name: 'Example feed', dataFeedElement: [{ item: [r] }] }).title,
    ).toBe('Example feed');
  });

  it.each([[{}], [[]], [null], ['text'], [{ '@type': 'WebPage', name: 'x' }]])(
    'reports %j as having no ClaimReview',
    (json) => {
      const res = parseClaimReview(json);
      expect(res.error).toBe('No ClaimReview found in this data.');
      expect(res.entries).toEqual([]);
    },
  );
});

describe('parseClaimReview: mapping', () => {
  it('maps a full review', () => {
    const json = review({
      '@id': '/2025/moon-cheese#review',
      url: '/2025/moon-cheese?ref=a&amp;b=c',
      claimReviewed: ['The moon is made of &#039;green&#039; cheese&nbsp; <em>says a post</em>', 'ignored'],
      headline: 'No, the moon is not cheese',
      description: 'Rock samples say otherwise.',
      datePublished: '2025-02-07T10:00:00+08:00',
      reviewRating: { alternateName: 'Falso\r', ratingValue: '' },
      itemReviewed: {
        '@type': 'Claim',
        author: [{ '@type': 'Person', name: 'A. Poster' }, 'B. Sharer'],
        datePublished: '2025-02-05',
        appearance: [{ '@type': 'CreativeWork', url: 'https://social.example/p/1' }, 'javascript:alert(1)'],
        firstAppearance: 'https://forum.example/t/9',
      },
    });
    expect(one(json, 'https://checks.example/feed.json')).toEqual([
      {
        kind: 'claim',
        id: 'https://checks.example/2025/moon-cheese#review',
        claim: "The moon is made of 'green' cheese says a post",
        verdict: 'false',
        ratingText: 'Falso',
        reviewedBy: 'Example Checks',
        reviewDate: '2025-02-07',
        origin: 'Claimed by A. Poster, B. Sharer on 2025-02-05',
        summary: 'Rock samples say otherwise.',
        sources: [
          {
            url: 'https://checks.example/2025/moon-cheese?ref=a&b=c',
            title: 'No, the moon is not cheese',
            publisher: 'Example Checks',
            date: '2025-02-07',
          },
          { url: 'https://social.example/p/1' },
          { url: 'https://forum.example/t/9' },
        ],
      },
    ]);
  });

  it.each([
    [
      '@id resolved against the base',
      { '@id': '#r1' },
      'https://checks.example/page',
      'https://checks.example/page#r1',
    ],
    ['url when there is no @id', {}, undefined, 'https://checks.example/2025/moon-cheese'],
    ['relative url resolved', { url: '/x/y' }, 'https://checks.example/a/b', 'https://checks.example/x/y'],
    ['scheme-less www url', { url: 'www.checks.example/x' }, undefined, 'https://www.checks.example/x'],
    ['blank-node @id ignored', { '@id': '_:b0' }, undefined, 'https://checks.example/2025/moon-cheese'],
  ])('id: %s', (_name, over, base, id) => {
    expect(one(review(over), base)[0]!.id).toBe(id);
  });

  it('derives a stable id from the content when there is no usable id or url', () => {
    const make = (claim: string) =>
      review({ url: '', claimReviewed: claim, itemReviewed: { appearance: 'https://s.example/1' } });
    const a = one(make('Claim A'))[0]!.id;
    expect(a).toMatch(/^cr-[0-9a-z]+$/);
    expect(one(make('Claim A'))[0]!.id).toBe(a);
    expect(one(make('Claim B'))[0]!.id).not.toBe(a);
  });

  it('tells apart several claims reviewed on one page with one url, and skips true duplicates', () => {
    const res = parseClaimReview([
      review({ claimReviewed: 'Claim A' }),
      review({ claimReviewed: 'Claim B' }),
      review({ claimReviewed: 'Claim A' }),
    ]);
    expect(res.entries.map((e) => e.id)).toEqual([
      'https://checks.example/2025/moon-cheese',
      expect.stringMatching(/^https:\/\/checks\.example\/2025\/moon-cheese#cr-/),
    ]);
    expect(res.skipped).toBe(1);
    expect(res.problems[0]).toMatch(/ClaimReview 3: duplicate/);
  });

  it.each([
    ['an object', { name: 'Example Checks' }, 'Example Checks'],
    ['a string', 'Example Checks', 'Example Checks'],
    ['an array', [{ name: 'Example Checks' }, { '@type': 'Person', name: 'Jo Writer' }], 'Example Checks, Jo Writer'],
    ['missing (falls back to publisher)', undefined, 'Example Checks'],
  ])('author as %s', (_name, author, expected) => {
    const extra = author === undefined ? { publisher: { name: 'Example Checks' } } : {};
    expect(one(review({ author, ...extra }))[0]!.reviewedBy).toBe(expected);
  });

  it('resolves an author given by @id reference in a @graph', () => {
    const json = {
      '@graph': [
        { '@type': 'Organization', '@id': 'https://checks.example/#org', name: 'Example Checks' },
        review({ author: { '@id': 'https://checks.example/#org' } }),
      ],
    };
    expect(one(json)[0]!.reviewedBy).toBe('Example Checks');
  });

  it('falls back to the host name when there is no author at all', () => {
    expect(one(review({ author: undefined }))[0]!.reviewedBy).toBe('checks.example');
  });

  it.each([
    ['missing rating', undefined, 'unrated', undefined],
    ['rating as an array', [{ alternateName: 'Mostly true' }], 'true', 'Mostly true'],
    ['numeric only', { ratingValue: '5', bestRating: '5', worstRating: '1' }, 'true', undefined],
    ['inverted numeric scale', { ratingValue: 5, bestRating: 1, worstRating: 5 }, 'false', undefined],
    ['rating text in name', { name: 'Misleading' }, 'misleading', 'Misleading'],
    ['snake_case text', { alternateName: 'really_false' }, 'false', 'really_false'],
  ])('%s', (_name, reviewRating, verdict, ratingText) => {
    const e = one(review({ reviewRating }))[0]!;
    expect(e.verdict).toBe(verdict);
    expect(e.ratingText).toBe(ratingText);
  });

  it.each([
    ['2025-02-07T23:30:00-05:00', '2025-02-07'],
    ['2025/02/07', '2025-02-07'],
    ['7 February 2025', '2025-02-07'],
    ['not a date', undefined],
    ['2025-02-30', undefined],
    ['', undefined],
    [20250207, undefined],
  ])('datePublished %j → %s', (datePublished, date) => {
    expect(one(review({ datePublished }))[0]!.reviewDate).toBe(date);
  });

  it.each([
    ['no claimReviewed', { claimReviewed: undefined }],
    ['empty claimReviewed', { claimReviewed: '  ' }],
    ['only markup', { claimReviewed: '<p><span></span></p>' }],
  ])('skips a review with %s, with a reason', (_name, over) => {
    const res = parseClaimReview([review(over), review({ claimReviewed: 'Kept' })]);
    expect(res.entries.map((e) => (e as ClaimEntry).claim)).toEqual(['Kept']);
    expect(res.skipped).toBe(1);
    expect(res.problems).toEqual(['ClaimReview 1: has no claimReviewed text']);
  });

  it('skips a review without any http(s) link', () => {
    const res = parseClaimReview(
      review({ url: 'javascript:alert(1)', itemReviewed: { appearance: 'data:text/html,x' } }),
    );
    expect(res.entries).toEqual([]);
    expect(res.problems[0]).toMatch(/no http or https link/);
  });

  it('uses appearance links when the review has no url', () => {
    const e = one(review({ url: undefined, itemReviewed: { appearance: { url: 'https://video.example/v/1' } } }))[0]!;
    expect(e.sources).toEqual([{ url: 'https://video.example/v/1' }]);
    expect(e.origin).toBe('Appeared on video.example');
  });

  it('has no match rule: rules are derived later', () => {
    expect(one(review())[0]!.match).toBeUndefined();
  });
});
