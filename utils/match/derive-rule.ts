/**
 * Rules for free-text claims (ClaimReview claimReviewed, Fact Check Tools text): the claim's
 * salient words, weighted by how rare they are across the whole list, most of them required in
 * one sentence. Pure.
 */
import type { ClaimMatchRule } from '../feed/types';
import { foldPhrase } from './normalize';
import { findAmounts } from './amounts';
import { STOPWORDS } from './stopwords';

export interface TermStats {
  /** Number of claims the stats were counted over. */
  docs: number;
  /** Claims containing each stem. */
  df: Map<string, number>;
}

export interface DeriveOptions {
  /** Rarest terms that are always required. */
  required: number;
  /** Further terms, of which `supportShare` must be present. */
  support: number;
  supportShare: number;
  /** Claims with fewer salient terms than this get no rule (too vague to match safely). */
  minTerms: number;
}

export const DEFAULT_DERIVE: DeriveOptions = { required: 2, support: 4, supportShare: 0.5, minTerms: 3 };

const WORD = /[\p{L}\p{N}][\p{L}\p{N}']*/gu;
const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/u;

/** Crude suffix stripping so "released" also matches "release" and "releases". */
export function stem(word: string): string {
  if (word.length < 5 || /\d/.test(word)) return word;
  for (const suffix of ['ations', 'ation', 'ings', 'ing', 'edly', 'ed', 'ies', 'es', 'ly', 's']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 4) return word.slice(0, -suffix.length);
  }
  return word;
}

/** Salient stems of a text, each once, in order. Amounts are kept whole ("$1 billion"). */
export function salientTerms(text: string): string[] {
  const folded = foldPhrase(text);
  const out = new Set<string>();
  for (const a of findAmounts(folded)) out.add(folded.slice(a.start, a.end));
  for (const m of folded.matchAll(WORD)) {
    const w = m[0].replace(/'s$|'$/, '');
    if (CJK_RUN.test(w)) {
      // Without a dictionary, CJK words are approximated by character bigrams.
      for (let i = 0; i + 1 < w.length; i++) out.add(w.slice(i, i + 2));
      continue;
    }
    if (w.length < 2 || STOPWORDS.has(w) || /^\d{1,2}$/.test(w)) continue;
    out.add(stem(w));
  }
  return [...out];
}

export function countTermStats(claims: Iterable<string>): TermStats {
  const df = new Map<string, number>();
  let docs = 0;
  for (const c of claims) {
    docs++;
    for (const t of salientTerms(c)) df.set(t, (df.get(t) ?? 0) + 1);
  }
  return { docs, df };
}

function asTerm(stemmed: string, original: string): string {
  // A stem shorter than the word becomes a prefix term; amounts and CJK stay literal.
  return stemmed !== original || (stemmed.length >= 5 && /^[a-z]+$/.test(stemmed)) ? `${stemmed}*` : stemmed;
}

export function deriveClaimRule(
  claim: string,
  stats?: TermStats,
  opts: DeriveOptions = DEFAULT_DERIVE,
): ClaimMatchRule | undefined {
  const terms = salientTerms(claim);
  if (terms.length < opts.minTerms) return undefined;
  const docs = Math.max(stats?.docs ?? 1, 1);
  const weight = (t: string) => Math.log((docs + 1) / ((stats?.df.get(t) ?? 0) + 0.5)) + (t.length > 6 ? 0.1 : 0);
  const ranked = [...terms].sort((a, b) => weight(b) - weight(a));
  const toTerm = (t: string) => (/^[a-z]/.test(t) && !t.includes(' ') ? asTerm(t, t) : t);
  const required = ranked.slice(0, opts.required).map((t) => [toTerm(t)]);
  const support = ranked.slice(opts.required, opts.required + opts.support).map((t) => [toTerm(t)]);
  return { all: required, support, minSupport: Math.ceil(support.length * opts.supportShare) };
}
