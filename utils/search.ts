/**
 * Look-up over cached entries for the popup: an inverted index of folded words, ranked by field
 * (names and aliases, then jurisdictions, then claim text and details) and by how rare each word
 * is. The word being typed matches as a prefix, and longer words tolerate a typo or two, so
 * results come as you type. Stays well under a frame per keystroke at 100,000 entries
 * (measured by scripts/bench-search.ts). Pure.
 */
import type { Entry, Verdict } from './feed/types';
import { describeEntry } from './match/describe';
import { foldPhrase } from './match/normalize';
import { laterTask, runInSteps, runSteps } from './steps';

export interface SearchResult {
  id: string;
  kind: 'claim' | 'app';
  name: string;
  label: string;
  /** For localised labels (see utils/i18n.ts badgeLabel). */
  labelKey: string;
  count: number;
  tone: string;
  verdict?: Verdict;
  source: string;
  score: number;
}

export interface SearchOptions {
  kind?: 'claim' | 'app';
  verdict?: Verdict;
  limit?: number;
}

/** Field weights: a word in a name says more than one in a summary. */
const NAME = 3;
const PLACE = 2;
const BODY = 1;
const FIELD_SHIFT = 2; // posting = doc << 2 | field weight

const WORD = /[\p{L}\p{N}]+/gu;
const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]/u;

/** Words of a text; CJK runs also give their characters' bigrams, which is how CJK is searched. */
export function searchTokens(text: string): string[] {
  const out: string[] = [];
  for (const m of foldPhrase(text).matchAll(WORD)) {
    const w = m[0];
    if (CJK.test(w) && w.length > 1) {
      for (let i = 0; i + 1 < w.length; i++) out.push(w.slice(i, i + 2));
    } else out.push(w);
  }
  return out;
}

/** Damerau-Levenshtein distance capped at max + 1 (early exit), for typo tolerance. */
export function boundedDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

interface Doc {
  entry: Entry;
  source: string;
}

/**
 * `words` in the order of sort(), in steps: sorted by their first two characters, then each group
 * on its own (the same order: a group's words share their prefix, and a shorter prefix sorts
 * first). Sorting a 100,000-entry list's vocabulary at once was one long task.
 */
export function* sortedSteps(words: readonly string[]): Generator<void, string[], void> {
  const groups = new Map<string, string[]>();
  for (const w of words) {
    const key = w.slice(0, 2);
    const group = groups.get(key);
    if (group) group.push(w);
    else groups.set(key, [w]);
  }
  const out: string[] = [];
  for (const key of [...groups.keys()].sort()) {
    yield;
    for (const w of groups.get(key)!.sort()) out.push(w);
  }
  return out;
}

export class SearchIndex {
  private docs: Doc[] = [];
  private readonly postings = new Map<string, number[]>();
  /** Sorted vocabulary, for prefix ranges and the typo scan. */
  private vocab: string[] = [];
  private nameLength = new Uint32Array(0);

  constructor(items: readonly { entry: Entry; source: string }[]) {
    runSteps(this.fill(items));
  }

  /**
   * The index built in steps: at 100,000 entries it took 1.3 s, which the background would spend
   * in one task the first time the popup searched after a change of the lists.
   */
  static async create(
    items: readonly { entry: Entry; source: string }[],
    pause: () => Promise<void> = laterTask,
    sliceMs = 20,
  ): Promise<SearchIndex> {
    const index = new SearchIndex([]);
    await runInSteps(index.fill(items), pause, sliceMs);
    return index;
  }

  private *fill(items: readonly { entry: Entry; source: string }[]): Generator<void> {
    this.docs = items.map(({ entry, source }) => ({ entry, source }));
    for (let i = 0; i < this.docs.length; i++) {
      if ((i & 63) === 63) yield;
      const d = this.docs[i]!;
      const seen = new Map<string, number>();
      const add = (text: string | undefined, weight: number) => {
        if (!text) return;
        for (const t of searchTokens(text)) if ((seen.get(t) ?? 0) < weight) seen.set(t, weight);
      };
      const e = d.entry;
      if (e.kind === 'app') {
        add(e.name, NAME);
        for (const a of e.aliases) add(typeof a === 'string' ? a : a.text, NAME);
        for (const r of e.restrictions) {
          add(r.where, PLACE);
          add(r.authority, BODY);
          add(r.scope, BODY);
        }
        add(e.description, BODY);
      } else {
        add(e.claim, NAME);
        add(e.reviewedBy, BODY);
        add(e.summary, BODY);
        add(e.origin, BODY);
        add(e.ratingText, BODY);
      }
      for (const [t, w] of seen) {
        const list = this.postings.get(t);
        const posting = (i << FIELD_SHIFT) | w;
        if (list) list.push(posting);
        else this.postings.set(t, [posting]);
      }
    }
    yield;
    this.vocab = yield* sortedSteps([...this.postings.keys()]);
    this.nameLength = Uint32Array.from(this.docs, ({ entry: e }) =>
      e.kind === 'app' ? e.name.length : e.claim.length,
    );
  }

  get size(): number {
    return this.docs.length;
  }

  /** Vocabulary words a query word may stand for, with a match quality (1 exact … 0.5 typo). */
  private expand(word: string, isLast: boolean): [string, number][] {
    const out: [string, number][] = [];
    if (this.postings.has(word)) out.push([word, 1]);
    if (isLast && word.length >= 2) {
      // Prefix range of the sorted vocabulary: the word being typed.
      let lo = 0;
      let hi = this.vocab.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.vocab[mid]! < word) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo, n = 0; i < this.vocab.length && n < 64 && this.vocab[i]!.startsWith(word); i++) {
        if (this.vocab[i] !== word) {
          out.push([this.vocab[i]!, 0.8]);
          n++;
        }
      }
    }
    if (word.length >= 4 && out.length < 3) {
      const max = word.length >= 8 ? 2 : 1;
      const first = word[0];
      for (const v of this.vocab) {
        // Typos rarely hit the first letter; skipping other initials keeps the scan cheap.
        if (v[0] !== first || Math.abs(v.length - word.length) > max || v === word) continue;
        const d = boundedDistance(word, v, max);
        if (d <= max) out.push([v, d === 1 ? 0.6 : 0.45]);
      }
    }
    return out;
  }

  search(query: string, opts: SearchOptions = {}): SearchResult[] {
    const words = [...new Set(searchTokens(query))].slice(0, 12);
    if (!words.length) return [];
    const n = this.docs.length;
    // Flat arrays instead of maps: a common prefix can touch most of 100,000 entries.
    const scores = new Float64Array(n);
    const hits = new Uint8Array(n);
    const best = new Float32Array(n);
    const touched: number[] = [];
    words.forEach((word, wi) => {
      const inWord: number[] = [];
      for (const [v, quality] of this.expand(word, wi === words.length - 1)) {
        const list = this.postings.get(v)!;
        const idf = Math.log(1 + n / list.length);
        for (const p of list) {
          const doc = p >> FIELD_SHIFT;
          const s = (p & 3) * quality * idf;
          if (best[doc] === 0) inWord.push(doc);
          if (s > best[doc]!) best[doc] = s;
        }
      }
      for (const doc of inWord) {
        if (hits[doc] === 0) touched.push(doc);
        scores[doc]! += best[doc]!;
        hits[doc]!++;
        best[doc] = 0;
      }
    });
    // Every word must match; with nothing found that way, accept most of them.
    let need = words.length;
    if (!touched.some((doc) => hits[doc]! >= need)) need = Math.max(1, Math.ceil(words.length * 0.6));
    const ranked: [number, number][] = [];
    for (const doc of touched) {
      if (hits[doc]! < need) continue;
      const e = this.docs[doc]!.entry;
      if (opts.kind && e.kind !== opts.kind) continue;
      if (opts.verdict && (e.kind !== 'claim' || e.verdict !== opts.verdict)) continue;
      ranked.push([doc, scores[doc]!]);
    }
    // Best `limit` by score, then the shorter name (the app "DeepSeek" before a claim that
    // mentions it): one pass with a small sorted buffer, since ties can number in the thousands.
    const limit = opts.limit ?? 30;
    const before = (a: [number, number], b: [number, number]) =>
      a[1] !== b[1]
        ? a[1] > b[1]
        : this.nameLength[a[0]]! !== this.nameLength[b[0]]!
          ? this.nameLength[a[0]]! < this.nameLength[b[0]]!
          : a[0] < b[0];
    const top: [number, number][] = [];
    for (const c of ranked) {
      if (top.length === limit && !before(c, top[limit - 1]!)) continue;
      let i = top.length;
      while (i > 0 && before(c, top[i - 1]!)) i--;
      top.splice(i, 0, c);
      if (top.length > limit) top.pop();
    }
    return top.map(([doc, score]) => {
      const { entry, source } = this.docs[doc]!;
      const d = describeEntry(entry);
      return {
        id: entry.id,
        kind: entry.kind,
        name: entry.kind === 'app' ? entry.name : entry.claim,
        label: d.label,
        labelKey: d.labelKey,
        count: d.count,
        tone: d.tone,
        verdict: entry.kind === 'claim' ? entry.verdict : undefined,
        source,
        score: Math.round(score * 100) / 100,
      };
    });
  }
}
