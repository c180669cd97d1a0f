/**
 * Unicode sentence boundaries (UAX #29, rules SB1–SB11) for text made only of characters whose
 * Sentence_Break class is listed below: ASCII and the Latin-1 letters and typographic quotes,
 * dashes and spaces that web text is mostly made of. It gives the same segments as
 * Intl.Segmenter('en', { granularity: 'sentence' }) on such text (checked by
 * tests/unit/match/sentence-rules.test.ts against the engine's own segmenter), about ten times faster;
 * for any other text it returns null and the caller uses Intl.Segmenter. Pure.
 */

// Sentence_Break classes.
const OTHER = 0;
const CR = 1;
const LF = 2;
const SEP = 3;
const SP = 4;
const LOWER = 5;
const UPPER = 6;
const OLETTER = 7; // letters of other scripts: never in TABLE, kept for the rules' sake
const NUMERIC = 8;
const ATERM = 9;
const STERM = 10;
const CLOSE = 11;
const SCONTINUE = 12;
/** Not handled here (Extend, Format, other scripts, …): use Intl.Segmenter. */
const UNKNOWN = 255;

const TABLE = new Uint8Array(0x2030).fill(UNKNOWN);
(() => {
  for (let c = 0x20; c < 0x7f; c++) TABLE[c] = OTHER;
  TABLE[0x09] = SP;
  TABLE[0x0b] = SP;
  TABLE[0x0c] = SP;
  TABLE[0x20] = SP;
  TABLE[0x0d] = CR;
  TABLE[0x0a] = LF;
  for (let c = 0x61; c <= 0x7a; c++) TABLE[c] = LOWER;
  for (let c = 0x41; c <= 0x5a; c++) TABLE[c] = UPPER;
  for (let c = 0x30; c <= 0x39; c++) TABLE[c] = NUMERIC;
  TABLE[0x2e] = ATERM; // .
  TABLE[0x21] = STERM; // !
  TABLE[0x3f] = STERM; // ?
  for (const c of [0x22, 0x27, 0x28, 0x29, 0x5b, 0x5d, 0x7b, 0x7d]) TABLE[c] = CLOSE; // " ' ( ) [ ] { }
  TABLE[0x2c] = SCONTINUE; // ,
  TABLE[0x2d] = SCONTINUE; // -
  TABLE[0x3a] = SCONTINUE; // :
  TABLE[0x3b] = SCONTINUE; // ;
  // Latin-1 letters (not × and ÷), no-break space, typographic quotes and dashes.
  for (let c = 0xc0; c <= 0xde; c++) if (c !== 0xd7) TABLE[c] = UPPER;
  for (let c = 0xdf; c <= 0xff; c++) if (c !== 0xf7) TABLE[c] = LOWER;
  TABLE[0xa0] = SP; // no-break space
  for (const c of [0x2018, 0x2019, 0x201c, 0x201d]) TABLE[c] = CLOSE;
  TABLE[0x2013] = SCONTINUE;
  TABLE[0x2014] = SCONTINUE;
})();

function classOf(code: number): number {
  return code < TABLE.length ? TABLE[code]! : UNKNOWN;
}

let classes = new Uint8Array(1024);

/** Sentence spans [start, end) covering `text`, or null when it has a character not handled here. */
export function ruleSentenceSpans(text: string): [number, number][] | null {
  const n = text.length;
  // Reused across calls (every block of a page is split): no zeroed array per block.
  if (classes.length < n) classes = new Uint8Array(Math.max(n, classes.length * 2));
  const cls = classes;
  for (let i = 0; i < n; i++) {
    const c = classOf(text.charCodeAt(i));
    if (c === UNKNOWN) return null;
    cls[i] = c;
  }
  const spans: [number, number][] = [];
  let from = 0;
  const cut = (at: number) => {
    if (at > from && at <= n) {
      spans.push([from, at]);
      from = at;
    }
  };
  for (let i = 0; i < n; i++) {
    const c = cls[i]!;
    // SB3, SB4: break after a paragraph separator, never inside CR LF.
    if (c === CR) {
      if (i + 1 < n && cls[i + 1] === LF) continue;
      cut(i + 1);
      continue;
    }
    if (c === LF || c === SEP) {
      cut(i + 1);
      continue;
    }
    if (c !== ATERM && c !== STERM) continue;
    // SATerm Close* Sp*: no break inside (SB9, SB10); the candidate break is after them.
    let k = i + 1;
    while (k < n && cls[k] === CLOSE) k++;
    const afterClose = k;
    while (k < n && cls[k] === SP) k++;
    if (k >= n) continue; // SB2: the text's end is a break anyway
    const next = cls[k]!;
    // SB4 after a paragraph separator (handled when the loop reaches it), SB10 before one.
    if (next === CR || next === LF || next === SEP) continue;
    if (c === ATERM && k === i + 1) {
      if (next === NUMERIC) continue; // SB6: 3.14
      const prev = i > 0 ? cls[i - 1]! : OTHER;
      if ((prev === UPPER || prev === LOWER) && next === UPPER) continue; // SB7: U.S.
    }
    if (c === ATERM) {
      // SB8: no break when a lower-case letter follows before any letter, separator or terminator.
      let m = k;
      while (m < n) {
        const x = cls[m]!;
        if (x === OLETTER || x === UPPER || x === LOWER || x === CR || x === LF || x === SEP) break;
        if (x === ATERM || x === STERM) break;
        m++;
      }
      if (m < n && cls[m] === LOWER) continue;
    }
    if (next === SCONTINUE || next === ATERM || next === STERM) continue; // SB8a
    void afterClose;
    cut(k); // SB11
  }
  if (from < n) spans.push([from, n]);
  return spans;
}
