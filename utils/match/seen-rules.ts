/**
 * Which derived rules a compile has made already (index-data.ts): the same claim twice, in two
 * lists or quoted differently, derives the same rule, and only the first is kept. Pure.
 */
import { HASH_START, hashStep } from './word-table';

/**
 * The derived rules compiled so far, by their terms and weights: looked up by a hash of both, then
 * compared. A key string joined from them, hashed again by a Map, was a twentieth of a
 * 100,000-claim compile. Sharded like StringMap, so that no Map grows by a long rehash.
 */
export class SeenRules {
  private readonly shards = Array.from({ length: 64 }, () => new Map<number, (readonly [string[], number[]])[]>());

  /** Adds a rule; false when one with the same terms and weights was added before. */
  add(terms: string[], weights: number[]): boolean {
    let h = HASH_START;
    for (const t of terms) {
      for (let i = 0; i < t.length; i++) h = hashStep(h, t.charCodeAt(i));
      h = hashStep(h, 0);
    }
    for (const w of weights) h = hashStep(h, Math.round(w * 1000));
    const shard = this.shards[h & 63]!;
    const same = shard.get(h);
    if (same?.some(([t, w]) => sameItems(t, terms) && sameItems(w, weights))) return false;
    if (same) same.push([terms, weights]);
    else shard.set(h, [[terms, weights]]);
    return true;
  }
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
