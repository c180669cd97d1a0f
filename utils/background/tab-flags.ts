/**
 * Flags found per tab, for the popup and the toolbar count. Every frame of a tab scans its own
 * document and reports its own flags; the tab's flags are the union of its frames' reports (an
 * entry found in two frames counts once, its mentions added up). A tab's frames are forgotten
 * when its top document starts loading anew.
 *
 * MV3 stops an idle service worker after ~30 s, and its memory with it, while the pages keep
 * their badges: the reports are therefore also kept in session storage (memory the browser holds
 * for the extension until it quits) and read back when the worker starts again.
 */
import type { FlagSummary, TabFlags } from '../messages';

/** The top frame of a tab (webextension MessageSender.frameId). */
export const TOP_FRAME = 0;
/** Tabs remembered at most (the oldest report goes first); session storage is small. */
export const MAX_TABS = 200;

type Reports = Map<number, Map<number, TabFlags>>;
/** What is stored: tab id → frame id → report (object keys are strings). */
type StoredReports = Record<string, Record<string, TabFlags>>;

/** Where the reports survive a worker restart (storage.session in the extension). */
export interface TabFlagPersistence {
  load(): Promise<unknown>;
  save(data: StoredReports): Promise<void>;
}

export class TabFlagStore {
  private readonly tabs: Reports = new Map();
  /** Resolves when the reports kept before a worker restart have been read back. */
  readonly ready: Promise<void>;
  private saving = false;

  constructor(private readonly persistence?: TabFlagPersistence) {
    this.ready = persistence
      ? persistence
          .load()
          .then((data) => this.restore(data))
          .catch(() => undefined)
      : Promise.resolve();
  }

  /** Records one frame's report (frameId 0 is the top document). */
  async set(tabId: number, value: TabFlags, frameId = TOP_FRAME): Promise<void> {
    await this.ready;
    let frames = this.tabs.get(tabId);
    if (frames)
      this.tabs.delete(tabId); // re-inserted last: the map's order is the age order
    else frames = new Map();
    this.tabs.set(tabId, frames);
    frames.set(frameId, value);
    while (this.tabs.size > MAX_TABS) this.tabs.delete(this.tabs.keys().next().value!);
    this.persist();
  }

  /** The tab's flags: the top frame's state, with every frame's flags merged in. */
  async get(tabId: number): Promise<TabFlags | null> {
    await this.ready;
    const frames = this.tabs.get(tabId);
    if (!frames?.size) return null;
    const top = frames.get(TOP_FRAME);
    const byId = new Map<string, FlagSummary>();
    let scanned = false;
    // The top document's flags first, so the popup lists the page's own flags before its frames'.
    for (const [, report] of [...frames].sort(([a], [b]) => a - b)) {
      scanned ||= report.scanned;
      for (const f of report.flags) {
        const known = byId.get(f.id);
        byId.set(f.id, known ? { ...known, count: known.count + f.count } : f);
      }
    }
    const merged: TabFlags = { scanned: top ? top.scanned : scanned, flags: [...byId.values()] };
    const host = top?.host;
    if (host !== undefined) merged.host = host;
    return merged;
  }

  /**
   * The top document is being replaced: the old page's frames and their flags are gone. The top
   * frame's own report stays until the new page sends its first (it always does).
   */
  async dropFrames(tabId: number): Promise<void> {
    await this.ready;
    const frames = this.tabs.get(tabId);
    if (!frames || (frames.size === 1 && frames.has(TOP_FRAME))) return;
    const top = frames.get(TOP_FRAME);
    if (top) this.tabs.set(tabId, new Map([[TOP_FRAME, top]]));
    else this.tabs.delete(tabId);
    this.persist();
  }

  async delete(tabId: number): Promise<void> {
    await this.ready;
    if (this.tabs.delete(tabId)) this.persist();
  }

  static badgeText(value: TabFlags | null): string {
    const n = value?.flags.length ?? 0;
    return n === 0 ? '' : n > 99 ? '99+' : String(n);
  }

  /** Writes the reports once per turn of the event loop, however many frames reported in it. */
  private persist(): void {
    if (!this.persistence || this.saving) return;
    this.saving = true;
    queueMicrotask(() => {
      this.saving = false;
      const data: StoredReports = {};
      for (const [tab, frames] of this.tabs) data[tab] = Object.fromEntries(frames);
      void this.persistence!.save(data).catch(() => undefined);
    });
  }

  /** Reads back stored reports, keeping only well-formed ones (storage is not trusted blindly). */
  private restore(data: unknown): void {
    if (!data || typeof data !== 'object') return;
    for (const [tab, frames] of Object.entries(data as Record<string, unknown>)) {
      const tabId = Number(tab);
      if (!Number.isInteger(tabId) || !frames || typeof frames !== 'object' || this.tabs.has(tabId)) continue;
      const map = new Map<number, TabFlags>();
      for (const [frame, report] of Object.entries(frames as Record<string, unknown>)) {
        const frameId = Number(frame);
        if (Number.isInteger(frameId) && isTabFlags(report)) map.set(frameId, report);
      }
      if (map.size) this.tabs.set(tabId, map);
    }
  }
}

function isTabFlags(x: unknown): x is TabFlags {
  const r = x as TabFlags;
  return (
    !!r &&
    typeof r.scanned === 'boolean' &&
    Array.isArray(r.flags) &&
    r.flags.every((f) => !!f && typeof f.id === 'string' && typeof f.count === 'number') &&
    (r.host === undefined || typeof r.host === 'string')
  );
}
