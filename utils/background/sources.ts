/**
 * The source manager behind the options page: add, update, enable, remove sources; "My entries";
 * claims learned from visited pages; export and import. Updates run one at a time; each finished
 * change invalidates the match index and tells open tabs (indexChanged) and pages (sourcesChanged).
 *
 * This class is only the facade the message handlers and the background entry call; the work is
 * split by job so each part stays small:
 *   source-context.ts  shared dependencies, limits, ids and the "entries changed" step
 *   ../updates/        queue.ts (one update at a time, the alarm, start-up recovery),
 *                      update-source.ts (download, parse, store one list), schedule.ts (when),
 *                      alarm.ts (the alarms API)
 *   remote-sources.ts  add / remove / enable / interval
 *   my-entries.ts      "My entries" and claims learned from pages
 *   source-backup.ts   backup export and import
 */
import type { Entry } from '../feed/types';
import type { SourceRecord } from '../db-schema';
import type { BackupFile } from '../backup';
import type { LocalEntryInput } from '../my-entry-input';
import type { ActionResult, ImportReport, LearnResult, StoredEntry } from '../messages';
import * as local from './my-entries';
import * as remote from './remote-sources';
import * as backup from './source-backup';
import { createSourceContext, type SourceContext, type SourceServiceDeps } from './source-context';
import { UpdateQueue } from '../updates/queue';
import type { UpdateOutcome } from '../updates/update-source';

// Kept importable from here so callers and tests need not know about the split.
export {
  MAX_LEARNED,
  MAX_LEARNED_PER_PAGE,
  MAX_LOCAL,
  MAX_REMOTE_SOURCES,
  type Notifier,
  type SourceServiceDeps,
} from './source-context';

export class SourceService {
  private readonly ctx: SourceContext;
  private readonly updates: UpdateQueue;

  constructor(deps: SourceServiceDeps) {
    this.ctx = createSourceContext(deps);
    this.updates = new UpdateQueue(this.ctx);
  }

  async list(): Promise<SourceRecord[]> {
    return this.ctx.deps.library.sources();
  }

  /** At service worker start: reschedule updates a stopped worker cut off, then run what is due. */
  startup(): Promise<void> {
    return this.updates.startup();
  }

  /** Runs every update whose time has come (one at a time), then sets the next alarm. */
  runDue(): Promise<void> {
    return this.updates.runDue();
  }

  reschedule(): Promise<void> {
    return this.updates.reschedule();
  }

  /** Updates one source (joining an update already queued or running for it). */
  update(id: string, manual: boolean): Promise<UpdateOutcome> {
    return this.updates.update(id, manual);
  }

  updateAll(): Promise<UpdateOutcome[]> {
    return this.updates.updateAll();
  }

  /** Adds a list by URL and downloads it right away. */
  add(rawUrl: string): Promise<ActionResult & { outcome?: UpdateOutcome }> {
    return remote.addRemote(this.ctx, this.updates, rawUrl);
  }

  remove(id: string): Promise<ActionResult> {
    return remote.removeSource(this.ctx, this.updates, id);
  }

  setEnabled(id: string, enabled: boolean): Promise<ActionResult> {
    return remote.setSourceEnabled(this.ctx, this.updates, id, enabled);
  }

  setInterval(id: string, intervalHours: number): Promise<ActionResult> {
    return remote.setSourceInterval(this.ctx, this.updates, id, intervalHours);
  }

  /** Entries of "My entries" or the learned source, newest first. */
  entriesOf(id: string): Promise<StoredEntry[]> {
    return local.entriesOf(this.ctx, id);
  }

  addLocal(input: LocalEntryInput): Promise<ActionResult & { entry?: Entry }> {
    return local.addLocal(this.ctx, input);
  }

  deleteEntries(sourceId: string, ids: string[]): Promise<ActionResult> {
    return local.deleteLocalEntries(this.ctx, sourceId, ids);
  }

  /** Keeps the ClaimReview claims of a visited page (opt-in); see my-entries.ts. */
  learn(blocks: readonly string[], pageUrl: string): Promise<LearnResult> {
    return local.learn(this.ctx, blocks, pageUrl);
  }

  exportAll(): Promise<BackupFile> {
    return backup.exportAll(this.ctx);
  }

  async importAll(text: string): Promise<ImportReport> {
    const report = await backup.importAll(this.ctx, text);
    // A completed import may have added lists that are due at once.
    if (report.ok) void this.updates.runDue();
    return report;
  }
}
