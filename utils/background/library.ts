/**
 * The background's view of the cache: loads the bundled list into IndexedDB on install and
 * start-up, and keeps the compiled match index and search index in memory until the cache
 * changes. If IndexedDB fails, the bundled list is served from memory (issue 7: storage faults).
 */
import defaultList from '~/assets/default-list.json';
import { validateOwnFeed } from '../feed/validate';
import type { Entry } from '../feed/types';
import { compileIndex, type IndexData } from '../match/index-data';
import { SearchIndex } from '../search';
import { restrictionsFor, type WhereIAm } from '../where';
import { BUILTIN_SOURCE_ID, LOCAL_SOURCE_ID, LOCAL_TITLE, type SourceRecord } from '../db-schema';
import {
  enabledEntries,
  findEntry,
  getSource,
  listSources,
  openDb,
  putSource,
  replaceSourceEntries,
  sourceOrder,
  type Db,
} from '../db';

export const BUILTIN_TITLE = 'Source Flags default list';

type Item = { entry: Entry; source: string };

function hashString(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16);
}

export function bundledFeed() {
  return validateOwnFeed(defaultList);
}

export class Library {
  private dbPromise: Promise<Db> | undefined;
  private items: Item[] | undefined;
  private index: IndexData | undefined;
  /** "Where I am" → app ids it applies to; asked on every page load, so kept until lists change. */
  private applies = new Map<string, string[]>();
  private searchIndex: SearchIndex | undefined;
  revision = 0;
  storageError: string | undefined;

  constructor(private readonly dbName?: string) {}

  db(): Promise<Db> {
    this.dbPromise ??= openDb(this.dbName);
    return this.dbPromise;
  }

  /** The bundled list and the (initially empty) "My entries" source. */
  async ensureDefaults(now = Date.now()): Promise<void> {
    await this.ensureBuiltin(now);
    try {
      const db = await this.db();
      if (await getSource(db, LOCAL_SOURCE_ID)) return;
      await putSource(db, {
        id: LOCAL_SOURCE_ID,
        kind: 'local',
        title: LOCAL_TITLE,
        builtin: false,
        enabled: true,
        format: 'local',
        entryCount: 0,
        skipped: 0,
        addedAt: now,
        intervalHours: 24,
      });
    } catch (e) {
      this.storageError = `The local cache is unavailable (${String(e)}); using the bundled list.`;
    }
  }

  /** Loads (or reloads, when the extension ships a new one) the bundled list into the cache. */
  async ensureBuiltin(now = Date.now()): Promise<void> {
    const feed = bundledFeed();
    const hash = hashString(JSON.stringify(defaultList));
    try {
      const db = await this.db();
      const existing = await getSource(db, BUILTIN_SOURCE_ID);
      if (existing?.bundleHash === hash) return;
      const record: SourceRecord = {
        id: BUILTIN_SOURCE_ID,
        kind: 'builtin',
        title: BUILTIN_TITLE,
        builtin: true,
        enabled: existing?.enabled ?? true,
        format: 'source-flags',
        entryCount: feed.entries.length,
        skipped: feed.skipped,
        lastSuccess: now,
        lastAttempt: now,
        intervalHours: 24,
        bundleHash: hash,
      };
      await replaceSourceEntries(db, record, feed.entries);
      this.invalidate();
    } catch (e) {
      this.storageError = `The local cache is unavailable (${String(e)}); using the bundled list.`;
    }
  }

  invalidate(): void {
    this.items = undefined;
    this.index = undefined;
    this.searchIndex = undefined;
    this.applies.clear();
    this.revision++;
  }

  private async loadItems(): Promise<Item[]> {
    if (this.items) return this.items;
    try {
      const rows = await enabledEntries(await this.db());
      // Rows come in source priority order (My entries first); the first copy of an id wins.
      const seen = new Set<string>();
      this.items = [];
      for (const { entry, source } of rows) {
        if (seen.has(entry.id)) continue;
        seen.add(entry.id);
        this.items.push({ entry, source });
      }
    } catch (e) {
      this.storageError = `The local cache is unavailable (${String(e)}); using the bundled list.`;
      this.items = bundledFeed().entries.map((entry) => ({ entry, source: BUILTIN_TITLE }));
    }
    return this.items;
  }

  async getIndex(): Promise<IndexData> {
    if (!this.index) {
      const items = await this.loadItems();
      this.index = compileIndex(items);
    }
    return this.index;
  }

  /** Ids of apps with a restriction in force that applies to the user ("Where I am"). */
  async appliesTo(me: WhereIAm): Promise<string[]> {
    if (!me.places.length) return [];
    const key = JSON.stringify(me);
    const cached = this.applies.get(key);
    if (cached) return cached;
    const ids = new Set<string>();
    for (const { entry } of await this.loadItems()) {
      if (entry.kind === 'app' && restrictionsFor(entry, me).length) ids.add(entry.id);
    }
    const list = [...ids];
    if (this.applies.size > 20) this.applies.clear();
    this.applies.set(key, list);
    return list;
  }

  async search(query: string, opts: { kind?: 'claim' | 'app'; limit?: number }) {
    this.searchIndex ??= new SearchIndex(await this.loadItems());
    return this.searchIndex.search(query, opts);
  }

  async getEntry(id: string): Promise<Item | null> {
    try {
      return await findEntry(await this.db(), id);
    } catch {
      const item = (await this.loadItems()).find((i) => i.entry.id === id);
      return item ?? null;
    }
  }

  async sources(): Promise<SourceRecord[]> {
    try {
      return (await listSources(await this.db())).sort(sourceOrder);
    } catch {
      const feed = bundledFeed();
      return [
        {
          id: BUILTIN_SOURCE_ID,
          kind: 'builtin',
          title: BUILTIN_TITLE,
          builtin: true,
          enabled: true,
          format: 'source-flags',
          entryCount: feed.entries.length,
          skipped: feed.skipped,
          intervalHours: 24,
          lastError: this.storageError,
        },
      ];
    }
  }
}
