/** Flags found per tab, for the popup and the toolbar count. Kept in memory; rebuilt as tabs report. */
import type { TabFlags } from '../messages';

export class TabFlagStore {
  private readonly tabs = new Map<number, TabFlags>();

  set(tabId: number, value: TabFlags): void {
    this.tabs.set(tabId, value);
  }

  get(tabId: number): TabFlags | null {
    return this.tabs.get(tabId) ?? null;
  }

  delete(tabId: number): void {
    this.tabs.delete(tabId);
  }

  static badgeText(value: TabFlags): string {
    const n = value.flags.length;
    return n === 0 ? '' : n > 99 ? '99+' : String(n);
  }
}
