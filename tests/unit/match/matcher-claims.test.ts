import { describe, expect, it } from 'vitest';
import { defaultMatcher, found } from '../default-index';

const SEED = 'alibaba-deepseek-investment';

describe('seed claim: Alibaba to invest $1 billion in DeepSeek', () => {
  it.each([
    ['Alibaba will invest $1 billion in DeepSeek, reports said.'],
    ['Reports claimed Alibaba would invest US$1bn in DeepSeek.'],
    ['Alibaba was said to be investing USD 1 billion in DeepSeek.'],
    ['Alibaba Group to take a $1B stake in DeepSeek?'],
    ['Chinese media said Alibaba planned a 1 billion dollars investment in DeepSeek.'],
    ['DeepSeek gets $1,000,000,000 investment from Alibaba, posts claimed.'],
    ['Alibaba exec says reports it plans to invest in DeepSeek are fake news.'],
    ['Alibaba denies it will invest in DeepSeek.'],
    ['Yan Qiao called the report that Alibaba would invest in DeepSeek untrue.'],
    ['阿里巴巴将向DeepSeek投资10亿美元。'],
    ['阿里巴巴否认投资DeepSeek的传闻是假新闻。'],
  ])('matches: %s', (text) => {
    expect(found(text, 'claim')).toContain(SEED);
  });

  it.each([
    ['Alibaba led a $1 billion funding round in Moonshot AI, maker of Kimi.'],
    ['Alibaba and Tencent are in talks to invest in DeepSeek at a $20 billion valuation.'],
    ['Alibaba Cloud is hosting DeepSeek models on Model Studio.'],
    ['Alibaba released Qwen 2.5-Max to rival DeepSeek-V3.'],
    ['Alibaba will invest heavily in AI this year. DeepSeek released a new model.'],
    ['ByteDance plans a $1 billion investment in India.'],
    ['DeepSeek is popular and Alibaba has a billion users.'],
  ])('does not match: %s', (text) => {
    expect(found(text, 'claim')).not.toContain(SEED);
  });

  it('badges the sentence, so the badge sits at its end', () => {
    const text = 'Markets moved. Reports said Alibaba would invest $1 billion in DeepSeek. Then came a denial.';
    const m = defaultMatcher.scan(text).find((x) => x.id === SEED)!;
    expect(text.slice(m.start, m.end)).toBe('Reports said Alibaba would invest $1 billion in DeepSeek.');
  });
});

describe('other claims of the default list', () => {
  it.each([
    ['DeepSeek will release R2 on March 17, posts on X said.', 'deepseek-r2-release-march-17'],
    [
      'A new bill makes downloading DeepSeek a crime with up to 20 years in prison.',
      'deepseek-download-crime-20-years',
    ],
    ['DeepSeek issued an apology to Wang Yibo and promised to retract the rumours.', 'deepseek-apology-wang-yibo'],
    ['Congress has officially banned TikTok!', 'tiktok-congress-banned-march-2023'],
  ])('%s', (text, id) => {
    expect(found(text, 'claim')).toContain(id);
  });

  it.each([
    ['DeepSeek R1 was released in January.'],
    ['The House passed a TikTok bill on March 13 by 352 to 65.'],
    ['Congress banned TikTok on government devices in 2022.'],
  ])('no claim in: %s', (text) => {
    expect(found(text, 'claim')).toEqual([]);
  });
});

describe('sentences wrapped in the HTML source', () => {
  it('treats a single line break as a space, so a wrapped sentence still matches whole', () => {
    const text =
      'Posts on X insisted that DeepSeek would\n      release its R2 model on 17 March, which the company called a rumour.';
    const m = defaultMatcher.scan(text).find((x) => x.kind === 'claim');
    expect(m?.id).toBe('deepseek-r2-release-march-17');
    expect(m?.end).toBe(text.length);
  });

  it('still ends a sentence at a blank line', () => {
    expect(found('Alibaba will invest $1 billion\n\nin DeepSeek', 'claim')).toEqual([]);
  });
});
