/**
 * IndexedDB cache of sources and entries, owned by the background (content scripts run in the
 * page's origin and cannot read it). Versioned schema: UPGRADES[n] takes a database from version n
 * to n + 1; released steps are never edited, new versions add a step. Tests open every earlier
 * version with data in it and upgrade it (tests/unit/db-upgrade.test.ts).
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { Entry } from './feed/types';
import {
  BUILTIN_SOURCE_ID,
  LEARNED_SOURCE_ID,
  LOCAL_SOURCE_ID,
  type EntryRecord,
  type SourceKind,
  type SourceRecord,
} from './db-schema';

export const DB_NAME = 'source-flags';
export const DB_VERSION = 2;

export interface FlagsDB extends DBSchema {
  sources: { key: string; value: SourceRecord };
  entries: { key: string; value: EntryRecord; indexes: { bySource: string; byId: string } };
  meta: { key: string; value: unknown };
}

export type Db = IDBPDatabase<FlagsDB>;
type UpgradeTx = IDBPTransaction<FlagsDB, StoreNames<FlagsDB>[], 'versionchange'>;
type UpgradeStep = (db: Db, tx: UpgradeTx) => void | Promise<void>;

/** UPGRADES[n] upgrades version n to n + 1. */
export const UPGRADES: readonly UpgradeStep[] = [
  // 0 → 1: the first schema.
  (db) => {
    db.createObjectStore('sources', { keyPath: 'id' });
    const entries = db.createObjectStore('entries', { keyPath: 'key' });
    entries.createIndex('bySource', 'sourceId');
    entries.createIndex('byId', 'entry.id');
    db.createObjectStore('meta');
  },
  // 1 → 2: sources get a `kind` (version 1 only knew `builtin`) and a failure count for the back-off.
  async (_db, tx) => {
    let cursor = await tx.objectStore('sources').openCursor();
    while (cursor) {
      const old = cursor.value as SourceRecord & { kind?: SourceKind };
      const kind: SourceKind = old.kind ?? (old.builtin ? 'builtin' : old.url ? 'remote' : 'local');
      const next: SourceRecord = { ...old, kind, failures: old.failures ?? 0, intervalHours: old.intervalHours || 24 };
      if (kind === 'remote' && next.nextUpdate === undefined) next.nextUpdate = 0;
      await cursor.update(next);
      cursor = await cursor.continue();
    }
  },
];

/** Opens (creating or upgrading) the cache. `version` is for tests that build older databases. */
export function openDb(name = DB_NAME, version = DB_VERSION): Promise<Db> {
  return openDB<FlagsDB>(name, version, {
    upgrade(db, oldVersion, newVersion, tx) {
      const target = newVersion ?? version;
      void (async () => {
        for (let v = oldVersion; v < target; v++) await UPGRADES[v]!(db, tx);
      })().catch(() => tx.abort());
    },
  });
}

const ignore = () => undefined;

export const entryKey = (sourceId: string, id: string) => `${sourceId}\u0000${id}`;

/** Every key of one source's entries (source ids never contain U+0000). */
const sourceRange = (sourceId: string) =>
  IDBKeyRange.bound(`${sourceId}\u0000`, `${sourceId}\u0001`, false, true);

/** A record with the patch applied; `undefined` values delete the field. */
export function applyPatch(record: SourceRecord, patch: Partial<SourceRecord>): SourceRecord {
  const out: Record<string, unknown> = { ...record };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out as unknown as SourceRecord;
}

export async function listSources(db: Db): Promise<SourceRecord[]> {
  return db.getAll('sources');
}

export async function getSource(db: Db, id: string): Promise<SourceRecord | undefined> {
  return db.get('sources', id);
}

export async function putSource(db: Db, source: SourceRecord): Promise<void> {
  await db.put('sources', source);
}

/** Runs `work` in one read-write transaction over sources and entries; aborts it if `work` throws. */
async function inTransaction<T>(
  db: Db,
  work: (tx: IDBPTransaction<FlagsDB, ('sources' | 'entries')[], 'readwrite'>) => Promise<T>,
): Promise<T> {
  const tx = db.transaction(['sources', 'entries'], 'readwrite');
  const done = tx.done;
  let result: T;
  try {
    result = await work(tx);
  } catch (e) {
    try {
      tx.abort();
    } catch {
      // already finished
    }
    await done.catch(ignore);
    throw e;
  }
  await done;
  return result;
}

/**
 * Applies an update in ONE transaction: re-reads the source (it may have been edited or removed
 * while the list downloaded), replaces all its entries when `entries` is given, and merges `patch`.
 * A failure or a stopped service worker aborts the transaction and leaves the last good copy.
 * Resolves to the stored record, or undefined when the source no longer exists.
 */
export async function commitSource(
  db: Db,
  id: string,
  patch: Partial<SourceRecord>,
  entries?: readonly Entry[],
): Promise<SourceRecord | undefined> {
  return inTransaction(db, async (tx) => {
    const current = await tx.objectStore('sources').get(id);
    if (!current) return undefined;
    const next = applyPatch(current, patch);
    if (entries) {
      const store = tx.objectStore('entries');
      // Requests are not awaited one by one (that would be slow); an abort rejects them all and
      // `done` reports it, so their own rejections are silenced here.
      store.delete(sourceRange(id)).catch(ignore);
      for (const entry of entries) store.put({ key: entryKey(id, entry.id), sourceId: id, entry }).catch(ignore);
      next.entryCount = entries.length;
    }
    tx.objectStore('sources').put(next).catch(ignore);
    return next;
  });
}

/** Merges `patch` into a source record in one small transaction (undefined when it is gone). */
export function patchSource(db: Db, id: string, patch: Partial<SourceRecord>): Promise<SourceRecord | undefined> {
  return commitSource(db, id, patch);
}

/**
 * Replaces all entries of a source and its record in ONE transaction, so a failure (or the
 * service worker being stopped) midway leaves the last good copy in place.
 */
export async function replaceSourceEntries(db: Db, source: SourceRecord, entries: readonly Entry[]): Promise<void> {
  await inTransaction(db, async (tx) => {
    const store = tx.objectStore('entries');
    store.delete(sourceRange(source.id)).catch(ignore);
    for (const entry of entries)
      store.put({ key: entryKey(source.id, entry.id), sourceId: source.id, entry }).catch(ignore);
    tx.objectStore('sources')
      .put({ ...source, entryCount: entries.length })
      .catch(ignore);
  });
}

/**
 * Adds or replaces some entries of an existing source (by entry id) and recounts it, in one
 * transaction. `keep` caps the source: beyond it the oldest entries (by addedAt) are dropped.
 */
export async function putEntries(
  db: Db,
  sourceId: string,
  entries: readonly Entry[],
  addedAt: number,
  keep = Infinity,
): Promise<SourceRecord | undefined> {
  return inTransaction(db, async (tx) => {
    const source = await tx.objectStore('sources').get(sourceId);
    if (!source) return undefined;
    const store = tx.objectStore('entries');
    for (const entry of entries)
      store.put({ key: entryKey(sourceId, entry.id), sourceId, entry, addedAt }).catch(ignore);
    let count = await store.index('bySource').count(sourceId);
    if (count > keep) {
      const all = await store.index('bySource').getAll(sourceId);
      all.sort((a, b) => (a.addedAt ?? 0) - (b.addedAt ?? 0));
      for (const r of all.slice(0, count - keep)) store.delete(r.key).catch(ignore);
      count = keep;
    }
    const next = { ...source, entryCount: count };
    tx.objectStore('sources').put(next).catch(ignore);
    return next;
  });
}

/** Deletes some entries of a source by id and recounts it, in one transaction. */
export async function deleteEntries(
  db: Db,
  sourceId: string,
  ids: readonly string[],
): Promise<SourceRecord | undefined> {
  return inTransaction(db, async (tx) => {
    const source = await tx.objectStore('sources').get(sourceId);
    if (!source) return undefined;
    const store = tx.objectStore('entries');
    for (const id of ids) store.delete(entryKey(sourceId, id)).catch(ignore);
    const count = await store.index('bySource').count(sourceId);
    const next = { ...source, entryCount: count };
    tx.objectStore('sources').put(next).catch(ignore);
    return next;
  });
}

export async function sourceEntries(db: Db, sourceId: string): Promise<EntryRecord[]> {
  return db.getAllFromIndex('entries', 'bySource', sourceId);
}

export async function deleteSource(db: Db, id: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    tx.objectStore('entries').delete(sourceRange(id)).catch(ignore);
    tx.objectStore('sources').delete(id).catch(ignore);
  });
}

/** Which copy of an entry wins when several sources carry the same id: the user's own first. */
const PRIORITY: Record<SourceKind, number> = { local: 0, builtin: 1, remote: 2, learned: 3 };

export function sourceOrder(a: SourceRecord, b: SourceRecord): number {
  const pa = PRIORITY[a.kind] ?? 2;
  const pb = PRIORITY[b.kind] ?? 2;
  return pa - pb || (a.addedAt ?? 0) - (b.addedAt ?? 0) || a.id.localeCompare(b.id);
}

/** Entries of enabled sources, each with its source title, in source priority order. */
export async function enabledEntries(db: Db): Promise<{ entry: Entry; source: string; sourceId: string }[]> {
  const sources = (await listSources(db)).filter((s) => s.enabled).sort(sourceOrder);
  const out: { entry: Entry; source: string; sourceId: string }[] = [];
  for (const s of sources) {
    const records = await db.getAllFromIndex('entries', 'bySource', s.id);
    for (const r of records) out.push({ entry: r.entry, source: s.title, sourceId: s.id });
  }
  return out;
}

/** The copy of an entry from the enabled source with the highest priority. */
export async function findEntry(db: Db, id: string): Promise<{ entry: Entry; source: string } | null> {
  const records = await db.getAllFromIndex('entries', 'byId', id);
  let best: { entry: Entry; source: SourceRecord } | null = null;
  for (const r of records) {
    const s = await getSource(db, r.sourceId);
    if (s?.enabled && (!best || sourceOrder(s, best.source) < 0)) best = { entry: r.entry, source: s };
  }
  return best ? { entry: best.entry, source: best.source.title } : null;
}

export const FIXED_SOURCE_IDS: ReadonlySet<string> = new Set([BUILTIN_SOURCE_ID, LOCAL_SOURCE_ID, LEARNED_SOURCE_ID]);
