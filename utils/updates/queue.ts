/**
 * Running source updates: one at a time through a single queue, joined when the same source is
 * asked for twice, cancellable when a source is removed; and the single alarm that wakes the
 * worker for the next due update, including the start-up pass that repairs updates a stopped
 * service worker cut off. Kept apart from the options-page actions because this is the only part
 * with long-lived state (the queue, the in-flight map, the "running due" flag).
 */
import { listSources, patchSource } from '../db';
import { dueSources, nextAlarmAt, recoverInterrupted } from './schedule';
import type { SourceContext } from '../background/source-context';
import { updateSource, type UpdateOutcome } from './update-source';

export class UpdateQueue {
  private readonly inflight = new Map<string, { promise: Promise<UpdateOutcome>; controller: AbortController }>();
  private queue: Promise<unknown> = Promise.resolve();
  private runningDue = false;

  constructor(private readonly ctx: SourceContext) {}

  /** At service worker start: reschedule updates a stopped worker cut off, then run what is due. */
  async startup(): Promise<void> {
    try {
      const db = await this.ctx.db();
      const now = this.ctx.now();
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
      const due = dueSources(await listSources(await this.ctx.db()), this.ctx.now());
      for (const s of due) await this.update(s.id, false);
    } catch {
      // Storage faults are shown through the library; the next alarm retries.
    } finally {
      this.runningDue = false;
      await this.reschedule();
    }
  }

  async reschedule(): Promise<void> {
    const { schedule } = this.ctx.deps;
    if (!schedule) return;
    try {
      schedule(nextAlarmAt(await listSources(await this.ctx.db()), this.ctx.now()));
    } catch {
      // no cache, nothing scheduled
    }
  }

  /** Cancels a queued or running update (the source is being removed). */
  abort(id: string): void {
    this.inflight.get(id)?.controller.abort();
  }

  /** Updates one source (joining an update already queued or running for it). */
  update(id: string, manual: boolean): Promise<UpdateOutcome> {
    const existing = this.inflight.get(id);
    if (existing) return existing.promise;
    const { deps } = this.ctx;
    const controller = new AbortController();
    const run = async (): Promise<UpdateOutcome> => {
      if (controller.signal.aborted) return { id, ok: false, changed: false, error: 'The update was cancelled.' };
      const db = await this.ctx.db();
      const pending = updateSource(
        {
          db,
          now: deps.now,
          fetchImpl: deps.fetchImpl,
          limits: deps.limits,
          explainNetworkFailure: deps.explainNetworkFailure,
          beforeStore: (list) => deps.library.prepare(list, db),
        },
        id,
        { manual, signal: controller.signal },
      );
      // The record is marked `updating` within the first moments: let pages show it.
      setTimeout(() => deps.notify.sourcesChanged(), 50);
      let outcome: UpdateOutcome | undefined;
      try {
        outcome = await pending;
      } finally {
        // A list read but not stored: the index prepared with it is dropped.
        if (!outcome?.changed) deps.library.dropPrepared(id);
      }
      if (outcome.changed) this.ctx.entriesChanged(id);
      else deps.notify.sourcesChanged();
      return outcome;
    };
    // Chained on both fulfilment and rejection so one failed update never stalls the rest.
    const promise = this.queue.then(run, run).finally(async () => {
      this.inflight.delete(id);
      if (!this.runningDue) await this.reschedule();
    });
    this.queue = promise.catch(() => undefined);
    this.inflight.set(id, { promise, controller });
    return promise;
  }

  async updateAll(): Promise<UpdateOutcome[]> {
    const sources = (await listSources(await this.ctx.db())).filter((s) => s.kind === 'remote' && s.enabled);
    return Promise.all(sources.map((s) => this.update(s.id, true)));
  }
}
