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
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D\u00AD-]/;
// Zero-width spaces and joiners, bidi embeddings/isolates/marks, BOM, word joiner.
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u034F\u180E]/;
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

/** Normalises `input` and keeps offsets back into it. Runs of separators become one space. */
export function normalize(input: string): NormalizedText {
  const out: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let lastWasSpace = true; // also trims leading separators
  for (let i = 0; i < input.length; ) {
    const code = input.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    const folded = foldChar(width === 1 ? input[i]! : input.slice(i, i + width));
    if (folded === ' ') {
      if (!lastWasSpace) {
        out.push(' ');
        starts.push(i);
        ends.push(i + width);
        lastWasSpace = true;
      }
    } else if (folded !== '') {
      for (let k = 0; k < folded.length; k++) {
        out.push(folded[k]!);
        starts.push(i);
        ends.push(i + width);
      }
      lastWasSpace = false;
    }
    i += width;
  }
  return { text: out.join(''), start: Int32Array.from(starts), end: Int32Array.from(ends) };
}

/** The folded form of a phrase (aliases, terms), without offsets. Trimmed. */
export function foldPhrase(phrase: string): string {
  return normalize(phrase).text.trim();
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
