/**
 * Backup export and import for the options page: settings, the built-in list's switch, "My
 * entries" with their entries, and the lists added by URL (URLs and choices only; their entries are
 * downloaded again). The file format itself lives in utils/backup.ts; this module reads and writes
 * the stores. Learned claims are not exported.
 */
import { listSources, patchSource, putEntries, putSource, sourceEntries, sourceOrder } from '../db';
import { BUILTIN_SOURCE_ID, LOCAL_SOURCE_ID } from '../db-schema';
import { buildBackup, parseBackup, type BackupFile, type BackupSource } from '../backup';
import { describeStorageError } from '../fetch-classify';
import type { ImportReport } from '../messages';
import { hostLabel } from '../source-url';
import { ensureSource } from './local-entries';
import { MAX_REMOTE_SOURCES, newRemoteRecord, type SourceContext } from './source-context';

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
 * Merges a backup into what is stored: lists already present (same URL) keep their entries and take
 * the backup's choices; new lists are added due at once. The caller starts the due updates when the
 * report says ok.
 */
export async function importAll(ctx: SourceContext, text: string): Promise<ImportReport> {
  const parsed = parseBackup(text);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const b = parsed.backup;
  const now = ctx.now();
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
    const db = await ctx.db();
    if (b.settings) {
      await ctx.deps.setSettings(b.settings);
      report.settings = true;
    }
    if (b.builtinEnabled !== undefined) await patchSource(db, BUILTIN_SOURCE_ID, { enabled: b.builtinEnabled });
    await ensureSource(ctx, LOCAL_SOURCE_ID);
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
