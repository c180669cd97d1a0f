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
  /** The snapshot, its large arrays and strings replaced by references to its parts. */
  matcher: MatcherSnapshot;
  /** How many parts, and the save they belong to (a part of another save is not used). */
  parts: number;
  save: string;
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

/**
 * Typed arrays and strings of a snapshot larger than this are stored as records of their own:
 * storing a value copies it in one task, and the snapshot of 100,000 entries is ~40 MB (a 200 ms
 * task as one record).
 */
export const PART_BYTES = 2 * 1024 * 1024;

/** Where part `i` of the cached Matcher is kept (zero-padded: parts sort in order). */
export const partKey = (i: number) => `${CACHED_MATCHER_KEY}#${String(i).padStart(4, '0')}`;
/** Keys from part `from` on (what an earlier, larger snapshot may have left). */
export const partsFrom = (from: number): [string, string] => [partKey(from), `${CACHED_MATCHER_KEY}#\uffff`];

/** A part stored on its own, marked with the save it belongs to. */
export interface StoredPart {
  save: string;
  value: unknown;
}

interface PartRef {
  $part: number;
}

const isPartRef = (x: unknown): x is PartRef =>
  !!x && typeof x === 'object' && Object.keys(x).length === 1 && Number.isInteger((x as PartRef).$part);

/** `value` with every large typed array or string moved to `parts` (and a reference left). */
export function splitForStorage(value: unknown, parts: unknown[], partBytes = PART_BYTES): unknown {
  const large =
    (ArrayBuffer.isView(value) && value.byteLength > partBytes) ||
    (typeof value === 'string' && value.length * 2 > partBytes);
  if (large) return { $part: parts.push(value) - 1 } satisfies PartRef;
  if (ArrayBuffer.isView(value) || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => splitForStorage(v, parts, partBytes));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = splitForStorage(v, parts, partBytes);
  return out;
}

/** The value splitForStorage split, with its parts put back (an Error when one is missing). */
export function joinFromStorage(value: unknown, parts: readonly unknown[]): unknown {
  if (isPartRef(value)) {
    if (!(value.$part in parts)) throw new Error(`part ${value.$part} is missing`);
    return parts[value.$part];
  }
  if (ArrayBuffer.isView(value) || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => joinFromStorage(v, parts));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = joinFromStorage(v, parts);
  return out;
}
