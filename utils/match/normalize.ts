/**
 * Text normalisation for matching, with a map back to the original offsets.
 * Case folding, compatibility forms (full-width → ASCII, ligatures), diacritics removed,
 * curly apostrophes and dashes unified, runs of spaces and hyphens collapsed to one space,
 * zero-width and bidi controls dropped (so "Deep\u200BSeek" cannot hide a name).
 * Pure: no DOM, no browser APIs.
 */

export interface NormalizedText {
  /** The folded text. */
  text: string;
  /** For each UTF-16 unit of `text`, the offset in the original where its source character starts. */
  start: Int32Array;
  /** For each UTF-16 unit of `text`, the offset in the original just after its source character. */
  end: Int32Array;
}

const APOSTROPHES = /[\u2018\u2019\u201B\u02BC\u02BB\uFF07\u0060\u00B4]/;
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D-]/;
// Zero-width spaces and joiners, bidi embeddings/isolates/marks, BOM, word joiner, and the soft
// hyphen (a line-break hint inside a word: "Deep\u00ADSeek" reads as one word).
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u034F\u180E\u00AD]/;
const SPACE = /\s/;
const MARKS = /\p{M}/gu;

const foldCache = new Map<string, string>();

/** Folds one code point (as a string) to its matching form; '' drops it, ' ' is a separator. */
export function foldChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 128) {
    if (code >= 65 && code <= 90) return String.fromCharCode(code + 32);
    if (code === 45 || code === 32 || code === 9 || code === 10 || code === 13 || code === 12) return ' ';
    if (code === 96) return "'";
    return ch;
  }
  const cached = foldCache.get(ch);
  if (cached !== undefined) return cached;
  let out: string;
  if (INVISIBLE.test(ch)) out = '';
  else if (SPACE.test(ch) || DASHES.test(ch)) out = ' ';
  else if (APOSTROPHES.test(ch)) out = "'";
  else {
    out = ch.normalize('NFKD').replace(MARKS, '').toLowerCase();
    // NFKD can decompose to a space (e.g. U+00A8); keep separators single.
    if (out.trim() === '') out = out.length ? ' ' : '';
  }
  if (foldCache.size < 50_000) foldCache.set(ch, out);
  return out;
}

// Scratch buffers reused by every call (normalize runs on every block of every page): the
// folded text as UTF-16 code units, and the offsets of each unit. Grown on demand.
let units = new Uint16Array(4096);
let starts = new Int32Array(4096);
let ends = new Int32Array(4096);

function grow(min: number): void {
  const size = Math.max(min, units.length * 2);
  const u = new Uint16Array(size);
  u.set(units);
  units = u;
  const s = new Int32Array(size);
  s.set(starts);
  starts = s;
  const e = new Int32Array(size);
  e.set(ends);
  ends = e;
}

const CHUNK = 8192;
function unitsToString(len: number): string {
  if (len <= CHUNK) return String.fromCharCode.apply(null, units.subarray(0, len) as unknown as number[]);
  let out = '';
  for (let i = 0; i < len; i += CHUNK)
    out += String.fromCharCode.apply(null, units.subarray(i, Math.min(len, i + CHUNK)) as unknown as number[]);
  return out;
}

/**
 * The folding loop shared by normalize() and foldPhrase(): fills the scratch buffers, returns
 * the number of units. ASCII (almost all text) is folded inline, exactly as foldChar() would.
 */
function fold(input: string): number {
  const n = input.length;
  if (units.length < n + 16) grow(n + 16);
  let len = 0;
  let lastWasSpace = true; // also trims leading separators
  for (let i = 0; i < n; ) {
    const code = input.charCodeAt(i);
    if (code < 128) {
      if (code === 32 || code === 45 || code === 9 || code === 10 || code === 13 || code === 12) {
        if (!lastWasSpace) {
          units[len] = 32;
          starts[len] = i;
          ends[len] = i + 1;
          len++;
          lastWasSpace = true;
        }
      } else {
        units[len] = code >= 65 && code <= 90 ? code + 32 : code === 96 ? 39 : code;
        starts[len] = i;
        ends[len] = i + 1;
        len++;
        lastWasSpace = false;
      }
      i++;
      continue;
    }
    const point = input.codePointAt(i)!;
    const width = point > 0xffff ? 2 : 1;
    const folded = foldChar(width === 1 ? input[i]! : input.slice(i, i + width));
    if (folded === ' ') {
      if (!lastWasSpace) {
        units[len] = 32;
        starts[len] = i;
        ends[len] = i + width;
        len++;
        lastWasSpace = true;
      }
    } else if (folded !== '') {
      if (len + folded.length + 16 > units.length) grow(len + folded.length + (n - i) + 16);
      for (let k = 0; k < folded.length; k++) {
        units[len] = folded.charCodeAt(k);
        starts[len] = i;
        ends[len] = i + width;
        len++;
      }
      lastWasSpace = false;
    }
    i += width;
  }
  return len;
}

/** Normalises `input` and keeps offsets back into it. Runs of separators become one space. */
export function normalize(input: string): NormalizedText {
  const len = fold(input);
  return { text: unitsToString(len), start: starts.slice(0, len), end: ends.slice(0, len) };
}

/**
 * normalize() without copying the offsets: `start` and `end` are views of scratch buffers, valid
 * only until the next call. For the matcher, which is done with them before it returns.
 */
export function normalizeTransient(input: string): NormalizedText {
  if (isPlainAscii(input)) {
    // Folding changes nothing but case and single hyphens here, unit for unit: the offsets are
    // the identity, and the browser's own lower-casing is many times faster than the loop.
    const n = input.length;
    if (identity.length < n + 1)
      identity = Int32Array.from({ length: Math.max(n + 1, identity.length * 2) }, (_, i) => i);
    const lower = input.toLowerCase();
    return {
      text: lower.includes('-') ? lower.replaceAll('-', ' ') : lower,
      start: identity.subarray(0, n),
      end: identity.subarray(1, n + 1),
    };
  }
  const len = fold(input);
  return { text: unitsToString(len), start: starts.subarray(0, len), end: ends.subarray(0, len) };
}

/** 0, 1, 2, …: the offsets of text that folding does not reshape. */
let identity = Int32Array.from({ length: 4097 }, (_, i) => i);

/**
 * Printable ASCII that fold() maps unit for unit: no control characters (tab, newline), no
 * backtick (becomes an apostrophe), and no separator (space or hyphen) at the start or next to
 * another separator, since fold() trims and collapses those.
 */
const NOT_PLAIN = /[^\x20-\x5f\x61-\x7e]|[ -][ -]|^[ -]/;
function isPlainAscii(input: string): boolean {
  return !NOT_PLAIN.test(input);
}

/** The folded form of a phrase (aliases, terms), without offsets. Trimmed. */
export function foldPhrase(phrase: string): string {
  return unitsToString(fold(phrase)).trim();
}

/** Light normalisation that keeps case: for case-sensitive aliases. */
export function foldKeepCase(s: string): string {
  return s
    .normalize('NFKC')
    .replace(new RegExp(INVISIBLE.source, 'g'), '')
    .replace(/[\s\u2010-\u2015\u2212-]+/g, ' ')
    .trim();
}

const WORD_CACHE = new Map<number, boolean>();
const WORD = /[\p{L}\p{N}]/u;

/** Letters and digits (any script). Marks are already stripped by normalize(). */
export function isWordCode(code: number): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
  let v = WORD_CACHE.get(code);
  if (v === undefined) {
    v = WORD.test(String.fromCharCode(code));
    WORD_CACHE.set(code, v);
  }
  return v;
}

/** Scripts written without spaces between words: names in them match without word boundaries. */
export function isCjkCode(code: number): boolean {
  return (
    (code >= 0x3040 && code <= 0x30ff) || // kana
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xac00 && code <= 0xd7af) // hangul syllables
  );
}
