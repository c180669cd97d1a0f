/**
 * The background's view of the cache: loads the bundled list into IndexedDB on install and
 * start-up, and keeps the compiled match index and search index in memory until the cache
 * changes. If IndexedDB fails, the bundled list is served from memory (issue 7: storage faults).
 */
import defaultList from '~/assets/default-list.json';
import { validateOwnFeed } from '../feed/validate';
import type { Entry } from '../feed/types';
import { compileIndexSliced, INDEX_VERSION, type IndexData } from '../match/index-data';
import { DEFAULT_DERIVE } from '../match/derive-rule';
import { Matcher } from '../match/matcher';
import { matchBatchInSteps, type BatchMatches } from '../match/mention-source';
import { SearchIndex } from '../search';
import { parseQualifiedId, uniqueIds } from './entry-ids';
import { restrictionsFor, type WhereIAm } from '../where';
import { BUILTIN_SOURCE_ID, LEARNED_SOURCE_ID, LOCAL_SOURCE_ID, LOCAL_TITLE, type SourceRecord } from '../db-schema';
import {
  enabledEntries,
  findEntry,
  getMeta,
  getSource,
  listSources,
  openDb,
  putMeta,
  putSource,
  replaceSourceEntries,
  sourceOrder,
  type Db,
} from '../db';

export const BUILTIN_TITLE = 'Source Flags default list';

type Item = { entry: Entry; source: string; private?: boolean };

function hashString(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16);
}

/** Where the last compiled match index is kept (in the cache's key-value store). */
const COMPILED_INDEX_KEY = 'compiledIndex';

interface CachedIndex {
  fingerprint: string;
  index: IndexData;
}

/**
 * What a compiled index depends on: the compiler (its index format and rule-derivation settings,
 * and the extension version, which changes when the code does) and, for every enabled source in
 * priority order, its identity, title and content (contentStamp changes with every write of
 * its entries; older records fall back to their count and last update).
 */
export function indexFingerprint(sources: readonly SourceRecord[], compiler: string): string {
  const parts = sources
    .filter((s) => s.enabled)
    .sort(sourceOrder)
    .map((s) => [
      s.id,
      s.kind,
      s.title,
      s.contentStamp ?? `${s.entryCount}:${s.lastSuccess ?? 0}:${s.bundleHash ?? ''}`,
    ]);
  return JSON.stringify([INDEX_VERSION, DEFAULT_DERIVE, compiler, parts]);
}

function isIndexData(x: unknown): x is IndexData {
  const i = x as IndexData | undefined;
  return !!i && i.version === INDEX_VERSION && Array.isArray(i.terms) && Array.isArray(i.entries);
}

export function bundledFeed() {
  return validateOwnFeed(defaultList);
}

export class Library {
  private dbPromise: Promise<Db> | undefined;
  private items: Item[] | undefined;
  private index: IndexData | undefined;
  /** The one Matcher of the extension: every tab's text is matched here (issue 15). */
  private matcherPromise: Promise<Matcher> | undefined;
  /** "Where I am" → app ids it applies to; asked on every page load, so kept until lists change. */
  private applies = new Map<string, string[]>();
  private searchIndex: SearchIndex | undefined;
  revision = 0;
  storageError: string | undefined;
  /** The last write of the compiled index to the cache (tests wait for it). */
  indexSaved: Promise<void> = Promise.resolve();

  /**
   * `compiler` identifies the code that compiles indexes (the background passes the extension's
   * version), so an index cached by an older version is not reused.
   */
  constructor(
    private readonly dbName?: string,
    private readonly compiler = '',
  ) {}

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
    this.matcherPromise = undefined;
    this.searchIndex = undefined;
    this.applies.clear();
    this.revision++;
  }

  private async loadItems(): Promise<Item[]> {
    if (this.items) return this.items;
    try {
      // Rows come in source priority order (My entries first): the first copy of an entry wins,
      // and another entry reusing its id in another list is kept under a qualified id.
      const rows = uniqueIds(await enabledEntries(await this.db()));
      this.items = rows.map(({ entry, source, sourceId }) =>
        sourceId === LOCAL_SOURCE_ID || sourceId === LEARNED_SOURCE_ID
          ? { entry, source, private: true }
          : { entry, source },
      );
    } catch (e) {
      this.storageError = `The local cache is unavailable (${String(e)}); using the bundled list.`;
      this.items = bundledFeed().entries.map((entry) => ({ entry, source: BUILTIN_TITLE }));
    }
    return this.items;
  }

  /**
   * The compiled match index. Compiling a large list takes a while (about 0.2 s for 20,000
   * entries, seconds for 100,000), and the service worker is stopped after ~30 s idle (MV3), so
   * the last compiled index is kept in IndexedDB and reused on the next start while the lists
   * are unchanged.
   */
  async getIndex(): Promise<IndexData> {
    if (this.index) return this.index;
    const revision = this.revision;
    let db: Db | undefined;
    let fingerprint: string | undefined;
    try {
      db = await this.db();
      fingerprint = indexFingerprint(await listSources(db), this.compiler);
      const cached = (await getMeta(db, COMPILED_INDEX_KEY)) as CachedIndex | undefined;
      if (cached?.fingerprint === fingerprint && isIndexData(cached.index)) {
        if (revision === this.revision) this.index = cached.index;
        return cached.index;
      }
    } catch {
      // No usable cache: compile below (loadItems reports a broken database).
    }
    const items = await this.loadItems();
    // In steps: tabs keep getting answers while a large list compiles.
    const index = await compileIndexSliced(items);
    if (revision === this.revision) this.index = index;
    // The fingerprint was read before the entries: if the lists changed in between, the stored
    // fingerprint is already stale and the next start compiles again.
    // Written in the background: the caller does not wait for a large record to be stored.
    if (db && fingerprint && !this.storageError) {
      const record: CachedIndex = { fingerprint, index };
      this.indexSaved = putMeta(db, COMPILED_INDEX_KEY, record).catch(() => undefined);
    }
    return index;
  }

  /**
   * The Matcher over the compiled index, built once per change of the lists in steps of at most
   * about 20 ms that yield to the event loop, so the background keeps answering while a large
   * list is built.
   */
  matcher(): Promise<Matcher> {
    if (!this.matcherPromise) {
      const p = this.getIndex().then((index) => Matcher.create(index));
      this.matcherPromise = p;
      // A failed build is tried again on the next request.
      p.catch(() => {
        if (this.matcherPromise === p) this.matcherPromise = undefined;
      });
    }
    return this.matcherPromise;
  }

  /** A content script's batch of text blocks: their mentions and the entries they name. */
  async match(texts: readonly string[]): Promise<BatchMatches> {
    return matchBatchInSteps(await this.matcher(), texts);
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
      const qualified = parseQualifiedId(id);
      if (!qualified) return await findEntry(await this.db(), id);
      const found = await findEntry(await this.db(), qualified.id, qualified.sourceId);
      return found && { ...found, entry: { ...found.entry, id } };
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
