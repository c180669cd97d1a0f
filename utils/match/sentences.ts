/**
 * Sentence spans of a block of text. Intl.Segmenter handles CJK and most abbreviations;
 * Node's implementation is quadratic in the input length (see TOOLCHAIN notes), so long
 * blocks fall back to a punctuation splitter. Pure.
 */

import { ruleSentenceSpans } from './sentence-rules';

export type Span = [start: number, end: number];

const SEGMENTER_LIMIT = 4000;
let segmenter: Intl.Segmenter | null | undefined;

function getSegmenter(): Intl.Segmenter | null {
  if (segmenter === undefined) {
    segmenter =
      typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter('en', { granularity: 'sentence' }) : null;
  }
  return segmenter;
}

const TERMINAL = /[.!?]+["'”’)\]]*\s+|[。！？]+["'”’」』）]*|\n\s*\n/g;

function splitByPunctuation(text: string): Span[] {
  const spans: Span[] = [];
  let from = 0;
  for (const m of text.matchAll(TERMINAL)) {
    const end = m.index + m[0].length;
    spans.push([from, end]);
    from = end;
  }
  if (from < text.length) spans.push([from, text.length]);
  return spans;
}

/** Sentence spans covering `text` (UTF-16 offsets), in order. */
export function sentenceSpans(text: string): Span[] {
  const seg = text.length <= SEGMENTER_LIMIT ? getSegmenter() : null;
  if (!seg) return splitByPunctuation(text);
  // UAX #29 always breaks sentences at a line feed, but HTML source wraps lines anywhere and
  // browsers render those as spaces. Single line breaks become spaces (same length, so offsets
  // hold); a blank line still ends a sentence.
  const flat = text.replace(/[\t\v\f]|\r?\n(?![ \t]*\r?\n)|\r(?!\n)/g, (m) => ' '.repeat(m.length));
  // The same boundaries, computed directly when the text only has characters whose sentence
  // class is known (most web text): Intl.Segmenter costs ~25 ns a character.
  const ruled = ruleSentenceSpans(flat);
  if (ruled) return ruled;
  const spans: Span[] = [];
  for (const s of seg.segment(flat)) spans.push([s.index, s.index + s.segment.length]);
  return spans;
}

/** Index of the span containing offset `pos` (binary search). */
export function spanIndexAt(spans: Span[], pos: number): number {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (spans[mid]![0] <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
