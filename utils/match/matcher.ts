/**
 * The matcher: finds app and claim mentions in a block of text (a paragraph, a tweet, a file).
 * Shared by the content script, the scan CLI and the benchmarks, so all three agree. Pure.
 */
import { findAmounts } from './amounts';
import { BlockContext, type Mention } from './block-context';
import { csr, csrSteps } from './csr';
import { DerivedClaims, type ClaimScratch, type DerivedSnapshot } from './derived-claims';
import { INDEX_VERSION, type ClaimRuleData, type IndexData, type IndexEntry } from './index-data';
import { normalizeTransient } from './normalize';
import { PhraseIndex, type PhraseHit, type PhraseIndexSnapshot } from './phrase-index';
import { DEFAULT_CLAIM_MODEL } from './claim-model';
import { ClaimJudge, type JudgeOptions } from './claim-judge';
import { laterTask, runInSteps, runSteps } from '../steps';
import { EntryList, toColumnsSteps, type EntryColumns } from './entry-columns';
import {
  checkArrays,
  checkPairs,
  checkStarts,
  isIntList,
  record,
  SnapshotError,
  takeArrays,
  type ArraysOf,
} from './snapshot';

export type { Mention } from './block-context';

interface AliasUse {
  entry: number;
  /** Context terms of the alias (AliasData.need / .not). */
  need?: number[];
  not?: number[];
}

export interface MatcherOptions extends JudgeOptions {
  /** Blocks up to this length (a tweet, a short paragraph) are one window for derived claims. */
  shortBlock: number;
}

export const DEFAULT_MATCHER_OPTIONS: MatcherOptions = { shortBlock: 400, model: DEFAULT_CLAIM_MODEL };

/** Changes whenever what a snapshot holds does (an older one is then built anew). */
export const MATCHER_SNAPSHOT_VERSION = 1;

/** The Matcher's own typed arrays (the rest of a snapshot is its parts'). */
const ARRAYS = {
  termUse: Uint8Array,
  claimTermStart: Int32Array,
  claimTerms: Int32Array,
  trigStart: Int32Array,
  trigClaims: Int32Array,
};

/** A built Matcher as plain data: what the background keeps in IndexedDB (see snapshot.ts). */
export interface MatcherSnapshot {
  version: typeof MATCHER_SNAPSHOT_VERSION;
  entries: EntryColumns;
  phrases: PhraseIndexSnapshot;
  amountText: [number, string][];
  aliasUses: AliasColumns;
  amountTerms: [string, number[]][];
  written: [number, ClaimRuleData][];
  verbatim: [number, number[]][];
  termUse: Uint8Array;
  claimTermStart: Int32Array;
  claimTerms: Int32Array;
  trigStart: Int32Array;
  trigClaims: Int32Array;
  derived: DerivedSnapshot;
}

const ALIAS = 1;
const CLAIM = 2;
/** The whole text of a short free-text claim (ClaimRuleData.v). */
const VERBATIM = 4;

export class Matcher {
  /**
   * The entries, for badges and reports: id, kind, name, label, tone… (their match data lives in
   * the flat arrays below, so the compiled index can be garbage-collected).
   */
  private entryList!: EntryList;
  private phrases!: PhraseIndex;
  /** The text of amount terms ("$1 billion"), which the phrase index does not hold. */
  private readonly amountText = new Map<number, string>();
  /** Term id → entries using it as an alias. */
  private readonly aliasUses = new Map<number, AliasUse[]>();
  private readonly amountTerms = new Map<string, number[]>();
  /** Per term: ALIAS and/or CLAIM when some entry uses it that way. */
  private termUse!: Uint8Array;
  /** Hand-written claim rules (few), by entry. */
  private readonly written = new Map<number, ClaimRuleData>();
  /** Whole-text term of a short free-text claim too common for a rule → its entries. */
  private readonly verbatim = new Map<number, number[]>();

  // Claims, in flat arrays (a 20,000-entry list is mostly claims; see claimMentions).
  /** Every term of each claim (all, support, none), distinct: claim → CSR range. */
  private claimTermStart!: Int32Array;
  private claimTerms!: Int32Array;
  /** Hand-written rules: term → claims that have it in their trigger group (one `all` group). */
  private trigStart!: Int32Array;
  private trigClaims!: Int32Array;
  /** Derived rules (free-text claims): most of a large list. */
  private derived!: DerivedClaims;
  /** The match model's decision on each window's best derived claim. */
  private judge!: ClaimJudge;

  // Scratch state reused across scans (a stamp per scan/window replaces clearing).
  private readonly scratch: ClaimScratch = { stamp: 0, claimStamp: new Int32Array(0) };
  private termStamp!: Int32Array;
  private termFirstHit!: Int32Array;

  constructor(
    data: IndexData,
    private readonly options: MatcherOptions = DEFAULT_MATCHER_OPTIONS,
  ) {
    for (const step = this.init(data); !step.next().done; );
  }

  /**
   * Builds a Matcher in steps, calling `pause` between them once `sliceMs` of work has been done,
   * so that a large list does not block the background (issue 15: no task over 50 ms).
   */
  static async create(
    data: IndexData,
    options: MatcherOptions = DEFAULT_MATCHER_OPTIONS,
    pause: () => Promise<void> = laterTask,
    sliceMs = 20,
  ): Promise<Matcher> {
    const m = new Matcher({ version: data.version, terms: [], entries: [] }, options);
    await runInSteps(m.init(data), pause, sliceMs);
    return m;
  }

  /** Every entry (a restored Matcher makes them all: entry() is the way to read a few). */
  get entries(): readonly IndexEntry[] {
    return this.entryList.all();
  }

  /** Entry `i` of a Mention (its `entry`). */
  entry(i: number): IndexEntry {
    return this.entryList.get(i);
  }

  get entryCount(): number {
    return this.entryList.length;
  }

  /** The construction, as a generator that yields every so often (see create()). */
  private *init(data: IndexData): Generator<void> {
    this.aliasUses.clear();
    this.amountTerms.clear();
    this.written.clear();
    this.verbatim.clear();
    this.amountText.clear();
    const nTerms = data.terms.length;
    const nEntries = data.entries.length;
    this.phrases = yield* PhraseIndex.create(
      data.terms.map((t) => (t.a ? { text: '' } : { text: t.t, prefix: t.p === 1, exact: t.x })),
    );
    yield;
    data.terms.forEach((t, id) => {
      if (!t.a) return;
      push(this.amountTerms, t.a, id);
      this.amountText.set(id, t.t);
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
        ...(e.private ? { private: true as const } : {}),
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
      if (rule.v !== undefined) {
        push(this.verbatim, rule.v, entry);
        this.termUse[rule.v]! |= VERBATIM;
      }
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
      if (!rule.w) {
        this.written.set(entry, rule);
        // A hand-written rule needs every `all` group in one sentence: index it under the terms of
        // its smallest group only, which is necessary anyway (all of its terms when `all` is empty).
        let trigger = rule.all.length ? rule.all[0]! : ids;
        for (const g of rule.all) if (g.length < trigger.length) trigger = g;
        for (const t of new Set(trigger)) (trig[t] ??= []).push(entry);
      }
    }
    this.entryList = EntryList.of(entries);
    yield;
    [this.claimTermStart, this.claimTerms] = yield* csrSteps(claimTermLists, nEntries);
    yield;
    [this.trigStart, this.trigClaims] = yield* csrSteps(trig, nTerms);
    yield;
    this.derived = new DerivedClaims(this.scratch);
    yield* this.derived.build(data);
    this.finish();
  }

  /** The parts made from the built ones (scratch, the model's judge). */
  private finish(): void {
    const nTerms = this.termUse.length;
    this.judge = new ClaimJudge(this.derived, this.entryList, this.options, (t) => this.termText(t));
    this.termStamp = new Int32Array(nTerms);
    this.termFirstHit = new Int32Array(nTerms);
    this.scratch.claimStamp = new Int32Array(this.entryList.length);
  }

  /** This Matcher as plain data, for the cache (Matcher.restore() takes it back). */
  snapshot(): MatcherSnapshot {
    return runSteps(this.snapshotSteps());
  }

  /** snapshot() in steps: at 100,000 entries it was one task of 70–110 ms. */
  *snapshotSteps(): Generator<void, MatcherSnapshot, void> {
    const entries = yield* toColumnsSteps(this.entries);
    yield;
    const phrases = yield* this.phrases.snapshotSteps();
    yield;
    const rest = {
      amountText: [...this.amountText],
      aliasUses: aliasColumns(this.aliasUses),
      amountTerms: [...this.amountTerms],
      written: [...this.written],
      verbatim: [...this.verbatim],
      ...takeArrays(this, ARRAYS),
    };
    yield;
    return { version: MATCHER_SNAPSHOT_VERSION, entries, phrases, ...rest, derived: this.derived.snapshot() };
  }

  /**
   * The Matcher a snapshot holds, matching exactly as the one it was taken from; a SnapshotError
   * when it is not one this code wrote (the caller builds the Matcher from the lists instead).
   */
  static restore(x: unknown, options: MatcherOptions = DEFAULT_MATCHER_OPTIONS): Matcher {
    const s = record(x, 'snapshot');
    if (s.version !== MATCHER_SNAPSHOT_VERSION) throw new SnapshotError(`version ${String(s.version)}`);
    const arrays = checkArrays(s, ARRAYS, 'snapshot');
    const nTerms = arrays.termUse.length;
    const m = new Matcher({ version: INDEX_VERSION, terms: [], entries: [] }, options);
    const entries = EntryList.fromColumns(s.entries);
    const nEntries = entries.length;
    if (arrays.claimTermStart.length !== nEntries + 1 || arrays.trigStart.length !== nTerms + 1)
      throw new SnapshotError('claim arrays do not fit the entries');
    checkStarts(arrays.claimTermStart, arrays.claimTerms, 'claimTermStart');
    checkStarts(arrays.trigStart, arrays.trigClaims, 'trigStart');
    Object.assign(m, arrays);
    m.entryList = entries;
    m.phrases = PhraseIndex.restore(s.phrases, nTerms);
    m.derived = DerivedClaims.restore(s.derived, m.scratch, nEntries, nTerms);
    const term = (t: unknown, where: string): number => {
      if (!Number.isInteger(t) || (t as number) < 0 || (t as number) >= nTerms) throw new SnapshotError(where);
      return t as number;
    };
    const entry = (e: unknown, where: string): number => {
      if (!Number.isInteger(e) || (e as number) < 0 || (e as number) >= nEntries) throw new SnapshotError(where);
      return e as number;
    };
    for (const [t, text] of checkPairs(s.amountText, 'amountText')) {
      if (typeof text !== 'string') throw new SnapshotError('amountText');
      m.amountText.set(term(t, 'amountText'), text);
    }
    const a = checkArrays(s.aliasUses, ALIAS_COLUMNS, 'aliasUses');
    checkStarts(a.needStart, a.need, 'aliasUses.needStart');
    checkStarts(a.notStart, a.not, 'aliasUses.notStart');
    if (
      a.entry.length !== a.term.length ||
      a.needStart.length !== a.term.length + 1 ||
      a.notStart.length !== a.term.length + 1
    )
      throw new SnapshotError('aliasUses columns differ in length');
    for (let i = 0; i < a.term.length; i++) {
      const use: AliasUse = { entry: entry(a.entry[i], 'aliasUses') };
      if (a.needStart[i + 1]! > a.needStart[i]!) use.need = [...a.need.subarray(a.needStart[i], a.needStart[i + 1])];
      if (a.notStart[i + 1]! > a.notStart[i]!) use.not = [...a.not.subarray(a.notStart[i], a.notStart[i + 1])];
      push(m.aliasUses, term(a.term[i], 'aliasUses'), use);
    }
    for (const [key, ids] of checkPairs(s.amountTerms, 'amountTerms')) {
      if (typeof key !== 'string' || !isIntList(ids)) throw new SnapshotError('amountTerms');
      m.amountTerms.set(key, ids);
    }
    for (const [e, rule] of checkPairs(s.written, 'written')) {
      const r = rule as ClaimRuleData;
      if (!r || !Array.isArray(r.all) || !Array.isArray(r.support) || !Array.isArray(r.none))
        throw new SnapshotError('written');
      m.written.set(entry(e, 'written'), r);
    }
    for (const [t, ids] of checkPairs(s.verbatim, 'verbatim')) {
      if (!isIntList(ids)) throw new SnapshotError('verbatim');
      m.verbatim.set(term(t, 'verbatim'), ids);
    }
    m.finish();
    return m;
  }

  /**
   * Every mention in `text`, ordered by position. `exclude` leaves entries out of the free-text
   * claim search (evaluation: the list without a text's right claim).
   */
  scan(text: string, exclude?: Iterable<number>): Mention[] {
    // The content script never excludes: nothing is set up or torn down for it.
    if (!exclude) return this.scanText(text);
    this.derived.exclude(exclude);
    try {
      return this.scanText(text);
    } finally {
      this.derived.exclude([]);
    }
  }

  private scanText(text: string): Mention[] {
    if (!text || this.entryList.length === 0) return [];
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
        const entry = this.entryList.get(use.entry);
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
   * - derived rules compete per window (the block if short, else each sentence): the best-scoring
   *   claim, if eligible, is the candidate, and the match model decides (ClaimJudge). Approximate
   *   sums over the window's postings give the best two scores; the few claims within reach of
   *   them are then scored exactly as the reference scores them (DerivedClaims.top).
   */
  private claimMentions(ctx: BlockContext, out: Mention[]): void {
    const termUse = this.termUse;
    const stamp = ++this.scratch.stamp;
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
    if (!blockTerms.length && !this.verbatim.size) return;
    if (blockTerms.length) this.writtenMentions(ctx, blockTerms, stamp, out);
    // A short claim quoted whole is the claim, however common its words.
    const quoted = this.verbatim.size ? this.verbatimMentions(ctx, out) : undefined;
    if (!this.derived.count || !blockTerms.length) return;
    let anyDerived = false;
    for (const t of blockTerms) if (this.derived.uses(t)) anyDerived = true;
    if (!anyDerived) return;
    const candidates = this.derived.fast ? undefined : this.derivedCandidates(ctx);
    for (const [wi, terms] of ctx.windowTerms()) {
      const top = candidates ? this.derived.topPlain(candidates, terms) : this.derived.top(terms);
      if (!top || quoted?.has(top.claim)) continue;
      this.judge.judge(ctx, wi, top, this.termFirstHit, out);
    }
  }

  /** Mentions of short claims quoted whole; returns their entries. */
  private verbatimMentions(ctx: BlockContext, out: Mention[]): Set<number> {
    const found = new Set<number>();
    for (const hit of ctx.hits) {
      if (!(this.termUse[hit.phrase]! & VERBATIM)) continue;
      for (const e of this.verbatim.get(hit.phrase)!) {
        if (found.has(e) || this.derived.isExcluded(e)) continue;
        found.add(e);
        const m = ctx.mention(e, this.entryList.get(e), hit.start, hit.end);
        m.tier = 'inline';
        m.score = 1;
        // Every word of the claim is on the page.
        m.shared = this.termText(hit.phrase).split(' ');
        m.sentence = ctx.sentenceText(hit.start);
        out.push(m);
      }
    }
    return found;
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
    const cStamp = this.scratch.claimStamp;
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
        out.push(ctx.sentenceMention(e, this.entryList.get(e), si));
      }
    }
  }

  /**
   * Every derived claim sharing a term with the block, for the reference loop (used when the
   * bounds of DerivedClaims.top() do not apply, and by the property test).
   */
  private derivedCandidates(ctx: BlockContext): number[] {
    const derived: number[] = [];
    const seen = new Set<number>();
    for (const hit of ctx.hits) {
      if (!(this.termUse[hit.phrase]! & CLAIM)) continue;
      this.derived.forEachClaimWith(hit.phrase, (e) => {
        if (!seen.has(e)) {
          seen.add(e);
          derived.push(e);
        }
      });
    }
    return derived;
  }

  /** A term's text as the index has it (`*` marks a prefix term). */
  termText(t: number): string {
    return this.amountText.get(t) ?? (this.phrases.isPrefix(t) ? `${this.phrases.textOf(t)}*` : this.phrases.textOf(t));
  }
}

const ALIAS_COLUMNS = {
  term: Int32Array,
  entry: Int32Array,
  needStart: Int32Array,
  need: Int32Array,
  notStart: Int32Array,
  not: Int32Array,
};
/** Every alias use, one per position (a list of apps has thousands: objects would be slow to read). */
type AliasColumns = ArraysOf<typeof ALIAS_COLUMNS>;

function aliasColumns(uses: ReadonlyMap<number, readonly AliasUse[]>): AliasColumns {
  const term: number[] = [];
  const entry: number[] = [];
  const need: number[][] = [];
  const not: number[][] = [];
  for (const [t, list] of uses) {
    for (const u of list) {
      term.push(t);
      entry.push(u.entry);
      need.push(u.need ?? []);
      not.push(u.not ?? []);
    }
  }
  const [needStart, needFlat] = csr(need, need.length);
  const [notStart, notFlat] = csr(not, not.length);
  return {
    term: Int32Array.from(term),
    entry: Int32Array.from(entry),
    needStart,
    need: needFlat,
    notStart,
    not: notFlat,
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
