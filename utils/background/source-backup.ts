/**
 * Backup export and import for the options page: settings, the built-in list's switch, "My
 * entries" with their entries, and the lists added by URL (URLs and choices only; their entries are
 * downloaded again). The file format itself lives in utils/backup.ts; this module reads and writes
 * the stores. Learned claims are not exported.
 */
import {
  deleteEntries,
  listSources,
  patchSource,
  putEntries,
  putSource,
  sourceEntries,
  sourceOrder,
  type Db,
} from '../db';
import { BUILTIN_SOURCE_ID, LOCAL_SOURCE_ID } from '../db-schema';
import { buildBackup, MAX_REPORTED, parseBackup, type BackupFile, type BackupSource, type ImportCap } from '../backup';
import type { Entry } from '../feed/types';
import { describeStorageError } from '../storage-errors';
import type { ImportReport } from '../messages';
import { hostLabel } from '../source-url';
import { ensureSource } from './my-entries';
import { MAX_LOCAL, MAX_REMOTE_SOURCES, newRemoteRecord, type SourceContext } from './source-context';

/** A completed import's report, with the limits it ran into (read by importCaps in utils/backup.ts). */
export type ImportDone = Extract<ImportReport, { ok: true }> & { capped: ImportCap[] };

export async function exportAll(ctx: SourceContext): Promise<BackupFile> {
  const db = await ctx.db();
  const sources = (await listSources(db)).sort(sourceOrder);
  const remote: BackupSource[] = sources
    .filter((s) => s.kind === 'remote' && s.url)
    .map((s) => ({ url: s.url!, title: s.title, enabled: s.enabled, intervalHours: s.intervalHours }));
  const local = sources.find((s) => s.id === LOCAL_SOURCE_ID);
  const builtin = sources.find((s) => s.id === BUILTIN_SOURCE_ID);
  const mine = (await sourceEntries(db, LOCAL_SOURCE_ID)).sort((a, b) => (a.addedAt ?? 0) - (b.addedAt ?? 0));
  return buildBackup(
    {
      settings: await ctx.deps.getSettings(),
      builtin: { enabled: builtin?.enabled ?? true },
      myEntries: { enabled: local?.enabled ?? true, entries: mine.map((r) => r.entry) },
      sources: remote,
    },
    ctx.now(),
  );
}

/**
 * Adds a backup's "My entries" within MAX_LOCAL, the limit adding one by hand enforces (the options
 * page lists that many, and a fuller list refuses new entries, so anything past it could be neither
 * seen nor reached). Entries already stored (same id) are updated, which takes no room; new ones are
 * added in the backup's order while there is room, and the rest are left out and counted. Nothing
 * stored is ever dropped to make room, even when an older version already stored more than the limit.
 */
async function importMyEntries(db: Db, entries: readonly Entry[], now: number) {
  const stored = new Set((await sourceEntries(db, LOCAL_SOURCE_ID)).map((r) => r.entry.id));
  const room = Math.max(0, MAX_LOCAL - stored.size);
  const added: string[] = [];
  const put = entries.filter((e) => {
    if (stored.has(e.id)) return true;
    if (added.length >= room) return false;
    added.push(e.id);
    return true;
  });
  let left = entries.length - put.length;
  if (!put.length) return { stored: 0, left };
  // No `keep`: it would make room by dropping the oldest stored entries.
  const source = await putEntries(db, LOCAL_SOURCE_ID, put, now);
  // An entry added by hand while the stored ones were being counted can push the total past the
  // limit: take back the newest of ours, never anything that was there before.
  const over = (source?.entryCount ?? 0) - Math.max(MAX_LOCAL, stored.size);
  if (over > 0) {
    const back = added.slice(-over);
    await deleteEntries(db, LOCAL_SOURCE_ID, back);
    left += back.length;
    return { stored: put.length - back.length, left };
  }
  return { stored: put.length, left };
}

/**
 * Merges a backup into what is stored: lists already present (same URL) keep their entries and take
 * the backup's choices; new lists are added due at once. The caller starts the due updates when the
 * report says ok.
 */
export async function importAll(ctx: SourceContext, text: string): Promise<ImportReport> {
  const parsed = parseBackup(text);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const b = parsed.backup;
  const now = ctx.now();
  const report: ImportDone = {
    ok: true,
    addedSources: 0,
    updatedSources: 0,
    myEntries: 0,
    settings: false,
    skipped: [...b.skipped],
    skippedCount: b.skippedCount,
    capped: [],
  };
  try {
    const db = await ctx.db();
    if (b.settings) {
      await ctx.deps.setSettings(b.settings);
      report.settings = true;
    }
    if (b.builtinEnabled !== undefined) await patchSource(db, BUILTIN_SOURCE_ID, { enabled: b.builtinEnabled });
    await ensureSource(ctx, LOCAL_SOURCE_ID);
    if (b.myEntriesEnabled !== undefined) await patchSource(db, LOCAL_SOURCE_ID, { enabled: b.myEntriesEnabled });
    if (b.myEntries.length) {
      const mine = await importMyEntries(db, b.myEntries, now);
      report.myEntries = mine.stored;
      if (mine.left) {
        report.capped.push({ part: 'myEntries', skipped: mine.left, max: MAX_LOCAL });
        report.skippedCount += mine.left;
      }
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
        // Counted in `capped` (the options page gives the count and the reason); the addresses
        // are listed too, while the report has room, so the reader knows which lists are missing.
        const cap = report.capped.find((c) => c.part === 'sources');
        if (cap) cap.skipped++;
        else report.capped.push({ part: 'sources', skipped: 1, max: MAX_REMOTE_SOURCES });
        if (report.skipped.length < MAX_REPORTED)
          report.skipped.push(`${s.url}: you already have ${MAX_REMOTE_SOURCES} lists`);
        report.skippedCount++;
        continue;
      }
      await putSource(db, newRemoteRecord(s.url, s.title ?? hostLabel(s.url), s.enabled, s.intervalHours, now));
      remoteCount++;
      report.addedSources++;
    }
  } catch (e) {
    // Whatever was written before the fault stays: tell tabs and pages about it.
    ctx.entriesChanged();
    return { ok: false, error: `The import stopped part-way: ${describeStorageError(e)}` };
  }
  ctx.entriesChanged();
  return report;
}
