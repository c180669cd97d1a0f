/**
 * The match model's decision on a window's best free-text claim (derived rule): where the claim's
 * words sit in the window, the features, the probability and the tier. Kept apart from the
 * Matcher, which finds candidates; this is the one place that turns a candidate into a mention.
 * Pure.
 */
import type { BlockContext, Mention } from './block-context';
import { claimFeatures, type Candidate, type CandidateTerm } from './claim-features';
import { probability, quotedWhole, tierOf, type ClaimModel } from './claim-model';
import type { DerivedClaims, TopClaim } from './derived-claims';
import type { EntryList } from './entry-columns';
import type { PhraseHit } from './phrase-index';

/** The Matcher's options this reads. */
export interface JudgeOptions {
  /** Decides whether a window's best free-text claim is a mention, and its tier. */
  model: ClaimModel;
  /** Keep each derived mention's features (scan --explain, training). */
  explain?: boolean;
  /**
   * Called with every window's best free-text claim and its features, whatever the model says
   * (training and evaluation scripts).
   */
  onCandidate?: (c: { entry: number; features: number[]; score: number; windowText: string }) => void;
}

export class ClaimJudge {
  private readonly termPool: CandidateTerm[] = [];
  private readonly terms: CandidateTerm[] = [];
  private readonly candidate: Candidate = {
    terms: this.terms,
    raw: 0,
    share: 0,
    runnerUp: 0,
    strong: 0,
    claimWords: 0,
    claimNegated: false,
  };

  constructor(
    private readonly derived: DerivedClaims,
    private readonly entries: EntryList,
    private readonly options: JudgeOptions,
    /** A term's text as the index has it, for the words a mention shares with its claim. */
    private readonly termText: (t: number) => string,
  ) {}

  /**
   * The match model's decision on a window's best free-text claim: its features, probability and
   * tier. A mention is added at the inline or the possible tier; below both, nothing. `top` is
   * what the derived claims' last search (top, topPlain) found: the window's terms are still
   * marked there.
   */
  judge(ctx: BlockContext, wi: number, top: TopClaim, firstHit: Int32Array, out: Mention[]): void {
    const d = this.derived;
    const [from, to] = d.groupRange(top.claim);
    // The candidate and its terms are reused from window to window (nothing keeps them).
    const terms = this.terms;
    terms.length = 0;
    for (let G = from; G < to; G++) {
      const at = d.present(d.groupTerm(G)) ? 0 : -1;
      const term = (this.termPool[G - from] ??= { weight: 0, order: 0, flags: 0, at: 0, end: 0 });
      term.weight = d.weightOf(G);
      term.order = d.orderOf(G);
      term.flags = d.flagsOf(G);
      term.at = term.end = at;
      terms.push(term);
    }
    const candidate = this.candidate;
    candidate.raw = top.raw;
    candidate.share = top.share;
    candidate.runnerUp = top.runnerUp;
    candidate.strong = d.strongScore(top.claim);
    candidate.claimWords = d.wordsOf(top.claim);
    candidate.claimNegated = d.negated(top.claim);
    const model = this.options.model;
    // Where each word first appears in the window: its first hit in the block (claimMentions
    // noted it) when that falls in the window, else the window's own first.
    const [ws, we] = ctx.windowSpan(wi);
    for (let G = from; G < to; G++) {
      const term = terms[G - from]!;
      if (term.at < 0) continue;
      const t = d.groupTerm(G);
      let hit: PhraseHit | undefined = ctx.hits[firstHit[t]!];
      if (!hit || hit.phrase !== t || hit.start < ws || hit.start >= we)
        hit = ctx.windowHits(wi).find((h) => h.phrase === t);
      term.at = hit?.start ?? -1;
      term.end = hit?.end ?? -1;
    }
    // No bound over the trees is tried first: with the model trained on headline pairs, one over
    // the features that need no reading of the window decided 3 of 1,007 candidates on the
    // benchmark page and 2 of 1,721 on AG News, and cost more than reading the window.
    const features = claimFeatures(candidate, ctx.windowInfo(wi));
    const score = quotedWhole(features) ? 1 : probability(model, features);
    if (this.options.onCandidate) {
      const [s, e] = ctx.windowSpan(wi);
      this.options.onCandidate({ entry: top.claim, features, score, windowText: ctx.norm.text.slice(s, e) });
    }
    const tier = tierOf(model, score);
    if (!tier) return;
    const m = ctx.windowMention(top.claim, this.entries.get(top.claim), wi);
    m.tier = tier;
    m.score = Math.round(score * 1000) / 1000;
    // The claim's words on the page, for the card's highlight.
    m.shared = [];
    for (let G = from; G < to; G++) if (terms[G - from]!.at >= 0) m.shared.push(this.termText(d.groupTerm(G)));
    if (this.options.explain) m.features = features;
    out.push(m);
  }
}
