// @vitest-environment node
/**
 * Issue 17 item 9: importing a backup applies the limits adding by hand applies ("My entries" at
 * most MAX_LOCAL, lists by URL at most MAX_REMOTE_SOURCES), says what it left out, and never drops
 * anything already stored to make room.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { freshProfile } from '../source-service-fixture';
import { Library } from '../../../utils/background/library';
import { importAll } from '../../../utils/background/source-backup';
import {
  createSourceContext,
  MAX_LOCAL,
  MAX_REMOTE_SOURCES,
  newRemoteRecord,
  type SourceContext,
} from '../../../utils/background/source-context';
import { SourceService } from '../../../utils/background/sources';
import { BACKUP_FORMAT, importCaps, MAX_BACKUP_SOURCES, parseBackup } from '../../../utils/backup';
import { getSource, listSources, putEntries, putSource, sourceEntries } from '../../../utils/db';
import { LOCAL_SOURCE_ID } from '../../../utils/db-schema';
import type { ClaimEntry } from '../../../utils/feed/types';
import type { ImportReport } from '../../../utils/messages';

const NOW = 1_750_000_000_000;

const claim = (i: number, text = `Claim number ${i} about the moon`): ClaimEntry => ({
  kind: 'claim',
  id: `my-${i}`,
  claim: text,
  verdict: 'false',
  reviewedBy: 'Me',
  sources: [{ url: `https://fc.example/${i}` }],
});
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);
const backup = (parts: Record<string, unknown>) => JSON.stringify({ format: BACKUP_FORMAT, version: 1, ...parts });
const myEntries = (entries: ClaimEntry[]) => backup({ myEntries: { enabled: true, entries } });

let library: Library;
let service: SourceService;
let ctx: SourceContext;

beforeEach(async () => {
  const profile = await freshProfile(() => NOW);
  ({ library, service } = profile);
  // The import itself, without the updates SourceService starts after it (no network here).
  ctx = createSourceContext(profile.deps);
});

const storedIds = async () => (await sourceEntries(await library.db(), LOCAL_SOURCE_ID)).map((r) => r.entry.id);
const ok = (r: ImportReport) => {
  if (!r.ok) throw new Error(r.error);
  return r;
};

describe('importing My entries respects the My entries limit', () => {
  it('12,000 My entries into an empty list: exactly the limit is stored, 7,000 are reported skipped', async () => {
    expect(MAX_LOCAL).toBe(5000);
    const r = ok(await importAll(ctx, myEntries(range(0, 12_000).map((i) => claim(i)))));
    expect(r.myEntries).toBe(5000);
    expect(r.skippedCount).toBe(7000);
    expect(importCaps(r)).toEqual([{ part: 'myEntries', skipped: 7000, max: 5000 }]);
    // The first 5,000 of the file, in its order.
    const ids = await storedIds();
    expect(ids).toHaveLength(5000);
    expect(new Set(ids)).toEqual(new Set(range(0, 5000).map((i) => `my-${i}`)));
    expect((await getSource(await library.db(), LOCAL_SOURCE_ID))!.entryCount).toBe(5000);
    // Every stored entry can be listed (and so deleted) on the options page.
    expect(await service.entriesOf(LOCAL_SOURCE_ID)).toHaveLength(5000);
  });

  it('on top of existing entries: the limit holds in total, updates take no room, nothing stored is lost', async () => {
    await putEntries(
      await library.db(),
      LOCAL_SOURCE_ID,
      range(0, 3000).map((i) => claim(i)),
      NOW - 1000,
    );
    // 1,000 of the stored entries, changed, then 4,000 new ones: room for 2,000 of them.
    const file = [
      ...range(2000, 3000).map((i) => claim(i, `Changed claim ${i}`)),
      ...range(3000, 7000).map((i) => claim(i)),
    ];
    const r = ok(await importAll(ctx, myEntries(file)));
    expect(r.myEntries).toBe(3000);
    expect(importCaps(r)).toEqual([{ part: 'myEntries', skipped: 2000, max: 5000 }]);
    expect(r.skippedCount).toBe(2000);
    const rows = await sourceEntries(await library.db(), LOCAL_SOURCE_ID);
    expect(rows).toHaveLength(5000);
    const ids = new Set(rows.map((r) => r.entry.id));
    for (const i of range(0, 5000)) expect(ids.has(`my-${i}`)).toBe(true);
    expect(ids.has('my-5000')).toBe(false);
    const changed = rows.find((r) => r.entry.id === 'my-2500')!.entry;
    expect(changed.kind === 'claim' && changed.claim).toBe('Changed claim 2500');
  });

  it('a full list: new entries are skipped, stored ones are still updated', async () => {
    await putEntries(
      await library.db(),
      LOCAL_SOURCE_ID,
      range(0, 5000).map((i) => claim(i)),
      NOW - 1000,
    );
    const r = ok(await importAll(ctx, myEntries([claim(1, 'Changed'), claim(9000), claim(9001)])));
    expect(r.myEntries).toBe(1);
    expect(importCaps(r)).toEqual([{ part: 'myEntries', skipped: 2, max: 5000 }]);
    expect(await storedIds()).toHaveLength(5000);
    expect(await storedIds()).not.toContain('my-9000');
  });

  it('a list an older version over-filled keeps every entry, on import and when adding by hand', async () => {
    await putEntries(
      await library.db(),
      LOCAL_SOURCE_ID,
      range(0, 6000).map((i) => claim(i)),
      NOW - 1000,
    );
    const r = ok(await importAll(ctx, myEntries([claim(9000)])));
    expect(r.myEntries).toBe(0);
    expect(importCaps(r)).toEqual([{ part: 'myEntries', skipped: 1, max: 5000 }]);
    expect(await storedIds()).toHaveLength(6000);
    const added = await service.addLocal({
      kind: 'claim',
      claim: 'The moon is made of cheese',
      verdict: 'false',
      url: 'https://fc.example/cheese',
    });
    expect(added).toMatchObject({ ok: false, error: expect.stringMatching(/full/) });
    expect(await storedIds()).toHaveLength(6000);
  });

  it('an entry added by hand while the import counts: the import takes its own back, the list stays within the limit', async () => {
    const db = await library.db();
    await putEntries(
      db,
      LOCAL_SOURCE_ID,
      range(0, MAX_LOCAL - 1).map((i) => claim(i)),
      NOW - 1000,
    );
    // The import reads the stored entries (room for one), then an entry is added by hand before the
    // import writes: made deterministic by adding it right after that read.
    let handAdded: unknown;
    const racy = new Proxy(db, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop, target);
        if (typeof value !== 'function') return value;
        if (prop === 'getAll' && handAdded === undefined)
          return async (...args: unknown[]) => {
            const rows: unknown = await value.apply(target, args);
            if (args[0] === 'chunks')
              handAdded = await service.addLocal({
                kind: 'claim',
                claim: 'The moon is made of cheese',
                verdict: 'false',
                url: 'https://fc.example/c',
              });
            return rows;
          };
        return value.bind(target);
      },
    });
    const r = ok(await importAll({ ...ctx, db: async () => racy }, myEntries([claim(9000), claim(9001)])));
    expect(handAdded).toMatchObject({ ok: true });
    const ids = await storedIds();
    expect(ids).toHaveLength(MAX_LOCAL);
    for (const i of range(0, MAX_LOCAL - 1)) expect(ids).toContain(`my-${i}`);
    expect(ids).not.toContain('my-9000');
    expect(r.myEntries).toBe(0);
    expect(importCaps(r)).toEqual([{ part: 'myEntries', skipped: 2, max: MAX_LOCAL }]);
  });

  it('a backup within the limit reports no limit', async () => {
    const r = ok(await importAll(ctx, myEntries(range(0, 10).map((i) => claim(i)))));
    expect(r).toMatchObject({ myEntries: 10, skippedCount: 0, skipped: [] });
    expect(importCaps(r)).toEqual([]);
  });
});

describe('importing lists respects the list limit', () => {
  it('adds lists while there is room, counts the rest and lists their addresses; stored lists are kept', async () => {
    const db = await library.db();
    for (let i = 0; i < MAX_REMOTE_SOURCES - 1; i++)
      await putSource(db, {
        ...newRemoteRecord(`https://fc.example/${i}.json`, `L${i}`, true, 24, NOW),
        nextUpdate: NOW * 2,
      });
    const r = ok(
      await importAll(
        ctx,
        backup({
          sources: [
            { url: 'https://fc.example/3.json', enabled: false, intervalHours: 168 },
            { url: 'https://new.example/a.json' },
            { url: 'https://new.example/b.json' },
            { url: 'https://new.example/c.json' },
          ],
        }),
      ),
    );
    expect(r).toMatchObject({ addedSources: 1, updatedSources: 1, skippedCount: 2 });
    expect(importCaps(r)).toEqual([{ part: 'sources', skipped: 2, max: MAX_REMOTE_SOURCES }]);
    expect(r.skipped).toEqual([
      `https://new.example/b.json: you already have ${MAX_REMOTE_SOURCES} lists`,
      `https://new.example/c.json: you already have ${MAX_REMOTE_SOURCES} lists`,
    ]);
    const remote = (await listSources(db)).filter((s) => s.kind === 'remote');
    expect(remote).toHaveLength(MAX_REMOTE_SOURCES);
    expect(remote.find((s) => s.url === 'https://fc.example/3.json')).toMatchObject({
      enabled: false,
      intervalHours: 168,
    });
  });

  it('a backup listing more lists than are read counts every one left unread', () => {
    const sources = range(0, MAX_BACKUP_SOURCES + 30).map((i) => ({ url: `https://fc.example/${i}.json` }));
    const r = parseBackup(backup({ sources }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.backup.sources).toHaveLength(MAX_BACKUP_SOURCES);
    expect(r.backup.skipped).toEqual([`sources: 30 past the first ${MAX_BACKUP_SOURCES} were not read`]);
    expect(r.backup.skippedCount).toBe(30);
  });
});

describe('importCaps', () => {
  it.each([
    [undefined, []],
    [{ ok: false, error: 'x' }, []],
    [{ ok: true, capped: 'lots' }, []],
    [
      {
        ok: true,
        capped: [
          { part: 'myEntries', skipped: 3, max: 5000 },
          { part: 'settings', skipped: 1, max: 1 },
          { part: 'sources', skipped: 0, max: 200 },
          { part: 'sources', skipped: '2', max: 200 },
          null,
        ],
      },
      [{ part: 'myEntries', skipped: 3, max: 5000 }],
    ],
  ])('reads %j defensively', (report, want) => {
    expect(importCaps(report)).toEqual(want);
  });
});
