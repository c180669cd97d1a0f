import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HASH_START, hashStep, WordTable } from '../../../utils/match/word-table';
import { STOPWORDS } from '../../../utils/match/stopwords';
import { NEGATIONS } from '../../../utils/match/claim-shape';

describe('WordTable', () => {
  const words = fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'n', 'o', 't', "'", 'é'), maxLength: 5 }), {
    maxLength: 40,
  });

  it('finds exactly the words of two Sets, with their flags, inside any text', () => {
    fc.assert(
      fc.property(words, words, fc.array(fc.string({ maxLength: 5 })), (a, b, others) => {
        const A = new Set(a);
        const B = new Set(b);
        const table = new WordTable([...[...A].map((w) => [w, 1] as const), ...[...B].map((w) => [w, 2] as const)]);
        for (const w of [...A, ...B, ...others]) {
          const want = (A.has(w) ? 1 : 0) | (B.has(w) ? 2 : 0);
          // The word alone, and inside a longer text (a lookup never reads past its end).
          expect(table.flagsAt(w, 0, w.length)).toBe(want);
          const text = `x${w}yz`;
          expect(table.flagsAt(text, 1, 1 + w.length)).toBe(want);
          // Hashed by the caller as it reads the word.
          let h = HASH_START;
          for (let i = 0; i < w.length; i++) h = hashStep(h, w.charCodeAt(i));
          expect(table.flagsHashed(text, 1, 1 + w.length, h)).toBe(want);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('holds the stopwords and negations as the matcher uses them', () => {
    const table = new WordTable([
      ...[...STOPWORDS].map((w) => [w, 2] as const),
      ...[...NEGATIONS].map((w) => [w, 1] as const),
    ]);
    const text = [...STOPWORDS, ...NEGATIONS, 'claim', 'vaccine', 'the1', 'nott'].join(' ');
    for (let i = 0; i < text.length; ) {
      const j = text.indexOf(' ', i) < 0 ? text.length : text.indexOf(' ', i);
      const w = text.slice(i, j);
      expect(table.flagsAt(text, i, j)).toBe((NEGATIONS.has(w) ? 1 : 0) | (STOPWORDS.has(w) ? 2 : 0));
      i = j + 1;
    }
  });
});
