import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  claimFeatures,
  type Candidate,
  type CandidateTerm,
  type WindowInfo,
} from '../../../utils/match/claim-features';
import { TERM_NAME, TERM_NUMBER, TERM_PREDICATE } from '../../../utils/match/claim-shape';

const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);

/**
 * The features as first written (filters, sorts and a separate longest-run search): the
 * reference the single-pass claimFeatures must agree with exactly, since the model was trained on
 * these values.
 */
function reference(c: Candidate, w: WindowInfo): number[] {
  const present = c.terms.filter((t) => t.at >= 0);
  const matched = present.length;
  let rareFound = 0;
  let named = 0;
  let namedMissing = 0;
  let verbs = 0;
  let verbFound = false;
  let heaviestMissing = 0;
  c.terms.forEach((t, i) => {
    const found = t.at >= 0;
    if (i < 3 && found) rareFound++;
    if (t.flags & (TERM_NAME | TERM_NUMBER)) {
      named++;
      if (!found) namedMissing++;
    }
    if (t.flags & TERM_PREDICATE) {
      verbs++;
      if (found) verbFound = true;
    }
    if (!found && !heaviestMissing) heaviestMissing = t.weight / c.terms[0]!.weight;
  });
  const ordered = present.filter((t) => t.order >= 0).sort((a, b) => a.order - b.order);
  let concordant = 0;
  for (let i = 1; i < ordered.length; i++) if (ordered[i]!.at > ordered[i - 1]!.at) concordant++;
  let proximity = 0;
  if (matched) {
    const from = Math.min(...present.map((t) => t.at));
    const to = Math.max(...present.map((t) => t.end));
    proximity = clamp(matched / Math.max(1, w.wordsBetween(from, to)), 0, 1);
  }
  const known = c.terms.filter((t) => t.order >= 0).sort((a, b) => a.order - b.order);
  let pairs = 0;
  for (let i = 1; i < known.length; i++) {
    const a = known[i - 1]!;
    const b = known[i]!;
    if (a.at >= 0 && b.at > a.at && w.wordsBetween(a.end, b.at) <= 3) pairs++;
  }
  const tails: number[] = [];
  for (const { at } of ordered) {
    let lo = 0;
    while (lo < tails.length && tails[lo]! < at) lo++;
    tails[lo] = at;
  }
  const strength = c.strong > 0 && Number.isFinite(c.strong) ? clamp(c.raw / c.strong, 0, 2) : 0;
  return [
    c.share,
    c.terms.length ? rareFound / Math.min(3, c.terms.length) : 0,
    named ? namedMissing / named : 0,
    named ? 1 : 0,
    verbs ? (verbFound ? 1 : 0) : 0.5,
    ordered.length >= 2 ? concordant / (ordered.length - 1) : 0.5,
    proximity,
    w.negated !== c.claimNegated ? 1 : 0,
    clamp(Math.log(Math.max(1, w.words) / Math.max(1, c.claimWords)), -3, 3),
    c.raw > 0 ? clamp(c.runnerUp / c.raw, 0, 1) : 1,
    strength,
    Math.log1p(matched),
    Math.log1p(c.terms.length),
    clamp(matched / Math.max(matched, w.salient, 1), 0, 1),
    heaviestMissing,
    c.share * strength,
    known.length >= 2 ? pairs / (known.length - 1) : 0,
    known.length ? tails.length / known.length : 0,
  ];
}

const term: fc.Arbitrary<CandidateTerm> = fc
  .record({
    weight: fc.double({ min: 0, max: 10, noNaN: true }),
    // Few distinct orders, so that ties (a headline word, -1, and repeated positions) are common.
    order: fc.integer({ min: -1, max: 6 }),
    flags: fc.constantFrom(0, TERM_NAME, TERM_NUMBER, TERM_PREDICATE, TERM_NAME | TERM_PREDICATE),
    at: fc.integer({ min: -1, max: 12 }),
    length: fc.integer({ min: 1, max: 3 }),
  })
  .map(({ length, ...t }) => ({ ...t, at: t.at < 0 ? -1 : t.at * 4, end: t.at < 0 ? -1 : t.at * 4 + length }));

const candidate: fc.Arbitrary<Candidate> = fc.record({
  terms: fc.array(term, { maxLength: 40 }),
  raw: fc.double({ min: 0, max: 20, noNaN: true }),
  share: fc.double({ min: 0, max: 1, noNaN: true }),
  runnerUp: fc.double({ min: 0, max: 20, noNaN: true }),
  strong: fc.constantFrom(0, 5, 12.5, Infinity),
  claimWords: fc.integer({ min: 0, max: 30 }),
  claimNegated: fc.boolean(),
});

const window: fc.Arbitrary<WindowInfo> = fc
  .record({ words: fc.integer({ min: 0, max: 80 }), salient: fc.integer({ min: 0, max: 40 }), negated: fc.boolean() })
  .map((w) => ({ ...w, wordsBetween: (from: number, to: number) => Math.max(0, Math.ceil((to - from) / 4)) }));

describe('claimFeatures', () => {
  it('gives exactly the values of the reference, term order ties included', () => {
    fc.assert(
      fc.property(candidate, window, (c, w) => {
        expect(claimFeatures(c, w)).toEqual(reference(c, w));
      }),
      { numRuns: 2000 },
    );
  });

  it('grows its scratch for a claim with more terms than before, and stays exact after it', () => {
    const many: Candidate = {
      terms: Array.from({ length: 100 }, (_, i) => ({
        weight: 100 - i,
        order: 99 - i,
        flags: 0,
        at: i * 4,
        end: i * 4 + 3,
      })),
      raw: 10,
      share: 1,
      runnerUp: 2,
      strong: 10,
      claimWords: 100,
      claimNegated: false,
    };
    const w: WindowInfo = { words: 100, salient: 100, negated: false, wordsBetween: (a, b) => Math.ceil((b - a) / 4) };
    expect(claimFeatures(many, w)).toEqual(reference(many, w));
    const few = { ...many, terms: many.terms.slice(0, 3) };
    expect(claimFeatures(few, w)).toEqual(reference(few, w));
    // Told in the claim's order: a run of all 100 words.
    const inOrder = { ...many, terms: many.terms.map((t, i) => ({ ...t, order: i })) };
    expect(claimFeatures(inOrder, w)).toEqual(reference(inOrder, w));
    expect(claimFeatures(inOrder, w)[17]).toBe(1);
  });
});
