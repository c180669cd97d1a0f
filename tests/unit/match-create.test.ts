import { describe, expect, it } from 'vitest';
import { Matcher } from '../../utils/match/matcher';
import { defaultMatcher, defaultIndex } from './match-create-fixture';

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
