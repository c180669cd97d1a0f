import { describe, expect, it } from 'vitest';
import { compileIndex } from '../../../utils/match/index-data';
import { Matcher } from '../../../utils/match/matcher';
import type { Entry } from '../../../utils/feed/types';

const entries: Entry[] = [
  {
    kind: 'app',
    id: 'deepseek',
    name: 'DeepSeek',
    aliases: ['DeepSeek'],
    restrictions: [{ where: 'Italy', scope: 'x', status: 'in-force', sources: [{ url: 'https://a.example' }] }],
  },
  { kind: 'app', id: 'tiktok', name: 'TikTok', aliases: ['TikTok', 'Tik Tok'], restrictions: [] },
  {
    kind: 'app',
    id: 'rednote',
    name: 'RedNote',
    aliases: ['RedNote', '小红书', { text: 'XHS', caseSensitive: true }],
    restrictions: [],
  },
  {
    kind: 'claim',
    id: 'alibaba-deepseek-investment',
    claim: 'Alibaba will invest $1 billion in DeepSeek',
    verdict: 'denied-by-subject',
    reviewedBy: 'Yan Qiao',
    sources: [],
    match: {
      all: [['alibaba'], ['deepseek'], ['invest*', 'stake']],
      support: [['$1 billion'], ['fake news', 'denie*']],
      none: ['moonshot', 'tencent'],
    },
  },
];
const m = new Matcher(compileIndex(entries.map((entry) => ({ entry, source: 'test' }))));
const ids = (t: string) => m.scan(t).map((x) => `${x.id}:${x.text}`);

describe('matcher smoke', () => {
  it.each([
    ['DeepSeek’s app', ['deepseek:DeepSeek']],
    ['use deepseek-r1 now', ['deepseek:deepseek']],
    ['#DeleteTikTokApp trending', ['tiktok:TikTok']],
    ['我用小红书和deepseek事件', ['rednote:小红书', 'deepseek:deepseek']],
    ['deep seek and a red note', []],
    ['xhs lowercase', []],
    ['XHS is big', ['rednote:XHS']],
    ['Ｄｅｅｐｓｅｅｋ wide', ['deepseek:Ｄｅｅｐｓｅｅｋ']],
  ])('%s', (text, expected) => {
    expect(ids(text)).toEqual(expected);
  });

  it('claims', () => {
    const s = 'Reports said Alibaba would invest US$1bn in DeepSeek. Then it was over.';
    expect(
      m
        .scan(s)
        .filter((x) => x.kind === 'claim')
        .map((x) => x.text),
    ).toEqual(['Reports said Alibaba would invest US$1bn in DeepSeek.']);
    expect(
      m.scan('Alibaba led a $1 billion investment round in Moonshot, not DeepSeek.').filter((x) => x.kind === 'claim'),
    ).toEqual([]);
    expect(m.scan('阿里巴巴 deepseek 10亿美元').filter((x) => x.kind === 'claim')).toEqual([]);
  });
});
