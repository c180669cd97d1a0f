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
  /** Words in the window. */
  words: number;
  /** Content words in the window (not stopwords, not a one- or two-digit number). */
  salient: number;
  /** Whether the window has a negation ("not", "never"…). */
  negated: boolean;
  /** Words between two normalised offsets of the window (for proximity). */
  wordsBetween(start: number, end: number): number;
}

const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);

/**
 * Scratch of claimFeatures: the claim's terms with a known word position, sorted by it; and the
 * tails of the longest-run search. Reused: the matcher asks for the features of about a thousand
 * windows on a large page, and the arrays made per call were a fifth of that time.
 */
let byOrder = new Int32Array(32);
let tails = new Float64Array(32);

/** The features of `c` in window `w`, in FEATURE_NAMES order. */
export function claimFeatures(c: Candidate, w: WindowInfo): number[] {
  const terms = c.terms;
  const n = terms.length;
  if (byOrder.length < n) {
    byOrder = new Int32Array(n * 2);
    tails = new Float64Array(n * 2);
  }
  // One pass: the rarest terms (a claim's identity is mostly in its three heaviest words), its
  // names and numbers, its action, its heaviest word the page lacks, and where the words found
  // are spread (proximity). The terms with a word position go into byOrder (sorted below).
  let matched = 0;
  let rareFound = 0;
  let named = 0;
  let namedMissing = 0;
  let verbs = 0;
  let verbFound = false;
  let heaviestMissing = 0;
  let from = Infinity;
  let to = -1;
  let known = 0;
  for (let i = 0; i < n; i++) {
    const t = terms[i]!;
    const found = t.at >= 0;
    if (found) {
      matched++;
      if (t.at < from) from = t.at;
      if (t.end > to) to = t.end;
    }
    if (i < 3 && found) rareFound++;
    if (t.flags & (TERM_NAME | TERM_NUMBER)) {
      named++;
      if (!found) namedMissing++;
    }
    if (t.flags & TERM_PREDICATE) {
      verbs++;
      if (found) verbFound = true;
    }
    if (!found && !heaviestMissing) heaviestMissing = t.weight / terms[0]!.weight;
    if (t.order >= 0) {
      // Insertion sort by the claim's word order, stable (equal orders keep the terms' order).
      let k = known++;
      while (k > 0 && terms[byOrder[k - 1]!]!.order > t.order) {
        byOrder[k] = byOrder[k - 1]!;
        k--;
      }
      byOrder[k] = i;
    }
  }
  const rareCoverage = n ? rareFound / Math.min(3, n) : 0;
  const namesMissing = named ? namedMissing / named : 0;
  const predicate = verbs ? (verbFound ? 1 : 0) : 0.5;
  // Along the claim's words in its order: word order (of the words present, how many neighbours
  // keep their order on the page), phrases kept (neighbouring words of the claim near each other
  // on the page, in the same order: a claim told again keeps its phrases, a story on the same
  // topic rarely does), and the longest run of claim words found in the claim's order.
  let ordered = 0;
  let concordant = 0;
  let lastAt = 0;
  let pairs = 0;
  let chain = 0;
  for (let k = 0; k < known; k++) {
    const b = terms[byOrder[k]!]!;
    if (k > 0) {
      const a = terms[byOrder[k - 1]!]!;
      if (a.at >= 0 && b.at > a.at && w.wordsBetween(a.end, b.at) <= 3) pairs++;
    }
    if (b.at < 0) continue;
    if (ordered > 0 && b.at > lastAt) concordant++;
    lastAt = b.at;
    ordered++;
    // Longest strictly increasing run of positions (patience sorting).
    let lo = 0;
    let hi = chain;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid]! < b.at) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = b.at;
    if (lo === chain) chain++;
  }
  const order = ordered >= 2 ? concordant / (ordered - 1) : 0.5;
  const proximity = matched ? clamp(matched / Math.max(1, w.wordsBetween(from, to)), 0, 1) : 0;
  const adjacentPairs = known >= 2 ? pairs / (known - 1) : 0;
  const orderedChain = known ? chain / known : 0;
  const strength = c.strong > 0 && Number.isFinite(c.strong) ? clamp(c.raw / c.strong, 0, 2) : 0;
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
    strength,
    Math.log1p(matched),
    Math.log1p(n),
    windowCover(matched, w),
    // The claim's most distinctive word that the page lacks, against its most distinctive word.
    heaviestMissing,
    c.share * strength,
    adjacentPairs,
    orderedChain,
  ];
}

const negationMismatch = (c: Candidate, w: WindowInfo) => (w.negated !== c.claimNegated ? 1 : 0);
const lengthRatio = (c: Candidate, w: WindowInfo) =>
  clamp(Math.log(Math.max(1, w.words) / Math.max(1, c.claimWords)), -3, 3);
const windowCover = (matched: number, w: WindowInfo) => clamp(matched / Math.max(matched, w.salient, 1), 0, 1);
