/**
 * What every part of the source manager shares: its dependencies, the limits, id minting and the
 * one "entries changed" step. Kept apart so the job modules (update queue, remote sources, local
 * entries, backup) need only this, not the SourceService facade or each other.
 */
import type { Db } from '../db';
import type { SourceRecord } from '../db-schema';
import type { ActionResult } from '../messages';
import type { Settings } from '../settings';
import type { Library } from './library';
import type { FetchLimits } from '../updates/update-source';

export const MAX_REMOTE_SOURCES = 200;
export const MAX_LEARNED = 5000;
/** Learned claims one teaching site (its share, learn.ts siteShare) may hold: one site cannot fill
 *  the store, and its new claims replace only its own oldest ones. */
export const MAX_LEARNED_PER_SITE = 200;
export const MAX_LEARNED_PER_PAGE = 50;
export const MAX_LOCAL = 5000;
export const MAX_LISTED_ENTRIES = 5000;

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

/** The dependencies plus the helpers every job module needs. */
export interface SourceContext {
  readonly deps: SourceServiceDeps;
  now(): number;
  db(): Promise<Db>;
  /**
   * The entries changed: rebuild the index lazily and tell tabs and pages. `stored`: the source
   * whose list was given to Library.prepare() before it was stored.
   */
  entriesChanged(stored?: string): void;
}

export function createSourceContext(deps: SourceServiceDeps): SourceContext {
  return {
    deps,
    now: () => (deps.now ?? Date.now)(),
    db: () => deps.library.db(),
    entriesChanged: (stored) => {
      deps.library.invalidate(stored);
      deps.notify.indexChanged();
      deps.notify.sourcesChanged();
    },
  };
}

// One counter for the whole module graph, so ids minted in the same millisecond by different
// jobs (a list added while "My entries" grows) still differ.
let counter = 0;
export function newId(prefix: string, now: number): string {
  const random = Math.floor(Math.random() * 36 ** 6).toString(36);
  return `${prefix}-${now.toString(36)}${(++counter).toString(36)}${random}`;
}

/**
 * An id that says nothing but itself: for My entries, whose ids a page could otherwise read the
 * creation time from (newId puts the time first, which keeps lists in order).
 */
export function randomId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `${prefix}-${[...bytes].map((b) => b.toString(36).padStart(2, '0')).join('')}`;
}

export const fail = (error: string): ActionResult => ({ ok: false, error });

/**
 * A new list added by URL, due at once. Adding by hand and importing a backup build the same record,
 * so both go through here.
 */
export function newRemoteRecord(
  url: string,
  title: string,
  enabled: boolean,
  intervalHours: number,
  now: number,
): SourceRecord {
  return {
    id: newId('src', now),
    kind: 'remote',
    title,
    url,
    builtin: false,
    enabled,
    format: '',
    entryCount: 0,
    skipped: 0,
    addedAt: now,
    intervalHours,
    failures: 0,
    nextUpdate: now,
  };
}
