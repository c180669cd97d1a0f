/**
 * The match model's view of one candidate: a window of page text (a sentence, or a whole short
 * block) and the free-text claim that scored best in it. Each feature carries a meaning a reader
 * can check (README, "How a claim is matched"); the model (claim-model.ts) weighs them. Pure.
 */
import { TERM_NAME, TERM_NUMBER, TERM_PREDICATE } from './claim-shape';

export const FEATURE_NAMES = [
  'share',
  'rareCoverage',
  'namesMissing',
  'hasNames',
  'predicate',
  'order',
  'proximity',
  'negationMismatch',
  'lengthRatio',
  'runnerUpRatio',
  'strength',
  'matched',
  'claimTerms',
  'windowCover',
  'heaviestMissing',
  'shareTimesStrength',
  'adjacentPairs',
  'orderedChain',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** One term of the claim's rule, heaviest first. */
export interface CandidateTerm {
  weight: number;
  /** Word position in the claim (-1: only the review's headline has it). */
  order: number;
  flags: number;
  /** First position of the term in the window (normalised offsets), -1 when absent. */
  at: number;
  /** Where that occurrence ends. */
  end: number;
}

export interface Candidate {
  terms: CandidateTerm[];
  /** Sum of weights present and its share of the claim's total. */
  raw: number;
  share: number;
  /** Score of the runner-up claim in the same window. */
  runnerUp: number;
  /** Score of a strong match for this claim (rule.s): scale for `raw`. */
  strong: number;
  claimWords: number;
  claimNegated: boolean;
}

export interface WindowInfo {
  /** Words in the window (NaN: not read yet). */
  words: number;
  /** Content words in the window (NaN: not read yet). */
  salient: number;
  /** Undefined: not read yet. */
  negated: boolean | undefined;
  /** Words between two normalised offsets of the window (for proximity). */
  wordsBetween(start: number, end: number): number;
}

const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);

/**
 * The features of `c` in window `w`, in FEATURE_NAMES order. Window counts not read yet (NaN,
 * undefined) give NaN features: the matcher asks first whether any value of them could make a
 * mention (maxLogOdds), and reads the window only then.
 */
export function claimFeatures(c: Candidate, w: WindowInfo): number[] {
  const present = c.terms.filter((t) => t.at >= 0);
  const matched = present.length;
  // One pass: the rarest terms (a claim's identity is mostly in its three heaviest words), its
  // names and numbers, its action, and its heaviest word the page lacks.
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
  const rareCoverage = c.terms.length ? rareFound / Math.min(3, c.terms.length) : 0;
  const namesMissing = named ? namedMissing / named : 0;
  const predicate = verbs ? (verbFound ? 1 : 0) : 0.5;
  // Word order: of the claim's words present (in the claim's order), how many neighbours keep
  // their order on the page.
  const ordered = present.filter((t) => t.order >= 0).sort((a, b) => a.order - b.order);
  let concordant = 0;
  for (let i = 1; i < ordered.length; i++) if (ordered[i]!.at > ordered[i - 1]!.at) concordant++;
  const order = ordered.length >= 2 ? concordant / (ordered.length - 1) : 0.5;
  // Proximity: the claim's words present, against the words of the page they are spread over.
  let proximity = 0;
  if (matched) {
    let from = Infinity;
    let to = -1;
    for (const t of present) {
      if (t.at < from) from = t.at;
      if (t.end > to) to = t.end;
    }
    proximity = clamp(matched / Math.max(1, w.wordsBetween(from, to)), 0, 1);
  }
  // Phrases kept: neighbouring words of the claim that are near each other on the page, in the
  // same order (a claim told again keeps its phrases; a story on the same topic rarely does).
  const known = c.terms.filter((t) => t.order >= 0).sort((a, b) => a.order - b.order);
  let pairs = 0;
  for (let i = 1; i < known.length; i++) {
    const a = known[i - 1]!;
    const b = known[i]!;
    if (a.at >= 0 && b.at > a.at && w.wordsBetween(a.end, b.at) <= 3) pairs++;
  }
  const adjacentPairs = known.length >= 2 ? pairs / (known.length - 1) : 0;
  // The longest run of claim words found on the page in the claim's order, against all of them.
  const chain = longestIncreasing(ordered.map((t) => t.at));
  const orderedChain = known.length ? chain / known.length : 0;
  return [
    c.share,
    rareCoverage,
    namesMissing,
    named ? 1 : 0,
    predicate,
    order,
    proximity,
    negationMismatch(c, w),
    lengthRatio(c, w),
    c.raw > 0 ? clamp(c.runnerUp / c.raw, 0, 1) : 1,
    c.strong > 0 && Number.isFinite(c.strong) ? clamp(c.raw / c.strong, 0, 2) : 0,
    Math.log1p(matched),
    Math.log1p(c.terms.length),
    windowCover(matched, w),
    // The claim's most distinctive word that the page lacks, against its most distinctive word.
    heaviestMissing,
    c.share * (c.strong > 0 && Number.isFinite(c.strong) ? clamp(c.raw / c.strong, 0, 2) : 0),
    adjacentPairs,
    orderedChain,
  ];
}

const negationMismatch = (c: Candidate, w: WindowInfo) =>
  w.negated === undefined ? NaN : w.negated !== c.claimNegated ? 1 : 0;
const lengthRatio = (c: Candidate, w: WindowInfo) =>
  clamp(Math.log(Math.max(1, w.words) / Math.max(1, c.claimWords)), -3, 3);
const windowCover = (matched: number, w: WindowInfo) => clamp(matched / Math.max(matched, w.salient, 1), 0, 1);

const F_NEGATION = FEATURE_NAMES.indexOf('negationMismatch');
const F_LENGTH = FEATURE_NAMES.indexOf('lengthRatio');
const F_COVER = FEATURE_NAMES.indexOf('windowCover');

/**
 * Fills in, in place, the features of `x` (from claimFeatures with the window's counts not read)
 * that depend on the window's counts: the same values claimFeatures(c, w) gives, without doing
 * the rest of the work twice.
 */
export function withWindowCounts(x: number[], c: Candidate, w: WindowInfo): number[] {
  x[F_NEGATION] = negationMismatch(c, w);
  x[F_LENGTH] = lengthRatio(c, w);
  let matched = 0;
  for (const t of c.terms) if (t.at >= 0) matched++;
  x[F_COVER] = windowCover(matched, w);
  return x;
}

/** Length of the longest strictly increasing subsequence (patience sorting). */
function longestIncreasing(xs: readonly number[]): number {
  const tails: number[] = [];
  for (const x of xs) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = x;
  }
  return tails.length;
}
