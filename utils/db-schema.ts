/** Records stored in IndexedDB (see db.ts for the versioned schema). Pure types. */
import type { Entry } from './feed/types';

export const BUILTIN_SOURCE_ID = 'builtin';

export interface SourceRecord {
  id: string;
  title: string;
  /** Remote URL; absent for the built-in list. */
  url?: string;
  builtin: boolean;
  enabled: boolean;
  format: string;
  entryCount: number;
  skipped: number;
  /** ms since epoch. */
  lastSuccess?: number;
  lastAttempt?: number;
  lastError?: string;
  nextUpdate?: number;
  intervalHours: number;
  /** Fingerprint of the bundled list, to reload it when the extension ships a new one. */
  bundleHash?: string;
}

export interface EntryRecord {
  /** `${sourceId}\u0000${entry.id}` */
  key: string;
  sourceId: string;
  entry: Entry;
}
