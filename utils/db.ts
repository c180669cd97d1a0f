/**
 * IndexedDB cache of sources and entries, owned by the background (content scripts run in the
 * page's origin and cannot read it). Versioned schema: every upgrade step is a function below,
 * tested from each earlier version with data in it.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Entry } from './feed/types';
import type { EntryRecord, SourceRecord } from './db-schema';

export const DB_NAME = 'source-flags';
export const DB_VERSION = 1;

export interface FlagsDB extends DBSchema {
  sources: { key: string; value: SourceRecord };
  entries: { key: string; value: EntryRecord; indexes: { bySource: string; byId: string } };
  meta: { key: string; value: unknown };
}

export type Db = IDBPDatabase<FlagsDB>;

export function openDb(name = DB_NAME): Promise<Db> {
  return openDB<FlagsDB>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('sources', { keyPath: 'id' });
        const entries = db.createObjectStore('entries', { keyPath: 'key' });
        entries.createIndex('bySource', 'sourceId');
        entries.createIndex('byId', 'entry.id');
        db.createObjectStore('meta');
      }
    },
  });
}

const ignore = () => undefined;

export const entryKey = (sourceId: string, id: string) => `${sourceId}\u0000${id}`;

export async function listSources(db: Db): Promise<SourceRecord[]> {
  return db.getAll('sources');
}

export async function getSource(db: Db, id: string): Promise<SourceRecord | undefined> {
  return db.get('sources', id);
}

export async function putSource(db: Db, source: SourceRecord): Promise<void> {
  await db.put('sources', source);
}

/**
 * Replaces all entries of a source and its record in ONE transaction, so a failure (or the
 * service worker being stopped) midway leaves the last good copy in place.
 */
export async function replaceSourceEntries(db: Db, source: SourceRecord, entries: readonly Entry[]): Promise<void> {
  const tx = db.transaction(['sources', 'entries'], 'readwrite');
  const store = tx.objectStore('entries');
  const done = tx.done;
  try {
    let cursor = await store.index('bySource').openKeyCursor(IDBKeyRange.only(source.id));
    // Requests are not awaited one by one (that would be slow); an abort rejects them all, and
    // `done` reports it, so their own rejections are silenced here.
    while (cursor) {
      store.delete(cursor.primaryKey).catch(ignore);
      cursor = await cursor.continue();
    }
    for (const entry of entries)
      store.put({ key: entryKey(source.id, entry.id), sourceId: source.id, entry }).catch(ignore);
    tx.objectStore('sources')
      .put({ ...source, entryCount: entries.length })
      .catch(ignore);
  } catch (e) {
    tx.abort();
    await done.catch(() => undefined);
    throw e;
  }
  await done;
}

export async function deleteSource(db: Db, id: string): Promise<void> {
  const tx = db.transaction(['sources', 'entries'], 'readwrite');
  let cursor = await tx.objectStore('entries').index('bySource').openKeyCursor(IDBKeyRange.only(id));
  while (cursor) {
    tx.objectStore('entries').delete(cursor.primaryKey);
    cursor = await cursor.continue();
  }
  tx.objectStore('sources').delete(id);
  await tx.done;
}

/** Entries of enabled sources, each with its source title. */
export async function enabledEntries(db: Db): Promise<{ entry: Entry; source: string; sourceId: string }[]> {
  const sources = (await listSources(db)).filter((s) => s.enabled);
  const out: { entry: Entry; source: string; sourceId: string }[] = [];
  for (const s of sources) {
    const records = await db.getAllFromIndex('entries', 'bySource', s.id);
    for (const r of records) out.push({ entry: r.entry, source: s.title, sourceId: s.id });
  }
  return out;
}

/** The first enabled source's copy of an entry. */
export async function findEntry(db: Db, id: string): Promise<{ entry: Entry; source: string } | null> {
  const records = await db.getAllFromIndex('entries', 'byId', id);
  for (const r of records) {
    const s = await getSource(db, r.sourceId);
    if (s?.enabled) return { entry: r.entry, source: s.title };
  }
  return null;
}
