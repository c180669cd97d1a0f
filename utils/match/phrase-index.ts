/**
 * Finds many phrases at once in normalised text, with word-boundary rules that work across
 * scripts: Latin phrases need a boundary on both sides (a non-letter, a camelCase step as in
 * "#DeleteTikTokApp", or a CJK neighbour as in "deepseek事件"); CJK phrases match anywhere.
 * Inside hashtags, @handles, r/subreddits and URLs, longer phrases also match inside words.
 *
 * Lookup is by the phrase's first four code units (hashed into an open-addressing table), so
 * the cost per word of text does not grow with the number of phrases. Pure.
 */
import { foldKeepCase, isCjkCode, isWordCode, type NormalizedText } from './normalize';
import { runSteps } from '../steps';
import {
  checkArrays,
  checkNumber,
  checkPairs,
  checkStarts,
  packStringsSteps,
  record,
  SnapshotError,
  takeArrays,
  checkPacked,
  packedAt,
  type ArraysOf,
  type PackedStrings,
} from './snapshot';

export interface PhraseSpec {
  /** Folded form (normalize().text of the phrase). */
  text: string;
  /** The last word may continue ("invest*" → "investing"). */
  prefix?: boolean;
  /** Case-sensitive: the original text must equal this after foldKeepCase(). */
  exact?: string;
}

export interface PhraseHit {
  phrase: number;
  /** Offsets in the normalised text. */
  start: number;
  end: number;
}

/** Phrases at least this long may match inside hashtags, handles and URLs. */
const MIN_COMPOUND_LENGTH = 4;
const COMPOUND = /(?:^|[\s(])(?:[#@]|r\/)[\p{L}\p{N}_]+|https?:\/\/[^\s]+|www\.[^\s]+/gu;

/** A lower-case letter followed by a capital (what camelAt looks for, in the original). */
const CAMEL_STEP = /[a-z][A-Z]/;

/**
 * A 32-bit hash of the `k` (1-4) units of `s` from `i`: the key a phrase is filed under
 * (collisions only add candidates, which are compared in full anyway).
 */
function keyHash(s: string, i: number, k: number): number {
  let h = Math.imul(s.charCodeAt(i) ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (k > 1 ? s.charCodeAt(i + 1) : -1) ^ (h >>> 13), 0xc2b2ae35);
  h = Math.imul(h ^ (k > 2 ? s.charCodeAt(i + 2) : -1) ^ (h >>> 16), 0x27d4eb2f);
  if (k > 3) h = Math.imul(h ^ s.charCodeAt(i + 3) ^ (h >>> 15), 0x165667b1);
  return h ^ (h >>> 15);
}

const GATE_SIZE = 1 << 16;
/** A 16-bit hash of the three units of `s` from `i`, for PhraseIndex.gate. */
function gateOf(s: string, i: number): number {
  return (Math.imul(s.charCodeAt(i), 961) + Math.imul(s.charCodeAt(i + 1), 31) + s.charCodeAt(i + 2)) & (GATE_SIZE - 1);
}

/** 1 for ASCII letters and digits (isWordCode of ASCII). */
const ASCII_WORD = new Uint8Array(128).map((_, c) =>
  (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) ? 1 : 0,
);

function isUpperAscii(code: number): boolean {
  return code >= 65 && code <= 90;
}
function isLowerAscii(code: number): boolean {
  return code >= 97 && code <= 122;
}

const BUCKET_ARRAYS = {
  hashes: Int32Array,
  lists: Int32Array,
  start: Int32Array,
  items: Int32Array,
  asciiFirst: Uint8Array,
};
type BucketsSnapshot = ArraysOf<typeof BUCKET_ARRAYS> & { size: number; mask: number };

/**
 * Phrases by key, in an open-addressing table of 32-bit key hashes: a slot holds one list of
 * phrase indices in ascending order (phrases whose keys share a hash share a list; the caller
 * compares the text anyway, so that only costs a comparison).
 */
class Buckets {
  size = 0;
  private mask = 0;
  private hashes = new Int32Array(0);
  private lists = new Int32Array(0);
  /** CSR: list l holds items[start[l] .. start[l + 1]). */
  start = new Int32Array(1);
  items = new Int32Array(0);
  /**
   * Beside each item, its phrase's length and last unit (describe()): the phrases of a list share
   * their first units, so the last one tells most apart with two reads in order, before the
   * phrase itself is looked at. Not in the snapshot: derived from the texts when restored.
   */
  itemLength = new Int32Array(0);
  itemLast = new Uint16Array(0);

  describe(texts: readonly string[]): void {
    const n = this.items.length;
    this.itemLength = new Int32Array(n);
    this.itemLast = new Uint16Array(n);
    for (let k = 0; k < n; k++) {
      const t = texts[this.items[k]!]!;
      this.itemLength[k] = t.length;
      this.itemLast[k] = t.charCodeAt(t.length - 1);
    }
  }

  /** describe() from the packed texts of a snapshot, without a string per phrase. */
  describePacked({ text, ends }: PackedStrings): void {
    const n = this.items.length;
    this.itemLength = new Int32Array(n);
    this.itemLast = new Uint16Array(n);
    for (let k = 0; k < n; k++) {
      const i = this.items[k]!;
      const end = ends[i]!;
      this.itemLength[k] = end - (i === 0 ? 0 : ends[i - 1]!);
      this.itemLast[k] = text.charCodeAt(end - 1);
    }
  }

  /** The buckets of `entries`, built in steps (a 100,000-claim list's were one 40 ms task). */
  static *create(entries: [hash: number, phrase: number][], firstUnits: number[] = []): Generator<void, Buckets> {
    const b = new Buckets();
    yield* b.fill(entries, firstUnits);
    return b;
  }

  private *fill(entries: [hash: number, phrase: number][], firstUnits: number[]): Generator<void> {
    for (const u of firstUnits) if (u < 128) this.asciiFirst[u] = 1;
    if (!entries.length) return;
    const byHash = new Map<number, number[]>();
    let n = 0;
    for (const [h, p] of entries) {
      if ((++n & 8191) === 0) yield;
      const l = byHash.get(h);
      if (l) l.push(p);
      else byHash.set(h, [p]);
    }
    this.size = byHash.size;
    let cap = 8;
    while (cap < byHash.size * 2) cap *= 2;
    this.mask = cap - 1;
    this.hashes = new Int32Array(cap);
    this.lists = new Int32Array(cap).fill(-1);
    this.start = new Int32Array(byHash.size + 1);
    this.items = new Int32Array(entries.length);
    let l = 0;
    let pos = 0;
    for (const [h, phrases] of byHash) {
      if ((++n & 8191) === 0) yield;
      let slot = h & this.mask;
      while (this.lists[slot] !== -1) slot = (slot + 1) & this.mask;
      this.hashes[slot] = h;
      this.lists[slot] = l;
      this.start[l] = pos;
      this.items.set(phrases, pos);
      pos += phrases.length;
      l++;
    }
    this.start[l] = pos;
  }

  /**
   * ASCII first units of the keys (1 where some key starts with that unit): most word starts in
   * Latin text can skip the hash look-up, e.g. the two-unit keys that are almost all Chinese.
   */
  readonly asciiFirst = new Uint8Array(128);

  snapshot(): BucketsSnapshot {
    return { ...takeArrays(this, BUCKET_ARRAYS), size: this.size, mask: this.mask };
  }

  static restore(x: unknown, where: string): Buckets {
    const s = checkArrays(x, BUCKET_ARRAYS, where);
    const fields = x as Record<string, unknown>;
    checkStarts(s.start, s.items, `${where}.start`);
    const b = new Buckets();
    Object.assign(b, s);
    b.size = checkNumber(fields.size, `${where}.size`);
    b.mask = checkNumber(fields.mask, `${where}.mask`);
    if (b.size && (s.hashes.length !== b.mask + 1 || s.lists.length !== b.mask + 1))
      throw new SnapshotError(`${where} has a table of the wrong size`);
    return b;
  }

  /** The list for a hash, or -1. */
  get(h: number): number {
    if (!this.size) return -1;
    const mask = this.mask;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const l = this.lists[slot]!;
      if (l === -1) return -1;
      if (this.hashes[slot] === h) return l;
    }
  }
}

export interface PhraseIndexSnapshot {
  buckets: BucketsSnapshot[];
  texts: PackedStrings;
  prefix: Uint8Array;
  exact: [number, string][];
  gate: Uint8Array;
}

export class PhraseIndex {
  /**
   * bK: phrases whose key is their first K units, K = min(4, length): on a large list
   * many phrases share three first letters ("con", "pre"), few share four.
   */
  private readonly b1: Buckets;
  private readonly b2: Buckets;
  private readonly b3: Buckets;
  private readonly b4: Buckets;
  /**
   * The specs, kept as flat arrays (no object per phrase). Restored from a snapshot, a phrase's
   * text is cut from the packed texts when first needed (textAt): a restarted worker answers its
   * first page without making 100,000 strings first.
   */
  private readonly texts: string[];
  private packed: PackedStrings | undefined;
  private readonly prefix: Uint8Array;
  private readonly exact = new Map<number, string>();
  /** 1 for the phrases in `exact` (derived, not stored): most candidates skip the Map look-up. */
  private hasExact = new Uint8Array(0);
  /**
   * 1 at gateOf(first three units) of every phrase of three or more units: most word starts skip
   * the two hash look-ups (a short list's phrases begin in a few hundred of the thousands of
   * ways words do). 64 KB; collisions only let a look-up through.
   */
  private readonly gate = new Uint8Array(GATE_SIZE);

  constructor(phrases: readonly PhraseSpec[] = []) {
    this.texts = [];
    this.prefix = new Uint8Array(0);
    this.b1 = this.b2 = this.b3 = this.b4 = new Buckets();
    if (phrases.length) runSteps(this.build(phrases));
  }

  /** An index of `phrases`, built in steps (Matcher.create: no long task at 100,000 entries). */
  static *create(phrases: readonly PhraseSpec[]): Generator<void, PhraseIndex> {
    const p = new PhraseIndex();
    yield* p.build(phrases);
    return p;
  }

  private *build(phrases: readonly PhraseSpec[]): Generator<void> {
    const texts = new Array<string>(phrases.length);
    const prefix = new Uint8Array(phrases.length);
    const entries: [number, number][][] = [[], [], [], []];
    const firsts: number[][] = [[], []];
    for (let i = 0; i < phrases.length; i++) {
      if ((i & 8191) === 8191) yield;
      const p = phrases[i]!;
      texts[i] = p.text;
      if (p.prefix) prefix[i] = 1;
      if (p.exact !== undefined) this.exact.set(i, p.exact);
      if (!p.text) continue;
      const t = p.text;
      const k = Math.min(4, t.length);
      entries[k - 1]!.push([keyHash(t, 0, k), i]);
      if (k >= 3) this.gate[gateOf(t, 0)] = 1;
      if (k <= 2) firsts[k - 1]!.push(t.charCodeAt(0));
    }
    yield;
    const b1 = yield* Buckets.create(entries[0]!, firsts[0]);
    const b2 = yield* Buckets.create(entries[1]!, firsts[1]);
    yield;
    // Keys of three and four units are gated by `gate` instead of their first unit.
    const b3 = yield* Buckets.create(entries[2]!);
    yield;
    const b4 = yield* Buckets.create(entries[3]!);
    for (const b of [b1, b2, b3, b4]) b.describe(texts);
    Object.assign(this, { texts, prefix, b1, b2, b3, b4, hasExact: exactMask(this.exact, phrases.length) });
  }

  /** The folded text of phrase `i` ('' for an amount term, which is found otherwise). */
  textOf(i: number): string {
    return i >= 0 && i < this.prefix.length ? this.textAt(i) : '';
  }

  /** Phrase i's text (0 ≤ i < the number of phrases). */
  private textAt(i: number): string {
    return (this.texts[i] ??= packedAt(this.packed!, i));
  }

  isPrefix(i: number): boolean {
    return this.prefix[i] === 1;
  }

  /** What the constructor built, for the cache (restore() takes it back). */
  snapshot(): PhraseIndexSnapshot {
    return runSteps(this.snapshotSteps());
  }

  /** snapshot() in steps (the texts of a large list's terms are packed a few thousand at a time). */
  *snapshotSteps(): Generator<void, PhraseIndexSnapshot, void> {
    const { b1, b2, b3, b4 } = this;
    return {
      buckets: [b1, b2, b3, b4].map((b) => b.snapshot()),
      texts: this.packed ?? (yield* packStringsSteps(this.texts)),
      prefix: this.prefix,
      exact: [...this.exact],
      gate: this.gate,
    };
  }

  /** The index a snapshot holds, of `n` phrases; a SnapshotError if unusable. */
  static restore(x: unknown, n: number): PhraseIndex {
    const s = record(x, 'phrases');
    if (!Array.isArray(s.buckets) || s.buckets.length !== 4) throw new SnapshotError('phrases.buckets');
    const p = new PhraseIndex();
    const [b1, b2, b3, b4] = s.buckets.map((b, i) => Buckets.restore(b, `phrases.b${i + 1}`));
    const { prefix, gate } = checkArrays(s, { prefix: Uint8Array, gate: Uint8Array }, 'phrases');
    if (prefix.length !== n || gate.length !== GATE_SIZE) throw new SnapshotError('phrases do not fit the terms');
    const exact = new Map<number, string>();
    for (const [i, text] of checkPairs(s.exact, 'phrases.exact')) {
      if (typeof i !== 'number' || typeof text !== 'string') throw new SnapshotError('phrases.exact');
      exact.set(i, text);
    }
    const packed = checkPacked(s.texts, 'phrases.texts', n);
    for (const b of [b1!, b2!, b3!, b4!]) {
      const items = b.items;
      for (let k = 0; k < items.length; k++)
        if (!(items[k]! >= 0 && items[k]! < n)) throw new SnapshotError('phrases.buckets point past the terms');
      b.describePacked(packed);
    }
    const texts = new Array<string>(n);
    Object.assign(p, { b1, b2, b3, b4, texts, packed, prefix, exact, gate, hasExact: exactMask(exact, n) });
    return p;
  }

  find(norm: NormalizedText, original: string): PhraseHit[] {
    const hits: PhraseHit[] = [];
    const zones = compoundZones(norm.text);
    // Without a lower→upper step anywhere in the original, no camelCase word start can exist:
    // one native test per block instead of a look at the original for every unit inside a word.
    const mayCamel = CAMEL_STEP.test(original);
    if (!zones.length && !mayCamel && this.findInPlainWords(norm, original, hits)) return hits;
    hits.length = 0;
    this.findAnywhere(norm, original, zones, mayCamel, hits);
    return hits;
  }

  /**
   * The common case, ASCII text with no hashtag, handle, URL or camelCase word: phrases can only
   * start where a word or a run of punctuation does, so each word's other units are skipped with
   * one table look-up each. Returns false (hits incomplete) at the first non-ASCII unit.
   */
  private findInPlainWords(norm: NormalizedText, original: string, hits: PhraseHit[]): boolean {
    const text = norm.text;
    const n = text.length;
    let prevWord = false;
    for (let i = 0; i < n; ) {
      const code = text.charCodeAt(i);
      if (code >= 128) return false;
      if (!prevWord) this.lookUp(norm, original, i, code, true, hits);
      i++;
      prevWord = ASCII_WORD[code] === 1;
      if (!prevWord) continue;
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c >= 128) return false;
        if (ASCII_WORD[c] !== 1) break;
      }
    }
    return true;
  }

  /** Any text: every unit is looked at (CJK, camelCase steps, hashtags and URLs). */
  private findAnywhere(
    norm: NormalizedText,
    original: string,
    zones: [number, number][],
    mayCamel: boolean,
    hits: PhraseHit[],
  ): void {
    const text = norm.text;
    const n = text.length;
    const starts = norm.start;
    const nz = zones.length;
    let zone = 0;
    // The previous unit starts as a space: not a word character, not CJK.
    let prevWord = false;
    let prevCjk = false;
    for (let i = 0; i < n; i++) {
      const code = text.charCodeAt(i);
      let word: boolean;
      let cjk: boolean;
      if (code < 128) {
        word = ASCII_WORD[code] === 1;
        cjk = false;
      } else {
        word = isWordCode(code);
        cjk = isCjkCode(code);
      }
      let boundary = !prevWord || cjk || prevCjk;
      // A lower→upper step in the original marks a word start inside a compound ("TikTokApp").
      if (!boundary && word && mayCamel && camelAt(starts, original, i)) boundary = true;
      prevWord = word;
      prevCjk = cjk;
      let inZone = false;
      if (nz) {
        while (zone < nz && zones[zone]![1] <= i) zone++;
        inZone = zone < nz && zones[zone]![0] <= i;
      }
      if (boundary || inZone) this.lookUp(norm, original, i, code, boundary, hits);
    }
  }

  /** Checks the phrases that may start at `i` (whose first unit is `code`). */
  private lookUp(
    norm: NormalizedText,
    original: string,
    i: number,
    code: number,
    boundary: boolean,
    hits: PhraseHit[],
  ): void {
    const text = norm.text;
    const n = text.length;
    const { b1, b2, b3, b4 } = this;
    if (b1.size && (code >= 128 || b1.asciiFirst[code])) {
      const l = b1.get(keyHash(text, i, 1));
      if (l >= 0) this.check(b1, l, norm, original, i, boundary, hits);
    }
    if (b2.size && i + 1 < n && (code >= 128 || b2.asciiFirst[code])) {
      const l = b2.get(keyHash(text, i, 2));
      if (l >= 0) this.check(b2, l, norm, original, i, boundary, hits);
    }
    if (i + 2 >= n || !this.gate[gateOf(text, i)]) return;
    const before = hits.length;
    if (b3.size) {
      const l = b3.get(keyHash(text, i, 3));
      if (l >= 0) this.check(b3, l, norm, original, i, boundary, hits);
    }
    const mid = hits.length;
    if (b4.size && i + 3 < n) {
      const l = b4.get(keyHash(text, i, 4));
      if (l >= 0) this.check(b4, l, norm, original, i, boundary, hits);
    }
    // Hits at one position come in phrase order, whatever the length of their keys (rare).
    if (mid > before && hits.length > mid) {
      const here = hits.splice(before).sort((a, b) => a.phrase - b.phrase);
      hits.push(...here);
    }
  }

  private check(
    buckets: Buckets,
    list: number,
    norm: NormalizedText,
    original: string,
    i: number,
    boundary: boolean,
    hits: PhraseHit[],
  ): void {
    const text = norm.text;
    const starts = norm.start;
    const items = buckets.items;
    const lengths = buckets.itemLength;
    const lasts = buckets.itemLast;
    for (let k = buckets.start[list]!, last = buckets.start[list + 1]!; k < last; k++) {
      // The last unit first (past the text's end it reads NaN, which differs too).
      if (text.charCodeAt(i + lengths[k]! - 1) !== lasts[k]) continue;
      const idx = items[k]!;
      const phrase = this.textAt(idx);
      if (!text.startsWith(phrase, i)) continue;
      const exact = this.hasExact[idx] ? this.exact.get(idx) : undefined;
      const relaxed = phrase.length >= MIN_COMPOUND_LENGTH && !exact;
      if (!boundary && !relaxed) continue;
      let end = i + phrase.length;
      const lastCode = text.charCodeAt(end - 1);
      if (this.prefix[idx])
        while (end < text.length && isWordCode(text.charCodeAt(end)) && !isCjkCode(text.charCodeAt(end))) end++;
      if (end < text.length && !isCjkCode(lastCode)) {
        const next = text.charCodeAt(end);
        const endOk =
          !isWordCode(next) ||
          isCjkCode(next) ||
          camelAt(starts, original, end) ||
          (relaxed && !boundary) ||
          (relaxed && inCompound(text, end));
        if (!endOk) continue;
      }
      if (exact !== undefined) {
        const slice = original.slice(starts[i]!, norm.end[end - 1]!);
        if (foldKeepCase(slice) !== exact) continue;
      }
      hits.push({ phrase: idx, start: i, end });
    }
  }
}

function exactMask(exact: ReadonlyMap<number, string>, n: number): Uint8Array {
  const mask = new Uint8Array(n);
  for (const i of exact.keys()) if (i >= 0 && i < n) mask[i] = 1;
  return mask;
}

/** Whether a lower→upper step in the original starts the unit at normalised offset `i`. */
function camelAt(starts: Int32Array, original: string, i: number): boolean {
  const b = starts[i]!;
  if (!isUpperAscii(original.charCodeAt(b))) return false;
  return starts[i - 1] !== b && isLowerAscii(original.charCodeAt(b - 1));
}

function compoundZones(t: string): [number, number][] {
  if (!/[#@/]|www\./.test(t)) return [];
  const out: [number, number][] = [];
  for (const m of t.matchAll(COMPOUND)) out.push([m.index, m.index + m[0].length]);
  return out;
}

/** True when position `pos` lies inside a hashtag/handle/URL word (cheap backwards scan). */
function inCompound(text: string, pos: number): boolean {
  for (let j = pos - 1; j >= 0 && j >= pos - 200; j--) {
    const c = text.charCodeAt(j);
    if (c === 32) return false;
    if (c === 35 || c === 64 || c === 47) return true; // # @ /
  }
  return false;
}
