/**
 * Schema upgrades from EVERY earlier version, with data in it: the database is built with the
 * upgrade steps of that version (the released code, kept verbatim in UPGRADES), filled with records
 * as that version wrote them, closed, and opened again by the current code.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import {
  DB_VERSION,
  UPGRADES,
  enabledEntries,
  findEntry,
  getSource,
  openDb,
  sourceEntries,
  type Db,
} from '../../utils/db';
import { dueSources } from '../../utils/updates/schedule';
import { CHUNK_SIZE } from '../../utils/db-schema';
import type { IDBPDatabase } from 'idb';

const NOW = 1_750_000_000_000;
const app = (id: string) => ({ kind: 'app', id, name: id, aliases: [id], restrictions: [] });
/** Version 1 keyed one record per entry like this. */
const v1Key = (sourceId: string, id: string) => `${sourceId}\u0000${id}`;
const BIG = CHUNK_SIZE * 2 + 500;

/** Records as each released version wrote them (raw objects: older shapes differ from today's types). */
const SEEDERS: Record<number, (db: Db) => Promise<void>> = {
  1: async (typed) => {
    const db = typed as unknown as IDBPDatabase;
    const tx = db.transaction(['sources', 'entries', 'meta'], 'readwrite');
    const sources = tx.objectStore('sources');
    const entries = tx.objectStore('entries');
    sources.put({
      id: 'builtin',
      title: 'Source Flags default list',
      builtin: true,
      enabled: false,
      format: 'source-flags',
      entryCount: 1,
      skipped: 0,
      lastSuccess: NOW,
      intervalHours: 24,
      bundleHash: 'abc',
    });
    sources.put({
      id: 'src-old',
      title: 'An old remote list',
      url: 'https://fc.example/list.json',
      builtin: false,
      enabled: true,
      format: 'claimreview',
      entryCount: 2,
      skipped: 3,
      lastSuccess: NOW - 1000,
      lastError: 'HTTP 500',
      intervalHours: 0,
    });
    sources.put({
      id: 'src-big',
      title: 'A big list',
      url: 'https://fc.example/big.json',
      builtin: false,
      enabled: true,
      format: 'source-flags',
      entryCount: BIG,
      skipped: 0,
      intervalHours: 168,
    });
    entries.put({ key: v1Key('builtin', 'tiktok'), sourceId: 'builtin', entry: app('tiktok') });
    entries.put({ key: v1Key('src-old', 'a'), sourceId: 'src-old', entry: app('a') });
    entries.put({ key: v1Key('src-old', 'b'), sourceId: 'src-old', entry: app('b') });
    for (let i = 0; i < BIG; i++)
      entries.put({ key: v1Key('src-big', `e${i}`), sourceId: 'src-big', entry: app(`e${i}`) });
    tx.objectStore('meta').put('kept', 'note');
    await tx.done;
  },
};

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('IndexedDB schema upgrades', () => {
  it('has one upgrade step per version and a seeder for every earlier version', () => {
    expect(UPGRADES).toHaveLength(DB_VERSION);
    for (let v = 1; v < DB_VERSION; v++) expect(SEEDERS[v], `seeder for version ${v}`).toBeTypeOf('function');
  });

  it('creates the current schema on a fresh profile', async () => {
    const db = await openDb('fresh');
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['chunks', 'meta', 'sources']);
    expect([...db.transaction('chunks').store.indexNames].sort()).toEqual(['byEntryId', 'bySource']);
    db.close();
  });

  for (let from = 1; from < DB_VERSION; from++) {
    it(`upgrades version ${from} with data to version ${DB_VERSION}`, async () => {
      const name = `from-${from}`;
      const old = await openDb(name, from);
      expect(old.version).toBe(from);
      await SEEDERS[from]!(old);
      old.close();

      const db = await openDb(name);
      expect(db.version).toBe(DB_VERSION);
      // Every record survives…
      expect((await sourceEntries(db, 'src-old')).map((r) => r.entry.id).sort()).toEqual(['a', 'b']);
      expect((await sourceEntries(db, 'builtin')).map((r) => r.entry.id)).toEqual(['tiktok']);
      expect(await db.get('meta', 'note')).toBe('kept');
      const big = await sourceEntries(db, 'src-big');
      expect(big).toHaveLength(BIG);
      expect(new Set(big.map((r) => r.entry.id))).toEqual(new Set(Array.from({ length: BIG }, (_, i) => `e${i}`)));
      expect(await db.count('chunks')).toBe(2 + 3); // builtin, src-old, and three chunks of src-big
      expect([...db.objectStoreNames]).not.toContain('entries');
      expect((await findEntry(db, `e${BIG - 1}`))?.source).toBe('A big list');
      // …with its fields, and the new ones filled in.
      const builtin = (await getSource(db, 'builtin'))!;
      expect(builtin).toMatchObject({ kind: 'builtin', enabled: false, bundleHash: 'abc', failures: 0 });
      const remote = (await getSource(db, 'src-old'))!;
      expect(remote).toMatchObject({
        kind: 'remote',
        url: 'https://fc.example/list.json',
        entryCount: 2,
        skipped: 3,
        lastError: 'HTTP 500',
        failures: 0,
        intervalHours: 24,
      });
      // The upgraded data works with today's code.
      expect((await enabledEntries(db)).filter((r) => r.sourceId === 'src-old').map((r) => r.entry.id)).toEqual([
        'a',
        'b',
      ]);
      expect((await findEntry(db, 'a'))?.source).toBe('An old remote list');
      expect(dueSources([remote], NOW).map((s) => s.id)).toEqual(['src-old']);
      expect((await getSource(db, 'src-big'))!).toMatchObject({ kind: 'remote', intervalHours: 168 });
      db.close();
    });
  }

  it('an upgrade of the current database is a no-op', async () => {
    const db = await openDb('same');
    db.close();
    const again = await openDb('same');
    expect(again.version).toBe(DB_VERSION);
    again.close();
  });
});
