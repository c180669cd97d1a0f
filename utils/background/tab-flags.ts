/**
 * Flags found per tab, for the popup and the toolbar count. Every frame of a tab scans its own
 * document and reports its own flags; the tab's flags are the union of its frames' reports (an
 * entry found in two frames counts once, its mentions added up). Kept in memory, rebuilt as
 * frames report; a tab's frames are forgotten when its top document starts loading anew.
 */
import type { FlagSummary, TabFlags } from '../messages';

/** The top frame of a tab (webextension MessageSender.frameId). */
export const TOP_FRAME = 0;

export class TabFlagStore {
  private readonly tabs = new Map<number, Map<number, TabFlags>>();

  /** Records one frame's report (frameId 0 is the top document). */
  set(tabId: number, value: TabFlags, frameId = TOP_FRAME): void {
    let frames = this.tabs.get(tabId);
    if (!frames) this.tabs.set(tabId, (frames = new Map()));
    frames.set(frameId, value);
  }

  /** The tab's flags: the top frame's state, with every frame's flags merged in. */
  get(tabId: number): TabFlags | null {
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
  dropFrames(tabId: number): void {
    const top = this.tabs.get(tabId)?.get(TOP_FRAME);
    if (top) this.tabs.set(tabId, new Map([[TOP_FRAME, top]]));
    else this.tabs.delete(tabId);
  }

  delete(tabId: number): void {
    this.tabs.delete(tabId);
  }

  static badgeText(value: TabFlags | null): string {
    const n = value?.flags.length ?? 0;
    return n === 0 ? '' : n > 99 ? '99+' : String(n);
  }
}
