import { describe, expect, it } from 'vitest';
import { SeenRules } from '../../../utils/match/seen-rules';

describe('SeenRules', () => {
  it('knows a rule by its terms and weights, in order', () => {
    const seen = new SeenRules();
    expect(seen.add(['mayor*', 'coffe*'], [2.5, 1.25])).toBe(true);
    expect(seen.add(['mayor*', 'coffe*'], [2.5, 1.25])).toBe(false);
    // The same terms with other weights (a word from the headline), or in another order, differ.
    expect(seen.add(['mayor*', 'coffe*'], [2.5, 0.62])).toBe(true);
    expect(seen.add(['coffe*', 'mayor*'], [2.5, 1.25])).toBe(true);
    // Terms are not run together: ["ab", "c"] is not ["a", "bc"].
    expect(seen.add(['ab', 'c'], [1, 1])).toBe(true);
    expect(seen.add(['a', 'bc'], [1, 1])).toBe(true);
    expect(seen.add(['a', 'bc'], [1, 1])).toBe(false);
  });

  it('tells apart rules whose hashes collide', () => {
    const seen = new SeenRules();
    // Weights hashed at a thousandth: these two hash alike and still differ.
    expect(seen.add(['x'], [1.0001])).toBe(true);
    expect(seen.add(['x'], [1.0002])).toBe(true);
    expect(seen.add(['x'], [1.0002])).toBe(false);
  });
});
