/**
 * Claims with derived rules (free-text claims from feeds), kept in flat arrays because a large
 * list is mostly such claims: which claim a window (a sentence, or a whole short block) badges.
 * Claims compete: the best-scoring one is badged when it is eligible and clearly leads. Pure.
 */
import type { IndexData } from './index-data';

/**
 * Slack for bounds on partial sums (float32 weights added in another order: error well under
 * 1e-4 for the 20 terms of a rule); only decides which claims are scored exactly.
 */
const EPS = 1e-3;

/** Scratch shared with the Matcher: a stamp per search replaces clearing a per-claim array. */
export interface ClaimScratch {
  stamp: number;
  claimStamp: Int32Array;
}

export class DerivedClaims {
  /**
   * Derived rules: the (all, then support) groups of derived claim c are G = claimGroupStart[c]
   * .. claimGroupStart[c + 1] - 1, the first allCount[c] of them from `all`; group G holds the
   * terms groupTerms[groupTermStart[G] ..] and weighs groupWeight[G].
   */
  private claimGroupStart!: Int32Array;
  private allCount!: Int32Array;
  private minShare!: Float64Array;
  /** Score of a strong match per derived claim (Infinity: none), and the least of them. */
  private strong!: Float32Array;
  private minStrong = Infinity;
  private minSupport!: Uint8Array;
  private groupTermStart!: Int32Array;
  private groupTerms!: Int32Array;
  private groupClaim!: Int32Array;
  private groupWeight!: Float64Array;
  /**
   * Term → postings of derived claims containing it: the group G, its claim and its weight (as a
   * float32: sums of these only choose the finalists, which are scored exactly).
   */
  private postStart!: Int32Array;
  private postGroups!: Int32Array;
  private postClaim!: Int32Array;
  private postWeight!: Float32Array;
  /** Whether some derived group has more than one term (then a group must be counted once). */
  private multiTermGroups = false;
  /** Whether the two-pass top-2 search applies (weights >= 0, margin > 1); else the plain loop. */
  fast = false;
  /** Claims with derived rules. */
  count = 0;
  private groupStamp = new Int32Array(0);
  private acc = new Float64Array(0);
  private termList = new Int32Array(0);
  /** Scratch of decide(): claim, sum, claim, sum… */
  private near: number[] = [];

  constructor(
    /** A claim must beat the runner-up by this factor (MatcherOptions.margin). */
    private readonly margin: number,
    private readonly scratch: ClaimScratch,
  ) {}

  /** Builds the arrays from the index's derived rules, yielding every so often (Matcher.create). */
  *build(data: IndexData): Generator<void> {
    const nTerms = data.terms.length;
    const nEntries = data.entries.length;
    const postCount = new Int32Array(nTerms);
    let groupTotal = 0;
    let groupTermTotal = 0;
    for (const e of data.entries) {
      const rule = e.rule;
      if (!rule?.w) continue;
      for (const g of rule.all) groupTermTotal += g.length;
      for (const g of rule.support) groupTermTotal += g.length;
      groupTotal += rule.all.length + rule.support.length;
    }
    let fast = this.margin > 1;
    this.claimGroupStart = new Int32Array(nEntries + 1);
    this.allCount = new Int32Array(nEntries);
    this.minShare = new Float64Array(nEntries);
    this.strong = new Float32Array(nEntries).fill(Infinity);
    let minStrong = Infinity;
    this.minSupport = new Uint8Array(nEntries);
    this.groupTermStart = new Int32Array(groupTotal + 1);
    this.groupTerms = new Int32Array(groupTermTotal);
    this.groupClaim = new Int32Array(groupTotal);
    this.groupWeight = new Float64Array(groupTotal);
    let G = 0;
    let gt = 0;
    let derivedCount = 0;
    const groupStamp = new Int32Array(nTerms).fill(-1);
    for (let entry = 0; entry < nEntries; entry++) {
      if ((entry & 2047) === 2047) yield;
      this.claimGroupStart[entry] = G;
      const rule = data.entries[entry]!.rule;
      if (!rule?.w) continue;
      derivedCount++;
      this.allCount[entry] = rule.all.length;
      this.minShare[entry] = rule.min ?? NaN;
      const strong = rule.s;
      if (typeof strong === 'number' && strong > 0) {
        // Stored as float32 (heap: a content script keeps one per claim); both searches read
        // this same rounded value, so they agree.
        this.strong[entry] = strong;
        const rounded = this.strong[entry]!;
        if (rounded < minStrong) minStrong = rounded;
      }
      // A derived rule has at most 20 terms (DEFAULT_DERIVE.maxTerms): a byte holds the count.
      this.minSupport[entry] = Math.min(255, rule.minSupport);
      let i = 0;
      for (const groups of [rule.all, rule.support]) {
        for (const g of groups) {
          const weight = rule.w[i++] ?? 0;
          if (!(weight >= 0) || !Number.isFinite(weight)) fast = false;
          this.groupTermStart[G] = gt;
          this.groupClaim[G] = entry;
          this.groupWeight[G] = weight;
          for (const t of g) {
            this.groupTerms[gt++] = t;
            if (groupStamp[t] !== G) {
              groupStamp[t] = G;
              postCount[t]!++;
            }
          }
          G++;
        }
      }
    }
    this.claimGroupStart[nEntries] = G;
    this.groupTermStart[G] = gt;
    this.count = derivedCount;
    this.minStrong = minStrong;
    this.fast = fast;
    // Postings: term → groups containing it, ascending.
    this.postStart = new Int32Array(nTerms + 1);
    for (let t = 0; t < nTerms; t++) this.postStart[t + 1] = this.postStart[t]! + postCount[t]!;
    yield;
    this.postGroups = new Int32Array(this.postStart[nTerms]!);
    const fill = this.postStart.slice(0, nTerms);
    groupStamp.fill(-1);
    for (let g = 0; g < G; g++) {
      for (let k = this.groupTermStart[g]!; k < this.groupTermStart[g + 1]!; k++) {
        const t = this.groupTerms[k]!;
        if (groupStamp[t] === g) continue;
        groupStamp[t] = g;
        this.postGroups[fill[t]!++] = g;
      }
    }
    const nPost = this.postGroups.length;
    this.postClaim = new Int32Array(nPost);
    this.postWeight = new Float32Array(nPost);
    for (let p = 0; p < nPost; p++) {
      const g = this.postGroups[p]!;
      this.postClaim[p] = this.groupClaim[g]!;
      this.postWeight[p] = this.groupWeight[g]!;
    }
    let multi = false;
    for (let g = 0; g < G && !multi; g++) {
      const from = this.groupTermStart[g]!;
      for (let k = from + 1; k < this.groupTermStart[g + 1]!; k++)
        if (this.groupTerms[k] !== this.groupTerms[from]) multi = true;
    }
    this.multiTermGroups = multi;
    yield;
    this.groupStamp = new Int32Array(G);
    this.acc = new Float64Array(nEntries);
    this.termList = new Int32Array(nTerms);
  }

  /** Whether some derived claim uses term `t`. */
  uses(t: number): boolean {
    return this.postStart[t + 1]! > this.postStart[t]!;
  }

  /** Calls `fn` with every derived claim that uses term `t` (once per group using it). */
  forEachClaimWith(t: number, fn: (claim: number) => void): void {
    for (let i = this.postStart[t]!; i < this.postStart[t + 1]!; i++) fn(this.groupClaim[this.postGroups[i]!]!);
  }

  /**
   * A derived claim's [weight of its groups present, share of its total weight], adding the
   * same weights in the same order as derivedScore() on the rule it was built from.
   */
  private derivedScore(c: number, has: (t: number) => boolean): [number, number] {
    let total = 0;
    let got = 0;
    for (let G = this.claimGroupStart[c]!, end = this.claimGroupStart[c + 1]!; G < end; G++) {
      const weight = this.groupWeight[G]!;
      total += weight;
      if (this.groupPresent(G, has)) got += weight;
    }
    return [got, total > 0 ? got / total : 0];
  }

  private groupPresent(G: number, has: (t: number) => boolean): boolean {
    for (let k = this.groupTermStart[G]!, end = this.groupTermStart[G + 1]!; k < end; k++) {
      if (has(this.groupTerms[k]!)) return true;
    }
    return false;
  }

  /**
   * Whether the window's best claim is badged: it needs every `all` group and at least
   * rule.minSupport of the others, then either a clear lead (share >= rule.min and the margin
   * over the runner-up) or a strong match (score >= rule.s) that leads at all.
   */
  private derivedWins(c: number, raw: number, share: number, runnerUp: number, has: (t: number) => boolean): boolean {
    const clearLead = share >= this.minShare[c]! && raw >= runnerUp * this.margin;
    const strongLead = raw >= this.strong[c]! && raw > runnerUp;
    return (clearLead || strongLead) && this.derivedEligible(c, has);
  }

  /** Every `all` group present and at least rule.minSupport of the others. */
  private derivedEligible(c: number, has: (t: number) => boolean): boolean {
    const start = this.claimGroupStart[c]!;
    const all = start + this.allCount[c]!;
    for (let G = start; G < all; G++) if (!this.groupPresent(G, has)) return false;
    let need = this.minSupport[c]!;
    for (let G = all, end = this.claimGroupStart[c + 1]!; G < end && need > 0; G++)
      if (this.groupPresent(G, has)) need--;
    return need <= 0;
  }

  /**
   * The derived claim a window badges, or -1: the reference loop keeps the first best-scoring
   * claim, the running second best, and badges the best when it is eligible and either beats
   * the second by the margin or is a strong match that beats it at all. A tie for the best never
   * badges (margin > 1, and a strong match must lead), so only the unique best and the
   * second-best score matter, whatever the order.
   *
   * Two passes over the postings of the window's terms, without branches that depend on the data
   * in the first: (1) add each posting's weight to its claim's sum; (2) read each sum once while
   * setting it back to 0 (a claim's later postings read 0), keeping the best two. Ordinary prose
   * touches about a thousand claims per sentence on a 20,000-entry list and nearly every window
   * ends there; the few finalists are then scored exactly as the reference scores them.
   */
  decide(terms: Set<number>): number {
    const postStart = this.postStart;
    const postClaim = this.postClaim;
    const postWeight = this.postWeight;
    const acc = this.acc;
    const list = this.termList;
    let nList = 0;
    for (const t of terms) if (postStart[t + 1]! > postStart[t]!) list[nList++] = t;
    if (!nList) return -1;
    if (this.multiTermGroups) {
      // A group with several terms present counts once.
      const stamp = ++this.scratch.stamp;
      const gStamp = this.groupStamp;
      const postGroups = this.postGroups;
      for (let j = 0; j < nList; j++) {
        for (let p = postStart[list[j]!]!, end = postStart[list[j]! + 1]!; p < end; p++) {
          const G = postGroups[p]!;
          if (gStamp[G] === stamp) continue;
          gStamp[G] = stamp;
          const c = postClaim[p]!;
          acc[c] = acc[c]! + postWeight[p]!;
        }
      }
    } else {
      for (let j = 0; j < nList; j++) {
        for (let p = postStart[list[j]!]!, end = postStart[list[j]! + 1]!; p < end; p++) {
          const c = postClaim[p]!;
          acc[c] = acc[c]! + postWeight[p]!;
        }
      }
    }
    let v1 = 0;
    let v2 = 0;
    // Claims that were within EPS of the second best when read: a superset of the finalists.
    const near = this.near;
    near.length = 0;
    for (let j = 0; j < nList; j++) {
      for (let p = postStart[list[j]!]!, end = postStart[list[j]! + 1]!; p < end; p++) {
        const c = postClaim[p]!;
        const v = acc[c]!;
        if (v < v2 - EPS) {
          acc[c] = 0;
          continue;
        }
        acc[c] = 0;
        if (v === 0) continue;
        near.push(c, v);
        if (v > v1) {
          v2 = v1;
          v1 = v;
        } else if (v > v2) v2 = v;
      }
    }
    if (v2 * this.margin > v1 + EPS && (v1 + EPS < this.minStrong || v2 > v1 + EPS)) return -1;
    // Finalists: every claim whose exact score may be the best or the second best, scored exactly
    // as the reference does (same additions in the same order).
    const finalists: number[] = [];
    for (let k = 0; k < near.length; k += 2) if (near[k + 1]! >= v2 - EPS) finalists.push(near[k]!);
    return this.decidePlain(finalists, terms);
  }

  /**
   * The reference algorithm (used when the bounds of decide() do not apply, and by decide() on
   * its finalists): every candidate scored exactly, in the given order; the first best-scoring
   * one badges when it wins over the runner-up.
   */
  decidePlain(candidates: readonly number[], terms: Set<number>): number {
    let best = -1;
    let bestRaw = 0;
    let bestShare = 0;
    let runnerUp = 0;
    const has = (t: number) => terms.has(t);
    for (const e of candidates) {
      const [raw, share] = this.derivedScore(e, has);
      if (raw > bestRaw) {
        runnerUp = bestRaw;
        bestRaw = raw;
        bestShare = share;
        best = e;
      } else if (raw > runnerUp) runnerUp = raw;
    }
    return best >= 0 && this.derivedWins(best, bestRaw, bestShare, runnerUp, has) ? best : -1;
  }
}
