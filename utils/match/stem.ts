/** Stemming shared by rule derivation and claim shapes. Pure. */

const SUFFIXES = ['ations', 'ation', 'ings', 'ing', 'edly', 'ed', 'ies', 'es', 'ly', 's'];

/** Crude suffix stripping so "released" also matches "release" and "releases". */
export function stem(word: string): string {
  const end = stemEnd(word, 0, word.length);
  return end === word.length ? word : word.slice(0, end);
}

/**
 * Where the stem of the word text[from, to) ends: stem() read in place, for callers that have not
 * cut the word out (a 100,000-claim list's compile reads two million words).
 */
export function stemEnd(text: string, from: number, to: number): number {
  const len = to - from;
  if (len < 5) return to;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) return to;
  }
  for (const suffix of SUFFIXES) {
    if (len - suffix.length >= 4 && text.startsWith(suffix, to - suffix.length)) return to - suffix.length;
  }
  return to;
}
