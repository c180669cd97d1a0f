/**
 * One scanned block of text with its normalised form and phrase hits, and what the matcher asks
 * of it: sentences (computed lazily, only when a rule needs them), the terms of each sentence or
 * window, and mentions mapped back to the original offsets. Pure.
 */
import type { IndexEntry } from './index-data';
import type { NormalizedText } from './normalize';
import type { PhraseHit } from './phrase-index';
import { sentenceSpans, spanIndexAt, type Span } from './sentences';
import type { Tier } from './claim-model';
import type { WindowInfo } from './claim-features';
import { NEGATIONS, wordsIn } from './claim-shape';
import { isWordCode } from './normalize';
import { STOPWORDS } from './stopwords';
import { HASH_START, hashStep, WordTable } from './word-table';

const NEGATION = 1;
const STOPWORD = 2;
/** The stopwords and negations, read in place from a window's text (windowInfo). */
const SHORT_WORDS = new WordTable([
  ...[...NEGATIONS].map((w) => [w, NEGATION] as const),
  ...[...STOPWORDS].map((w) => [w, STOPWORD] as const),
]);

export interface Mention {
  /** Index into IndexData.entries. */
  entry: number;
  id: string;
  kind: 'claim' | 'app';
  /** UTF-16 offsets into the scanned text; the badge goes after `end`. */
  start: number;
  end: number;
  text: string;
  /**
   * Free-text claims only: "inline" (badged on the page) or "possible" (listed in the popup
   * only). Apps and curated claim rules have none: they are always badged.
   */
  tier?: Tier;
  /** Free-text claims only: the match model's probability (1 for a verbatim quote). */
  score?: number;
  /** Free-text claims only: the claim's terms the window shares (folded; `*` marks a prefix). */
  shared?: string[];
  /** With MatcherOptions.explain: the model's features (FEATURE_NAMES order). */
  features?: number[];
  /** A quoted claim: the sentence around the quote (what "Not this claim" in this sentence hides). */
  sentence?: string;
}

/** Per-block lazily computed sentence data. */
export class BlockContext {
  private spans: Span[] | undefined;
  private bySentence: Map<number, Set<number>> | undefined;
  private hitsBySentence: Map<number, PhraseHit[]> | undefined;
  /** The sentence of each hit (looked up once per block, shared by the two maps above). */
  private hitSentences: Int32Array | undefined;

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

  /** The window's span in normalised offsets. */
  windowSpan(wi: number): Span {
    return this.whole() ? [0, this.norm.text.length] : this.sentences()[wi]!;
  }

  /** Hits inside window `wi`, in order (sorted into sentences once per block). */
  windowHits(wi: number): PhraseHit[] {
    if (this.whole()) return this.hits;
    if (!this.hitsBySentence) {
      const of = this.sentenceOfHits();
      this.hitsBySentence = new Map();
      this.hits.forEach((h, i) => {
        let list = this.hitsBySentence!.get(of[i]!);
        if (!list) this.hitsBySentence!.set(of[i]!, (list = []));
        list.push(h);
      });
    }
    return this.hitsBySentence.get(wi) ?? [];
  }

  /**
   * What the match model needs to know about window `wi` (asked once per candidate): its words,
   * its content words (not stopwords, not a one- or two-digit number) and whether it is negated.
   * One pass over the normalised text, which is already lower-case.
   */
  windowInfo(wi: number): WindowInfo {
    const [s, e] = this.windowSpan(wi);
    const norm = this.norm.text;
    let words = 0;
    let salient = 0;
    let negated = false;
    for (let i = s; i < e; ) {
      if (!isWordCode(norm.charCodeAt(i))) {
        i++;
        continue;
      }
      let j = i + 1;
      let digits = norm.charCodeAt(i) < 58;
      // The word's hash for the stopword table, taken as it is read.
      let hash = hashStep(HASH_START, norm.charCodeAt(i));
      for (; j < e; j++) {
        const c = norm.charCodeAt(j);
        if (isWordCode(c)) digits &&= c < 58;
        else if (!(c === 39 && isWordCode(norm.charCodeAt(j + 1)))) break;
        hash = hashStep(hash, c);
      }
      words++;
      const len = j - i;
      // Only words that may be a stopword or a negation are looked up (most are longer).
      if (len <= SHORT_WORDS.longest) {
        const flags = SHORT_WORDS.flagsHashed(norm, i, j, hash);
        if (flags & NEGATION) negated = true;
        if (len > 1 && !(digits && len <= 2) && !(flags & STOPWORD)) salient++;
      } else salient++;
      i = j;
    }
    return { words, salient, negated, wordsBetween: (from, to) => wordsIn(norm, from, to) };
  }

  /** The original text of the sentence holding normalised offset `normPos`. */
  sentenceText(normPos: number): string {
    const [s, e] = this.sentences()[spanIndexAt(this.sentences(), normPos)] ?? [0, this.norm.text.length];
    const [start, end] = this.originalSpan(s, e, true);
    return this.text.slice(start, end);
  }

  termsBySentence(): Map<number, Set<number>> {
    if (!this.bySentence) {
      const of = this.sentenceOfHits();
      this.bySentence = new Map();
      const hits = this.hits;
      for (let i = 0; i < hits.length; i++) {
        let set = this.bySentence.get(of[i]!);
        if (!set) this.bySentence.set(of[i]!, (set = new Set()));
        set.add(hits[i]!.phrase);
      }
    }
    return this.bySentence;
  }

  private sentenceOfHits(): Int32Array {
    if (!this.hitSentences) {
      const spans = this.sentences();
      const of = new Int32Array(this.hits.length);
      for (let i = 0; i < of.length; i++) of[i] = spanIndexAt(spans, this.hits[i]!.start);
      this.hitSentences = of;
    }
    return this.hitSentences;
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
    const [start, end] = this.originalSpan(normStart, normEnd, trim);
    return { entry: entryIndex, id: entry.id, kind: entry.kind, start, end, text: this.text.slice(start, end) };
  }

  /** Normalised offsets back to the original text (trailing white space dropped with `trim`). */
  private originalSpan(normStart: number, normEnd: number, trim: boolean): Span {
    const start = this.norm.start[normStart] ?? 0;
    let end = this.norm.end[normEnd - 1] ?? this.text.length;
    if (trim) while (end > start && /\s/.test(this.text[end - 1]!)) end--;
    return [start, end];
  }
}
