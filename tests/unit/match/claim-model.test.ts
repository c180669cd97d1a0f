import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { claimFeatures, FEATURE_NAMES, type Candidate, type WindowInfo } from '../../../utils/match/claim-features';
import {
  DEFAULT_CLAIM_MODEL,
  logOdds,
  parseClaimModel,
  probability,
  quotedWhole,
  tierOf,
  topContributions,
  treeValue,
  type Tree,
} from '../../../utils/match/claim-model';
import {
  claimShape,
  hasNegation,
  TERM_NAME,
  TERM_NUMBER,
  TERM_PREDICATE,
  verbatimPhrase,
} from '../../../utils/match/claim-shape';
import { highlightShared } from '../../../utils/match/highlight';
import { compileIndex } from '../../../utils/match/index-data';
import { Matcher } from '../../../utils/match/matcher';
import type { ClaimEntry } from '../../../utils/feed/types';

const claim = (id: string, text: string): ClaimEntry => ({
  kind: 'claim',
  id,
  claim: text,
  verdict: 'false',
  reviewedBy: 'Example Checks',
  sources: [{ url: `https://example.org/${id}` }],
});
const matcherOf = (claims: ClaimEntry[]) =>
  new Matcher(compileIndex(claims.map((entry) => ({ entry, source: 'test' }))));
const filler = Array.from({ length: 40 }, (_, i) =>
  claim(`f${i}`, `Filler story number ${i} about weather markets and sports results`),
);

/** Whether a tree passes the model's checks (a split at its root, at most four levels of them). */
const parseable = (t: Tree | number): boolean => {
  try {
    return Array.isArray(t) && parseClaimModel({ ...DEFAULT_CLAIM_MODEL, trees: [t] }).trees.length === 1;
  } catch {
    return false;
  }
};

describe('the shipped match model', () => {
  it('is read and checked against the features it was trained on', () => {
    expect(DEFAULT_CLAIM_MODEL.features).toEqual([...FEATURE_NAMES]);
    expect(DEFAULT_CLAIM_MODEL.trees.length).toBeGreaterThan(10);
    expect(DEFAULT_CLAIM_MODEL.possible).toBeLessThan(DEFAULT_CLAIM_MODEL.inline);
  });

  it.each([
    ['features in another order', { ...DEFAULT_CLAIM_MODEL, features: [...FEATURE_NAMES].reverse() }],
    ['a tree on an unknown feature', { ...DEFAULT_CLAIM_MODEL, trees: [[99, 0.5, 1, -1]] }],
    ['a leaf that is not a number', { ...DEFAULT_CLAIM_MODEL, trees: [[0, 0.5, 'x', -1]] }],
    ['possible above inline', { ...DEFAULT_CLAIM_MODEL, possible: 0.99, inline: 0.5 }],
  ])('rejects a model with %s', (_, model) => {
    expect(() => parseClaimModel(model)).toThrow(/npm run train:claims/);
  });

  it('turns log-odds into a probability and a tier', () => {
    const model = { ...DEFAULT_CLAIM_MODEL, bias: 0, trees: [[0, 0.5, -3, 3]] as never, inline: 0.9, possible: 0.5 };
    const high = FEATURE_NAMES.map(() => 1);
    const low = FEATURE_NAMES.map(() => 0);
    expect(probability(model, high)).toBeCloseTo(1 / (1 + Math.exp(-3)));
    expect(tierOf(model, probability(model, high))).toBe('inline');
    expect(tierOf(model, 0.6)).toBe('possible');
    expect(tierOf(model, probability(model, low))).toBeNull();
    expect(topContributions(model, high, 1)).toEqual([['share', 3]]);
  });

  it('sums exactly the trees as written, at any depth, for any features (NaN goes right)', () => {
    const nFeatures = FEATURE_NAMES.length;
    const tree = fc
      .letrec<{ node: Tree | number }>((t) => ({
        node: fc.oneof(
          { depthSize: 'small', withCrossShrink: true },
          fc.double({ min: -2, max: 2, noNaN: true }),
          fc.tuple(fc.nat(nFeatures - 1), fc.double({ min: -1, max: 2, noNaN: true }), t('node'), t('node')),
        ),
      }))
      .node.filter((t) => parseable(t));
    const value = fc.oneof(
      fc.double({ min: -1, max: 2, noNaN: true }),
      fc.constant(Number.NaN),
      fc.constantFrom(0, 0.5, 1),
    );
    fc.assert(
      fc.property(
        fc.array(tree, { minLength: 1, maxLength: 12 }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.array(fc.array(value, { minLength: nFeatures, maxLength: nFeatures }), { minLength: 1, maxLength: 5 }),
        (trees, bias, xs) => {
          const model = { ...DEFAULT_CLAIM_MODEL, bias, trees: trees as Tree[] };
          for (const x of xs) {
            let want = bias;
            for (const t of trees) want += treeValue(t, x);
            expect(logOdds(model, x)).toBe(want);
          }
        },
      ),
      { numRuns: 300 },
    );
    // And the shipped model, on random features.
    fc.assert(
      fc.property(fc.array(value, { minLength: nFeatures, maxLength: nFeatures }), (x) => {
        let want = DEFAULT_CLAIM_MODEL.bias;
        for (const t of DEFAULT_CLAIM_MODEL.trees) want += treeValue(t, x);
        expect(logOdds(DEFAULT_CLAIM_MODEL, x)).toBe(want);
      }),
      { numRuns: 500 },
    );
  });
});

describe('claim shape', () => {
  it('knows names, numbers and the likely action of a claim, and their order', () => {
    const s = claimShape('Alibaba will invest $1 billion in DeepSeek, and Trump banned TikTok.');
    expect(s.flags('deepseek*') & TERM_NAME).toBeTruthy();
    expect(s.flags('$1 billion') & TERM_NUMBER).toBeTruthy();
    expect(s.flags('bann*') & TERM_PREDICATE).toBeTruthy();
    expect(s.order('deepseek*')).toBeLessThan(s.order('tiktok'));
    expect(s.negated).toBe(false);
  });

  it.each([
    ['The senator did not vote for the bill', true],
    ["Vaccines don't cause autism", true],
    ['Nothing happened', true],
    ['Vaccines cause autism', false],
    ['A notebook was found', false],
  ])('negation in "%s": %s', (text, expected) => {
    expect(hasNegation(text)).toBe(expected);
  });

  it.each([
    ['The world is flat.', 'world is flat'],
    ['Vaccines cause autism', 'vaccines cause autism'],
    ['It is true', undefined],
    ['Flat', undefined],
    ['One two three four five six seven eight nine ten eleven words here', undefined],
  ])('the verbatim phrase of "%s"', (text, expected) => {
    expect(verbatimPhrase(text)).toBe(expected);
  });
});

describe('features', () => {
  const window: WindowInfo = { words: 10, salient: 5, negated: false, wordsBetween: (a, b) => Math.ceil((b - a) / 6) };
  const base: Candidate = {
    terms: [
      { weight: 5, order: 0, flags: TERM_NAME, at: 0, end: 6 },
      { weight: 4, order: 1, flags: TERM_PREDICATE, at: 7, end: 12 },
      { weight: 3, order: 2, flags: 0, at: 13, end: 18 },
    ],
    raw: 12,
    share: 1,
    runnerUp: 3,
    strong: 20,
    claimWords: 4,
    claimNegated: false,
  };
  const f = (c: Candidate, w: WindowInfo = window) => {
    const x = claimFeatures(c, w);
    return Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, x[i]]));
  };

  it('a claim told in order, its words close together', () => {
    const x = f(base);
    expect(x).toMatchObject({ share: 1, rareCoverage: 1, order: 1, adjacentPairs: 1, orderedChain: 1, predicate: 1 });
    expect(quotedWhole(claimFeatures(base, window))).toBe(true);
  });

  it('the same words scrambled and far apart', () => {
    const scrambled: Candidate = {
      ...base,
      terms: [
        { weight: 5, order: 0, flags: TERM_NAME, at: 60, end: 66 },
        { weight: 4, order: 1, flags: TERM_PREDICATE, at: 30, end: 35 },
        { weight: 3, order: 2, flags: 0, at: 0, end: 5 },
      ],
    };
    const x = f(scrambled);
    expect(x.order).toBe(0);
    expect(x.adjacentPairs).toBe(0);
    expect(x.orderedChain).toBeCloseTo(1 / 3);
    expect(x.proximity).toBeLessThan(f(base).proximity!);
    expect(quotedWhole(claimFeatures(scrambled, window))).toBe(false);
  });

  it('a missing name, a missing action, negation and a close runner-up', () => {
    const missing: Candidate = {
      ...base,
      terms: base.terms.map((t, i) => (i < 2 ? { ...t, at: -1, end: -1 } : t)),
      raw: 3,
      share: 0.25,
      runnerUp: 3,
    };
    const x = f(missing, { ...window, negated: true });
    expect(x).toMatchObject({
      namesMissing: 1,
      predicate: 0,
      negationMismatch: 1,
      runnerUpRatio: 1,
      heaviestMissing: 1,
    });
  });
});

describe('matching with the model', () => {
  it('a short claim quoted whole is flagged inline, even though its words are common', () => {
    const m = matcherOf([claim('flat', 'The world is flat'), claim('autism', 'Vaccines cause autism'), ...filler]);
    expect(m.scan('Some people still say the world is flat.').map((x) => [x.id, x.tier, x.text])).toEqual([
      ['flat', 'inline', 'world is flat'],
    ]);
    expect(m.scan('Do vaccines cause autism? No.').map((x) => x.id)).toEqual(['autism']);
    expect(m.scan('The world is round, and flat bread is tasty.')).toEqual([]);
  });

  it('leaves out excluded entries (evaluation: the list without the right claim)', () => {
    const m = matcherOf([claim('flat', 'The world is flat'), ...filler]);
    const index = compileIndex(
      [claim('flat', 'The world is flat'), ...filler].map((entry) => ({ entry, source: 't' })),
    );
    const flat = index.entries.findIndex((e) => e.id === 'flat');
    expect(m.scan('They say the world is flat.', [flat])).toEqual([]);
    expect(m.scan('They say the world is flat.').map((x) => x.id)).toEqual(['flat']);
  });
});

describe('highlighting the words a page shares with a claim', () => {
  it('marks exact words, prefixes and the words of an amount, and nothing else', () => {
    const runs = highlightShared('Alibaba will invest $1 billion in DeepSeek.', ['alibaba*', 'invest*', '$1 billion']);
    expect(runs.filter((r) => r.shared).map((r) => r.text)).toEqual(['Alibaba', 'invest', '$1', 'billion']);
    expect(runs.map((r) => r.text).join('')).toBe('Alibaba will invest $1 billion in DeepSeek.');
  });

  it('keeps markup in the claim as text', () => {
    const runs = highlightShared('<img src=x onerror=alert(1)> cures', ['cure*']);
    expect(runs.map((r) => r.text).join('')).toBe('<img src=x onerror=alert(1)> cures');
    expect(runs.find((r) => r.shared)?.text).toBe('cures');
  });
});
