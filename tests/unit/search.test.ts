import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { boundedDistance, SearchIndex, sortedSteps } from '../../utils/search';
import { runSteps } from '../../utils/steps';
import { defaultFeed } from './default-index';

const index = new SearchIndex(defaultFeed.entries.map((entry) => ({ entry, source: 'default' })));
const top = (q: string, opts = {}) => index.search(q, opts).map((r) => r.id);

describe('look-up over the default list', () => {
  it.each([
    ['alibaba deepseek invest', 'alibaba-deepseek-investment'],
    ['Alibaba DeepSeek', 'alibaba-deepseek-investment'],
    ['deepseek', 'deepseek'],
    ['DeepSek', 'deepseek'], // typo
    ['tiktk', 'tiktok'], // typo
    ['rednote', 'rednote'],
    ['小红书', 'rednote'],
    ['xiaohongshu', 'rednote'],
    ['lemo', 'lemon8'], // prefix while typing
    ['yan qiao', 'alibaba-deepseek-investment'],
    ['wang yibo', 'deepseek-apology-wang-yibo'],
  ])('%s → %s first', (query, id) => {
    expect(top(query)[0]).toBe(id);
  });

  it('finds apps by jurisdiction', () => {
    expect(top('italy')).toContain('deepseek');
    expect(top('nepal')).toContain('tiktok');
  });

  it('filters by kind and verdict', () => {
    expect(index.search('deepseek', { kind: 'claim' }).every((r) => r.kind === 'claim')).toBe(true);
    expect(index.search('deepseek', { kind: 'app' })[0]!.id).toBe('deepseek');
    expect(index.search('deepseek', { kind: 'app' }).every((r) => r.kind === 'app')).toBe(true);
    const denied = index.search('deepseek', { verdict: 'denied-by-subject' });
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.every((r) => r.verdict === 'denied-by-subject')).toBe(true);
  });

  it('returns nothing for empty or unrelated queries', () => {
    expect(top('')).toEqual([]);
    expect(top('   ')).toEqual([]);
    expect(top('zzzzqqq')).toEqual([]);
  });
});

describe('boundedDistance', () => {
  it.each([
    ['deepseek', 'deepseek', 1, 0],
    ['deepsek', 'deepseek', 1, 1],
    ['deepseke', 'deepseek', 1, 1], // transposition
    ['tiktok', 'tktiok', 1, 2],
    ['alibaba', 'xyz', 2, 3],
  ])('%s ~ %s (max %i) = %i', (a, b, max, d) => {
    expect(boundedDistance(a, b, max)).toBe(d);
  });
});

describe('the index built in steps', () => {
  it('sorts its vocabulary exactly as sort() does', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 6 }), { maxLength: 300 }), (words) => {
        const distinct = [...new Set(words)];
        expect(runSteps(sortedSteps(distinct))).toEqual([...distinct].sort());
      }),
    );
  });

  it('answers as the index built at once, and yields while it builds', async () => {
    const items = defaultFeed.entries.map((entry) => ({ entry, source: 'default' }));
    let pauses = 0;
    const stepped = await SearchIndex.create(items, () => (pauses++, Promise.resolve()), 0);
    expect(pauses).toBeGreaterThan(1);
    for (const q of ['alibaba deepseek', 'tiktk', 'lemo', '小红书', 'texas ban'])
      expect(stepped.search(q, {})).toEqual(index.search(q, {}));
  });
});
