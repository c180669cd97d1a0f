/**
 * A fixed set of words, each with flag bits, looked up straight from a text's character codes:
 * the word is never cut out as a string. The match model reads every word of each window it
 * judges against the stopwords and negations (BlockContext.windowInfo), and a slice plus a Set
 * lookup (hashing a new string) per word was most of that time. Pure.
 */
export class WordTable {
  /** Open addressing: slot → index of the word + 1, 0 when empty. */
  private readonly slots: Int32Array;
  private readonly words: string[] = [];
  private readonly flags: number[] = [];
  private readonly mask: number;
  /** The length of the longest word (a longer one is not in the table: no look-up needed). */
  readonly longest: number = 0;

  constructor(entries: Iterable<readonly [word: string, flags: number]>) {
    const merged = new Map<string, number>();
    for (const [w, f] of entries) merged.set(w, (merged.get(w) ?? 0) | f);
    let size = 16;
    while (size < merged.size * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (const [w, f] of merged) {
      this.longest = Math.max(this.longest, w.length);
      let s = hashOf(w, 0, w.length) & this.mask;
      while (this.slots[s] !== 0) s = (s + 1) & this.mask;
      this.words.push(w);
      this.flags.push(f);
      this.slots[s] = this.words.length;
    }
  }

  /** The flags of the word text[from, to), or 0 when it is not in the table. */
  flagsAt(text: string, from: number, to: number): number {
    return this.flagsHashed(text, from, to, hashOf(text, from, to));
  }

  /** flagsAt for a caller that hashed the word while reading it (hashStep over its code units). */
  flagsHashed(text: string, from: number, to: number, hash: number): number {
    const len = to - from;
    for (let s = hash & this.mask; ; s = (s + 1) & this.mask) {
      const slot = this.slots[s]!;
      if (slot === 0) return 0;
      const w = this.words[slot - 1]!;
      if (w.length === len && text.startsWith(w, from)) return this.flags[slot - 1]!;
    }
  }
}

/** FNV-1a over UTF-16 code units: start from HASH_START, then hashStep each unit. */
export const HASH_START = 0x811c9dc5 | 0;
export const hashStep = (h: number, code: number): number => Math.imul(h ^ code, 0x01000193);

function hashOf(text: string, from: number, to: number): number {
  let h = HASH_START;
  for (let i = from; i < to; i++) h = hashStep(h, text.charCodeAt(i));
  return h;
}
