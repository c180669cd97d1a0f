/** shorten() names every claim of a compiled list, so clean claims skip its regular expressions. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shorten } from '../../../utils/match/index-data';

/** What shorten did before its fast path. */
function reference(s: string, max: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : t.slice(0, max - 1).trimEnd() + '…';
}

describe('shorten', () => {
  it('gives what collapsing whitespace, trimming and clipping give', () => {
    const text = fc.string({
      unit: fc.constantFrom('a', 'B', ' ', ' ', '  ', '\t', '\n', '\u00a0', '\u2003', 'é', '~', '.', '\u3000', '1'),
      maxLength: 40,
    });
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 30 }), (s, max) => {
        expect(shorten(s, max)).toBe(reference(s, max));
      }),
      { numRuns: 5000 },
    );
  });

  it('takes a clean claim as it is', () => {
    expect(shorten('Garlic cures diabetes', 120)).toBe('Garlic cures diabetes');
    expect(shorten(' Garlic  cures\tdiabetes ', 120)).toBe('Garlic cures diabetes');
  });
});
