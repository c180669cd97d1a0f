/**
 * The source manager behind the options page: add, update, enable, remove sources; "My entries";
 * claims learned from visited pages; export and import. Updates run one at a time; each finished
 * change invalidates the match index and tells open tabs (indexChanged) and pages (sourcesChanged).
 */
import type { Entry } from '../feed/types';
import { parseClaimReview } from '../feed/claimreview';
import { MAX_JSON_DEPTH } from '../feed/html-jsonld';
import { jsonTooDeep } from '../feed/sanitize';
import {
  deleteEntries,
  deleteSource,
  getSource,
  listSources,
  patchSource,
  putEntries,
  putSource,
  sourceEntries,
  sourceOrder,
  type Db,
} from '../db';
import {
  BUILTIN_SOURCE_ID,
  LEARNED_SOURCE_ID,
  LEARNED_TITLE,
  LOCAL_SOURCE_ID,
  LOCAL_TITLE,
  type SourceRecord,
} from '../db-schema';
import { buildBackup, parseBackup, type BackupFile, type BackupSource } from '../backup';
import { describeStorageError } from '../fetch-classify';
import { buildLocalEntry, type LocalEntryInput } from '../local-entry';
import type { ActionResult, ImportReport, LearnResult, StoredEntry } from '../messages';
import type { Settings } from '../settings';
import { hostLabel, normalizeSourceUrl } from '../source-url';
import {
  DEFAULT_INTERVAL_HOURS,
  dueSources,
  isIntervalChoice,
  nextAlarmAt,
  recoverInterrupted,
  updateAfter,
} from '../update-schedule';
import type { Library } from './library';
import { updateSource, type FetchLimits, type UpdateOutcome } from './updater';

export const MAX_REMOTE_SOURCES = 200;
export const MAX_LEARNED = 5000;
export const MAX_LEARNED_PER_PAGE = 50;
export const MAX_LOCAL = 5000;
const MAX_LISTED_ENTRIES = 5000;

export interface Notifier {
  /** The cached entries changed: open tabs should fetch the new index. */
  indexChanged(): void;
  /** Source records changed: extension pages should refresh. */
  sourcesChanged(): void;
}

export interface SourceServiceDeps {
  library: Library;
  notify: Notifier;
  getSettings: () => Promise<Settings>;
  setSettings: (s: Settings) => Promise<void>;
  /** Sets (or clears) the single update alarm. */
  schedule?: (when: number | undefined) => void;
  now?: () => number;
  fetchImpl?: typeof fetch;
  limits?: Partial<FetchLimits>;
  explainNetworkFailure?: (url: string) => Promise<string | undefined>;
}

let counter = 0;
function newId(prefix: string, now: number): string {
  const random = Math.floor(Math.random() * 36 ** 6).toString(36);
  return `${prefix}-${now.toString(36)}${(++counter).toString(36)}${random}`;
}

const fail = (error: string): ActionResult => ({ ok: false, error });

export class SourceService {
  private readonly inflight = new Map<string, { promise: Promise<UpdateOutcome>; controller: AbortController }>();
  private queue: Promise<unknown> = Promise.resolve();
  private runningDue = false;

  constructor(private readonly deps: SourceServiceDeps) {}

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  private db(): Promise<Db> {
    return this.deps.library.db();
  }

  /** The entries changed: rebuild the index lazily and tell tabs and pages. */
  private entriesChanged(): void {
    this.deps.library.invalidate();
    this.deps.notify.indexChanged();
    this.deps.notify.sourcesChanged();
  }

  async list(): Promise<SourceRecord[]> {
    return this.deps.library.sources();
  }

  /** At service worker start: reschedule updates a stopped worker cut off, then run what is due. */
  async startup(): Promise<void> {
    try {
      const db = await this.db();
      const now = this.now();
      for (const s of await listSources(db)) {
        const patch = recoverInterrupted(s, now);
        if (patch) await patchSource(db, s.id, patch);
      }
    } catch {
      // The library reports storage faults; nothing to schedule without a cache.
      return;
    }
    await this.runDue();
  }

  /** Runs every update whose time has come (one at a time), then sets the next alarm. */
  async runDue(): Promise<void> {
    if (this.runningDue) return;
    this.runningDue = true;
    try {
      const due = dueSources(await listSources(await this.db()), this.now());
      for (const s of due) await this.update(s.id, false);
    } catch {
      // Storage faults are shown through the library; the next alarm retries.
    } finally {
      this.runningDue = false;
      await this.reschedule();
    }
  }

  async reschedule(): Promise<void> {
    if (!this.deps.schedule) return;
    try {
      this.deps.schedule(nextAlarmAt(await listSources(await this.db()), this.now()));
    } catch {
      // no cache, nothing scheduled
    }
  }

  /** Updates one source (joining an update already queued or running for it). */
  update(id: string, manual: boolean): Promise<UpdateOutcome> {
    const existing = this.inflight.get(id);
    if (existing) return existing.promise;
    const controller = new AbortController();
    const run = async (): Promise<UpdateOutcome> => {
      if (controller.signal.aborted) return { id, ok: false, changed: false, error: 'The update was cancelled.' };
      const db = await this.db();
      const pending = updateSource(
        {
          db,
          now: this.deps.now,
          fetchImpl: this.deps.fetchImpl,
          limits: this.deps.limits,
          explainNetworkFailure: this.deps.explainNetworkFailure,
        },
        id,
        { manual, signal: controller.signal },
      );
      // The record is marked `updating` within the first moments: let pages show it.
      setTimeout(() => this.deps.notify.sourcesChanged(), 50);
      const outcome = await pending;
      if (outcome.changed) this.entriesChanged();
      else this.deps.notify.sourcesChanged();
      return outcome;
    };
    const promise = this.queue.then(run, run).finally(async () => {
      this.inflight.delete(id);
      if (!this.runningDue) await this.reschedule();
    });
    this.queue = promise.catch(() => undefined);
    this.inflight.set(id, { promise, controller });
    return promise;
  }

  async updateAll(): Promise<UpdateOutcome[]> {
    const sources = (await listSources(await this.db())).filter((s) => s.kind === 'remote' && s.enabled);
    return Promise.all(sources.map((s) => this.update(s.id, true)));
  }

  /** Adds a list by URL and downloads it right away. */
  async add(rawUrl: string): Promise<ActionResult & { outcome?: UpdateOutcome }> {
    const checked = normalizeSourceUrl(rawUrl);
    if (!checked.ok) return fail(checked.error);
    const now = this.now();
    let record: SourceRecord;
    try {
      const db = await this.db();
      const all = await listSources(db);
      if (all.some((s) => s.url === checked.url)) return fail('This list is already in your sources.');
      if (all.filter((s) => s.kind === 'remote').length >= MAX_REMOTE_SOURCES)
        return fail(`You already have ${MAX_REMOTE_SOURCES} lists; remove one first.`);
      record = {
        id: newId('src', now),
        kind: 'remote',
        title: hostLabel(checked.url),
        url: checked.url,
        builtin: false,
        enabled: true,
        format: '',
        entryCount: 0,
        skipped: 0,
        addedAt: now,
        intervalHours: DEFAULT_INTERVAL_HOURS,
        failures: 0,
        nextUpdate: now,
      };
      await putSource(db, record);
    } catch (e) {
      return fail(describeStorageError(e));
    }
    this.deps.notify.sourcesChanged();
    const outcome = await this.update(record.id, true);
    return { ok: true, source: outcome.source ?? record, outcome };
  }

  async remove(id: string): Promise<ActionResult> {
    if (id === BUILTIN_SOURCE_ID) return fail('The built-in list cannot be removed; you can disable it.');
    if (id === LOCAL_SOURCE_ID) return fail('"My entries" cannot be removed; delete its entries or disable it.');
    this.inflight.get(id)?.controller.abort();
    try {
      const db = await this.db();
      const existing = await getSource(db, id);
      if (!existing) return fail('This source no longer exists.');
      await deleteSource(db, id);
    } catch (e) {
      return fail(describeStorageError(e));
    }
    this.entriesChanged();
    void this.reschedule();
    return { ok: true };
  }

  async setEnabled(id: string, enabled: boolean): Promise<ActionResult> {
    let source: SourceRecord | undefined;
    try {
      source = await patchSource(await this.db(), id, { enabled });
    } catch (e) {
      return fail(describeStorageError(e));
    }
    if (!source) return fail('This source no longer exists.');
    this.entriesChanged();
    if (enabled && source.kind === 'remote') void this.runDue();
    else void this.reschedule();
    return { ok: true, source };
  }

  async setInterval(id: string, intervalHours: number): Promise<ActionResult> {
    if (!isIntervalChoice(intervalHours)) return fail('This update interval is not offered.');
    let source: SourceRecord | undefined;
    try {
      const db = await this.db();
      const current = await getSource(db, id);
      if (!current || current.kind !== 'remote') return fail('Only lists added by URL have an update interval.');
      const nextUpdate = updateAfter({ ...current, intervalHours }, this.now());
      source = await patchSource(db, id, { intervalHours, nextUpdate });
    } catch (e) {
      return fail(describeStorageError(e));
    }
    if (!source) return fail('This source no longer exists.');
    this.deps.notify.sourcesChanged();
    void this.reschedule();
    return { ok: true, source };
  }

  /** Entries of "My entries" or the learned source, newest first. */
  async entriesOf(id: string): Promise<StoredEntry[]> {
    if (id !== LOCAL_SOURCE_ID && id !== LEARNED_SOURCE_ID) return [];
    const records = await sourceEntries(await this.db(), id);
    records.sort((a, b) => (b.addedAt ?? 0) - (a.addedAt ?? 0));
    return records.slice(0, MAX_LISTED_ENTRIES).map((r) => ({ entry: r.entry, addedAt: r.addedAt }));
  }

  private async ensureSource(id: typeof LOCAL_SOURCE_ID | typeof LEARNED_SOURCE_ID): Promise<void> {
    const db = await this.db();
    if (await getSource(db, id)) return;
    const local = id === LOCAL_SOURCE_ID;
    await putSource(db, {
      id,
      kind: local ? 'local' : 'learned',
      title: local ? LOCAL_TITLE : LEARNED_TITLE,
      builtin: false,
      enabled: true,
      format: local ? 'local' : 'learned',
      entryCount: 0,
      skipped: 0,
      addedAt: this.now(),
      intervalHours: DEFAULT_INTERVAL_HOURS,
    });
  }

  async addLocal(input: LocalEntryInput): Promise<ActionResult & { entry?: Entry }> {
    const now = this.now();
    const built = buildLocalEntry(input, newId('my', now));
    if (!built.ok) return fail(built.error);
    try {
      await this.ensureSource(LOCAL_SOURCE_ID);
      const source = await putEntries(await this.db(), LOCAL_SOURCE_ID, [built.entry], now, MAX_LOCAL + 1);
      if (source && source.entryCount > MAX_LOCAL) {
        await deleteEntries(await this.db(), LOCAL_SOURCE_ID, [built.entry.id]);
        return fail(`"My entries" is full (${MAX_LOCAL} entries); delete some first.`);
      }
    } catch (e) {
      return fail(describeStorageError(e));
    }
    this.entriesChanged();
    return { ok: true, entry: built.entry };
  }

  async deleteEntries(sourceId: string, ids: string[]): Promise<ActionResult> {
    if (sourceId !== LOCAL_SOURCE_ID && sourceId !== LEARNED_SOURCE_ID)
      return fail('Only entries of "My entries" and learned claims can be deleted one by one.');
    try {
      const source = await deleteEntries(await this.db(), sourceId, ids);
      if (!source) return fail('This source no longer exists.');
    } catch (e) {
      return fail(describeStorageError(e));
    }
    this.entriesChanged();
    return { ok: true };
  }

  /**
   * Keeps the ClaimReview claims of a visited page (opt-in). `blocks` are the page's JSON-LD script
   * texts; `pageUrl` is the tab's URL as the browser reports it (never taken from the message).
   */
  async learn(blocks: readonly string[], pageUrl: string): Promise<LearnResult> {
    if (!(await this.deps.getSettings()).learnFromPages) return { added: 0 };
    if (!/^https?:\/\//.test(pageUrl)) return { added: 0 };
    const values: unknown[] = [];
    for (const b of blocks) {
      if (jsonTooDeep(b, MAX_JSON_DEPTH)) continue;
      try {
        values.push(JSON.parse(b));
      } catch {
        // a broken block on someone's page: ignore it
      }
    }
    if (!values.length) return { added: 0 };
    const parsed = parseClaimReview(values, pageUrl, { format: 'html-claimreview', pageIsReview: true });
    const found = parsed.entries.slice(0, MAX_LEARNED_PER_PAGE);
    if (!found.length) return { added: 0 };
    try {
      await this.ensureSource(LEARNED_SOURCE_ID);
      const db = await this.db();
      const known = new Map((await sourceEntries(db, LEARNED_SOURCE_ID)).map((r) => [r.entry.id, r.entry]));
      const fresh = found.filter((e) => JSON.stringify(known.get(e.id)) !== JSON.stringify(e));
      if (!fresh.length) return { added: 0 };
      await putEntries(db, LEARNED_SOURCE_ID, fresh, this.now(), MAX_LEARNED);
      this.entriesChanged();
      return { added: fresh.length };
    } catch (e) {
      return { added: 0, error: describeStorageError(e) };
    }
  }

  async exportAll(): Promise<BackupFile> {
    const db = await this.db();
    const sources = (await listSources(db)).sort(sourceOrder);
    const remote: BackupSource[] = sources
      .filter((s) => s.kind === 'remote' && s.url)
      .map((s) => ({ url: s.url!, title: s.title, enabled: s.enabled, intervalHours: s.intervalHours }));
    const local = sources.find((s) => s.id === LOCAL_SOURCE_ID);
    const builtin = sources.find((s) => s.id === BUILTIN_SOURCE_ID);
    const mine = (await sourceEntries(db, LOCAL_SOURCE_ID)).sort((a, b) => (a.addedAt ?? 0) - (b.addedAt ?? 0));
    return buildBackup(
      {
        settings: await this.deps.getSettings(),
        builtin: { enabled: builtin?.enabled ?? true },
        myEntries: { enabled: local?.enabled ?? true, entries: mine.map((r) => r.entry) },
        sources: remote,
      },
      this.now(),
    );
  }

  async importAll(text: string): Promise<ImportReport> {
    const parsed = parseBackup(text);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    const b = parsed.backup;
    const now = this.now();
    const report: ImportReport = {
      ok: true,
      addedSources: 0,
      updatedSources: 0,
      myEntries: 0,
      settings: false,
      skipped: [...b.skipped],
      skippedCount: b.skippedCount,
    };
    try {
      const db = await this.db();
      if (b.settings) {
        await this.deps.setSettings(b.settings);
        report.settings = true;
      }
      if (b.builtinEnabled !== undefined) await patchSource(db, BUILTIN_SOURCE_ID, { enabled: b.builtinEnabled });
      await this.ensureSource(LOCAL_SOURCE_ID);
      if (b.myEntriesEnabled !== undefined) await patchSource(db, LOCAL_SOURCE_ID, { enabled: b.myEntriesEnabled });
      if (b.myEntries.length) {
        await putEntries(db, LOCAL_SOURCE_ID, b.myEntries, now);
        report.myEntries = b.myEntries.length;
      }
      const existing = await listSources(db);
      let remoteCount = existing.filter((s) => s.kind === 'remote').length;
      for (const s of b.sources) {
        const same = existing.find((x) => x.url === s.url);
        if (same) {
          await patchSource(db, same.id, { enabled: s.enabled, intervalHours: s.intervalHours });
          report.updatedSources++;
          continue;
        }
        if (remoteCount >= MAX_REMOTE_SOURCES) {
          report.skipped.push(`${s.url}: you already have ${MAX_REMOTE_SOURCES} lists`);
          report.skippedCount++;
          continue;
        }
        await putSource(db, {
          id: newId('src', now),
          kind: 'remote',
          title: s.title ?? hostLabel(s.url),
          url: s.url,
          builtin: false,
          enabled: s.enabled,
          format: '',
          entryCount: 0,
          skipped: 0,
          addedAt: now,
          intervalHours: s.intervalHours,
          failures: 0,
          nextUpdate: now,
        });
        remoteCount++;
        report.addedSources++;
      }
    } catch (e) {
      this.entriesChanged();
      return { ok: false, error: `The import stopped part-way: ${describeStorageError(e)}` };
    }
    this.entriesChanged();
    void this.runDue();
    return report;
  }
}
