/**
 * The background's view of the cache: loads the bundled list into IndexedDB on install and
 * start-up, and keeps the compiled match index and search index in memory until the cache
 * changes. If IndexedDB fails, the bundled list is served from memory (issue 7: storage faults).
 */
import defaultList from '~/assets/default-list.json';
import { validateOwnFeed } from '../feed/validate';
import { compileIndexSliced, type IndexData, type SourcedEntry } from '../match/index-data';
import { Matcher } from '../match/matcher';
import {
  CACHED_MATCHER_KEY,
  indexFingerprint,
  joinFromStorage,
  markMatcherReady,
  MATCHER_SAVED,
  OLD_INDEX_KEY,
  PART_BYTES,
  partKey,
  partsFrom,
  splitForStorage,
  type CachedMatcher,
  type StoredPart,
} from './matcher-cache';
import { matchBatchInSteps, type BatchMatches } from '../match/mention-source';
import { SearchIndex } from '../search';
import { parseQualifiedId } from './entry-ids';
import { Kept } from './kept';
import { prepareMatcher, readSourcedEntries, type PreparedMatcher } from './prepared-matcher';
import { laterTask, runInSteps } from '../steps';
import { restrictionsFor, type WhereIAm } from '../where';
import { BUILTIN_SOURCE_ID, LOCAL_SOURCE_ID, LOCAL_TITLE, type SourceRecord } from '../db-schema';
import {
  findEntry,
  deleteMeta,
  getMeta,
  getMetas,
  getSource,
  listSources,
  openDb,
  putMeta,
  putSource,
  replaceSourceEntries,
  sourceOrder,
  type Db,
  type UpcomingList,
} from '../db';

export const BUILTIN_TITLE = 'Source Flags default list';

type Item = SourcedEntry;

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
  private items: Promise<Item[]> | undefined;
  private prepared: PreparedMatcher | undefined;
  private index: IndexData | undefined;
  /** The one Matcher of the extension: every tab's text is matched here (issue 15). */
  private readonly kept = new Kept<Matcher>();
  /** "Where I am" → app ids it applies to; asked on every page load, so kept until lists change. */
  private applies = new Map<string, string[]>();
  private readonly searchIndex = new Kept<SearchIndex>();
  revision = 0;
  storageError: string | undefined;
  /** The last write of the built Matcher to the cache (tests wait for it). */
  indexSaved: Promise<void> = Promise.resolve();

  /**
   * `compiler` identifies the code that compiles indexes (the background passes the extension's
   * version), so an index cached by an older version is not reused.
   */
  constructor(
    private readonly dbName?: string,
    private readonly compiler = '',
    /** Larger arrays and strings of the cached Matcher are stored as records of their own. */
    private readonly partBytes = PART_BYTES,
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
    try {
      const db = await this.db();
      // Hashed once the database is open, not while the worker's script runs: a restarted worker
      // reads its Matcher meanwhile, and the hash was 3 ms of its start.
      const hash = hashString(JSON.stringify(defaultList));
      const existing = await getSource(db, BUILTIN_SOURCE_ID);
      if (existing?.bundleHash === hash) return;
      // Validated only when it is stored: every start of the worker would pay for it otherwise.
      const feed = bundledFeed();
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

  /**
   * The lists changed. `stored`: the source whose new list prepare() was given has just been
   * stored, so the Matcher already being built for it is adopted instead of starting over.
   */
  invalidate(stored?: string): void {
    const prepared = this.prepared;
    this.prepared = undefined;
    this.items = undefined;
    this.index = undefined;
    this.kept.clear();
    this.searchIndex.clear();
    this.applies.clear();
    this.revision++;
    // Any other change of the lists meanwhile came through here too, and dropped it.
    if (prepared && prepared.sourceId === stored) this.adopt(prepared);
    else prepared?.cancel();
  }

  /**
   * A source's new list has been read and is about to be stored (issue 15: a 100,000-entry list is
   * stored in about a second): the Matcher with it is built meanwhile, from the entries in memory
   * and the other enabled lists, and adopted by invalidate(sourceId) once the list is stored.
   * Tabs keep being answered with the lists as stored until then. Called just before the write
   * begins, with the database the update writes to: the other lists are read first (a read begun
   * after the write would wait for it).
   */
  prepare(list: UpcomingList, db: Db): void {
    this.prepared?.cancel();
    this.prepared = prepareMatcher(db, list);
  }

  /** The update stored no new list for `sourceId`: the Matcher prepared for it is dropped. */
  dropPrepared(sourceId: string): void {
    if (this.prepared?.sourceId !== sourceId) return;
    this.prepared.cancel();
    this.prepared = undefined;
  }

  private adopt(prepared: PreparedMatcher): void {
    const revision = this.revision;
    // Read again, the usual way, if reading the other lists for the build failed.
    this.items = prepared.items.catch(() => this.readItems());
    this.kept.keep(
      prepared.matcher.then(
        async (matcher) => {
          markMatcherReady('built', prepared.started);
          const db = await this.db();
          this.saveBuilt(matcher, revision, db, indexFingerprint(await listSources(db), this.compiler));
          return matcher;
        },
        // The build failed (a storage fault while it read the other lists): built the usual way.
        () => this.loadMatcher(),
      ),
    );
  }

  private loadItems(): Promise<Item[]> {
    this.items ??= this.readItems();
    return this.items;
  }

  private async readItems(): Promise<Item[]> {
    try {
      return await readSourcedEntries(await this.db());
    } catch (e) {
      this.storageError = `The local cache is unavailable (${String(e)}); using the bundled list.`;
      return bundledFeed().entries.map((entry) => ({ entry, source: BUILTIN_TITLE }));
    }
  }

  /** The compiled match index (in steps: tabs keep getting answers while a large list compiles). */
  async getIndex(): Promise<IndexData> {
    if (this.index) return this.index;
    const revision = this.revision;
    const index = await compileIndexSliced(await this.loadItems());
    if (revision === this.revision) this.index = index;
    return index;
  }

  /**
   * The one Matcher, for the lists as they are. The service worker is stopped after ~30 s idle
   * (MV3), so the last one built is kept in IndexedDB and restored on the next start while the
   * lists are unchanged; otherwise it is compiled and built in steps of about 20 ms that yield to
   * the event loop, so the background keeps answering while a large list is built.
   */
  matcher(): Promise<Matcher> {
    return this.kept.get(() => this.loadMatcher());
  }

  /**
   * Stores a Matcher just built for the next start of the worker, unless the lists changed since
   * `revision` or the cache is unusable. Written in the background: the caller does not wait for
   * a large record to be stored.
   */
  private saveBuilt(matcher: Matcher, revision: number, db: Db | undefined, fingerprint: string | undefined): void {
    if (db && fingerprint && !this.storageError && revision === this.revision) {
      this.indexSaved = this.saveMatcher(db, fingerprint, matcher).catch(() => undefined);
    }
  }

  private async loadMatcher(): Promise<Matcher> {
    const started = performance.now();
    const revision = this.revision;
    let db: Db | undefined;
    let fingerprint: string | undefined;
    try {
      db = await this.db();
      const [sources, cached] = (await Promise.all([listSources(db), getMeta(db, CACHED_MATCHER_KEY)])) as [
        SourceRecord[],
        CachedMatcher | undefined,
      ];
      fingerprint = indexFingerprint(sources, this.compiler);
      if (cached?.fingerprint === fingerprint) {
        const restored = Matcher.restore(await this.readParts(db, cached));
        markMatcherReady('restored', started);
        return restored;
      }
    } catch {
      // No usable cache (a SnapshotError, or a broken database that loadItems reports): build below.
    }
    const matcher = await Matcher.create(await this.getIndex());
    markMatcherReady('built', started);
    // The fingerprint was read before the entries: if the lists changed in between, the stored
    // fingerprint is already stale and the next start builds again.
    this.saveBuilt(matcher, revision, db, fingerprint);
    return matcher;
  }

  /**
   * Stores the Matcher for the next start of the worker, each part in its own task after the
   * first answers: taking the snapshot and storing it copy a few megabytes each.
   */
  private async saveMatcher(db: Db, fingerprint: string, matcher: Matcher): Promise<void> {
    await laterTask();
    const snapshot = await runInSteps(matcher.snapshotSteps(), laterTask);
    const { skeleton, parts } = splitForStorage(snapshot, this.partBytes);
    const save = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    for (let i = 0; i < parts.length; i++) {
      await laterTask();
      await putMeta(db, partKey(i), { save, values: parts[i]! } satisfies StoredPart);
    }
    // The record that names the parts comes last: a save cut short leaves the last complete one.
    const record = { fingerprint, matcher: skeleton, parts: parts.length, save } as CachedMatcher;
    await putMeta(db, CACHED_MATCHER_KEY, record);
    await deleteMeta(db, partsFrom(parts.length));
    await deleteMeta(db, OLD_INDEX_KEY);
    performance.mark(MATCHER_SAVED);
  }

  /** The cached snapshot with its parts put back (an Error when one is missing or of another save). */
  private async readParts(db: Db, cached: CachedMatcher): Promise<unknown> {
    const count = Number.isInteger(cached.parts) ? cached.parts : 0;
    const got = (await getMetas(
      db,
      Array.from({ length: count }, (_, i) => partKey(i)),
    )) as (StoredPart | undefined)[];
    const parts = got.map((part, i) => {
      if (part?.save !== cached.save || !Array.isArray(part.values))
        throw new Error(`part ${i} of the cached matcher is missing`);
      return part.values;
    });
    return joinFromStorage(cached.matcher, parts);
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
    const index = await this.searchIndex.get(async () => SearchIndex.create(await this.loadItems()));
    return index.search(query, opts);
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
