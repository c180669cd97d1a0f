/**
 * The one message protocol between the content script, the extension pages and the background.
 * Every request is checked for shape here before a handler sees it (issue 7: pages and other
 * extensions must not be able to drive the background). Content scripts may only match their text,
 * look up entries, report flags and offer ClaimReview data they saw; everything that changes
 * sources or settings is a page request. Pure: no browser imports.
 */
import type { Entry } from './feed/types';
import { MATCH_LIMITS, type BatchMatches } from './match/mention-source';
import type { SearchResult } from './search';
import type { SourceRecord } from './db-schema';
import { parseSettingsPatch, type FrameView, type Settings } from './settings';
import type { BackupFile } from './backup';
import type { LocalEntryInput } from './my-entry-input';
import type { Dismissal, DismissedHere } from './dismissals';

export interface FlagSummary {
  id: string;
  kind: 'claim' | 'app';
  name: string;
  label: string;
  /** For the localised label (utils/i18n.ts badgeLabel): the entry's label key and its count. */
  labelKey?: string;
  labelCount?: number;
  tone: string;
  count: number;
  /** A lower-confidence free-text claim match: listed under "Possible matches", never badged. */
  tier?: 'possible';
}

export interface EntryDetails {
  entry: Entry;
  source: string;
  /**
   * For an app, what "Where I am" says of it, decided in the background (content scripts never
   * see "Where I am"): whether a restriction in force applies to the reader, and which rows apply.
   */
  applies?: { you: boolean; rows: number[] };
}

/** Requests content scripts may send (match their text, look up, report what they found). */
export type ContentRequest =
  /** The frame's view of the settings, "applies to you" and "Not this claim". */
  | { type: 'getFrameView' }
  /** A batch of the frame's text blocks, matched against the index the background holds. */
  | { type: 'matchBlocks'; texts: string[] }
  | { type: 'getEntry'; id: string }
  | { type: 'reportFlags'; flags: FlagSummary[]; scanned: boolean }
  /** JSON-LD texts of the page that mention ClaimReview (kept only when learning is switched on). */
  | { type: 'learnClaimReviews'; blocks: string[] }
  /** "Not this claim" on a card: hide claim `id` in this sentence, or (no sentence) on this site. */
  | { type: 'dismissClaim'; id: string; name: string; sentence?: string };

/** Requests only the extension's own pages (popup, options) may send. */
export type PageRequest =
  | { type: 'search'; query: string; kind?: 'claim' | 'app'; limit?: number }
  | { type: 'getTabFlags'; tabId: number }
  | { type: 'getSources' }
  | { type: 'addSource'; url: string }
  | { type: 'updateSource'; id: string }
  | { type: 'updateAll' }
  | { type: 'removeSource'; id: string }
  | { type: 'setSourceEnabled'; id: string; enabled: boolean }
  | { type: 'setSourceInterval'; id: string; intervalHours: number }
  | { type: 'getSourceEntries'; id: string }
  | { type: 'addLocalEntry'; entry: LocalEntryInput }
  | { type: 'deleteEntries'; sourceId: string; ids: string[] }
  | { type: 'getSettings' }
  | { type: 'setSettings'; settings: Partial<Settings> }
  | { type: 'exportAll' }
  | { type: 'importAll'; text: string }
  | { type: 'getDismissals' }
  | { type: 'undoDismissal'; key: string };

export type Request = ContentRequest | PageRequest;

/** Messages the background sends: to tabs (indexChanged) and to extension pages (sourcesChanged). */
export type Broadcast =
  | { type: 'indexChanged'; revision: number }
  | { type: 'sourcesChanged' }
  /** From the popup: scroll to this flag's first badge on the page and highlight it. */
  | { type: 'reveal'; id: string }
  /**
   * From the extension (tests, the demo): answer once the frame showing `url` has finished
   * scanning and has no page change waiting to be scanned. The answer is a ScanState.
   */
  | { type: 'whenScanned'; url: string }
  /** Settings or "Not this claim" changed: ask for this frame's view again (getFrameView). */
  | { type: 'settingsChanged' }
  /** From the background to a tab's top frame: which site it shows (answered with its hostname). */
  | { type: 'topSite' };

/** A frame's answer to whenScanned: whether it scans at all, and how many badges it shows. */
export interface ScanState {
  /** False when Source Flags is off or paused on this site (nothing will be scanned). */
  active: boolean;
  badges: number;
}

/** A frame's view of the settings and of the reader's choices, for the site it is on. */
export interface FrameViewResponse {
  revision: number;
  view: FrameView;
  /** App ids whose restrictions apply to the user ("Where I am"). */
  appliesToYou: string[];
  /** Claims the reader hid on this frame's site ("Not this claim"). */
  dismissed: DismissedHere;
}

/** What updating one remote source came to (the background's updater; the options page shows it). */
export interface UpdateOutcome {
  id: string;
  ok: boolean;
  /** The stored entries were replaced (the match index must be rebuilt). */
  changed: boolean;
  notModified?: boolean;
  error?: string;
  entryCount?: number;
  skipped?: number;
  /** Where the time went, in ms. */
  timings?: { fetch: number; parse: number; store: number };
  /** The record after the update (undefined when the source is gone). */
  source?: SourceRecord;
}

export interface TabFlags {
  scanned: boolean;
  flags: FlagSummary[];
  /** The page's hostname as the browser reported it (for "Pause on this site"). */
  host?: string;
}

export type ActionResult = { ok: true; source?: SourceRecord } | { ok: false; error: string };

export interface StoredEntry {
  entry: Entry;
  addedAt?: number;
}

export interface LearnResult {
  added: number;
  /** Reviews not learned: unreadable, not on the site that published them, or another site's claim. */
  skipped?: number;
  error?: string;
}

export type ImportReport =
  | {
      ok: true;
      addedSources: number;
      updatedSources: number;
      myEntries: number;
      settings: boolean;
      /** What was skipped or changed, in plain words (the first 100). */
      skipped: string[];
      skippedCount: number;
    }
  | { ok: false; error: string };

export interface ResponseMap {
  matchBlocks: BatchMatches;
  getFrameView: FrameViewResponse;
  getEntry: EntryDetails | null;
  reportFlags: { ok: true };
  learnClaimReviews: LearnResult;
  search: SearchResult[];
  getTabFlags: TabFlags | null;
  getSources: SourceRecord[];
  addSource: ActionResult & { outcome?: UpdateOutcome };
  updateSource: UpdateOutcome;
  updateAll: UpdateOutcome[];
  removeSource: ActionResult;
  setSourceEnabled: ActionResult;
  setSourceInterval: ActionResult;
  getSourceEntries: StoredEntry[];
  addLocalEntry: ActionResult & { entry?: Entry };
  deleteEntries: ActionResult;
  getSettings: Settings;
  setSettings: Settings;
  exportAll: BackupFile;
  importAll: ImportReport;
  dismissClaim: { ok: boolean };
  getDismissals: Dismissal[];
  undoDismissal: { ok: boolean };
}

export type ResponseOf<R extends Request> = ResponseMap[R['type']];

/** The longest look-up query a request may carry (the popup cuts longer ones). */
export const MAX_QUERY_LENGTH = 1000;

export const CONTENT_TYPES: ReadonlySet<string> = new Set([
  'matchBlocks',
  'getFrameView',
  'getEntry',
  'reportFlags',
  'learnClaimReviews',
  'dismissClaim',
]);

/** Limits of the learning message: a page offers at most 20 blocks of 1 MB, 2 MB in all. */
export const LEARN_LIMITS = { blocks: 20, blockChars: 1_000_000, totalChars: 2_000_000 } as const;
/** A backup file read by the options page. */
export const MAX_IMPORT_CHARS = 20 * 1024 * 1024;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const isId = (v: unknown): v is string => isStr(v, 200) && v.length > 0;
const optStr = (v: unknown, max: number) => v === undefined || isStr(v, max);

function isFlag(v: unknown): v is FlagSummary {
  return (
    isObj(v) &&
    isStr(v.id, 2048) &&
    (v.kind === 'claim' || v.kind === 'app') &&
    isStr(v.name, 500) &&
    isStr(v.label, 200) &&
    isStr(v.tone, 40) &&
    typeof v.count === 'number' &&
    Number.isFinite(v.count) &&
    (v.labelKey === undefined || isStr(v.labelKey, 60)) &&
    (v.tier === undefined || v.tier === 'possible') &&
    (v.labelCount === undefined || (typeof v.labelCount === 'number' && Number.isFinite(v.labelCount)))
  );
}

/** The form input for "My entries": only known fields, each a bounded string (contents are validated later). */
function localEntryInput(v: unknown): LocalEntryInput | null {
  if (!isObj(v)) return null;
  if (v.kind === 'claim') {
    if (!isStr(v.claim, 2000) || !isStr(v.verdict, 40) || !isStr(v.url, 2048)) return null;
    if (!optStr(v.reviewedBy, 200) || !optStr(v.ratingText, 200)) return null;
    const out: LocalEntryInput = { kind: 'claim', claim: v.claim, verdict: v.verdict, url: v.url };
    if (v.reviewedBy !== undefined) out.reviewedBy = v.reviewedBy as string;
    if (v.ratingText !== undefined) out.ratingText = v.ratingText as string;
    return out;
  }
  if (v.kind === 'app') {
    if (!isStr(v.name, 200) || !isStr(v.where, 200) || !isStr(v.scope, 2000)) return null;
    if (!isStr(v.status, 40) || !isStr(v.url, 2048) || !optStr(v.date, 40)) return null;
    const aliases = v.aliases;
    if (
      aliases !== undefined &&
      !(Array.isArray(aliases) && aliases.length <= 50 && aliases.every((a) => isStr(a, 200)))
    )
      return null;
    const out: LocalEntryInput = {
      kind: 'app',
      name: v.name,
      where: v.where,
      scope: v.scope,
      status: v.status,
      url: v.url,
    };
    if (aliases !== undefined) out.aliases = aliases as string[];
    if (v.date !== undefined) out.date = v.date as string;
    return out;
  }
  return null;
}

/** An array of at most `count` strings, each at most `each` long, `total` characters in all; else null. */
function boundedStrings(v: unknown, count: number, each: number, total: number): string[] | null {
  if (!Array.isArray(v) || v.length > count) return null;
  let sum = 0;
  for (const s of v) {
    if (!isStr(s, each)) return null;
    sum += s.length;
  }
  return sum <= total ? (v as string[]) : null;
}

/** Returns the request if it has a known type and a valid payload, else null. */
export function parseRequest(msg: unknown): Request | null {
  if (!isObj(msg) || typeof msg.type !== 'string') return null;
  switch (msg.type) {
    case 'getFrameView':
    case 'getSources':
    case 'updateAll':
    case 'getSettings':
    case 'exportAll':
    case 'getDismissals':
      return { type: msg.type };
    case 'dismissClaim':
      return isStr(msg.id, 2048) && msg.id && isStr(msg.name, 2000) && optStr(msg.sentence, 5000)
        ? {
            type: 'dismissClaim',
            id: msg.id,
            name: msg.name,
            ...(msg.sentence !== undefined ? { sentence: msg.sentence as string } : {}),
          }
        : null;
    case 'undoDismissal':
      return isStr(msg.key, 5000) ? { type: 'undoDismissal', key: msg.key } : null;
    case 'getEntry':
      return isStr(msg.id, 2048) ? { type: 'getEntry', id: msg.id } : null;
    case 'matchBlocks': {
      const texts = boundedStrings(msg.texts, MATCH_LIMITS.texts, MATCH_LIMITS.textChars, MATCH_LIMITS.totalChars);
      return texts ? { type: 'matchBlocks', texts } : null;
    }
    case 'reportFlags':
      return Array.isArray(msg.flags) && msg.flags.length <= 5000 && msg.flags.every(isFlag)
        ? { type: 'reportFlags', flags: msg.flags, scanned: msg.scanned === true }
        : null;
    case 'learnClaimReviews': {
      const blocks = boundedStrings(msg.blocks, LEARN_LIMITS.blocks, LEARN_LIMITS.blockChars, LEARN_LIMITS.totalChars);
      return blocks ? { type: 'learnClaimReviews', blocks } : null;
    }
    case 'search': {
      if (!isStr(msg.query, MAX_QUERY_LENGTH)) return null;
      const kind = msg.kind === 'claim' || msg.kind === 'app' ? msg.kind : undefined;
      const limit =
        typeof msg.limit === 'number' && msg.limit > 0 && msg.limit <= 200 ? Math.floor(msg.limit) : undefined;
      return { type: 'search', query: msg.query, kind, limit };
    }
    case 'getTabFlags':
      return Number.isInteger(msg.tabId) ? { type: 'getTabFlags', tabId: msg.tabId as number } : null;
    case 'addSource':
      return isStr(msg.url, 4096) ? { type: 'addSource', url: msg.url } : null;
    case 'updateSource':
    case 'removeSource':
    case 'getSourceEntries':
      return isId(msg.id) ? { type: msg.type, id: msg.id } : null;
    case 'setSourceEnabled':
      return isId(msg.id) && typeof msg.enabled === 'boolean'
        ? { type: 'setSourceEnabled', id: msg.id, enabled: msg.enabled }
        : null;
    case 'setSourceInterval':
      return isId(msg.id) && typeof msg.intervalHours === 'number' && Number.isFinite(msg.intervalHours)
        ? { type: 'setSourceInterval', id: msg.id, intervalHours: msg.intervalHours }
        : null;
    case 'addLocalEntry': {
      const entry = localEntryInput(msg.entry);
      return entry ? { type: 'addLocalEntry', entry } : null;
    }
    case 'deleteEntries':
      return isId(msg.sourceId) &&
        Array.isArray(msg.ids) &&
        msg.ids.length <= 5000 &&
        msg.ids.every((id) => isStr(id, 2048))
        ? { type: 'deleteEntries', sourceId: msg.sourceId, ids: msg.ids as string[] }
        : null;
    case 'setSettings': {
      const settings = parseSettingsPatch(msg.settings);
      return settings ? { type: 'setSettings', settings } : null;
    }
    case 'importAll':
      return isStr(msg.text, MAX_IMPORT_CHARS) ? { type: 'importAll', text: msg.text } : null;
    default:
      return null;
  }
}

/** What a tab or page received from the background, or null for anything else. */
export function parseBroadcast(msg: unknown): Broadcast | null {
  if (!isObj(msg)) return null;
  if (msg.type === 'indexChanged' && typeof msg.revision === 'number')
    return { type: 'indexChanged', revision: msg.revision };
  if (msg.type === 'sourcesChanged') return { type: 'sourcesChanged' };
  if (msg.type === 'reveal' && isStr(msg.id, 2048)) return { type: 'reveal', id: msg.id };
  if (msg.type === 'whenScanned' && isStr(msg.url, 8192)) return { type: 'whenScanned', url: msg.url };
  if (msg.type === 'settingsChanged' || msg.type === 'topSite') return { type: msg.type };
  return null;
}
