/**
 * Finds many phrases at once in normalised text, with word-boundary rules that work across
 * scripts: Latin phrases need a boundary on both sides (a non-letter, a camelCase step as in
 * "#DeleteTikTokApp", or a CJK neighbour as in "deepseek事件"); CJK phrases match anywhere.
 * Inside hashtags, @handles, r/subreddits and URLs, longer phrases also match inside words.
 *
 * Lookup is by the phrase's first three code units, so the cost per word of text does not
 * grow with the number of phrases (a 20,000-entry list costs what a 50-entry one does). Pure.
 */
import { foldKeepCase, isCjkCode, isWordCode, type NormalizedText } from './normalize';

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

function keyOf(text: string, at: number, length: number): number {
  let key = 0;
  for (let k = 0; k < length; k++) key = key * 65536 + text.charCodeAt(at + k);
  return key;
}

function isUpperAscii(code: number): boolean {
  return code >= 65 && code <= 90;
}
function isLowerAscii(code: number): boolean {
  return code >= 97 && code <= 122;
}

export class PhraseIndex {
  /** buckets[k-1]: phrases whose key is their first k units (k = min(3, length)). */
  private readonly buckets: Map<number, number[]>[] = [new Map(), new Map(), new Map()];

  constructor(readonly phrases: readonly PhraseSpec[]) {
    phrases.forEach((p, i) => {
      if (!p.text) return;
      const k = Math.min(3, p.text.length);
      const key = keyOf(p.text, 0, k);
      const bucket = this.buckets[k - 1]!;
      const list = bucket.get(key);
      if (list) list.push(i);
      else bucket.set(key, [i]);
    });
  }

  find(norm: NormalizedText, original: string): PhraseHit[] {
    const text = norm.text;
    const n = text.length;
    const hits: PhraseHit[] = [];
    const zones = compoundZones(text);
    let zone = 0;
    const camelAt = (i: number): boolean => {
      // A lower→upper step in the original marks a word start inside a compound ("TikTokApp").
      const a = norm.start[i - 1]!;
      const b = norm.start[i]!;
      if (a === b) return false;
      return isUpperAscii(original.charCodeAt(b)) && isLowerAscii(original.charCodeAt(b - 1));
    };
    const [b1, b2, b3] = this.buckets;
    const has1 = b1!.size > 0;
    const has2 = b2!.size > 0;
    let prevCode = 32;
    for (let i = 0; i < n; i++) {
      const code = text.charCodeAt(i);
      const prevWord = isWordCode(prevCode);
      const curCjk = isCjkCode(code);
      while (zone < zones.length && zones[zone]![1] <= i) zone++;
      const inZone = zone < zones.length && zones[zone]![0] <= i;
      const boundary = !prevWord || curCjk || isCjkCode(prevCode) || (isWordCode(code) && camelAt(i));
      prevCode = code;
      if (!boundary && !inZone) continue;
      if (has1) this.check(b1!.get(code), text, original, norm, i, boundary, hits, camelAt);
      if (has2 && i + 1 < n) this.check(b2!.get(keyOf(text, i, 2)), text, original, norm, i, boundary, hits, camelAt);
      if (i + 2 < n) this.check(b3!.get(keyOf(text, i, 3)), text, original, norm, i, boundary, hits, camelAt);
    }
    return hits;

    function compoundZones(t: string): [number, number][] {
      if (!/[#@/]|www\./.test(t)) return [];
      const out: [number, number][] = [];
      for (const m of t.matchAll(COMPOUND)) out.push([m.index, m.index + m[0].length]);
      return out;
    }
  }

  private check(
    list: number[] | undefined,
    text: string,
    original: string,
    norm: NormalizedText,
    i: number,
    boundary: boolean,
    hits: PhraseHit[],
    camelAt: (i: number) => boolean,
  ): void {
    if (!list) return;
    for (const idx of list) {
      const p = this.phrases[idx]!;
      if (!text.startsWith(p.text, i)) continue;
      const relaxed = p.text.length >= MIN_COMPOUND_LENGTH && !p.exact;
      if (!boundary && !relaxed) continue;
      let end = i + p.text.length;
      const lastCode = text.charCodeAt(end - 1);
      if (p.prefix)
        while (end < text.length && isWordCode(text.charCodeAt(end)) && !isCjkCode(text.charCodeAt(end))) end++;
      if (end < text.length && !isCjkCode(lastCode)) {
        const next = text.charCodeAt(end);
        const endOk =
          !isWordCode(next) ||
          isCjkCode(next) ||
          camelAt(end) ||
          (relaxed && !boundary) ||
          (relaxed && inCompound(text, end));
        if (!endOk) continue;
      }
      if (p.exact !== undefined) {
        const slice = original.slice(norm.start[i]!, norm.end[end - 1]!);
        if (foldKeepCase(slice) !== p.exact) continue;
      }
      hits.push({ phrase: idx, start: i, end });
    }
  }
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
