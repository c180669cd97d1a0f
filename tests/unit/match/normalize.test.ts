import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalize, normalizeTransient } from '../../../utils/match/normalize';

const copy = (n: ReturnType<typeof normalize>) => ({ text: n.text, start: [...n.start], end: [...n.end] });

describe('normalizeTransient', () => {
  it.each([
    ['Plain ASCII: DeepSeek-R1 is here.', 'plain ascii: deepseek r1 is here.'],
    ['Two  spaces', 'two spaces'],
    [' leading space', 'leading space'],
    ['tab\there', 'tab here'],
    ['back`tick', "back'tick"],
    ['a - b', 'a b'],
    ['Ｄｅｅｐ’s “quote”', "deep's “quote”"],
    ['Deep\u00adSeek, a soft hyphen inside a word', 'deepseek, a soft hyphen inside a word'],
    ['', ''],
  ])('%j folds as normalize() does', (input, expected) => {
    expect(normalizeTransient(input).text).toBe(expected);
    expect(copy(normalizeTransient(input))).toEqual(copy(normalize(input)));
  });

  it('plain ASCII takes the fast path with the same text and offsets as the folding loop', () => {
    const unit = fc.constantFrom(...'aZ9 -.,\'"`\t\n#@/$'.split(''), 'é', '’', '\u200b', 'Ａ');
    fc.assert(
      fc.property(
        fc.array(unit, { maxLength: 40 }).map((a) => a.join('')),
        (input) => {
          expect(copy(normalizeTransient(input))).toEqual(copy(normalize(input)));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('long plain text (the offsets buffer grows)', () => {
    const input = 'Word-Word '.repeat(2000);
    expect(copy(normalizeTransient(input))).toEqual(copy(normalize(input)));
  });
});
