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

/** A string or typed array larger than a part, cut into pieces of a part each. */
interface CutRef {
  $pieces: number[];
}

const isPieceRef = (x: unknown): x is PieceRef =>
  !!x && typeof x === 'object' && Object.keys(x).length === 1 && Number.isInteger((x as PieceRef).$piece);

const isCutRef = (x: unknown): x is CutRef =>
  !!x &&
  typeof x === 'object' &&
  Object.keys(x).length === 1 &&
  Array.isArray((x as CutRef).$pieces) &&
  (x as CutRef).$pieces.every((i) => Number.isInteger(i));

type Typed = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/** `v` in pieces of at most `bytes` (copies: a view would store its whole buffer). */
function cut(v: string | Typed, bytes: number): (string | Typed)[] {
  const step = Math.max(1, Math.floor(bytes / (typeof v === 'string' ? 2 : v.BYTES_PER_ELEMENT)));
  const out: (string | Typed)[] = [];
  for (let i = 0; i < v.length; i += step) out.push(v.slice(i, i + step));
  return out;
}

/** The string or typed array cut() cut, put back together (an Error when the pieces do not fit). */
function uncut(pieces: unknown[]): unknown {
  if (pieces.every((p) => typeof p === 'string')) return pieces.join('');
  const first = pieces[0];
  if (!ArrayBuffer.isView(first) || first instanceof DataView) throw new Error('a cut piece is not an array');
  const Kind = first.constructor as new (n: number) => Typed;
  let length = 0;
  for (const p of pieces) {
    if (!(p instanceof Kind)) throw new Error('cut pieces differ in kind');
    length += p.length;
  }
  const out = new Kind(length);
  let at = 0;
  for (const p of pieces as Typed[]) {
    out.set(p as never, at);
    at += p.length;
  }
  return out;
}

const bytesOf = (v: unknown): number =>
  ArrayBuffer.isView(v) ? v.byteLength : typeof v === 'string' ? v.length * 2 : 0;

/**
 * The snapshot as a small skeleton and its parts: every typed array or string of more than a
 * few kilobytes is a piece (the skeleton keeps a reference), one larger than a part is cut into
 * pieces of a part each, and consecutive pieces fill parts of at most `partBytes`.
 */
export function splitForStorage(value: unknown, partBytes = PART_BYTES): { skeleton: unknown; parts: unknown[][] } {
  const pieces: unknown[] = [];
  const minBytes = Math.min(64 * 1024, Math.floor(partBytes / 4));
  const walk = (v: unknown): unknown => {
    const bytes = bytesOf(v);
    // Larger than a part: stored in parts of its own (an 11 MB string was one 140 ms write).
    if (bytes > partBytes && !(v instanceof DataView))
      return { $pieces: cut(v as string | Typed, partBytes).map((p) => pieces.push(p) - 1) } satisfies CutRef;
    if (bytes > minBytes) return { $piece: pieces.push(v) - 1 } satisfies PieceRef;
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
    const piece = (i: number) => {
      if (!(i in pieces)) throw new Error(`piece ${i} is missing`);
      return pieces[i];
    };
    // Arrays and values first: the refs are plain objects, and Object.keys of a typed array left
    // in the skeleton lists every index (12 ms of a restarted worker's 80 at 20,000 entries).
    if (ArrayBuffer.isView(v) || typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) return v.map(walk);
    if (isPieceRef(v)) return piece(v.$piece);
    if (isCutRef(v)) return uncut(v.$pieces.map(piece));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = walk(x);
    return out;
  };
  return walk(skeleton);
}
