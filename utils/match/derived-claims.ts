/**
 * Claims with derived rules (free-text claims from feeds), kept in flat arrays because a large
 * list is mostly such claims: which claim a window (a sentence, or a whole short block) badges.
 * Claims compete: the best-scoring one is badged when it is eligible and clearly leads. Pure.
 */
import type { IndexData } from './index-data';
import { checkArrays, checkNumber, checkStarts, record, SnapshotError, takeArrays, type ArraysOf } from './snapshot';

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

/** The built arrays, by name and class (what a snapshot holds). */
const ARRAYS = {
  claimGroupStart: Int32Array,
  allCount: Int32Array,
  minShare: Float64Array,
  strong: Float32Array,
  minSupport: Uint8Array,
  groupTermStart: Int32Array,
  groupTerms: Int32Array,
  groupClaim: Int32Array,
  groupWeight: Float64Array,
  groupOrder: Int16Array,
  groupFlags: Uint8Array,
  claimWords: Uint16Array,
  claimNegated: Uint8Array,
  postStart: Int32Array,
  postGroups: Int32Array,
  postClaim: Int32Array,
  postWeight: Float32Array,
};

export interface DerivedSnapshot extends ArraysOf<typeof ARRAYS> {
  multiTermGroups: boolean;
  fast: boolean;
  count: number;
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
  private minSupport!: Uint8Array;
  private groupTermStart!: Int32Array;
  private groupTerms!: Int32Array;
  private groupClaim!: Int32Array;
  private groupWeight!: Float64Array;
  /**
   * The claim's shape, for the match model (claim-shape.ts): per group its word position in the
   * claim (-1: the headline's) and its TERM_* flags; per claim its word count and negation.
   * Typed arrays: a content script keeps one per group of a 20,000-entry list.
   */
  private groupOrder!: Int16Array;
  private groupFlags!: Uint8Array;
  private claimWords!: Uint16Array;
  private claimNegated!: Uint8Array;
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
  /** Whether the two-pass top-2 search applies (weights >= 0); else the plain loop. */
  fast = false;
  /** Claims with derived rules. */
  count = 0;
  private groupStamp = new Int32Array(0);
  private acc = new Float64Array(0);
  private termList = new Int32Array(0);
  /**
   * The window's terms, marked with the search's stamp: a claim's groups are looked up in this
   * array rather than in the window's Set (markWindow).
   */
  private inWindow = new Int32Array(0);
  private windowStamp = 0;
  /** The share of the claim last scored by derivedScore (its second result, without an array). */
  private lastShare = 0;
  /**
   * Scratch of top(): the claims read within reach of the second best, with their sums (each claim
   * is read once, so a claim's count is enough room); and the claims scored exactly.
   */
  private nearClaim = new Int32Array(0);
  private nearSum = new Float64Array(0);
  private finalists: number[] = [];

  constructor(private readonly scratch: ClaimScratch) {}

  /** Builds the arrays from the index's derived rules, yielding every so often (Matcher.create). */
  *build(data: IndexData): Generator<void> {
    const nTerms = data.terms.length;
    const nEntries = data.entries.length;
    const postCount = new Int32Array(nTerms);
    let groupTotal = 0;
    let groupTermTotal = 0;
    for (let entry = 0; entry < nEntries; entry++) {
      if ((entry & 2047) === 2047) yield;
      const rule = data.entries[entry]!.rule;
      if (!rule?.w) continue;
      for (const g of rule.all) groupTermTotal += g.length;
      for (const g of rule.support) groupTermTotal += g.length;
      groupTotal += rule.all.length + rule.support.length;
    }
    let fast = true;
    this.claimGroupStart = new Int32Array(nEntries + 1);
    this.allCount = new Int32Array(nEntries);
    this.minShare = new Float64Array(nEntries);
    this.strong = new Float32Array(nEntries).fill(Infinity);
    this.minSupport = new Uint8Array(nEntries);
    this.groupTermStart = new Int32Array(groupTotal + 1);
    this.groupTerms = new Int32Array(groupTermTotal);
    this.groupClaim = new Int32Array(groupTotal);
    this.groupWeight = new Float64Array(groupTotal);
    this.groupOrder = new Int16Array(groupTotal);
    this.groupFlags = new Uint8Array(groupTotal);
    this.claimWords = new Uint16Array(nEntries);
    this.claimNegated = new Uint8Array(nEntries);
    let G = 0;
    let gt = 0;
    let derivedCount = 0;
    const groupStamp = new Int32Array(nTerms).fill(-1);
    for (let entry = 0; entry < nEntries; entry++) {
      if ((entry & 1023) === 1023) yield;
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
      }
      // A derived rule has at most 20 terms (DEFAULT_DERIVE.maxTerms): a byte holds the count.
      this.minSupport[entry] = Math.min(255, rule.minSupport);
      this.claimWords[entry] = Math.min(65535, rule.n ?? 0);
      this.claimNegated[entry] = rule.g === 1 ? 1 : 0;
      let i = 0;
      for (const groups of [rule.all, rule.support]) {
        for (const g of groups) {
          this.groupOrder[G] = Math.max(-1, Math.min(32767, rule.o?.[i] ?? -1));
          this.groupFlags[G] = rule.k?.[i] ?? 0;
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
    this.fast = fast;
    // Postings: term → groups containing it, ascending.
    this.postStart = new Int32Array(nTerms + 1);
    for (let t = 0; t < nTerms; t++) this.postStart[t + 1] = this.postStart[t]! + postCount[t]!;
    yield;
    this.postGroups = new Int32Array(this.postStart[nTerms]!);
    const fill = this.postStart.slice(0, nTerms);
    groupStamp.fill(-1);
    for (let g = 0; g < G; g++) {
      if ((g & 65535) === 65535) yield;
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
      if ((p & 262143) === 262143) yield;
      const g = this.postGroups[p]!;
      this.postClaim[p] = this.groupClaim[g]!;
      this.postWeight[p] = this.groupWeight[g]!;
    }
    yield;
    let multi = false;
    for (let g = 0; g < G && !multi; g++) {
      const from = this.groupTermStart[g]!;
      for (let k = from + 1; k < this.groupTermStart[g + 1]!; k++)
        if (this.groupTerms[k] !== this.groupTerms[from]) multi = true;
    }
    this.multiTermGroups = multi;
    yield;
    this.allocateScratch();
  }

  private allocateScratch(): void {
    this.groupStamp = new Int32Array(this.groupClaim.length);
    this.acc = new Float64Array(this.claimGroupStart.length - 1);
    this.nearClaim = new Int32Array(this.acc.length);
    this.nearSum = new Float64Array(this.acc.length);
    this.termList = new Int32Array(this.postStart.length - 1);
    this.inWindow = new Int32Array(this.postStart.length - 1);
    this.windowStamp = 0;
  }

  /** Marks the window's terms for present() and the exact scoring (a new stamp, no clearing). */
  private markWindow(terms: Set<number>): void {
    if (this.windowStamp === 0x7fffffff) {
      this.inWindow.fill(0);
      this.windowStamp = 0;
    }
    const stamp = ++this.windowStamp;
    const inWindow = this.inWindow;
    for (const t of terms) if (t < inWindow.length) inWindow[t] = stamp;
  }

  /** Whether term `t` is in the window last searched (top, topPlain). */
  present(t: number): boolean {
    return this.inWindow[t] === this.windowStamp;
  }

  /** What build() made, for the cache (restore() takes it back). */
  snapshot(): DerivedSnapshot {
    return { ...takeArrays(this, ARRAYS), multiTermGroups: this.multiTermGroups, fast: this.fast, count: this.count };
  }

  /** The claims a snapshot holds, for `nEntries` entries and `nTerms` terms; a SnapshotError if unusable. */
  static restore(x: unknown, scratch: ClaimScratch, nEntries: number, nTerms: number): DerivedClaims {
    const s = checkArrays(record(x, 'derived'), ARRAYS, 'derived');
    const fields = x as Record<string, unknown>;
    if (s.claimGroupStart.length !== nEntries + 1 || s.postStart.length !== nTerms + 1)
      throw new SnapshotError('derived claims do not fit the entries');
    checkStarts(s.groupTermStart, s.groupTerms, 'derived.groupTermStart');
    checkStarts(s.postStart, s.postGroups, 'derived.postStart');
    const d = new DerivedClaims(scratch);
    Object.assign(d, s);
    d.multiTermGroups = fields.multiTermGroups === true;
    d.fast = fields.fast === true;
    d.count = checkNumber(fields.count, 'derived.count');
    d.allocateScratch();
    return d;
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
   * A derived claim's weight of its groups present in the window, adding the same weights in the
   * same order as derivedScore() on the rule it was built from; its share of the claim's total
   * weight is left in lastShare.
   */
  private derivedScore(c: number): number {
    let total = 0;
    let got = 0;
    for (let G = this.claimGroupStart[c]!, end = this.claimGroupStart[c + 1]!; G < end; G++) {
      const weight = this.groupWeight[G]!;
      total += weight;
      if (this.groupPresent(G)) got += weight;
    }
    this.lastShare = total > 0 ? got / total : 0;
    return got;
  }

  private groupPresent(G: number): boolean {
    const inWindow = this.inWindow;
    const stamp = this.windowStamp;
    for (let k = this.groupTermStart[G]!, end = this.groupTermStart[G + 1]!; k < end; k++) {
      if (inWindow[this.groupTerms[k]!] === stamp) return true;
    }
    return false;
  }

  /** Every `all` group present and at least rule.minSupport of the others. */
  private derivedEligible(c: number): boolean {
    const start = this.claimGroupStart[c]!;
    const all = start + this.allCount[c]!;
    for (let G = start; G < all; G++) if (!this.groupPresent(G)) return false;
    let need = this.minSupport[c]!;
    for (let G = all, end = this.claimGroupStart[c + 1]!; G < end && need > 0; G++) if (this.groupPresent(G)) need--;
    return need <= 0;
  }

  /** The claim's groups (first group index, end), for the match model's features. */
  groupRange(c: number): [number, number] {
    return [this.claimGroupStart[c]!, this.claimGroupStart[c + 1]!];
  }

  /** Term of group G (derived groups hold one term), and its weight. */
  groupTerm(G: number): number {
    return this.groupTerms[this.groupTermStart[G]!]!;
  }
  weightOf(G: number): number {
    return this.groupWeight[G]!;
  }
  orderOf(G: number): number {
    return this.groupOrder[G]!;
  }
  flagsOf(G: number): number {
    return this.groupFlags[G]!;
  }
  wordsOf(c: number): number {
    return this.claimWords[c]!;
  }
  negated(c: number): boolean {
    return this.claimNegated[c] === 1;
  }
  strongScore(c: number): number {
    return this.strong[c]!;
  }

  /** Entries excluded from the search (evaluation: a list without the right claim). */
  private excluded: Uint8Array | undefined;

  isExcluded(e: number): boolean {
    return !!this.excluded && this.excluded[e] === 1;
  }

  private excludedList: number[] = [];

  /** Leaves `entries` out of every search until the next call (empty: none). */
  exclude(entries: Iterable<number>): void {
    let mask: Uint8Array | undefined;
    const list: number[] = [];
    for (const e of entries) {
      (mask ??= new Uint8Array(this.acc.length))[e] = 1;
      list.push(e);
    }
    this.excluded = mask;
    this.excludedList = list;
  }

  /**
   * The window's best derived claim, exactly as the reference loop (topPlain) finds it: the
   * highest score (sum of the weights of its groups present), the lowest entry index among equal
   * scores; the runner-up is the second-highest score (equal to the best on a tie). Null when no
   * claim is eligible: the best needs its share of weight (rule.min) and its terms
   * (rule.minSupport); whether it is a mention is then the match model's decision.
   *
   * Two passes over the postings of the window's terms, without branches that depend on the data
   * in the first: (1) add each posting's weight to its claim's sum; (2) read each sum once while
   * setting it back to 0 (a claim's later postings read 0), keeping the best two. Ordinary prose
   * touches about a thousand claims per sentence on a 20,000-entry list; the few claims within
   * reach of the best two are then scored exactly as the reference scores them.
   */
  top(terms: Set<number>): TopClaim | null {
    const postStart = this.postStart;
    const postClaim = this.postClaim;
    const postWeight = this.postWeight;
    const acc = this.acc;
    const list = this.termList;
    const excluded = this.excluded;
    let nList = 0;
    for (const t of terms) if (postStart[t + 1]! > postStart[t]!) list[nList++] = t;
    if (!nList) return null;
    this.markWindow(terms);
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
    // Left out (evaluation): their sums are dropped before they are read.
    if (excluded) for (const e of this.excludedList) acc[e] = 0;
    let v1 = 0;
    let v2 = 0;
    let c1 = -1;
    // Claims that were within EPS of the second best when read: a superset of the finalists.
    const nearClaim = this.nearClaim;
    const nearSum = this.nearSum;
    let nNear = 0;
    for (let j = 0; j < nList; j++) {
      for (let p = postStart[list[j]!]!, end = postStart[list[j]! + 1]!; p < end; p++) {
        const c = postClaim[p]!;
        const v = acc[c]!;
        acc[c] = 0;
        if (v < v2 - EPS || v === 0) continue;
        nearClaim[nNear] = c;
        nearSum[nNear++] = v;
        if (v > v1) {
          v2 = v1;
          v1 = v;
          c1 = c;
        } else if (v > v2) v2 = v;
      }
    }
    // The best claim is certain (nothing within reach of it): when it is not eligible (too little
    // of its weight, too few of its words), no claim of this window is, and the exact scoring of
    // the runners-up can be skipped. Most windows of ordinary prose end here.
    if (c1 >= 0 && v2 < v1 - 2 * EPS) {
      this.derivedScore(c1);
      if (!(this.lastShare >= this.minShare[c1]!) || !this.derivedEligible(c1)) return null;
    }
    // Finalists: every claim whose exact score may be the best or the second best, scored exactly
    // as the reference does (same additions in the same order; ties go to the lower entry).
    const finalists = this.finalists;
    finalists.length = 0;
    for (let k = 0; k < nNear; k++) if (nearSum[k]! >= v2 - EPS) finalists.push(nearClaim[k]!);
    return this.bestOf(finalists);
  }

  /**
   * The reference algorithm (used when the bounds of top() do not apply, and by top() on its
   * finalists): every candidate scored exactly; the best (lowest entry index on a tie) and the
   * runner-up's score.
   */
  topPlain(candidates: readonly number[], terms: Set<number>): TopClaim | null {
    this.markWindow(terms);
    return this.bestOf(candidates);
  }

  /** topPlain on the window marked last. */
  private bestOf(candidates: readonly number[]): TopClaim | null {
    let best = -1;
    let bestRaw = 0;
    let bestShare = 0;
    let runnerUp = 0;
    const excluded = this.excluded;
    for (const e of candidates) {
      if (excluded && excluded[e]) continue;
      const raw = this.derivedScore(e);
      const share = this.lastShare;
      if (raw > bestRaw || (raw === bestRaw && raw > 0 && e < best)) {
        runnerUp = Math.max(runnerUp, raw === bestRaw ? raw : bestRaw);
        bestRaw = raw;
        bestShare = share;
        best = e;
      } else if (raw > runnerUp) runnerUp = raw;
    }
    if (best < 0 || !(bestShare >= this.minShare[best]!) || !this.derivedEligible(best)) return null;
    return { claim: best, raw: bestRaw, share: bestShare, runnerUp };
  }
}

/** The best derived claim of a window (DerivedClaims.top). */
export interface TopClaim {
  claim: number;
  /** Sum of the weights of its groups present, and that sum's share of its total weight. */
  raw: number;
  share: number;
  /** Score of the second-best claim (equal to raw on a tie). */
  runnerUp: number;
}
