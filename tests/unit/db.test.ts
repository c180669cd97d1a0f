import { beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import {
  commitSource,
  DB_VERSION,
  deleteEntries,
  enabledEntries,
  findEntry,
  listSources,
  openDb,
  putEntries,
  putSource,
  replaceSourceEntries,
  sourceEntries,
} from '../../utils/db';
import { CHUNK_SIZE } from '../../utils/db-schema';
import type { SourceRecord } from '../../utils/db-schema';
import type { Entry } from '../../utils/feed/types';

const app = (id: string): Entry => ({ kind: 'app', id, name: id, aliases: [id], restrictions: [] });
const source = (id: string, enabled = true): SourceRecord => ({
  id,
  kind: 'remote',
  title: `Source ${id}`,
  builtin: false,
  enabled,
  format: 'source-flags',
  entryCount: 0,
  skipped: 0,
  intervalHours: 24,
});

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('IndexedDB cache', () => {
  it('creates the current schema on a fresh profile', async () => {
    const db = await openDb();
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['chunks', 'meta', 'sources']);
    db.close();
  });

  it('replaces a source’s entries in one transaction and counts them', async () => {
    const db = await openDb();
    await replaceSourceEntries(db, source('a'), [app('x'), app('y')]);
    await replaceSourceEntries(db, source('b'), [app('z')]);
    await replaceSourceEntries(db, source('a'), [app('y2')]);
    expect((await enabledEntries(db)).map((r) => r.entry.id).sort()).toEqual(['y2', 'z']);
    expect((await listSources(db)).find((s) => s.id === 'a')!.entryCount).toBe(1);
    db.close();
  });

  it('keeps the last good copy when a replacement fails midway', async () => {
    const db = await openDb();
    await replaceSourceEntries(db, source('a'), [app('good')]);
    const bad = [
      app('new'),
      { kind: 'app', id: 'broken', name: 'b', aliases: [], restrictions: [], fn: () => 1 } as unknown as Entry,
    ];
    await expect(replaceSourceEntries(db, source('a'), bad)).rejects.toThrow();
    expect((await enabledEntries(db)).map((r) => r.entry.id)).toEqual(['good']);
    db.close();
  });

  it('keeps the last good copy when a chunk far into a large replacement fails (puts in flight abort with it)', async () => {
    const db = await openDb();
    await replaceSourceEntries(db, source('a'), [app('good')]);
    const many: Entry[] = Array.from({ length: CHUNK_SIZE * 3 }, (_, i) => app(`e${i}`));
    // Not cloneable: its put throws while the chunks before it are still being written.
    many[CHUNK_SIZE * 2 + 5] = { ...app('broken'), fn: () => 1 } as unknown as Entry;
    await expect(replaceSourceEntries(db, source('a'), many)).rejects.toThrow();
    expect((await enabledEntries(db)).map((r) => r.entry.id)).toEqual(['good']);
    expect(await db.count('chunks')).toBe(1);
    db.close();
  });

  it('serves only enabled sources', async () => {
    const db = await openDb();
    await replaceSourceEntries(db, source('on'), [app('shown')]);
    await replaceSourceEntries(db, source('off', false), [app('hidden')]);
    expect((await enabledEntries(db)).map((r) => r.entry.id)).toEqual(['shown']);
    expect(await findEntry(db, 'hidden')).toBeNull();
    expect((await findEntry(db, 'shown'))?.source).toBe('Source on');
    db.close();
  });

  it('stores big lists in chunks and still finds every entry by id', async () => {
    const db = await openDb();
    const many = Array.from({ length: CHUNK_SIZE * 2 + 1 }, (_, i) => app(`e${i}`));
    await replaceSourceEntries(db, source('big'), many);
    expect(await db.count('chunks')).toBe(3);
    expect((await sourceEntries(db, 'big')).map((r) => r.entry.id)).toEqual(many.map((e) => e.id));
    expect((await findEntry(db, `e${CHUNK_SIZE * 2}`))?.entry.id).toBe(`e${CHUNK_SIZE * 2}`);
    // A smaller replacement leaves no stale chunk behind.
    await replaceSourceEntries(db, source('big'), [app('only')]);
    expect(await db.count('chunks')).toBe(1);
    expect(await findEntry(db, 'e5')).toBeNull();
    db.close();
  });

  it('adds and deletes single entries of a small source, dropping the oldest beyond a cap', async () => {
    const db = await openDb();
    await replaceSourceEntries(db, source('mine'), []);
    await putEntries(db, 'mine', [app('a'), app('b')], 1);
    await putEntries(db, 'mine', [app('c')], 2);
    await putEntries(db, 'mine', [app('a')], 3); // replaces a, now the newest
    expect((await sourceEntries(db, 'mine')).map((r) => [r.entry.id, r.addedAt])).toEqual([
      ['a', 3],
      ['b', 1],
      ['c', 2],
    ]);
    const capped = await putEntries(db, 'mine', [app('d')], 4, 3);
    expect(capped?.entryCount).toBe(3);
    expect((await sourceEntries(db, 'mine')).map((r) => r.entry.id)).toEqual(['a', 'c', 'd']);
    expect((await deleteEntries(db, 'mine', ['c']))?.entryCount).toBe(2);
    expect(await putEntries(db, 'missing', [app('x')], 5)).toBeUndefined();
    db.close();
  });

  it('hands the entries it just stored to the next read instead of reading them back, once', async () => {
    const db = await openDb();
    await putSource(db, source('a'));
    const list = [app('x'), app('y')];
    await commitSource(db, 'a', { title: 'Source A' }, list);
    const first = await enabledEntries(db);
    // The very objects written (no read-back), with the record's current title.
    expect(first.map((r) => r.entry)).toEqual(list);
    expect(first[0]!.entry).toBe(list[0]);
    expect(first[0]!.source).toBe('Source A');
    // Taken once: the next read comes from the database, equal but not the same objects.
    const second = await enabledEntries(db);
    expect(second.map((r) => r.entry)).toEqual(list);
    expect(second[0]!.entry).not.toBe(list[0]);
    db.close();
  });

  it('a read begun before a write is not kept waiting for it, and sees the lists as they were', async () => {
    const db = await openDb();
    // Two stored lists (the first read back from the database, not handed over), then a write.
    await replaceSourceEntries(db, source('a'), [app('a1')]);
    await replaceSourceEntries(db, source('b'), [app('b1')]);
    await enabledEntries(db);
    let stored = false;
    const read = enabledEntries(db, { sourceId: 'b', title: 'Source b', entries: [app('b2')] });
    const write = commitSource(db, 'a', {}, [app('a2')]).then(() => void (stored = true));
    const rows = await read;
    expect(stored).toBe(false);
    // Upcoming entries stand in for the stored ones of their source.
    expect(rows.map((r) => r.entry.id)).toEqual(['a1', 'b2']);
    await write;
    expect((await enabledEntries(db)).map((r) => r.entry.id)).toEqual(['a2', 'b1']);
    db.close();
  });

  it('never hands over entries the source no longer has', async () => {
    const db = await openDb();
    await replaceSourceEntries(db, source('a'), [app('old')]);
    // Changed by a write that does not hand its entries over: the stamp moved on.
    await putEntries(db, 'a', [app('added')], 1);
    expect((await enabledEntries(db)).map((r) => r.entry.id).sort()).toEqual(['added', 'old']);
    // Written, then disabled: not served, and the copy is dropped.
    await replaceSourceEntries(db, source('b'), [app('b1')]);
    await commitSource(db, 'b', { enabled: false });
    expect((await enabledEntries(db)).map((r) => r.entry.id).sort()).toEqual(['added', 'old']);
    db.close();
  });
});
