/**
 * claimShape reads every claim of a list, so its word clean-up is written as loops; each must do
 * exactly what the regular expression it replaced did.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { claimShape, dropPossessive, endsEdOrIng, hasDigit, trimWordEnd } from '../../../utils/match/claim-shape';
import { stem } from '../../../utils/match/stem';

const word = fc.string({
  unit: fc.constantFrom('a', 'S', 's', "'", '.', ',', '1', '9', 'é', '’', ' ', '0', 'e', 'd', 'i', 'n', 'g'),
});

/** Whether `ours` gives what `reference` gives on every generated word. */
function sameAs<T>(ours: (w: string) => T, reference: (w: string) => T): void {
  fc.assert(
    fc.property(word, (w) => {
      expect(ours(w)).toBe(reference(w));
    }),
    { numRuns: 3000 },
  );
}

describe('claim-shape word clean-up', () => {
  it('trimWordEnd is replace(/[.,\']+$/, "")', () => {
    sameAs(trimWordEnd, (w) => w.replace(/[.,']+$/, ''));
  });

  it('dropPossessive is replace(/\'s$|\'$/, "")', () => {
    sameAs(dropPossessive, (w) => w.replace(/'s$|'$/, ''));
  });

  it('endsEdOrIng is /(?:ed|ing)$/.test', () => {
    const ending = fc.tuple(word, fc.constantFrom('', 'ed', 'ing', 'ng', 'd', 'g', 'eD', 'ING')).map(([w, e]) => w + e);
    fc.assert(
      fc.property(ending, (w) => {
        expect(endsEdOrIng(w)).toBe(/(?:ed|ing)$/.test(w));
      }),
      { numRuns: 3000 },
    );
  });

  it('hasDigit is /\\d/.test', () => {
    sameAs(hasDigit, (w) => /\d/.test(w));
    expect(hasDigit('٣')).toBe(false); // \d is ASCII only without the u flag
  });
});

describe('claimShape', () => {
  // Plain ASCII claims are read from their character codes; any other claim by the regular
  // expressions. A character that is in no word ("…") sends an ASCII claim down the second way.
  const piece = fc.constantFrom(
    'Alibaba',
    'invests',
    'invested',
    'running',
    'bring',
    'red',
    '$1',
    'billion',
    'U.S.',
    "it's",
    "Trump's",
    "don't",
    'RAISED',
    'NASA',
    'A',
    'I',
    '12,000',
    '3.5',
    'the',
    'cause',
    'Causes',
    ',',
    '.',
    "'",
    '$',
    ' ',
    '  ',
    'x1',
    'not',
  );
  const claim = fc.array(piece, { maxLength: 14 }).map((p) => p.join(' '));

  it('reads a plain ASCII claim as the regular expressions do', () => {
    fc.assert(
      fc.property(claim, (c) => {
        const fast = claimShape(c);
        const slow = claimShape(`${c} \u2026`);
        expect(fast.words).toBe(slow.words);
        expect(fast.negated).toBe(slow.negated);
        const terms = c
          .toLowerCase()
          .split(/[^a-z0-9$']+/)
          .filter(Boolean);
        for (const t of [...terms, ...terms.map(stem), ...terms.map((w) => `${stem(w)}*`), 'zzz', 'ru*']) {
          expect(fast.order(t)).toBe(slow.order(t));
          expect(fast.flags(t)).toBe(slow.flags(t));
        }
      }),
      { numRuns: 2000 },
    );
  });
});
