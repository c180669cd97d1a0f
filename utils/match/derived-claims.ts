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
   * float32: sums of these only steer the search, finalists are scored exactly); and the largest
   * weight among them.
   */
  private postStart!: Int32Array;
  private postGroups!: Int32Array;
  private postClaim!: Int32Array;
  private postWeight!: Float32Array;
  private maxWeight!: Float64Array;
  /** Whether some derived group has more than one term (then a group must be counted once). */
  private multiTermGroups = false;
  /** Whether the bounded top-2 search applies (positive weights, margin > 1); else the plain loop. */
  fast = false;
  /** Claims with derived rules. */
  count = 0;
  private groupStamp = new Int32Array(0);
  private acc = new Float64Array(0);
  private touched = new Int32Array(0);
  private suffix = new Float64Array(64);

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
    this.maxWeight = new Float64Array(nTerms);
    for (let t = 0; t < nTerms; t++) {
      let m = 0;
      for (let p = this.postStart[t]!; p < this.postStart[t + 1]!; p++) {
        const w = this.groupWeight[this.postGroups[p]!]!;
        if (w > m) m = w;
      }
      this.maxWeight[t] = m;
    }
    this.groupStamp = new Int32Array(G);
    this.acc = new Float64Array(nEntries);
    this.touched = new Int32Array(nEntries);
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
   */
  decide(terms: Set<number>): number {
    const margin = this.margin;
    const postStart = this.postStart;
    const maxWeight = this.maxWeight;
    const list: number[] = [];
    for (const t of terms) if (postStart[t + 1]! > postStart[t]!) list.push(t);
    if (!list.length) return -1;
    list.sort((a, b) => maxWeight[b]! - maxWeight[a]! || a - b);
    let suffix = this.suffix;
    if (suffix.length < list.length + 1) suffix = this.suffix = new Float64Array(list.length * 2 + 1);
    suffix[list.length] = 0;
    for (let j = list.length - 1; j >= 0; j--) suffix[j] = suffix[j + 1]! + maxWeight[list[j]!]!;
    const stamp = ++this.scratch.stamp;
    const cStamp = this.scratch.claimStamp;
    const acc = this.acc;
    const touched = this.touched;
    const postClaim = this.postClaim;
    const postWeight = this.postWeight;
    const postGroups = this.postGroups;
    const gStamp = this.groupStamp;
    const multi = this.multiTermGroups;
    let nTouched = 0;
    let v1 = 0;
    let v2 = 0;
    let c1 = -1;
    /** Once set, claims not seen yet cannot reach the second-best score: only seen ones are updated. */
    let closed = false;
    const minStrong = this.minStrong;
    for (let j = 0; j < list.length; j++) {
      const rest = suffix[j]!;
      // Whatever the remaining terms add, the best can neither beat the second by the margin nor
      // become a strong match that leads (v1 + rest bounds the final best, v2 the final second).
      if (v2 * margin > v1 + rest + EPS && (v1 + rest + EPS < minStrong || v2 > v1 + rest + EPS)) return -1;
      if (!closed && rest < v2 - EPS) closed = true;
      const t = list[j]!;
      for (let p = postStart[t]!, end = postStart[t + 1]!; p < end; p++) {
        const c = postClaim[p]!;
        let v: number;
        if (cStamp[c] !== stamp) {
          if (closed) continue;
          cStamp[c] = stamp;
          touched[nTouched++] = c;
          if (multi) gStamp[postGroups[p]!] = stamp;
          v = acc[c] = postWeight[p]!;
        } else {
          // A group with several terms present counts once.
          if (multi) {
            const G = postGroups[p]!;
            if (gStamp[G] === stamp) continue;
            gStamp[G] = stamp;
          }
          v = acc[c] = acc[c]! + postWeight[p]!;
        }
        if (c === c1) v1 = v;
        else if (v > v1) {
          v2 = v1;
          v1 = v;
          c1 = c;
        } else if (v > v2) v2 = v;
      }
    }
    if (v2 * margin > v1 + EPS && (v1 + EPS < minStrong || v2 > v1 + EPS)) return -1;
    // Finalists: every claim whose exact score may be the best or the second best, scored exactly
    // as the reference does (same additions in the same order).
    const finalists: number[] = [];
    for (let k = 0; k < nTouched; k++) if (acc[touched[k]!]! >= v2 - EPS) finalists.push(touched[k]!);
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
