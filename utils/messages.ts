/**
 * The one message protocol between the content script, the extension pages and the background.
 * Every request is checked for shape here before a handler sees it (issue 7: pages and other
 * extensions must not be able to drive the background). Pure: no browser imports.
 */
import type { Entry } from './feed/types';
import type { IndexData } from './match/index-data';
import type { SearchResult } from './search';
import type { SourceRecord } from './db-schema';
import type { Settings } from './settings';

export interface FlagSummary {
  id: string;
  kind: 'claim' | 'app';
  name: string;
  label: string;
  tone: string;
  count: number;
}

export interface EntryDetails {
  entry: Entry;
  source: string;
}

/** Requests content scripts may send (read the index, look up, report what they found). */
export type ContentRequest =
  | { type: 'getIndex' }
  | { type: 'getEntry'; id: string }
  | { type: 'reportFlags'; flags: FlagSummary[]; scanned: boolean };

/** Requests only the extension's own pages (popup, options) may send. */
export type PageRequest =
  | { type: 'search'; query: string; kind?: 'claim' | 'app'; limit?: number }
  | { type: 'getTabFlags'; tabId: number }
  | { type: 'getSources' };

export type Request = ContentRequest | PageRequest;

export interface IndexResponse {
  index: IndexData;
  revision: number;
  settings: Settings;
}

export interface TabFlags {
  scanned: boolean;
  flags: FlagSummary[];
}

export interface ResponseMap {
  getIndex: IndexResponse;
  getEntry: EntryDetails | null;
  reportFlags: { ok: true };
  search: SearchResult[];
  getTabFlags: TabFlags | null;
  getSources: SourceRecord[];
}

export type ResponseOf<R extends Request> = ResponseMap[R['type']];

export const CONTENT_TYPES: ReadonlySet<string> = new Set(['getIndex', 'getEntry', 'reportFlags']);

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

function isFlag(v: unknown): v is FlagSummary {
  return (
    isObj(v) &&
    isStr(v.id, 2048) &&
    (v.kind === 'claim' || v.kind === 'app') &&
    isStr(v.name, 500) &&
    isStr(v.label, 200) &&
    isStr(v.tone, 40) &&
    typeof v.count === 'number' &&
    Number.isFinite(v.count)
  );
}

/** Returns the request if it has a known type and a valid payload, else null. */
export function parseRequest(msg: unknown): Request | null {
  if (!isObj(msg) || typeof msg.type !== 'string') return null;
  switch (msg.type) {
    case 'getIndex':
    case 'getSources':
      return { type: msg.type };
    case 'getEntry':
      return isStr(msg.id, 2048) ? { type: 'getEntry', id: msg.id } : null;
    case 'reportFlags':
      return Array.isArray(msg.flags) && msg.flags.length <= 5000 && msg.flags.every(isFlag)
        ? { type: 'reportFlags', flags: msg.flags, scanned: msg.scanned === true }
        : null;
    case 'search': {
      if (!isStr(msg.query, 1000)) return null;
      const kind = msg.kind === 'claim' || msg.kind === 'app' ? msg.kind : undefined;
      const limit =
        typeof msg.limit === 'number' && msg.limit > 0 && msg.limit <= 200 ? Math.floor(msg.limit) : undefined;
      return { type: 'search', query: msg.query, kind, limit };
    }
    case 'getTabFlags':
      return Number.isInteger(msg.tabId) ? { type: 'getTabFlags', tabId: msg.tabId as number } : null;
    default:
      return null;
  }
}
