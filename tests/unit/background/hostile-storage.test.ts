/**
 * Storage faults (issue 7): no IndexedDB at all, damaged records, and a feed of a million
 * entries. The extension falls back to the bundled list and keeps what it can.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { Library, BUILTIN_TITLE } from '../../../utils/background/library';
import { openDb, sourceRange } from '../../../utils/db';
import { BUILTIN_SOURCE_ID } from '../../../utils/db-schema';
import { validateOwnFeed } from '../../../utils/feed/validate';
import { Matcher } from '../../../utils/match/matcher';

const saved = globalThis.indexedDB;
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});
afterEach(() => {
  globalThis.indexedDB = saved;
});

describe('storage faults', () => {
  it('serves the bundled list when IndexedDB is unavailable, and says so', async () => {
    (globalThis as { indexedDB?: unknown }).indexedDB = undefined;
    const library = new Library('no-idb');
    await library.ensureDefaults();
    const matcher = new Matcher(await library.getIndex());
    expect(matcher.scan('Italy ordered DeepSeek off app stores.').map((m) => m.id)).toEqual(['deepseek']);
    const sources = await library.sources();
    expect(sources.map((s) => s.title)).toContain(BUILTIN_TITLE);
    expect(library.storageError).toMatch(/local cache is unavailable/);
    expect((await library.getEntry('deepseek'))?.entry.kind).toBe('app');
  });

  it('skips damaged records instead of failing the whole index', async () => {
    const library = new Library('damaged');
    await library.ensureDefaults();
    const db = await openDb('damaged');
    const tx = db.transaction('chunks', 'readwrite');
    const chunks = await tx.store.getAll(sourceRange(BUILTIN_SOURCE_ID));
    const first = chunks[0]!;
    // Damage two entries of the built-in list's first chunk, and add a chunk that is not one.
    (first.entries as unknown[])[0] = { kind: 'app', id: 'broken' };
    (first.entries as unknown[])[1] = 'not an entry';
    await tx.store.put(first);
    await tx.done;
    db.close();
    library.invalidate();
    const index = await library.getIndex();
    expect(index.entries.length).toBeGreaterThan(30);
    expect(index.entries.map((e) => e.id)).not.toContain('broken');
    expect(new Matcher(index).scan('Nepal blocked TikTok.').map((m) => m.id)).toEqual(['tiktok']);
  });
});

describe('a feed of a million entries', () => {
  it('keeps the first 200,000, reports the rest, and does not throw', () => {
    const entries = Array.from({ length: 1_000_000 }, (_, i) => ({
      kind: 'app',
      id: `app-${i}`,
      name: `App ${i}`,
      aliases: [`App${i}`],
      restrictions: [],
    }));
    const result = validateOwnFeed({ format: 'source-flags-feed', version: 1, title: 'Huge', entries });
    expect(result.error).toBeUndefined();
    expect(result.entries).toHaveLength(200_000);
    expect(result.skipped).toBe(800_000);
    expect(result.problems.join(' ')).toMatch(/200,?000/);
  });
});

describe('a blocked upgrade', () => {
  it('gives up with a clear error when an older connection never closes', async () => {
    // An "old version" holding the database at version 1 and ignoring versionchange.
    const old = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('blocked', 1);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    old.onversionchange = null;
    await expect(openDb('blocked', undefined, 200)).rejects.toThrow(/held open by an older version/);
    old.close();
  });

  it('an open connection of ours steps aside for a newer version', async () => {
    const ours = await openDb('steps-aside');
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('steps-aside', ours.version + 1);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    expect(newer.version).toBe(ours.version + 1);
    newer.close();
  });
});
