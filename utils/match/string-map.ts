/**
 * A Map from strings, kept as 64 smaller Maps. A Map grows by rehashing every entry in one go: at
 * half a million entries that is one 30–80 ms step that cannot yield, and building the index of a
 * 100,000-claim list grows several maps that large (issue 15: no task over 50 ms). Spread over 64
 * shards, each rehash moves a 64th of the entries. Pure.
 */
const SHARDS = 64;

/** Which shard holds `key`: its length and two of its code units, mixed. */
function shardOf(key: string): number {
  const n = key.length;
  if (n === 0) return 0;
  return (n * 31 + key.charCodeAt(0) * 7 + key.charCodeAt(n - 1) + key.charCodeAt(n >> 1) * 13) & (SHARDS - 1);
}

export class StringMap<V> {
  private readonly shards: Map<string, V>[] = Array.from({ length: SHARDS }, () => new Map<string, V>());

  get(key: string): V | undefined {
    return this.shards[shardOf(key)]!.get(key);
  }

  has(key: string): boolean {
    return this.shards[shardOf(key)]!.has(key);
  }

  set(key: string, value: V): this {
    this.shards[shardOf(key)]!.set(key, value);
    return this;
  }

  get size(): number {
    let n = 0;
    for (const s of this.shards) n += s.size;
    return n;
  }

  clear(): void {
    for (const s of this.shards) s.clear();
  }
}
