/**
 * The built Matcher in the cache, and the signals of how it became ready. No `~/` imports: the
 * end-to-end tests and the benchmarks read these names too.
 */
import { DEFAULT_DERIVE } from '../match/derive-rule';
import { INDEX_VERSION } from '../match/index-data';
import type { MatcherSnapshot } from '../match/matcher';
import { sourceOrder } from '../db';
import type { SourceRecord } from '../db-schema';

/**
 * Where the last built Matcher is kept (in the cache's key-value store), as a snapshot of typed
 * arrays: a restarted service worker reads it back in a few tens of milliseconds at 20,000
 * entries, where reading the compiled index and building the Matcher again took half a second.
 */
export const CACHED_MATCHER_KEY = 'cachedMatcher';
/** What earlier versions kept (the compiled index, objects per entry): deleted on first use. */
export const OLD_INDEX_KEY = 'compiledIndex';

export interface CachedMatcher {
  fingerprint: string;
  matcher: MatcherSnapshot;
}

/**
 * What a compiled index depends on: the compiler (its index format and rule-derivation settings,
 * and the extension version, which changes when the code does) and, for every enabled source in
 * priority order, its identity, title and content (contentStamp changes with every write of
 * its entries; older records fall back to their count and last update).
 */
export function indexFingerprint(sources: readonly SourceRecord[], compiler: string): string {
  const parts = sources
    .filter((s) => s.enabled)
    .sort(sourceOrder)
    .map((s) => [
      s.id,
      s.kind,
      s.title,
      s.contentStamp ?? `${s.entryCount}:${s.lastSuccess ?? 0}:${s.bundleHash ?? ''}`,
    ]);
  return JSON.stringify([INDEX_VERSION, DEFAULT_DERIVE, compiler, parts]);
}

/**
 * A User Timing measure of how the Matcher became ready and how long it took, read by the
 * benchmarks and tests from the worker's performance timeline (nothing leaves the extension).
 */
export const MATCHER_MEASURE = 'source-flags: matcher';
/** Marked when the background's script starts (the worker's own start comes before it). */
export const BACKGROUND_STARTED = 'source-flags: background started';
export function markMatcherReady(how: 'restored' | 'built', start: number): void {
  performance.measure(`${MATCHER_MEASURE} ${how}`, { start });
}
