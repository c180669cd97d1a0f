/**
 * Rating patterns put their word boundaries once around all whole-word phrases (a fresh worker
 * compiled the per-phrase form in ~150 ms, one long task): they must match exactly where the
 * per-phrase form does.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeRating, pattern } from '../../../utils/feed/rating';

const LIST = `not true | isn't true | pants on fire | falso | faux | 假 | 部分错误 | ложь | wahr | 사실 아님 | fake news`;

/** The per-phrase form the patterns had before. */
function perPhrase(list: string): RegExp {
  const words = list
    .split(/[|\n]/)
    .map((w) => w.trim().normalize('NFKC').toLowerCase())
    .filter(Boolean);
  const parts = words.map((w) => {
    const esc = w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\d ']+$/u.test(w)
      ? `(?<![\\p{L}\\p{N}])${esc}(?![\\p{L}\\p{N}])`
      : esc;
  });
  return new RegExp(parts.join('|'), 'u');
}

describe('rating patterns', () => {
  const grouped = pattern(LIST);
  const reference = perPhrase(LIST);

  it('match where the per-phrase form matches', () => {
    const piece = fc.constantFrom(
      'not',
      'true',
      "isn't",
      'pants',
      'on',
      'fire',
      'falso',
      'faux',
      'fake',
      'news',
      '假',
      '部分',
      '错误',
      'ложь',
      'wahr',
      '사실',
      '아님',
      'x',
      '1',
      "'",
      ' ',
      'é',
      '\u0301',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const text = pieces.join('');
        expect(grouped.test(text)).toBe(reference.test(text));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['Pants on Fire!', 'false'],
    ['Not true', 'false'],
    ['Mostly true', 'true'],
    ['Falso', 'false'],
    ['Truthful', 'unrated'],
    ['部分错误', 'mixed'],
    ['Misleading', 'misleading'],
  ])('%s is %s', (text, want) => {
    expect(normalizeRating(text)).toBe(want);
  });
});

describe('normalizeRating, asked again', () => {
  it('gives the same verdict for a text the second time, and after thousands of other texts', () => {
    const texts = ['False', 'Pants on Fire!', '  ', 'Mostly true', 'Falso', 'not true', '假', '', 'Misleading'];
    const first = texts.map((t) => normalizeRating(t, '3', '5', '1'));
    expect(first).toEqual(['false', 'false', 'mixed', 'true', 'false', 'false', 'false', 'mixed', 'misleading']);
    expect(texts.map((t) => normalizeRating(t, '3', '5', '1'))).toEqual(first);
    // More distinct texts than are remembered: the answers do not change.
    for (let i = 0; i < 5_000; i++) expect(normalizeRating(`claim ${i} is false`)).toBe('false');
    expect(texts.map((t) => normalizeRating(t, '3', '5', '1'))).toEqual(first);
    // A text with nothing to read still falls back to the numeric rating, each time.
    expect(normalizeRating('  ', 5, 5, 1)).toBe('true');
    expect(normalizeRating('  ', 1, 5, 1)).toBe('false');
  });
});
