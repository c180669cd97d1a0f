/** Stemming shared by rule derivation and claim shapes. Pure. */

/** Crude suffix stripping so "released" also matches "release" and "releases". */
export function stem(word: string): string {
  if (word.length < 5 || /\d/.test(word)) return word;
  for (const suffix of ['ations', 'ation', 'ings', 'ing', 'edly', 'ed', 'ies', 'es', 'ly', 's']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 4) return word.slice(0, -suffix.length);
  }
  return word;
}
