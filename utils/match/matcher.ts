/**
 * The matcher: finds app and claim mentions in a block of text (a paragraph, a tweet, a file).
 * Shared by the content script, the scan CLI and the benchmarks, so all three agree. Pure.
 */
import { findAmounts } from './amounts';
import type { ClaimRuleData, IndexData, IndexEntry } from './index-data';
import { normalizeTransient, type NormalizedText } from './normalize';
import { PhraseIndex, type PhraseHit } from './phrase-index';
import { sentenceSpans, spanIndexAt, type Span } from './sentences';

export interface Mention {
  /** Index into IndexData.entries. */
  entry: number;
  id: string;
  kind: 'claim' | 'app';
  /** UTF-16 offsets into the scanned text; the badge goes after `end`. */
  start: number;
  end: number;
  text: string;
}

interface AliasUse {
  entry: number;
  /** Context terms of the alias (AliasData.need / .not). */
  need?: number[];
  not?: number[];
}

export interface MatcherOptions {
  /** A derived claim must beat the runner-up in its window by this factor. */
  margin: number;
  /** Blocks up to this length (a tweet, a short paragraph) are one window for derived claims. */
  shortBlock: number;
}

/** Tuned on the CheckThat! 2020 train split (npm run checkthat). */
export const DEFAULT_MATCHER_OPTIONS: MatcherOptions = { margin: 1.35, shortBlock: 400 };

/**
 * Slack for bounds on partial sums (float32 weights added in another order: error well under
 * 1e-4 for the 20 terms of a rule); only decides which claims are scored exactly.
 */
const EPS = 1e-3;
const ALIAS = 1;
const CLAIM = 2;

export class Matcher {
  /**
   * The entries, for badges and reports: id, kind, name, label, tone… (their match data lives in
   * the flat arrays below, so the index a content script received can be garbage-collected).
   */
  entries!: readonly IndexEntry[];
  private phrases!: PhraseIndex;
  /** Term id → entries using it as an alias. */
  private readonly aliasUses = new Map<number, AliasUse[]>();
  private readonly amountTerms = new Map<string, number[]>();
  /** Per term: ALIAS and/or CLAIM when some entry uses it that way. */
  private termUse!: Uint8Array;
  /** Hand-written claim rules (few), by entry. */
  private readonly written = new Map<number, ClaimRuleData>();

  // Claims, in flat arrays (a 20,000-entry list is mostly claims; see claimMentions).
  /** Every term of each claim (all, support, none), distinct: claim → CSR range. */
  private claimTermStart!: Int32Array;
  private claimTerms!: Int32Array;
  /** Hand-written rules: term → claims that have it in their trigger group (one `all` group). */
  private trigStart!: Int32Array;
  private trigClaims!: Int32Array;
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
  private multiTermGroups!: boolean;
  /** Whether the bounded top-2 search applies (positive weights, margin > 1); else the plain loop. */
  private fastDerived!: boolean;
  private derivedCount!: number;

  // Scratch state reused across scans (a stamp per scan/window replaces clearing).
  private stamp = 0;
  private termStamp!: Int32Array;
  private termFirstHit!: Int32Array;
  private windowStamp!: Int32Array;
  private claimStamp!: Int32Array;
  private groupStamp!: Int32Array;
  private acc!: Float64Array;
  private touched!: Int32Array;
  private suffix = new Float64Array(64);

  constructor(
    data: IndexData,
    private readonly options: MatcherOptions = DEFAULT_MATCHER_OPTIONS,
  ) {
    for (const step = this.init(data); !step.next().done; );
  }

  /**
   * Builds a Matcher in steps, calling `pause` between them once `sliceMs` of work has been done,
   * so that a large list does not block the page (a content script builds one per frame).
   */
  static async create(
    data: IndexData,
    options: MatcherOptions = DEFAULT_MATCHER_OPTIONS,
    pause: () => Promise<void> = () => new Promise((r) => setTimeout(r, 0)),
    sliceMs = 8,
  ): Promise<Matcher> {
    const m = new Matcher({ version: data.version, terms: [], entries: [] }, options);
    let deadline = performance.now() + sliceMs;
    for (const step = m.init(data); !step.next().done; ) {
      if (performance.now() > deadline) {
        await pause();
        deadline = performance.now() + sliceMs;
      }
    }
    return m;
  }

  /** The construction, as a generator that yields every so often (see create()). */
  private *init(data: IndexData): Generator<void> {
    this.aliasUses.clear();
    this.amountTerms.clear();
    this.written.clear();
    const nTerms = data.terms.length;
    const nEntries = data.entries.length;
    this.phrases = new PhraseIndex(
      data.terms.map((t) => (t.a ? { text: '' } : { text: t.t, prefix: t.p === 1, exact: t.x })),
    );
    yield;
    data.terms.forEach((t, id) => {
      if (t.a) push(this.amountTerms, t.a, id);
    });
    this.termUse = new Uint8Array(nTerms);
    // Repeated strings (labels, tones, sources) are shared instead of kept once per entry.
    const shared = new Map<string, string>();
    const intern = (s: string): string => {
      const got = shared.get(s);
      if (got !== undefined) return got;
      shared.set(s, s);
      return s;
    };
    const entries: IndexEntry[] = new Array(nEntries);
    const claimTermLists: number[][] = [];
    const trig: number[][] = [];
    const postCount = new Int32Array(nTerms);
    let groupTotal = 0;
    let groupTermTotal = 0;
    const seen = new Int32Array(nTerms).fill(-1);
    for (let entry = 0; entry < nEntries; entry++) {
      if ((entry & 1023) === 1023) yield;
      const e = data.entries[entry]!;
      entries[entry] = {
        id: e.id,
        kind: e.kind,
        label: intern(e.label),
        labelKey: intern(e.labelKey),
        count: e.count,
        tone: e.tone,
        name: e.name,
        source: intern(e.source),
      };
      e.aliases?.forEach((a) => {
        const use: AliasUse = { entry };
        if (a.need) use.need = a.need;
        if (a.not) use.not = a.not;
        push(this.aliasUses, a.term, use);
        this.termUse[a.term]! |= ALIAS;
      });
      const rule = e.rule;
      if (!rule) continue;
      const ids: number[] = [];
      const add = (t: number) => {
        if (seen[t] === entry) return;
        seen[t] = entry;
        ids.push(t);
        this.termUse[t]! |= CLAIM;
      };
      for (const g of rule.all) for (const t of g) add(t);
      for (const g of rule.support) for (const t of g) add(t);
      for (const t of rule.none) add(t);
      claimTermLists[entry] = ids;
      if (rule.w) {
        for (const g of rule.all) groupTermTotal += g.length;
        for (const g of rule.support) groupTermTotal += g.length;
        groupTotal += rule.all.length + rule.support.length;
      } else {
        this.written.set(entry, rule);
        // A hand-written rule needs every `all` group in one sentence: index it under the terms of
        // its smallest group only, which is necessary anyway (all of its terms when `all` is empty).
        let trigger = rule.all.length ? rule.all[0]! : ids;
        for (const g of rule.all) if (g.length < trigger.length) trigger = g;
        for (const t of new Set(trigger)) (trig[t] ??= []).push(entry);
      }
    }
    this.entries = entries;
    [this.claimTermStart, this.claimTerms] = csr(claimTermLists, nEntries);
    [this.trigStart, this.trigClaims] = csr(trig, nTerms);

    // Derived rules into flat arrays.
    let fast = this.options.margin > 1;
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
    this.derivedCount = derivedCount;
    this.minStrong = minStrong;
    this.fastDerived = fast;
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
    this.termStamp = new Int32Array(nTerms);
    this.termFirstHit = new Int32Array(nTerms);
    this.windowStamp = new Int32Array(nTerms);
    this.claimStamp = new Int32Array(nEntries);
    this.groupStamp = new Int32Array(G);
    this.acc = new Float64Array(nEntries);
    this.touched = new Int32Array(nEntries);
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
    const clearLead = share >= this.minShare[c]! && raw >= runnerUp * this.options.margin;
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

  /** Every mention in `text`, ordered by position. */
  scan(text: string): Mention[] {
    if (!text || this.entries.length === 0) return [];
    // The offsets are scratch views: everything below is done with them before scan() returns.
    const norm = normalizeTransient(text);
    const hits: PhraseHit[] = this.phrases.find(norm, text);
    if (this.amountTerms.size) {
      for (const a of findAmounts(norm.text)) {
        for (const id of this.amountTerms.get(a.key) ?? []) hits.push({ phrase: id, start: a.start, end: a.end });
      }
    }
    if (!hits.length) return [];
    const ctx = new BlockContext(text, norm, hits, this.options.shortBlock);
    const mentions: Mention[] = [];
    this.appMentions(ctx, mentions);
    this.claimMentions(ctx, mentions);
    mentions.sort((a, b) => a.start - b.start || b.end - a.end);
    return mentions;
  }

  private appMentions(ctx: BlockContext, out: Mention[]): void {
    const best = new Map<string, Mention>(); // one mention per entry per start
    const termUse = this.termUse;
    for (const hit of ctx.hits) {
      if (!(termUse[hit.phrase]! & ALIAS)) continue;
      for (const use of this.aliasUses.get(hit.phrase)!) {
        const entry = this.entries[use.entry]!;
        if (use.need || use.not) {
          const terms = ctx.termsInSentenceOf(hit.start);
          if (use.need && !use.need.some((t) => terms.has(t))) continue;
          if (use.not && use.not.some((t) => terms.has(t))) continue;
        }
        const m = ctx.mention(use.entry, entry, hit.start, hit.end);
        const key = `${use.entry}:${m.start}`;
        const prev = best.get(key);
        if (!prev || prev.end < m.end) best.set(key, m);
      }
    }
    if (!best.size) return;
    // Drop a mention contained in a longer one of the same entry ("Tik Tok" inside "Tik Tok Shop").
    const list = [...best.values()].sort((a, b) => a.start - b.start || b.end - a.end);
    let last: Mention | undefined;
    for (const m of list) {
      if (last && last.entry === m.entry && m.start < last.end) continue;
      out.push(m);
      last = m;
    }
  }

  /**
   * Claim mentions, with exactly the results of the rules as written (see claimMentionsPlain,
   * the reference), computed without visiting every claim that shares a word with the block:
   * - hand-written rules are looked at only when a term of their trigger group is present and
   *   every `all` group has a term somewhere in the block;
   * - derived rules compete per window (the block if short, else each sentence): the winner must
   *   be the one best-scoring claim, eligible, and beat the runner-up by the margin. The scores
   *   are summed term by term, rarest (heaviest) first, and the search stops as soon as the
   *   bounds show that no claim can win, or that claims not yet seen cannot be among the top two;
   *   the few finalists are then scored exactly as the reference scores them.
   */
  private claimMentions(ctx: BlockContext, out: Mention[]): void {
    const termUse = this.termUse;
    const stamp = ++this.stamp;
    const termStamp = this.termStamp;
    const firstHit = this.termFirstHit;
    const blockTerms: number[] = [];
    const hits = ctx.hits;
    for (let h = 0; h < hits.length; h++) {
      const t = hits[h]!.phrase;
      if (!(termUse[t]! & CLAIM) || termStamp[t] === stamp) continue;
      termStamp[t] = stamp;
      firstHit[t] = h;
      blockTerms.push(t);
    }
    if (!blockTerms.length) return;
    this.writtenMentions(ctx, blockTerms, stamp, out);
    if (!this.derivedCount) return;
    if (!this.fastDerived) {
      this.derivedMentionsPlain(ctx, stamp, out);
      return;
    }
    let anyDerived = false;
    for (const t of blockTerms) if (this.postStart[t + 1]! > this.postStart[t]!) anyDerived = true;
    if (!anyDerived) return;
    for (const [wi, terms] of ctx.windowTerms()) {
      const best = this.decideWindow(terms);
      if (best >= 0) out.push(ctx.windowMention(best, this.entries[best]!, wi));
    }
  }

  /** Rank of a claim in the reference's order: the first hit using any of its terms, then entry order. */
  private rankOf(entry: number, stamp: number): number {
    let first = Infinity;
    for (let i = this.claimTermStart[entry]!; i < this.claimTermStart[entry + 1]!; i++) {
      const t = this.claimTerms[i]!;
      if (this.termStamp[t] === stamp && this.termFirstHit[t]! < first) first = this.termFirstHit[t]!;
    }
    return first;
  }

  private writtenMentions(ctx: BlockContext, blockTerms: number[], stamp: number, out: Mention[]): void {
    const cStamp = this.claimStamp;
    const inBlock = (t: number) => this.termStamp[t] === stamp;
    const kept: number[] = [];
    for (const t of blockTerms) {
      for (let p = this.trigStart[t]!; p < this.trigStart[t + 1]!; p++) {
        const e = this.trigClaims[p]!;
        if (cStamp[e] === stamp) continue;
        cStamp[e] = stamp;
        if (this.written.get(e)!.all.every((g) => g.some(inBlock))) kept.push(e);
      }
    }
    if (!kept.length) return;
    const rank = new Map(kept.map((e) => [e, this.rankOf(e, stamp)]));
    kept.sort((a, b) => rank.get(a)! - rank.get(b)! || a - b);
    // Hand-written rules: every part in one sentence, no near-miss term.
    for (const [si, terms] of ctx.termsBySentence()) {
      for (const e of kept) {
        const rule = this.written.get(e)!;
        if (!rule.all.every((g) => g.some((t) => terms.has(t)))) continue;
        let support = 0;
        for (const g of rule.support) if (g.some((t) => terms.has(t))) support++;
        if (support < rule.minSupport) continue;
        if (rule.none.some((t) => terms.has(t))) continue;
        out.push(ctx.sentenceMention(e, this.entries[e]!, si));
      }
    }
  }

  /**
   * The derived claim a window badges, or -1: the reference loop keeps the first best-scoring
   * claim, the running second best, and badges the best when it is eligible and either beats
   * the second by the margin or is a strong match that beats it at all. A tie for the best never
   * badges (margin > 1, and a strong match must lead), so only the unique best and the
   * second-best score matter, whatever the order.
   */
  private decideWindow(terms: Set<number>): number {
    const margin = this.options.margin;
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
    const stamp = ++this.stamp;
    const cStamp = this.claimStamp;
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
    const has = (t: number) => terms.has(t);
    let best = -1;
    let bestRaw = 0;
    let bestShare = 0;
    let runnerUp = 0;
    for (let k = 0; k < nTouched; k++) {
      const c = touched[k]!;
      if (acc[c]! < v2 - EPS) continue;
      const [raw, share] = this.derivedScore(c, has);
      if (raw > bestRaw) {
        runnerUp = bestRaw;
        bestRaw = raw;
        bestShare = share;
        best = c;
      } else if (raw > runnerUp) runnerUp = raw;
    }
    return best >= 0 && this.derivedWins(best, bestRaw, bestShare, runnerUp, has) ? best : -1;
  }

  /** The reference algorithm for derived rules (used when the bounds above do not apply). */
  private derivedMentionsPlain(ctx: BlockContext, stamp: number, out: Mention[]): void {
    const derived: number[] = [];
    const seen = new Set<number>();
    for (const hit of ctx.hits) {
      if (!(this.termUse[hit.phrase]! & CLAIM)) continue;
      for (let i = this.postStart[hit.phrase]!; i < this.postStart[hit.phrase + 1]!; i++) {
        const e = this.groupClaim[this.postGroups[i]!]!;
        if (!seen.has(e)) {
          seen.add(e);
          derived.push(e);
        }
      }
    }
    const rank = new Map(derived.map((e) => [e, this.rankOf(e, stamp)]));
    derived.sort((a, b) => rank.get(a)! - rank.get(b)! || a - b);
    for (const [wi, terms] of ctx.windowTerms()) {
      let best = -1;
      let bestRaw = 0;
      let bestShare = 0;
      let runnerUp = 0;
      const has = (t: number) => terms.has(t);
      for (const e of derived) {
        const [raw, share] = this.derivedScore(e, has);
        if (raw > bestRaw) {
          runnerUp = bestRaw;
          bestRaw = raw;
          bestShare = share;
          best = e;
        } else if (raw > runnerUp) runnerUp = raw;
      }
      if (best >= 0 && this.derivedWins(best, bestRaw, bestShare, runnerUp, has))
        out.push(ctx.windowMention(best, this.entries[best]!, wi));
    }
  }
}

/** Lists indexed by key → [start offsets (length n + 1), flat values]. */
function csr(lists: (number[] | undefined)[], n: number): [Int32Array, Int32Array] {
  const start = new Int32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    start[i] = total;
    total += lists[i]?.length ?? 0;
  }
  start[n] = total;
  const values = new Int32Array(total);
  for (let i = 0; i < n; i++) {
    const l = lists[i];
    if (l) values.set(l, start[i]!);
  }
  return [start, values];
}

/** Per-block lazily computed sentence data. */
class BlockContext {
  private spans: Span[] | undefined;
  private bySentence: Map<number, Set<number>> | undefined;

  constructor(
    readonly text: string,
    readonly norm: NormalizedText,
    readonly hits: PhraseHit[],
    private readonly shortBlock: number,
  ) {}

  /** Sentence spans in normalised offsets (segmented on the original text, which keeps capitals). */
  private sentences(): Span[] {
    if (!this.spans) {
      this.spans = sentenceSpans(this.text).map(([s, e]) => [this.toNorm(s), this.toNorm(e)] as Span);
    }
    return this.spans;
  }

  private toNorm(orig: number): number {
    const starts = this.norm.start;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! < orig) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Windows for derived rules: the whole block when short, else its sentences. */
  private whole(): boolean {
    return this.text.length <= this.shortBlock;
  }

  termsByWindow(): Map<number, Set<number>> {
    if (!this.whole()) return this.termsBySentence();
    return new Map([[0, new Set(this.hits.map((h) => h.phrase))]]);
  }

  /** Same as termsByWindow (kept separate so the reference reads as before). */
  windowTerms(): Map<number, Set<number>> {
    return this.termsByWindow();
  }

  windowMention(entryIndex: number, entry: IndexEntry, wi: number): Mention {
    if (!this.whole()) return this.sentenceMention(entryIndex, entry, wi);
    return this.mention(entryIndex, entry, 0, this.norm.text.length, true);
  }

  termsBySentence(): Map<number, Set<number>> {
    if (!this.bySentence) {
      const spans = this.sentences();
      this.bySentence = new Map();
      for (const h of this.hits) {
        const si = spanIndexAt(spans, h.start);
        let set = this.bySentence.get(si);
        if (!set) this.bySentence.set(si, (set = new Set()));
        set.add(h.phrase);
      }
    }
    return this.bySentence;
  }

  termsInSentenceOf(normPos: number): Set<number> {
    return this.termsBySentence().get(spanIndexAt(this.sentences(), normPos)) ?? new Set();
  }

  /** A mention spanning sentence `si` (trimmed), so the badge sits at the sentence's end. */
  sentenceMention(entryIndex: number, entry: IndexEntry, si: number): Mention {
    const [s, e] = this.sentences()[si]!;
    let end = e;
    while (end > s && this.norm.text.charCodeAt(end - 1) === 32) end--;
    return this.mention(entryIndex, entry, s, end, true);
  }

  mention(entryIndex: number, entry: IndexEntry, normStart: number, normEnd: number, trim = false): Mention {
    const start = this.norm.start[normStart] ?? 0;
    let end = this.norm.end[normEnd - 1] ?? this.text.length;
    if (trim) while (end > start && /\s/.test(this.text[end - 1]!)) end--;
    return { entry: entryIndex, id: entry.id, kind: entry.kind, start, end, text: this.text.slice(start, end) };
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
