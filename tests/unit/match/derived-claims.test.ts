import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DerivedClaims } from '../../../utils/match/derived-claims';
import { INDEX_VERSION, type IndexData, type IndexEntry } from '../../../utils/match/index-data';

/**
 * A list of derived claims over terms 0..terms-1 as the compile makes them: one term per group,
 * or with `pair` a second one (then a group present through both counts once).
 */
function indexOf(
  rules: { groups: [term: number, weight: number, pair: boolean][]; all: number; min: number; minSupport: number }[],
  terms: number,
): IndexData {
  const entries: IndexEntry[] = rules.map((r, i) => ({
    id: `c${i}`,
    kind: 'claim',
    label: 'False',
    labelKey: 'false',
    count: 1,
    tone: 'false' as IndexEntry['tone'],
    name: `claim ${i}`,
    source: 'test',
    rule: {
      all: r.groups.slice(0, r.all).map(group),
      support: r.groups.slice(r.all).map(group),
      minSupport: r.minSupport,
      none: [],
      w: r.groups.map(([, w]) => w),
      min: r.min,
      s: 1,
    },
  }));
  return { version: INDEX_VERSION, terms: Array.from({ length: terms }, (_, t) => ({ t: `w${t}` })), entries };
}

const TERMS = 40;
const group = ([t, , pair]: [number, number, boolean]) => (pair ? [t, (t + 7) % TERMS] : [t]);

function build(data: IndexData): DerivedClaims {
  const d = new DerivedClaims({ stamp: 0, claimStamp: new Int32Array(0) });
  for (const step = d.build(data); !step.next().done; );
  return d;
}

// Weights like idf: a few heavy (rare) terms, many light (common) ones; and some equal weights,
// for ties and near ties.
const weight = fc.oneof(
  fc.double({ min: 0.01, max: 0.3, noNaN: true }),
  fc.double({ min: 2, max: 9, noNaN: true }),
  fc.constantFrom(0.1, 0.2, 3, 5),
);
const rule = fc.record({
  groups: fc.uniqueArray(fc.tuple(fc.nat(TERMS - 1), weight, fc.boolean()), {
    minLength: 1,
    maxLength: 6,
    selector: ([t]) => t,
  }),
  all: fc.nat(2),
  min: fc.constantFrom(0, 0.3, 0.6),
  minSupport: fc.nat(2),
});
const window = fc.uniqueArray(fc.nat(TERMS - 1), { minLength: 1, maxLength: 25 });

describe('DerivedClaims.top', () => {
  it('finds what the reference loop finds over every claim of the window', () => {
    fc.assert(
      fc.property(
        fc.array(rule, { minLength: 1, maxLength: 120 }),
        fc.array(window, { minLength: 1, maxLength: 6 }),
        fc.uniqueArray(fc.nat(119), { maxLength: 3 }),
        (rules, windows, left) => {
          const d = build(indexOf(rules, TERMS));
          const all = rules.map((_, i) => i);
          for (const exclude of [[], left.filter((e) => e < rules.length)]) {
            d.exclude(exclude);
            for (const w of windows) {
              const terms = new Set(w);
              const touching = all.filter((c) => rules[c]!.groups.some((g) => group(g).some((t) => terms.has(t))));
              expect(d.top(terms)).toEqual(d.topPlain(touching, terms));
            }
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
