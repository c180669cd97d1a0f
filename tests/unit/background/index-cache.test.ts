// @vitest-environment node
/**
 * The built Matcher is kept in IndexedDB, so a restarted service worker (MV3 stops it after ~30 s
 * idle) does not compile a large list again, and is built anew whenever the lists or the compiler
 * change.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { Library } from '../../../utils/background/library';
import {
  CACHED_MATCHER_KEY,
  indexFingerprint,
  joinFromStorage,
  MATCHER_MEASURE,
  partKey,
  splitForStorage,
} from '../../../utils/background/matcher-cache';
import { deleteEntries, getMeta, patchSource, putEntries, putMeta, listSources } from '../../../utils/db';
import { BUILTIN_SOURCE_ID, LOCAL_SOURCE_ID } from '../../../utils/db-schema';
import type { IndexEntry } from '../../../utils/match/index-data';
import type { MatcherSnapshot } from '../../../utils/match/matcher';
import type { ClaimEntry } from '../../../utils/feed/types';

const NOW = 1_750_000_000_000;
const mine: ClaimEntry = {
  kind: 'claim',
  id: 'my-claim',
  claim: 'The harbour bridge was sold to a theme park operator',
  verdict: 'false',
  reviewedBy: 'Me',
  sources: [{ url: 'https://example.org/mine' }],
};

type Index = { entries: readonly IndexEntry[] };

/** A library as a freshly started service worker has it, with its Matcher built or restored. */
async function startWorker(compiler = '1.0.0'): Promise<{ library: Library; index: Index }> {
  const library = new Library(undefined, compiler);
  await library.ensureDefaults(NOW);
  const index = await library.matcher();
  await library.indexSaved;
  return { library, index };
}

/** Marks the cached copy, so a test can tell a restored Matcher from a built one. */
async function markCachedIndex(library: Library): Promise<void> {
  const db = await library.db();
  const cached = (await getMeta(db, CACHED_MATCHER_KEY)) as { fingerprint: string; matcher: MatcherSnapshot };
  const { entries } = cached.matcher;
  entries.label[0] = entries.words.push('from the cache') - 1;
  await putMeta(db, CACHED_MATCHER_KEY, cached);
}
const fromCache = (index: Index) => index.entries[0]!.label === 'from the cache';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('the compiled index survives a service-worker restart', () => {
  it('is reused while nothing changed', async () => {
    const first = await startWorker();
    expect(fromCache(first.index)).toBe(false);
    await markCachedIndex(first.library);
    const second = await startWorker();
    expect(fromCache(second.index)).toBe(true);
    expect(second.index.entries.length).toBe(first.index.entries.length);
  });

  it.each([
    [
      'an entry is added',
      (l: Library) => l.db().then((db) => putEntries(db, LOCAL_SOURCE_ID, [mine], NOW)),
      (i: Index) => i.entries.some((e) => e.id === 'my-claim'),
    ],
    [
      'an entry is replaced by one with the same id (same count)',
      async (l: Library) => {
        const db = await l.db();
        await putEntries(db, LOCAL_SOURCE_ID, [{ ...mine, claim: 'The old bridge was sold for scrap metal' }], NOW);
      },
      (i: Index) => i.entries.find((e) => e.id === 'my-claim')?.name === 'The old bridge was sold for scrap metal',
    ],
    [
      'an entry is deleted',
      (l: Library) => l.db().then((db) => deleteEntries(db, LOCAL_SOURCE_ID, ['my-claim'])),
      (i: Index) => !i.entries.some((e) => e.id === 'my-claim'),
    ],
    [
      'a source is switched off',
      (l: Library) => l.db().then((db) => patchSource(db, BUILTIN_SOURCE_ID, { enabled: false })),
      (i: Index) => !i.entries.some((e) => e.id === 'deepseek'),
    ],
    [
      'a source is renamed (badges name their list)',
      (l: Library) => l.db().then((db) => patchSource(db, BUILTIN_SOURCE_ID, { title: 'Renamed' })),
      (i: Index) => i.entries.some((e) => e.source === 'Renamed'),
    ],
  ])('is compiled anew when %s', async (_what, change, holds) => {
    const first = await startWorker();
    await putEntries(await first.library.db(), LOCAL_SOURCE_ID, [mine], NOW);
    const withMine = await startWorker();
    await markCachedIndex(withMine.library);
    await change(withMine.library);
    const after = await startWorker();
    expect(fromCache(after.index)).toBe(false);
    expect(holds(after.index)).toBe(true);
  });

  it('is compiled anew by another version of the extension', async () => {
    const first = await startWorker('1.0.0');
    await markCachedIndex(first.library);
    expect(fromCache((await startWorker('1.0.1')).index)).toBe(false);
  });

  it('a damaged cached record is ignored', async () => {
    const first = await startWorker();
    const db = await first.library.db();
    const fingerprint = indexFingerprint(await listSources(db), '1.0.0');
    await putMeta(db, CACHED_MATCHER_KEY, { fingerprint, matcher: { version: 1, entries: 'nope' } });
    const after = await startWorker();
    expect(after.index.entries.length).toBe(first.index.entries.length);
    expect(after.index.entries.map((e) => e.id)).toEqual(first.index.entries.map((e) => e.id));
  });

  it('replaces what earlier versions cached (the compiled index)', async () => {
    const library = new Library(undefined, '1.0.0');
    await library.ensureDefaults(NOW);
    const db = await library.db();
    await putMeta(db, 'compiledIndex', { fingerprint: 'old', index: { entries: [] } });
    await library.matcher();
    await library.indexSaved;
    expect(await getMeta(db, 'compiledIndex')).toBeUndefined();
    expect(await getMeta(db, CACHED_MATCHER_KEY)).toMatchObject({ matcher: { version: 1 } });
  });

  it('the fingerprint ignores switched-off sources and bookkeeping fields', async () => {
    const { library } = await startWorker();
    const sources = await listSources(await library.db());
    const base = indexFingerprint(sources, 'x');
    const bookkeeping = sources.map((s) => ({ ...s, lastAttempt: NOW + 1, nextUpdate: NOW + 2 }));
    expect(indexFingerprint(bookkeeping, 'x')).toBe(base);
    const off = sources.map((s) => (s.id === LOCAL_SOURCE_ID ? { ...s, enabled: false, contentStamp: 'z' } : s));
    expect(indexFingerprint(off, 'x')).not.toBe(base);
    expect(
      indexFingerprint(
        off.map((s) => (s.id === LOCAL_SOURCE_ID ? { ...s, title: 'y' } : s)),
        'x',
      ),
    ).toBe(indexFingerprint(off, 'x'));
  });

  it('stores a large Matcher in parts, restores it from them, and refuses a part of another save', async () => {
    const loads = () =>
      performance
        .getEntriesByType('measure')
        .filter((e) => e.name.startsWith(MATCHER_MEASURE))
        .map((e) => e.name.slice(MATCHER_MEASURE.length + 1));
    performance.clearMeasures();
    const start = async () => {
      const library = new Library(undefined, '1.0.0', 256);
      await library.ensureDefaults(NOW);
      const matcher = await library.matcher();
      await library.indexSaved;
      return { library, matcher };
    };
    const first = await start();
    const db = await first.library.db();
    const record = (await getMeta(db, CACHED_MATCHER_KEY)) as { parts: number };
    expect(record.parts).toBeGreaterThan(3);
    const second = await start();
    expect(loads()).toEqual(['built', 'restored']);
    const text = 'Reports said Alibaba would invest US$1bn in DeepSeek; Texas barred RedNote.';
    expect(second.matcher.scan(text)).toEqual(first.matcher.scan(text));
    expect(second.matcher.scan(text).length).toBeGreaterThan(2);
    // A part left by another save: the Matcher is built anew, not half-restored.
    const part = (await getMeta(db, partKey(1))) as { save: string; values: unknown[] };
    await putMeta(db, partKey(1), { ...part, save: 'another' });
    await start();
    expect(loads()).toEqual(['built', 'restored', 'built']);
  });
});

describe('splitForStorage', () => {
  it('moves large arrays and strings to parts, and joinFromStorage puts them back', () => {
    const value = { a: new Int32Array(100), b: 'x'.repeat(200), c: [new Uint8Array(4), { d: 'short' }], e: 3 };
    const { skeleton, parts } = splitForStorage(value, 500);
    expect(parts).toEqual([[value.a], [value.b]]);
    expect(skeleton).toEqual({ a: { $piece: 0 }, b: { $piece: 1 }, c: [new Uint8Array(4), { d: 'short' }], e: 3 });
    expect(joinFromStorage(skeleton, parts)).toEqual(value);
    expect(() => joinFromStorage(skeleton, parts.slice(0, 1))).toThrow(/piece 1 is missing/);
  });

  it('cuts a string or an array larger than a part into parts of their own, and puts them back', () => {
    const value = {
      text: Array.from({ length: 700 }, (_, i) => String.fromCharCode(97 + (i % 26))).join(''),
      ints: Int32Array.from({ length: 300 }, (_, i) => i * 7 - 1000),
      floats: Float64Array.from({ length: 130 }, (_, i) => i / 3),
    };
    const { skeleton, parts } = splitForStorage(value, 400);
    const bytes = (v: unknown) => (typeof v === 'string' ? v.length * 2 : (v as Int32Array).byteLength);
    for (const part of parts) expect(part.reduce((n: number, v) => n + bytes(v), 0)).toBeLessThanOrEqual(400);
    // 1,400 bytes of text in 4 parts, 1,200 of ints in 3, 1,040 of floats in 3.
    expect(parts.length).toBe(10);
    // Pieces are copies: a view would store its whole buffer.
    for (const part of parts)
      for (const v of part) if (typeof v !== 'string') expect((v as Int32Array).buffer.byteLength).toBe(bytes(v));
    const back = joinFromStorage(skeleton, parts) as typeof value;
    expect(back).toEqual(value);
    expect(back.ints).toBeInstanceOf(Int32Array);
    expect(back.floats).toBeInstanceOf(Float64Array);
    // Pieces of another kind, or missing, are refused.
    let swaps = 0;
    const swapped = parts.map((p) => p.map((v) => (v instanceof Int32Array && !swaps++ ? Float64Array.from(v) : v)));
    expect(() => joinFromStorage(skeleton, swapped)).toThrow(/differ in kind/);
    expect(() => joinFromStorage(skeleton, parts.slice(0, 9))).toThrow(/missing/);
  });

  it('fills each part with consecutive pieces up to its size', () => {
    const value = Array.from({ length: 10 }, () => new Uint8Array(120));
    const { parts } = splitForStorage(value, 400);
    expect(parts.map((p) => p.length)).toEqual([3, 3, 3, 1]);
  });
});
