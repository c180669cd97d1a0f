import { describe, expect, it } from 'vitest';
import { ruleSentenceSpans } from '../../../utils/match/sentence-rules';

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
const icu = (t: string) => [...segmenter.segment(t)].map((s) => [s.index, s.index + s.segment.length]);

/** Pieces that exercise every rule: terminators, closers, spaces, separators, case, digits. */
const PIECES = [
  'a',
  'x',
  'A',
  'Q',
  '3',
  '12',
  '.',
  '.',
  '!',
  '?',
  '"',
  "'",
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ' ',
  ' ',
  '  ',
  '\n',
  '\r',
  '\r\n',
  '\t',
  '\v',
  '\f',
  ',',
  '-',
  ':',
  ';',
  '#',
  '$',
  '%',
  '&',
  '*',
  '+',
  '/',
  '<',
  '=',
  '>',
  '@',
  '\\',
  '^',
  '_',
  '`',
  '|',
  '~',
  'é',
  'É',
  'ß',
  'ÿ',
  '\u00a0',
  '’',
  '‘',
  '“',
  '”',
  '–',
  '—',
  'Mr',
  'U.S.',
  'e.g.',
  '...',
  'word',
  'Word',
  ' the',
];

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

describe('ruleSentenceSpans', () => {
  it('splits like Intl.Segmenter on text it handles', () => {
    const r = random(7);
    let checked = 0;
    for (let i = 0; i < 20_000; i++) {
      let s = '';
      const len = 1 + Math.floor(r() * 14);
      for (let k = 0; k < len; k++) s += PIECES[Math.floor(r() * PIECES.length)];
      const spans = ruleSentenceSpans(s);
      expect(spans, JSON.stringify(s)).not.toBeNull();
      expect(spans, JSON.stringify(s)).toEqual(icu(s));
      checked++;
    }
    expect(checked).toBe(20_000);
  });

  it.each([
    'Markets moved. Reports said Alibaba would invest $1 billion in DeepSeek. Then came a denial.',
    'The U.S. ban (announced Friday) took effect. e.g. this one? "Yes!" she said.',
    'Pi is 3.14. Mr. Smith agreed.\n\nNew paragraph here',
  ])('matches on prose: %s', (text) => {
    expect(ruleSentenceSpans(text)).toEqual(icu(text));
  });

  it('leaves other scripts and invisible characters to Intl.Segmenter', () => {
    expect(ruleSentenceSpans('阿里巴巴否认。DeepSeek')).toBeNull();
    expect(ruleSentenceSpans('soft\u00adhyphen')).toBeNull();
  });
});
