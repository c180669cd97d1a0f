/** Records stored in IndexedDB (see db.ts for the versioned schema). Pure types. */
import type { Entry } from './feed/types';

export const BUILTIN_SOURCE_ID = 'builtin';
/** "My entries": edited on the options page. */
export const LOCAL_SOURCE_ID = 'local';
/** "Learned from pages you visited" (opt-in). */
export const LEARNED_SOURCE_ID = 'learned';

export const LOCAL_TITLE = 'My entries';
export const LEARNED_TITLE = 'Learned from pages you visited';

/**
 * builtin: the bundled list (can be disabled, not removed); remote: a list subscribed to by URL;
 * local: "My entries"; learned: claims from ClaimReview data on visited pages.
 */
export type SourceKind = 'builtin' | 'remote' | 'local' | 'learned';

export interface SourceRecord {
  id: string;
  /** Added in schema version 2 (version 1 records are migrated from `builtin`). */
  kind: SourceKind;
  title: string;
  /** Remote URL; only for remote sources. */
  url?: string;
  builtin: boolean;
  enabled: boolean;
  /** The detected format (FeedFormat), or "local" / "learned". */
  format: string;
  entryCount: number;
  /** Entries skipped by the last successful parse, with the first reasons. */
  skipped: number;
  problems?: string[];
  /** ms since epoch. */
  addedAt?: number;
  lastSuccess?: number;
  lastAttempt?: number;
  /** The last failed update, in plain words (cleared by a success). */
  lastError?: string;
  nextUpdate?: number;
  intervalHours: number;
  /** Consecutive failed updates (drives the back-off). */
  failures?: number;
  /** Set (to the start time) while an update runs; a service worker stopped midway leaves it set and
   *  the next start reschedules the source. */
  updating?: number;
  /** Validators of the stored copy, for conditional requests. */
  etag?: string;
  lastModified?: string;
  /** Fingerprint of the bundled list, to reload it when the extension ships a new one. */
  bundleHash?: string;
  /**
   * Changes whenever the source's entries are written, so a compiled match index cached for
   * the old entries is not reused (Library.getIndex).
   */
  contentStamp?: string;
}

/**
 * Entries are stored in chunks of up to CHUNK_SIZE per record (schema version 2): writing 100,000
 * one-entry records takes ~15 s in Chromium, 100 chunks well under a second. The multi-entry
 * index on `ids` still finds an entry by id.
 */
export const CHUNK_SIZE = 1000;

export interface ChunkRecord {
  /** `${sourceId}\u0000${chunk number, zero-padded}` */
  key: string;
  sourceId: string;
  /** The entries' ids, in order (indexed, multiEntry). */
  ids: string[];
  entries: Entry[];
  /** When each entry was added (parallel to `entries`), for learned claims and My entries. */
  addedAt?: number[];
}

/** One entry as read back from the cache. */
export interface StoredRow {
  sourceId: string;
  entry: Entry;
  addedAt?: number;
}
