/**
 * claimShape reads every claim of a list, so its word clean-up is written as loops; each must do
 * exactly what the regular expression it replaced did.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dropPossessive, hasDigit, trimWordEnd } from '../../../utils/match/claim-shape';

const word = fc.string({ unit: fc.constantFrom('a', 'S', 's', "'", '.', ',', '1', '9', 'é', '’', ' ', '0') });

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

  it('hasDigit is /\\d/.test', () => {
    sameAs(hasDigit, (w) => /\d/.test(w));
    expect(hasDigit('٣')).toBe(false); // \d is ASCII only without the u flag
  });
});
