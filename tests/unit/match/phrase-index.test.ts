import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeTransient } from '../../../utils/match/normalize';
import { PhraseIndex, type PhraseHit, type PhraseSpec } from '../../../utils/match/phrase-index';

const find = (specs: PhraseSpec[], text: string) =>
  new PhraseIndex(specs).find(normalizeTransient(text), text).map((h) => [specs[h.phrase]!.text, h.start, h.end]);

/** The general loop, which looks at every unit (find() skips word interiors in plain ASCII text). */
function findAnywhere(index: PhraseIndex, text: string): PhraseHit[] {
  const hits: PhraseHit[] = [];
  const anywhere = index as unknown as {
    findAnywhere(
      n: ReturnType<typeof normalizeTransient>,
      o: string,
      z: [number, number][],
      c: boolean,
      h: PhraseHit[],
    ): void;
  };
  anywhere.findAnywhere(normalizeTransient(text), text, [], true, hits);
  return hits;
}

describe('PhraseIndex', () => {
  it.each([
    ['whole words only', [{ text: 'tok' }], 'Tik tok, tiktok and toks', [['tok', 4, 7]]],
    [
      'a prefix phrase takes the rest of the word',
      [{ text: 'invest', prefix: true }],
      'Investors invest',
      [
        ['invest', 0, 9],
        ['invest', 10, 16],
      ],
    ],
    [
      'one-, two-, three- and four-unit keys',
      [{ text: 'x' }, { text: 'ab' }, { text: 'may' }, { text: 'maybe' }],
      'x ab may maybe',
      [
        ['x', 0, 1],
        ['ab', 2, 4],
        ['may', 5, 8],
        ['maybe', 9, 14],
      ],
    ],
    [
      'phrases sharing three letters',
      [{ text: 'conserve' }, { text: 'consult' }, { text: 'con' }],
      'con consult conserve',
      [
        ['con', 0, 3],
        ['consult', 4, 11],
        ['conserve', 12, 20],
      ],
    ],
    [
      'hits at one position in phrase order, whatever their key length',
      [{ text: 'may', prefix: true }, { text: 'maybe' }, { text: 'ma', prefix: true }],
      'maybe',
      [
        ['ma', 0, 5],
        ['may', 0, 5],
        ['maybe', 0, 5],
      ],
    ],
    ['multi-word phrases', [{ text: 'deepseek r2' }], 'DeepSeek R2 and deepseek r3', [['deepseek r2', 0, 11]]],
    [
      'camelCase word starts',
      [{ text: 'tiktok' }],
      '#DeleteTikTok now, DeleteTikTok',
      [
        ['tiktok', 7, 13],
        ['tiktok', 25, 31],
      ],
    ],
  ] as [string, PhraseSpec[], string, unknown[]][])('%s', (_, specs, text, want) => {
    expect(find(specs, text)).toEqual(want);
  });

  it('skipping word interiors finds exactly what looking at every unit finds', () => {
    const words = [
      'con',
      'cons',
      'consult',
      'may',
      'maybe',
      'ab',
      'a',
      'x',
      'r2',
      'invest',
      'investing',
      '8',
      'lemon8',
    ];
    const spec = fc.record({
      text: fc.oneof(
        fc.constantFrom(...words),
        fc.tuple(fc.constantFrom(...words), fc.constantFrom(...words)).map(([a, b]) => `${a} ${b}`),
      ),
      prefix: fc.boolean(),
    });
    const text = fc
      .array(
        fc.tuple(fc.constantFrom(...words, 'Con', 'MAY'), fc.constantFrom(' ', ', ', '. ', '(', ') ', '"', '$', '')),
        {
          maxLength: 14,
        },
      )
      .map((parts) => parts.map(([w, sep]) => w + sep).join(''));
    fc.assert(
      fc.property(fc.array(spec, { minLength: 1, maxLength: 8 }), text, (specs, t) => {
        const index = new PhraseIndex(specs);
        expect(index.find(normalizeTransient(t), t)).toEqual(findAnywhere(index, t));
      }),
      { numRuns: 500 },
    );
  });
});
