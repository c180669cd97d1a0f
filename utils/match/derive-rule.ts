/**
 * Rules for free-text claims (ClaimReview claimReviewed, Fact Check Tools text): the claim's
 * salient words, weighted by how rare they are across the whole list, most of them required in
 * one sentence. Pure.
 */
import { runSteps } from '../steps';
import { foldPhrase } from './normalize';
import { findAmounts } from './amounts';
import { STOPWORD_TABLE, STOPWORDS } from './stopwords';
import { stem, stemEnd } from './stem';
import { claimShape } from './claim-shape';
import { StringMap } from './string-map';

export { stem } from './stem';

export interface TermStats {
  /** Number of claims the stats were counted over. */
  docs: number;
  /** Claims containing each stem. */
  df: StringMap<number>;
}

export interface DeriveOptions {
  /** Rarest terms that are always required. */
  required: number;
  /** At most this many terms per claim (the rarest). */
  maxTerms: number;
  /** Share of the terms' total weight that must be present in the window. */
  minScore: number;
  /**
   * A window scoring at least this, in units of the heaviest possible word (one no other claim
   * has), is a strong match: it is badged when it leads at all, without the margin.
   */
  strongScore: number;
  /** Claims with fewer salient terms than this get no rule (too vague to match safely). */
  minTerms: number;
  /**
   * At least this many of a claim's terms must be present (all of them if it has fewer): on a
   * short list every word is rare, and two of nine words ("senator", "Kentucky") are not a claim.
   */
  minMatched: number;
  /** Weight of words that only the review's headline has. */
  extraWeight: number;
  /** 0 = none, 1 = full normalisation of weights by the number of terms. */
  lengthNorm: number;
}

/** Tuned on the CheckThat! 2020 train split (npm run checkthat). */
export const DEFAULT_DERIVE: DeriveOptions = {
  required: 0,
  maxTerms: 20,
  minScore: 0.2,
  strongScore: 3.3,
  minTerms: 3,
  minMatched: 3,
  extraWeight: 1,
  lengthNorm: 0.5,
};

/** A rule derived from free text: weighted terms, the first `required` of them mandatory. */
export interface DerivedRule {
  terms: string[];
  weights: number[];
  required: number;
  minScore: number;
  /** Score (sum of weights present) that makes a strong match. */
  strong: number;
  /** Terms that must be present, required ones included. */
  minMatched: number;
  /** Per term: its word position in the claim (-1 when only the headline has it). */
  order: number[];
  /** Per term: TERM_NAME / TERM_NUMBER / TERM_PREDICATE flags (claim-shape.ts). */
  flags: number[];
  /** Words in the claim, and whether it is negated ("did not", "never"). */
  words: number;
  negated: boolean;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}']*/gu;
const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/u;

/** Salient stems of a text, each once, in order. Amounts are kept whole ("$1 billion"). */
export function salientTerms(text: string): string[] {
  const folded = foldPhrase(text);
  const out = new Set<string>();
  for (const a of findAmounts(folded)) out.add(folded.slice(a.start, a.end));
  const addWord = (word: string) => {
    const w = word.replace(/'s$|'$/, '');
    if (CJK_RUN.test(w)) {
      // Without a dictionary, CJK words are approximated by character bigrams.
      for (let i = 0; i + 1 < w.length; i++) out.add(w.slice(i, i + 2));
      return;
    }
    if (w.length < 2 || STOPWORDS.has(w) || /^\d{1,2}$/.test(w)) return;
    out.add(stem(w));
  };
  if (ASCII_ONLY.test(folded)) {
    // The same words as WORD finds, and the same terms as addWord keeps, read from the character
    // codes: no match object, regular expression or slice per word (ASCII letters and digits are
    // exactly the \p{L} and \p{N} of ASCII text, and ASCII has no CJK). A 100,000-claim list
    // has two million words; addWord was a tenth of its update.
    const n = folded.length;
    for (let i = 0; i < n; ) {
      if (!isAsciiAlnum(folded.charCodeAt(i))) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < n && (isAsciiAlnum(folded.charCodeAt(j)) || folded.charCodeAt(j) === APOSTROPHE)) j++;
      // addWord's /'s$|'$/: a trailing 's, else a trailing apostrophe.
      let end = j;
      if (folded.charCodeAt(end - 1) === APOSTROPHE) end--;
      else if (end - i >= 2 && folded.charCodeAt(end - 1) === 115 && folded.charCodeAt(end - 2) === APOSTROPHE)
        end -= 2;
      const len = end - i;
      // Shorter than 2, or a number of two digits.
      if (
        len >= 2 &&
        !(len === 2 && isAsciiDigit(folded.charCodeAt(i)) && isAsciiDigit(folded.charCodeAt(i + 1))) &&
        !(len <= STOPWORD_TABLE.longest && STOPWORD_TABLE.flagsAt(folded, i, end))
      ) {
        out.add(folded.slice(i, stemEnd(folded, i, end)));
      }
      i = j;
    }
  } else {
    for (const m of folded.matchAll(WORD)) addWord(m[0]);
  }
  return [...out];
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;
const APOSTROPHE = 39;
const isAsciiDigit = (c: number) => c >= 48 && c <= 57;
function isAsciiAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
}

/**
 * Document frequencies over claims. A document is a claim's text plus, when given, more text
 * about it (the review's headline): headline words are weighted in derived rules too, so a word
 * only headlines use ("fact", "check") must not look rarer than it is.
 */
export function countTermStats(claims: Iterable<string | readonly [claim: string, extra?: string]>): TermStats {
  const read = function* () {
    for (const c of claims) yield typeof c === 'string' ? claimTerms(c) : claimTerms(c[0], c[1]);
  };
  return runSteps(countClaimTermsSteps(read()));
}

/**
 * A claim's salient terms and those of its extra text (the review's headline) that the claim does
 * not have, read once per claim: the list's statistics count them, then the claim's rule weighs
 * them (the compile of a list reads them once for both).
 */
export interface ClaimTerms {
  main: string[];
  extra: string[];
}

export function claimTerms(claim: string, extra?: string): ClaimTerms {
  const main = salientTerms(claim);
  return { main, extra: extra ? salientTerms(extra).filter((t) => !main.includes(t)) : [] };
}

/** countTermStats of claims whose terms were read by claimTerms, in steps. */
export function* countClaimTermsSteps(claims: Iterable<ClaimTerms>): Generator<void, TermStats, void> {
  const df = new StringMap<number>();
  let docs = 0;
  for (const { main, extra } of claims) {
    if ((docs & 15) === 15) yield;
    docs++;
    for (const t of main) df.set(t, (df.get(t) ?? 0) + 1);
    for (const t of extra) df.set(t, (df.get(t) ?? 0) + 1);
  }
  return { docs, df };
}

/** Latin stems become prefix terms ("releas*"), so inflections match; amounts and CJK stay literal. */
export function asTerm(t: string): string {
  // /^[a-z][a-z']*$/ from the character codes: a list of 100,000 claims asks 800,000 times.
  if (t.length < 4) return t;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c === 39 && i > 0))) return t;
  }
  return `${t}*`;
}

/**
 * Weighted terms for a free-text claim. `extra` is more text about the same claim (a review's
 * headline), whose words count at half weight.
 */
export function deriveClaimRule(
  claim: string,
  stats?: TermStats,
  opts: DeriveOptions = DEFAULT_DERIVE,
  extra?: string,
  /** The claim's terms, when already read (claimTerms(claim, extra)). */
  read?: ClaimTerms,
): DerivedRule | undefined {
  const { main, extra: more } = read ?? claimTerms(claim, extra);
  if (main.length + more.length < opts.minTerms) return undefined;
  const docs = Math.max(stats?.docs ?? 1, 1);
  const idf = (t: string) => Math.log(1 + (docs + 1) / ((stats?.df.get(t) ?? 0) + 0.5));
  // Weights scale with the list's size (rarity is relative), so the strong-match score does too.
  const heaviest = Math.log(1 + (docs + 1) / 0.5);
  const scored = [...main.map((t) => ({ t, w: idf(t) })), ...more.map((t) => ({ t, w: idf(t) * opts.extraWeight }))];
  scored.sort((a, b) => b.w - a.w);
  const top = scored.slice(0, opts.maxTerms);
  const shape = claimShape(claim);
  return {
    terms: top.map((x) => asTerm(x.t)),
    // Length normalisation (as in BM25): a long claim would otherwise outscore short ones on
    // incidental words when claims compete for one sentence.
    weights: top.map(
      (x) => Math.round((x.w / (1 - opts.lengthNorm + (opts.lengthNorm * top.length) / 12)) * 100) / 100,
    ),
    required: Math.min(opts.required, top.length),
    minScore: opts.minScore,
    strong: Math.round(opts.strongScore * heaviest * 100) / 100,
    minMatched: Math.min(opts.minMatched, top.length),
    order: top.map((x) => (main.includes(x.t) ? shape.order(x.t) : -1)),
    flags: top.map((x) => (main.includes(x.t) ? shape.flags(x.t) : 0)),
    words: shape.words,
    negated: shape.negated,
  };
}
