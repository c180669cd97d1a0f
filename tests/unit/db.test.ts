import { beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { DB_VERSION, enabledEntries, findEntry, listSources, openDb, replaceSourceEntries } from '../../utils/db';
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
    expect([...db.objectStoreNames].sort()).toEqual(['entries', 'meta', 'sources']);
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

  it('serves only enabled sources', async () => {
    const db = await openDb();
    await replaceSourceEntries(db, source('on'), [app('shown')]);
    await replaceSourceEntries(db, source('off', false), [app('hidden')]);
    expect((await enabledEntries(db)).map((r) => r.entry.id)).toEqual(['shown']);
    expect(await findEntry(db, 'hidden')).toBeNull();
    expect((await findEntry(db, 'shown'))?.source).toBe('Source on');
    db.close();
  });
});
