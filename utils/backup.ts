/**
 * Export and import of everything the user set up: remote sources, the built-in list's switch,
 * settings and "My entries", as one JSON file. Import checks every part and reports what it
 * skipped, in plain words. Learned claims are not exported (they would reveal browsing).
 * Pure: no wxt, browser or DOM imports.
 */
import { FEED_FORMAT, FEED_VERSION, type Entry } from './feed/types';
import { validateOwnFeed } from './feed/validate';
import { isRecord, jsonTooDeep, own, quote } from './feed/sanitize';
import { parseSettings, type Settings } from './settings';
import { normalizeSourceUrl } from './source-url';
import { DEFAULT_INTERVAL_HOURS, isIntervalChoice } from './updates/schedule';

export const BACKUP_FORMAT = 'source-flags-backup';
export const BACKUP_VERSION = 1;
export const MAX_BACKUP_CHARS = 20 * 1024 * 1024;
export const MAX_BACKUP_SOURCES = 500;
/** At most this many skip reasons are listed; the count covers them all. */
export const MAX_REPORTED = 100;

/**
 * A limit an import ran into: how many items of one part were left out, and the limit. The lines
 * of `skipped` are plain English from the background; these come as numbers so the options page
 * can say them in the reader's language, above the other reasons.
 * 'myEntries': "My entries" holds at most `max` entries; 'sources': at most `max` lists by URL.
 */
export interface ImportCap {
  part: 'myEntries' | 'sources';
  skipped: number;
  max: number;
}

/**
 * The limits an import report says it ran into (its `capped` field, which the background adds to
 * the ImportReport of utils/messages.ts). Read defensively: anything malformed is left out.
 */
export function importCaps(report: unknown): ImportCap[] {
  const list = isRecord(report) ? own(report, 'capped') : undefined;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (c): c is ImportCap =>
      (own(c, 'part') === 'myEntries' || own(c, 'part') === 'sources') &&
      Number.isInteger(own(c, 'skipped')) &&
      (own(c, 'skipped') as number) > 0 &&
      Number.isInteger(own(c, 'max')),
  );
}

export interface BackupSource {
  url: string;
  title?: string;
  enabled: boolean;
  intervalHours: number;
}

export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  exportedAt: string;
  settings: Settings;
  builtin: { enabled: boolean };
  myEntries: { enabled: boolean; entries: Entry[] };
  sources: BackupSource[];
}

export interface ParsedBackup {
  settings?: Settings;
  builtinEnabled?: boolean;
  myEntriesEnabled?: boolean;
  sources: BackupSource[];
  myEntries: Entry[];
  /** What was left out or changed, in plain words (at most 100 lines). */
  skipped: string[];
  skippedCount: number;
}

export function buildBackup(parts: Omit<BackupFile, 'format' | 'version' | 'exportedAt'>, now: number): BackupFile {
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: new Date(now).toISOString(),
    settings: parts.settings,
    builtin: parts.builtin,
    myEntries: parts.myEntries,
    sources: parts.sources,
  };
}

class Report {
  readonly lines: string[] = [];
  count = 0;
  /** `count`: how many items the line stands for. */
  add(line: string, count = 1): void {
    this.count += count;
    if (this.lines.length < MAX_REPORTED) this.lines.push(line);
  }
}

function settingsFrom(raw: unknown, report: Report): Settings | undefined {
  if (raw === undefined) return undefined;
  if (!isRecord(raw)) {
    report.add('settings: not an object, so they were left as they are');
    return undefined;
  }
  const parsed = parseSettings(raw);
  for (const key of Object.keys(raw)) {
    if (key === 'version') continue;
    if (!(key in parsed)) report.add(`settings: unknown setting ${quote(key)} ignored`);
    else if (JSON.stringify((parsed as unknown as Record<string, unknown>)[key]) !== JSON.stringify(raw[key]))
      report.add(`settings: ${key} ${quote(raw[key])} is not valid, so the default was used`);
  }
  return parsed;
}

function sourcesFrom(raw: unknown, report: Report): BackupSource[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    report.add('sources: not a list, so none were imported');
    return [];
  }
  const out: BackupSource[] = [];
  const seen = new Set<string>();
  if (raw.length > MAX_BACKUP_SOURCES) {
    const rest = raw.length - MAX_BACKUP_SOURCES;
    report.add(`sources: ${rest} past the first ${MAX_BACKUP_SOURCES} were not read`, rest);
  }
  raw.slice(0, MAX_BACKUP_SOURCES).forEach((s: unknown, i) => {
    const label = `source ${i + 1}`;
    if (!isRecord(s)) return report.add(`${label}: not an object`);
    const url = normalizeSourceUrl(own(s, 'url'));
    if (!url.ok) return report.add(`${label}: ${url.error}`);
    if (seen.has(url.url)) return report.add(`${label}: ${url.url} is listed twice`);
    seen.add(url.url);
    const interval = own(s, 'intervalHours');
    let intervalHours = DEFAULT_INTERVAL_HOURS;
    if (isIntervalChoice(interval)) intervalHours = interval;
    else if (interval !== undefined)
      report.add(`${label}: update interval ${quote(interval)} is not offered, so daily was used`);
    const enabled = own(s, 'enabled');
    const title = own(s, 'title');
    const item: BackupSource = { url: url.url, enabled: enabled !== false, intervalHours };
    if (typeof title === 'string' && title.trim()) item.title = title.trim().slice(0, 200);
    out.push(item);
  });
  return out;
}

function entriesFrom(raw: unknown, report: Report): { entries: Entry[]; enabled?: boolean } {
  if (raw === undefined) return { entries: [] };
  const list = Array.isArray(raw) ? raw : own(raw, 'entries');
  const enabled = own(raw, 'enabled');
  if (!Array.isArray(list)) {
    report.add('My entries: not a list, so none were imported');
    return { entries: [] };
  }
  const result = validateOwnFeed({ format: FEED_FORMAT, version: FEED_VERSION, title: 'My entries', entries: list });
  for (const p of result.problems) report.add(`My entries: ${p}`);
  // Problems list only the first reasons; count the rest.
  for (let i = result.problems.length; i < result.skipped; i++) report.count++;
  return { entries: result.entries, enabled: typeof enabled === 'boolean' ? enabled : undefined };
}

/** Reads a backup file. Never throws; `error` when the file as a whole cannot be used. */
export function parseBackup(text: unknown): { ok: true; backup: ParsedBackup } | { ok: false; error: string } {
  if (typeof text !== 'string' || !text.trim()) return { ok: false, error: 'The file is empty.' };
  if (text.length > MAX_BACKUP_CHARS) return { ok: false, error: 'The file is too large to be a backup (over 20 MB).' };
  if (jsonTooDeep(text, 100)) return { ok: false, error: 'The file is not a Source Flags backup (nested too deeply).' };
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return { ok: false, error: 'The file is not valid JSON, so it is not a Source Flags backup.' };
  }
  if (!isRecord(json) || own(json, 'format') !== BACKUP_FORMAT) {
    const hint =
      isRecord(json) && own(json, 'format') === FEED_FORMAT ? ' It is a list: add it as a source instead.' : '';
    return { ok: false, error: `The file is not a Source Flags backup (no "format": "${BACKUP_FORMAT}").${hint}` };
  }
  const report = new Report();
  const version = own(json, 'version');
  if (typeof version === 'number' && version > BACKUP_VERSION)
    report.add(
      `the backup is version ${version}; this extension reads version ${BACKUP_VERSION}, so newer parts may be missing`,
    );
  const settings = settingsFrom(own(json, 'settings'), report);
  const builtin = own(own(json, 'builtin'), 'enabled');
  const sources = sourcesFrom(own(json, 'sources'), report);
  const mine = entriesFrom(own(json, 'myEntries'), report);
  const backup: ParsedBackup = { sources, myEntries: mine.entries, skipped: report.lines, skippedCount: report.count };
  if (settings) backup.settings = settings;
  if (typeof builtin === 'boolean') backup.builtinEnabled = builtin;
  if (mine.enabled !== undefined) backup.myEntriesEnabled = mine.enabled;
  return { ok: true, backup };
}
