import { describe, expect, it } from 'vitest';
import { parseFactCheckTools } from '../../../utils/feed/factcheck-tools';
import type { ClaimEntry } from '../../../utils/feed/types';

// A fictional claims:search response.
const cr = (over: Record<string, unknown> = {}) => ({
  publisher: { name: 'Example Checks', site: 'checks.example' },
  url: 'https://checks.example/2025/moon',
  title: 'No, the moon is not cheese',
  reviewDate: '2025-02-07T00:00:00Z',
  textualRating: 'False',
  languageCode: 'en',
  ...over,
});
const claim = (over: Record<string, unknown> = {}) => ({
  text: 'The moon is made of cheese',
  claimant: 'A. Poster',
  claimDate: '2025-02-05T00:00:00Z',
  claimReview: [cr()],
  ...over,
});
const response = (claims: unknown[]) => ({ claims, nextPageToken: 'abc' });

describe('parseFactCheckTools', () => {
  it('maps a claim with one review', () => {
    const r = parseFactCheckTools(response([claim()]));
    expect(r.error).toBeUndefined();
    expect(r.format).toBe('factcheck-tools');
    expect(r.entries).toEqual([
      {
        kind: 'claim',
        id: 'https://checks.example/2025/moon',
        claim: 'The moon is made of cheese',
        verdict: 'false',
        ratingText: 'False',
        reviewedBy: 'Example Checks',
        reviewDate: '2025-02-07',
        origin: 'Claimed by A. Poster on 2025-02-05',
        sources: [
          {
            url: 'https://checks.example/2025/moon',
            title: 'No, the moon is not cheese',
            publisher: 'Example Checks',
            date: '2025-02-07',
          },
        ],
      },
    ]);
  });

  it('keeps every review as a source and takes the verdict from the first understood rating', () => {
    const r = parseFactCheckTools(
      response([
        claim({
          claimReview: [
            cr({ textualRating: 'Ni idea', url: 'https://other.example/a', publisher: { name: 'Otro' } }),
            cr({ textualRating: 'Faux', url: 'https://verif.example/b', publisher: { site: 'verif.example' } }),
            cr({ url: 'javascript:alert(1)' }),
          ],
        }),
      ]),
    );
    const e = r.entries[0] as ClaimEntry;
    expect(e.id).toBe('https://other.example/a');
    expect(e.verdict).toBe('false');
    expect(e.ratingText).toBe('Faux');
    expect(e.reviewedBy).toBe('verif.example');
    expect(e.sources.map((s) => s.url)).toEqual(['https://other.example/a', 'https://verif.example/b']);
  });

  it.each([
    ['no claimant', { claimant: undefined }, 'Claimed on 2025-02-05'],
    ['no claim date', { claimDate: 'soon' }, 'Claimed by A. Poster'],
    ['neither', { claimant: '', claimDate: undefined }, undefined],
  ])('origin with %s', (_name, over, origin) => {
    expect((parseFactCheckTools(response([claim(over)])).entries[0] as ClaimEntry).origin).toBe(origin);
  });

  it.each([
    ['no text', claim({ text: '' }), /claim 1: has no claim text/],
    ['no reviews', claim({ claimReview: [] }), /claim 1: has no review with an http or https link/],
    ['only unsafe links', claim({ claimReview: [cr({ url: 'data:text/html,hi' })] }), /no review with an http/],
    ['not an object', 42, /claim 1: is not an object/],
  ])('skips a claim with %s', (_name, bad, reason) => {
    const r = parseFactCheckTools(response([bad, claim({ text: 'Kept' })]));
    expect(r.entries.map((e) => (e as ClaimEntry).claim)).toEqual(['Kept']);
    expect(r.skipped).toBe(1);
    expect(r.problems[0]).toMatch(reason);
  });

  it('gives claims sharing one review url distinct ids, and skips exact duplicates', () => {
    const r = parseFactCheckTools(response([claim(), claim({ text: 'Another claim' }), claim()]));
    expect(r.entries).toHaveLength(2);
    expect(r.entries[1]!.id).toMatch(/^https:\/\/checks\.example\/2025\/moon#cr-/);
    expect(r.skipped).toBe(1);
  });

  it('hashes a review url longer than 200 characters into the id', () => {
    const long = `https://checks.example/${'a'.repeat(300)}`;
    const e = parseFactCheckTools(response([claim({ claimReview: [cr({ url: long })] })])).entries[0]!;
    expect(e.id).toMatch(/^fct-[0-9a-z]+$/);
    expect((e as ClaimEntry).sources[0]!.url).toBe(long);
  });

  it('accepts a single claimReview object instead of an array', () => {
    expect(parseFactCheckTools(response([claim({ claimReview: cr() })])).entries).toHaveLength(1);
  });

  it.each([[null], [{}], [{ claims: 'x' }], [[]]])('reports %j as not a Fact Check Tools response', (json) => {
    const r = parseFactCheckTools(json);
    expect(r.error).toMatch(/no "claims" list/);
    expect(r.entries).toEqual([]);
  });

  it('returns an empty list for an empty search result', () => {
    const r = parseFactCheckTools({ claims: [] });
    expect(r.error).toBeUndefined();
    expect(r.entries).toEqual([]);
  });
});
