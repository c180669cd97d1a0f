/**
 * IndexedDB cache of sources and entries, owned by the background (content scripts run in the
 * page's origin and cannot read it). Versioned schema: UPGRADES[n] takes a database from version n
 * to n + 1; released steps are never edited, new versions add a step. Tests open every earlier
 * version with data in it and upgrade it (tests/unit/db-upgrade.test.ts).
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPObjectStore, type IDBPTransaction } from 'idb';
import type { Entry } from './feed/types';
import {
  BUILTIN_SOURCE_ID,
  CHUNK_SIZE,
  LEARNED_SOURCE_ID,
  LOCAL_SOURCE_ID,
  type ChunkRecord,
  type SourceKind,
  type SourceRecord,
  type StoredRow,
} from './db-schema';

export const DB_NAME = 'source-flags';
export const DB_VERSION = 2;

export interface FlagsDB extends DBSchema {
  sources: { key: string; value: SourceRecord };
  chunks: { key: string; value: ChunkRecord; indexes: { bySource: string; byEntryId: string } };
  meta: { key: string; value: unknown };
}

export type Db = IDBPDatabase<FlagsDB>;
/** Upgrade steps see the database as it was, so they are untyped. */
type AnyDb = IDBPDatabase<unknown>;
type UpgradeTx = IDBPTransaction<unknown, string[], 'versionchange'>;
type UpgradeStep = (db: AnyDb, tx: UpgradeTx) => void | Promise<void>;

/** Version 1 stored one record per entry. */
interface V1EntryRecord {
  key: string;
  sourceId: string;
  entry: Entry;
}

/** UPGRADES[n] upgrades version n to n + 1. */
export const UPGRADES: readonly UpgradeStep[] = [
  // 0 → 1: the first schema (one record per entry).
  (db) => {
    db.createObjectStore('sources', { keyPath: 'id' });
    const entries = db.createObjectStore('entries', { keyPath: 'key' });
    entries.createIndex('bySource', 'sourceId');
    entries.createIndex('byId', 'entry.id');
    db.createObjectStore('meta');
  },
  // 1 → 2: entries move into chunks of 1,000 (fast enough for 100,000-entry lists); sources get a
  // `kind` (version 1 only knew `builtin`) and a failure count for the back-off.
  async (db, tx) => {
    const chunks = db.createObjectStore('chunks', { keyPath: 'key' });
    chunks.createIndex('bySource', 'sourceId');
    chunks.createIndex('byEntryId', 'ids', { multiEntry: true });
    let cursor = await tx.objectStore('sources').openCursor();
    while (cursor) {
      const old = cursor.value as SourceRecord & { kind?: SourceKind };
      const kind: SourceKind = old.kind ?? (old.builtin ? 'builtin' : old.url ? 'remote' : 'local');
      const next: SourceRecord = { ...old, kind, failures: old.failures ?? 0, intervalHours: old.intervalHours || 24 };
      if (kind === 'remote' && next.nextUpdate === undefined) next.nextUpdate = 0;
      await cursor.update(next);
      cursor = await cursor.continue();
    }
    const old = (await tx.objectStore('entries').getAll()) as V1EntryRecord[];
    const bySource = new Map<string, StoredRow[]>();
    for (const r of old) {
      const rows = bySource.get(r.sourceId) ?? [];
      rows.push({ sourceId: r.sourceId, entry: r.entry });
      bySource.set(r.sourceId, rows);
    }
    const store = tx.objectStore('chunks');
    for (const [sourceId, rows] of bySource) for (const c of toChunks(sourceId, rows)) await store.put(c);
    db.deleteObjectStore('entries');
  },
];

/** Opens (creating or upgrading) the cache. `version` is for tests that build older databases. */
/** How long an upgrade may wait for an older connection (another window, an old worker) to close. */
export const BLOCKED_TIMEOUT_MS = 10_000;

export function openDb(name = DB_NAME, version = DB_VERSION, blockedTimeoutMs = BLOCKED_TIMEOUT_MS): Promise<Db> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let fail: (e: Error) => void = ignore;
  const blocked = new Promise<never>((_, reject) => (fail = reject));
  // Armed only when the browser reports the upgrade as blocked; cleared once the database opens.
  const arm = () => {
    timer ??= setTimeout(
      () => fail(new Error('The local cache is held open by an older version of Source Flags (close its windows).')),
      blockedTimeoutMs,
    );
  };
  const opening = openDB<FlagsDB>(name, version, {
    blocked: () => arm(),
    // A newer version wants to upgrade: let it, rather than block it.
    blocking: (_current, _next, event) => (event.target as IDBDatabase).close(),
    upgrade(db, oldVersion, newVersion, tx) {
      const target = newVersion ?? version;
      const anyDb = db as unknown as AnyDb;
      const anyTx = tx as unknown as UpgradeTx;
      tx.done.catch(ignore); // a failed upgrade rejects the open itself; this copy is not needed
      void (async () => {
        for (let v = oldVersion; v < target; v++) await UPGRADES[v]!(anyDb, anyTx);
      })().catch(() => tx.abort());
    },
  });
  blocked.catch(ignore);
  // If we gave up waiting, a connection that opens later is closed at once.
  blocked.catch(() => opening.then((db) => db.close(), ignore));
  return Promise.race([opening, blocked]).finally(() => clearTimeout(timer));
}

const ignore = () => undefined;

export const chunkKey = (sourceId: string, n: number) => `${sourceId}\u0000${String(n).padStart(6, '0')}`;

/** Every key of one source's chunks (source ids never contain U+0000). */
export const sourceRange = (sourceId: string) =>
  IDBKeyRange.bound(`${sourceId}\u0000`, `${sourceId}\u0001`, false, true);

/** Splits a source's rows into chunk records. */
export function toChunks(sourceId: string, rows: readonly { entry: Entry; addedAt?: number }[]): ChunkRecord[] {
  const out: ChunkRecord[] = [];
  for (let i = 0, n = 0; i < rows.length; i += CHUNK_SIZE, n++) {
    const part = rows.slice(i, i + CHUNK_SIZE);
    const chunk: ChunkRecord = {
      key: chunkKey(sourceId, n),
      sourceId,
      ids: part.map((r) => r.entry.id),
      entries: part.map((r) => r.entry),
    };
    if (part.some((r) => r.addedAt !== undefined)) chunk.addedAt = part.map((r) => r.addedAt ?? 0);
    out.push(chunk);
  }
  return out;
}

function fromChunks(chunks: readonly ChunkRecord[]): StoredRow[] {
  const out: StoredRow[] = [];
  for (const c of chunks) {
    for (let i = 0; i < c.entries.length; i++) {
      const row: StoredRow = { sourceId: c.sourceId, entry: c.entries[i]! };
      const at = c.addedAt?.[i];
      if (at) row.addedAt = at;
      out.push(row);
    }
  }
  return out;
}

/**
 * The entries this worker just wrote for a source, under the contentStamp they were written with:
 * enabledEntries uses them instead of reading the same list back (a second of a 100,000-entry
 * list's update, issue 15). The stamp changes with every write of the source's entries, so a copy
 * whose stamp no longer matches the stored record is never used. Taken once, then dropped.
 */
const justWritten = new WeakMap<Db, Map<string, { stamp: string; entries: readonly Entry[] }>>();

function rememberWritten(db: Db, sourceId: string, stamp: string, entries: readonly Entry[]): void {
  let bySource = justWritten.get(db);
  if (!bySource) justWritten.set(db, (bySource = new Map()));
  bySource.set(sourceId, { stamp, entries });
}

/** A fresh value for SourceRecord.contentStamp. */
function newContentStamp(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

type ChunkStore = IDBPObjectStore<FlagsDB, ('sources' | 'chunks')[], 'chunks', 'readwrite'>;

/**
 * Replaces a source's chunks inside a transaction. Two puts are in flight: the database stores one
 * while the next is copied (waiting for each in turn cost a round trip per chunk). Each put is
 * made in the success callback of the one two before, so the transaction stays active and a task
 * copies one chunk at most: the worker stays responsive.
 */
async function writeRows(store: ChunkStore, sourceId: string, rows: readonly { entry: Entry; addedAt?: number }[]) {
  await store.delete(sourceRange(sourceId));
  const inFlight: Promise<unknown>[] = [];
  for (const chunk of toChunks(sourceId, rows)) {
    if (inFlight.length >= 2) await inFlight.shift();
    const put = store.put(chunk);
    // Awaited below; a failure aborts the transaction, and the puts still in flight fail with it.
    put.catch(ignore);
    inFlight.push(put);
  }
  await Promise.all(inFlight);
}

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

/** Runs `work` in one read-write transaction over sources and chunks; aborts it if `work` throws. */
async function inTransaction<T>(
  db: Db,
  work: (tx: IDBPTransaction<FlagsDB, ('sources' | 'chunks')[], 'readwrite'>) => Promise<T>,
): Promise<T> {
  const tx = db.transaction(['sources', 'chunks'], 'readwrite');
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
  const stored = await inTransaction(db, async (tx) => {
    const current = await tx.objectStore('sources').get(id);
    if (!current) return undefined;
    const next = applyPatch(current, patch);
    if (entries) {
      await writeRows(
        tx.objectStore('chunks'),
        id,
        entries.map((entry) => ({ entry })),
      );
      next.entryCount = entries.length;
      next.contentStamp = newContentStamp();
    }
    await tx.objectStore('sources').put(next);
    return next;
  });
  // Committed: the entries as written are the source's entries until its stamp changes.
  if (stored?.contentStamp && entries) rememberWritten(db, id, stored.contentStamp, entries);
  return stored;
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
  const contentStamp = newContentStamp();
  await inTransaction(db, async (tx) => {
    await writeRows(
      tx.objectStore('chunks'),
      source.id,
      entries.map((entry) => ({ entry })),
    );
    await tx.objectStore('sources').put({ ...source, entryCount: entries.length, contentStamp });
  });
  rememberWritten(db, source.id, contentStamp, entries);
}

/**
 * Adds or replaces some entries of an existing source (by entry id) and recounts it, in one
 * transaction. `keep` caps the source: beyond it the oldest entries (by addedAt) are dropped.
 * For the small local sources (My entries, learned claims): the source is rewritten.
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
    const store = tx.objectStore('chunks');
    const rows = new Map<string, { entry: Entry; addedAt?: number }>();
    for (const r of fromChunks(await store.getAll(sourceRange(sourceId)))) rows.set(r.entry.id, r);
    for (const entry of entries) rows.set(entry.id, { entry, addedAt });
    let list = [...rows.values()];
    if (list.length > keep) {
      const oldest = [...list].sort((a, b) => (a.addedAt ?? 0) - (b.addedAt ?? 0)).slice(0, list.length - keep);
      const drop = new Set(oldest.map((r) => r.entry.id));
      list = list.filter((r) => !drop.has(r.entry.id));
    }
    await writeRows(store, sourceId, list);
    const next = { ...source, entryCount: list.length, contentStamp: newContentStamp() };
    await tx.objectStore('sources').put(next);
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
    const store = tx.objectStore('chunks');
    const drop = new Set(ids);
    const list = fromChunks(await store.getAll(sourceRange(sourceId))).filter((r) => !drop.has(r.entry.id));
    await writeRows(store, sourceId, list);
    const next = { ...source, entryCount: list.length, contentStamp: newContentStamp() };
    await tx.objectStore('sources').put(next);
    return next;
  });
}

/** A value of the small key-value store (settings of the cache itself). */
export async function getMeta(db: Db, key: string): Promise<unknown> {
  return db.get('meta', key);
}

/**
 * Values of the key-value store, all asked for at once in one transaction (a restarted worker
 * reads the Matcher's parts: one after the other, each waited a round trip).
 */
export async function getMetas(db: Db, keys: readonly string[]): Promise<unknown[]> {
  const store = db.transaction('meta').store;
  return Promise.all(keys.map((k) => store.get(k)));
}

export async function putMeta(db: Db, key: string, value: unknown): Promise<void> {
  await db.put('meta', value, key);
}

/** Deletes one key, or every key in [from, to]. */
export async function deleteMeta(db: Db, key: string | [from: string, to: string]): Promise<void> {
  await db.delete('meta', typeof key === 'string' ? key : IDBKeyRange.bound(key[0], key[1]));
}

/** All entries of one source, in stored order. */
export async function sourceEntries(db: Db, sourceId: string): Promise<StoredRow[]> {
  return fromChunks(await db.getAll('chunks', sourceRange(sourceId)));
}

export async function deleteSource(db: Db, id: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    await tx.objectStore('chunks').delete(sourceRange(id));
    await tx.objectStore('sources').delete(id);
  });
}

/** Which copy of an entry wins when several sources carry the same id: the user's own first. */
const PRIORITY: Record<SourceKind, number> = { local: 0, builtin: 1, remote: 2, learned: 3 };

export function sourceOrder(a: SourceRecord, b: SourceRecord): number {
  const pa = PRIORITY[a.kind] ?? 2;
  const pb = PRIORITY[b.kind] ?? 2;
  return pa - pb || (a.addedAt ?? 0) - (b.addedAt ?? 0) || a.id.localeCompare(b.id);
}

/** A source's list as it is about to be stored (enabledEntries reads it instead of the stored one). */
export interface UpcomingList {
  sourceId: string;
  title: string;
  entries: readonly Entry[];
}

/**
 * Entries of enabled sources, each with its source title, in source priority order; with
 * `upcoming`, as they will be once that list is stored.
 */
export async function enabledEntries(
  db: Db,
  upcoming?: UpcomingList,
): Promise<{ entry: Entry; source: string; sourceId: string }[]> {
  // One transaction, begun by the call itself: IndexedDB runs transactions over the same stores in
  // the order they were begun, so a caller reading just before a write (Library.prepare, while an
  // update stores its list) is not kept waiting until the write is done.
  const tx = db.transaction(['sources', 'chunks']);
  const all = await tx.objectStore('sources').getAll();
  const written = justWritten.get(db);
  justWritten.delete(db);
  const out: { entry: Entry; source: string; sourceId: string }[] = [];
  for (const s of all.filter((s) => s.enabled).sort(sourceOrder)) {
    if (s.id === upcoming?.sourceId) {
      for (const entry of upcoming.entries) out.push({ entry, source: upcoming.title, sourceId: s.id });
      continue;
    }
    const known = written?.get(s.id);
    if (known && known.stamp === s.contentStamp) {
      for (const entry of known.entries) out.push({ entry, source: s.title, sourceId: s.id });
      continue;
    }
    // A chunk at a time, not getAll: each chunk is read back in its own task, where all 100 chunks
    // of a 100,000-entry list read at once blocked the background for a second (issue 15).
    let cursor = await tx.objectStore('chunks').openCursor(sourceRange(s.id));
    for (; cursor; cursor = await cursor.continue()) {
      const c = cursor.value;
      // A damaged record (disk fault, a bug in an old version) is skipped, not fatal.
      if (!Array.isArray(c?.entries)) continue;
      for (const entry of c.entries) if (isUsableEntry(entry)) out.push({ entry, source: s.title, sourceId: s.id });
    }
  }
  return out;
}

/** The fields the matcher and the cards rely on. Entries were validated when stored; this guards
 * against records damaged afterwards. */
export function isUsableEntry(e: unknown): e is Entry {
  if (typeof e !== 'object' || e === null) return false;
  const x = e as Record<string, unknown>;
  if (typeof x.id !== 'string' || !x.id) return false;
  if (x.kind === 'app') return typeof x.name === 'string' && Array.isArray(x.aliases) && Array.isArray(x.restrictions);
  if (x.kind === 'claim')
    return typeof x.claim === 'string' && typeof x.verdict === 'string' && Array.isArray(x.sources);
  return false;
}

/** The copy of an entry from the enabled source with the highest priority (or from `sourceId`). */
export async function findEntry(
  db: Db,
  id: string,
  sourceId?: string,
): Promise<{ entry: Entry; source: string } | null> {
  const chunks = await db.getAllFromIndex('chunks', 'byEntryId', id);
  let best: { entry: Entry; source: SourceRecord } | null = null;
  for (const c of chunks) {
    if (sourceId !== undefined && c.sourceId !== sourceId) continue;
    const entry = c.entries[c.ids.indexOf(id)];
    const s = await getSource(db, c.sourceId);
    if (entry && s?.enabled && (!best || sourceOrder(s, best.source) < 0)) best = { entry, source: s };
  }
  return best ? { entry: best.entry, source: best.source.title } : null;
}

export const FIXED_SOURCE_IDS: ReadonlySet<string> = new Set([BUILTIN_SOURCE_ID, LOCAL_SOURCE_ID, LEARNED_SOURCE_ID]);
