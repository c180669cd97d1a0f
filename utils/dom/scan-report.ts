/**
 * What a scan tells the outside: the counters benchmarks and tests read (ScanStats), and the
 * flags found on the page, reported to the content script's `onFlags` (the toolbar count and the
 * popup's list).
 *
 * Kept apart from the scanner so the shape of a report and the rule "say it only when it changed"
 * sit in one place; the scanner decides when a report is due (after a full scan, after a batch,
 * when mentions left the page, back from the back/forward cache).
 */
import type { BadgeEntry } from '../match/mention-source';
import type { FlagSummary } from '../messages';
import type { PageMemory } from './density';

export interface ScanStats {
  slices: number;
  /** Longest synchronous stretch of scanning between two yields, in ms. */
  maxSliceMs: number;
  /** The scan's time on the page's main thread (every slice added up; waiting for the background is not). */
  busyMs: number;
  blocks: number;
  mentions: number;
  /** Badges inserted (or chosen, in a dry run) since the scanner started. */
  inserted: number;
  /** Badges the page removed. */
  pageRemovals: number;
  /** Mutation batches scanned. */
  batches: number;
  navigations: number;
}

export function newScanStats(): ScanStats {
  return {
    slices: 0,
    maxSliceMs: 0,
    busyMs: 0,
    blocks: 0,
    mentions: 0,
    inserted: 0,
    pageRemovals: 0,
    batches: 0,
    navigations: 0,
  };
}

export type OnFlags = (flags: FlagSummary[], scanned: boolean) => void;

/**
 * The flags found on the page, one per entry, with the number of distinct mentions of each; then
 * the possible matches (free-text claims below the inline tier) not also badged.
 */
export function flagSummaries(
  found: PageMemory['found'],
  entries: readonly BadgeEntry[],
  possible?: PageMemory['possible'],
): FlagSummary[] {
  const flags: FlagSummary[] = [];
  const add = (id: string, f: { entry: number; sigs: Set<string> }, tier?: 'possible') => {
    const e = entries[f.entry];
    if (!e) return;
    const { kind, name, label, labelKey, tone } = e;
    const flag: FlagSummary = { id, kind, name, label, labelKey, labelCount: e.count, tone, count: f.sigs.size };
    if (tier) flag.tier = tier;
    flags.push(flag);
  };
  for (const [id, f] of found) add(id, f);
  for (const [id, f] of possible ?? []) if (!found.has(id)) add(id, f, 'possible');
  return flags;
}

/**
 * Sends flags to `onFlags`, skipping a report that says the same as the last one (rescans of
 * changed blocks mostly find nothing new, and every report is a message to the background).
 */
export class FlagReporter {
  private last = '';

  constructor(private readonly onFlags: OnFlags) {}

  /** No flags yet and a check under way: clears the toolbar count, the popup says "Checking…". */
  checking(): void {
    this.onFlags([], false);
  }

  /** A new page or new lists: the next report is sent even if it equals the last one. */
  forget(): void {
    this.last = '';
  }

  /** Reports the flags of a finished scan; `force` sends them even when unchanged. */
  report(flags: FlagSummary[], force: boolean): void {
    const key = JSON.stringify(flags);
    if (!force && key === this.last) return;
    this.last = key;
    this.onFlags(flags, true);
  }
}
