/**
 * The options page's actions on the source list itself: add a list by URL, remove, enable or
 * disable a source, change a list's update interval. Each checks its input, writes the record, then
 * tells pages and hands the schedule back to the update queue (the only owner of the alarm).
 */
import { deleteSource, getSource, listSources, patchSource, putSource } from '../db';
import { BUILTIN_SOURCE_ID, LOCAL_SOURCE_ID, type SourceRecord } from '../db-schema';
import { describeStorageError } from '../storage-errors';
import type { ActionResult } from '../messages';
import { hostLabel, normalizeSourceUrl } from '../source-url';
import { DEFAULT_INTERVAL_HOURS, isIntervalChoice, updateAfter } from '../updates/schedule';
import { fail, MAX_REMOTE_SOURCES, newRemoteRecord, type SourceContext } from './source-context';
import type { UpdateQueue } from '../updates/queue';
import type { UpdateOutcome } from '../updates/update-source';

/** Adds a list by URL and downloads it right away. */
export async function addRemote(
  ctx: SourceContext,
  updates: UpdateQueue,
  rawUrl: string,
): Promise<ActionResult & { outcome?: UpdateOutcome }> {
  const checked = normalizeSourceUrl(rawUrl);
  if (!checked.ok) return fail(checked.error);
  const now = ctx.now();
  let record: SourceRecord;
  try {
    const db = await ctx.db();
    const all = await listSources(db);
    if (all.some((s) => s.url === checked.url)) return fail('This list is already in your sources.');
    if (all.filter((s) => s.kind === 'remote').length >= MAX_REMOTE_SOURCES)
      return fail(`You already have ${MAX_REMOTE_SOURCES} lists; remove one first.`);
    record = newRemoteRecord(checked.url, hostLabel(checked.url), true, DEFAULT_INTERVAL_HOURS, now);
    await putSource(db, record);
  } catch (e) {
    return fail(describeStorageError(e));
  }
  ctx.deps.notify.sourcesChanged();
  const outcome = await updates.update(record.id, true);
  return { ok: true, source: outcome.source ?? record, outcome };
}

export async function removeSource(ctx: SourceContext, updates: UpdateQueue, id: string): Promise<ActionResult> {
  if (id === BUILTIN_SOURCE_ID) return fail('The built-in list cannot be removed; you can disable it.');
  if (id === LOCAL_SOURCE_ID) return fail('"My entries" cannot be removed; delete its entries or disable it.');
  updates.abort(id);
  try {
    const db = await ctx.db();
    const existing = await getSource(db, id);
    if (!existing) return fail('This source no longer exists.');
    await deleteSource(db, id);
  } catch (e) {
    return fail(describeStorageError(e));
  }
  ctx.entriesChanged();
  void updates.reschedule();
  return { ok: true };
}

export async function setSourceEnabled(
  ctx: SourceContext,
  updates: UpdateQueue,
  id: string,
  enabled: boolean,
): Promise<ActionResult> {
  let source: SourceRecord | undefined;
  try {
    source = await patchSource(await ctx.db(), id, { enabled });
  } catch (e) {
    return fail(describeStorageError(e));
  }
  if (!source) return fail('This source no longer exists.');
  ctx.entriesChanged();
  // A list switched back on may be overdue: update it now rather than at the next alarm.
  if (enabled && source.kind === 'remote') void updates.runDue();
  else void updates.reschedule();
  return { ok: true, source };
}

export async function setSourceInterval(
  ctx: SourceContext,
  updates: UpdateQueue,
  id: string,
  intervalHours: number,
): Promise<ActionResult> {
  if (!isIntervalChoice(intervalHours)) return fail('This update interval is not offered.');
  let source: SourceRecord | undefined;
  try {
    const db = await ctx.db();
    const current = await getSource(db, id);
    if (!current || current.kind !== 'remote') return fail('Only lists added by URL have an update interval.');
    const nextUpdate = updateAfter({ ...current, intervalHours }, ctx.now());
    source = await patchSource(db, id, { intervalHours, nextUpdate });
  } catch (e) {
    return fail(describeStorageError(e));
  }
  if (!source) return fail('This source no longer exists.');
  ctx.deps.notify.sourcesChanged();
  void updates.reschedule();
  return { ok: true, source };
}
