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
/** Marked when the built Matcher is stored for the next start (benchmarks and tests wait for it). */
export const MATCHER_SAVED = 'source-flags: matcher saved';
/** Marked when the background's script starts (the worker's own start comes before it). */
export const BACKGROUND_STARTED = 'source-flags: background started';
export function markMatcherReady(how: 'restored' | 'built', start: number): void {
  performance.measure(`${MATCHER_MEASURE} ${how}`, { start });
}

/**
 * The cached Matcher is stored as records of at most this size, each in its own task: storing a
 * value copies it in one task, and the snapshot of 100,000 entries is ~40 MB (a 200 ms task as
 * one record, still 130 ms for what was left after moving arrays over 2 MB out).
 */
export const PART_BYTES = 2 * 1024 * 1024;

/** Where part `i` of the cached Matcher is kept (zero-padded: parts sort in order). */
export const partKey = (i: number) => `${CACHED_MATCHER_KEY}#${String(i).padStart(4, '0')}`;
/** Keys from part `from` on (what an earlier, larger snapshot may have left). */
export const partsFrom = (from: number): [string, string] => [partKey(from), `${CACHED_MATCHER_KEY}#\uffff`];

/** A record of consecutive pieces, marked with the save it belongs to. */
export interface StoredPart {
  save: string;
  values: unknown[];
}

interface PieceRef {
  $piece: number;
}

const isPieceRef = (x: unknown): x is PieceRef =>
  !!x && typeof x === 'object' && Object.keys(x).length === 1 && Number.isInteger((x as PieceRef).$piece);

const bytesOf = (v: unknown): number =>
  ArrayBuffer.isView(v) ? v.byteLength : typeof v === 'string' ? v.length * 2 : 0;

/**
 * The snapshot as a small skeleton and its parts: every typed array or string of more than a
 * few kilobytes is a piece (the skeleton keeps a reference), and consecutive pieces fill parts of
 * at most `partBytes` (one piece may exceed it alone).
 */
export function splitForStorage(value: unknown, partBytes = PART_BYTES): { skeleton: unknown; parts: unknown[][] } {
  const pieces: unknown[] = [];
  const minBytes = Math.min(64 * 1024, Math.floor(partBytes / 4));
  const walk = (v: unknown): unknown => {
    if (bytesOf(v) > minBytes) return { $piece: pieces.push(v) - 1 } satisfies PieceRef;
    if (ArrayBuffer.isView(v) || typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) return v.map(walk);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = walk(x);
    return out;
  };
  const skeleton = walk(value);
  const parts: unknown[][] = [];
  let size = Infinity;
  for (const p of pieces) {
    if (size + bytesOf(p) > partBytes) {
      parts.push([]);
      size = 0;
    }
    parts[parts.length - 1]!.push(p);
    size += bytesOf(p);
  }
  return { skeleton, parts };
}

/** The value splitForStorage split, with its pieces put back (an Error when one is missing). */
export function joinFromStorage(skeleton: unknown, parts: readonly (readonly unknown[])[]): unknown {
  const pieces = parts.flat();
  const walk = (v: unknown): unknown => {
    if (isPieceRef(v)) {
      if (!(v.$piece in pieces)) throw new Error(`piece ${v.$piece} is missing`);
      return pieces[v.$piece];
    }
    if (ArrayBuffer.isView(v) || typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) return v.map(walk);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = walk(x);
    return out;
  };
  return walk(skeleton);
}
