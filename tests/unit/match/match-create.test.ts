import { describe, expect, it } from 'vitest';
import { Matcher } from '../../../utils/match/matcher';
import { defaultFeed, defaultMatcher, defaultIndex } from '../default-index';
import { compileIndex, compileIndexSliced } from '../../../utils/match/index-data';

describe('Matcher.create', () => {
  it('builds in slices a matcher that finds exactly what the constructor’s does', async () => {
    let pauses = 0;
    const sliced = await Matcher.create(defaultIndex, undefined, () => (pauses++, Promise.resolve()), 0);
    expect(pauses).toBeGreaterThan(0);
    for (const text of [
      'Reports said Alibaba would invest US$1bn in DeepSeek. Then it was over.',
      'Nepal blocked TikTok; Texas barred RedNote (小红书) and Lemon8.',
      'Congress has officially banned TikTok!',
    ]) {
      expect(sliced.scan(text)).toEqual(defaultMatcher.scan(text));
    }
    expect(sliced.entries).toEqual(defaultMatcher.entries);
  });
});

describe('compileIndexSliced', () => {
  it('compiles in steps the index compileIndex compiles at once', async () => {
    const claims = Array.from({ length: 300 }, (_, i) => ({
      entry: {
        kind: 'claim' as const,
        id: `c${i}`,
        claim: `Claim number ${i} says the harbour bridge ${i % 7 ? 'was sold' : 'will close'} to ${i % 5} investors in ${1990 + (i % 30)}`,
        verdict: 'false' as const,
        reviewedBy: 'Tests',
        // Some with a headline, whose words count too (and some of them the claim's own).
        sources: [
          { url: `https://example.org/${i}`, ...(i % 3 ? { title: `Fact check: ${i % 4} harbour kites sold` } : {}) },
        ],
      },
      source: 'tests',
    }));
    const items = [...defaultFeed.entries.map((entry) => ({ entry, source: 'default' })), ...claims];
    let pauses = 0;
    const sliced = await compileIndexSliced(items, () => (pauses++, Promise.resolve()), 0);
    expect(pauses).toBeGreaterThan(3);
    expect(sliced).toEqual(compileIndex(items));
  });
});
