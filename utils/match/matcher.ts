/**
 * The matcher: finds app and claim mentions in a block of text (a paragraph, a tweet, a file).
 * Shared by the content script, the scan CLI and the benchmarks, so all three agree. Pure.
 */
import { findAmounts } from './amounts';
import type { ClaimRuleData, IndexData, IndexEntry } from './index-data';
import { normalize, type NormalizedText } from './normalize';
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

interface Use {
  entry: number;
  /** For aliases: index in entry.aliases. For claim terms: -1. */
  alias: number;
}

export interface MatcherOptions {
  /** A derived claim must beat the runner-up in its window by this factor. */
  margin: number;
  /** Blocks up to this length (a tweet, a short paragraph) are one window for derived claims. */
  shortBlock: number;
}

/** Tuned on the CheckThat! 2020 train split (npm run checkthat). */
export const DEFAULT_MATCHER_OPTIONS: MatcherOptions = { margin: 1.35, shortBlock: 400 };

export class Matcher {
  readonly entries: readonly IndexEntry[];
  private readonly phrases: PhraseIndex;
  /** Term id → entries using it as an alias. */
  private readonly aliasUses = new Map<number, Use[]>();
  /** Term id → claim entries using it anywhere in their rule. */
  private readonly claimUses = new Map<number, number[]>();
  private readonly amountTerms = new Map<string, number[]>();

  constructor(
    readonly data: IndexData,
    private readonly options: MatcherOptions = DEFAULT_MATCHER_OPTIONS,
  ) {
    this.entries = data.entries;
    this.phrases = new PhraseIndex(
      data.terms.map((t) => (t.a ? { text: '' } : { text: t.t, prefix: t.p === 1, exact: t.x })),
    );
    data.terms.forEach((t, id) => {
      if (t.a) push(this.amountTerms, t.a, id);
    });
    data.entries.forEach((e, entry) => {
      e.aliases?.forEach((a, alias) => push(this.aliasUses, a.term, { entry, alias }));
      if (e.rule) {
        const ids = new Set([...e.rule.all.flat(), ...e.rule.support.flat(), ...e.rule.none]);
        for (const id of ids) push(this.claimUses, id, entry);
      }
    });
  }

  /** Every mention in `text`, ordered by position. */
  scan(text: string): Mention[] {
    if (!text || this.entries.length === 0) return [];
    const norm = normalize(text);
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
    for (const hit of ctx.hits) {
      for (const use of this.aliasUses.get(hit.phrase) ?? []) {
        const entry = this.entries[use.entry]!;
        const alias = entry.aliases![use.alias]!;
        if (alias.need || alias.not) {
          const terms = ctx.termsInSentenceOf(hit.start);
          if (alias.need && !alias.need.some((t) => terms.has(t))) continue;
          if (alias.not && alias.not.some((t) => terms.has(t))) continue;
        }
        const m = ctx.mention(use.entry, entry, hit.start, hit.end);
        const key = `${use.entry}:${m.start}`;
        const prev = best.get(key);
        if (!prev || prev.end < m.end) best.set(key, m);
      }
    }
    // Drop a mention contained in a longer one of the same entry ("Tik Tok" inside "Tik Tok Shop").
    const list = [...best.values()].sort((a, b) => a.start - b.start || b.end - a.end);
    let last: Mention | undefined;
    for (const m of list) {
      if (last && last.entry === m.entry && m.start < last.end) continue;
      out.push(m);
      last = m;
    }
  }

  private claimMentions(ctx: BlockContext, out: Mention[]): void {
    const written: number[] = [];
    const derived: number[] = [];
    const seen = new Set<number>();
    for (const hit of ctx.hits) {
      for (const e of this.claimUses.get(hit.phrase) ?? []) {
        if (seen.has(e)) continue;
        seen.add(e);
        (this.entries[e]!.rule!.w ? derived : written).push(e);
      }
    }
    // Hand-written rules: every part in one sentence, no near-miss term.
    if (written.length) {
      for (const [si, terms] of ctx.termsBySentence()) {
        for (const e of written) {
          const rule = this.entries[e]!.rule!;
          if (!rule.all.every((g) => g.some((t) => terms.has(t)))) continue;
          let support = 0;
          for (const g of rule.support) if (g.some((t) => terms.has(t))) support++;
          if (support < rule.minSupport) continue;
          if (rule.none.some((t) => terms.has(t))) continue;
          out.push(ctx.sentenceMention(e, this.entries[e]!, si));
        }
      }
    }
    // Derived (free-text) rules compete: in one window (a sentence, or a whole short block such
    // as a post) only the best-scoring claim is kept, and only when it clearly beats the runner-up.
    if (derived.length) {
      for (const [wi, terms] of ctx.termsByWindow()) {
        let best = -1;
        let bestRaw = 0;
        let runnerUp = 0;
        for (const e of derived) {
          const rule = this.entries[e]!.rule!;
          const [raw, share] = derivedScore(rule, terms);
          if (raw > bestRaw) {
            runnerUp = bestRaw;
            bestRaw = raw;
            best = share >= rule.min! && rule.all.every((g) => g.some((t) => terms.has(t))) ? e : -1;
          } else if (raw > runnerUp) runnerUp = raw;
        }
        if (best >= 0 && bestRaw >= runnerUp * this.options.margin)
          out.push(ctx.windowMention(best, this.entries[best]!, wi));
      }
    }
  }
}

/** [weight of the terms present, share of the rule's total weight]. */
function derivedScore(rule: ClaimRuleData, terms: Set<number>): [number, number] {
  const w = rule.w!;
  let total = 0;
  let got = 0;
  let i = 0;
  for (const g of rule.all.concat(rule.support)) {
    const weight = w[i++] ?? 0;
    total += weight;
    if (g.some((t) => terms.has(t))) got += weight;
  }
  return [got, total > 0 ? got / total : 0];
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
