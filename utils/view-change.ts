/**
 * What a frame does when its view of the settings arrives again (the options page, the popup or
 * another tab changed something, and the background said "settings changed"). The content script
 * carries it out; the rules live here, pure and unit-tested. Pure: no browser APIs, no DOM.
 */
import type { DismissedHere } from './dismissals';
import type { FrameViewResponse } from './messages';
import type { FrameView } from './settings';

/** What the frame shows now: its view, the apps "Where I am" marks, the claims hidden here. */
export interface FrameShown {
  view: FrameView;
  appliesToYou: ReadonlySet<string>;
  dismissed: DismissedHere;
  /** Whether a scan runs (badges are on the page). */
  scanning: boolean;
}

/**
 * - `stop`: Source Flags is off or paused here: badges go, nothing is scanned;
 * - `start`: it was off here and is on now: scan;
 * - `rescan`: something a badge shows or decides changed: badges go and the page is scanned again;
 * - `keep`: nothing a badge shows changed (open cards still ask for their details again).
 */
export type ViewAction = 'stop' | 'start' | 'rescan' | 'keep';

export function viewAction(shown: FrameShown, next: FrameViewResponse): ViewAction {
  if (!next.view.active) return 'stop';
  if (!shown.scanning) return 'start';
  return viewChanged(shown, next) ? 'rescan' : 'keep';
}

/** Whether anything but the on/off switch changed: badges' look, kinds, density, marks or hidden claims. */
export function viewChanged(shown: FrameShown, next: FrameViewResponse): boolean {
  const same = (a: FrameView, b: FrameView) =>
    JSON.stringify({ ...a, active: true }) === JSON.stringify({ ...b, active: true });
  if (!same(shown.view, next.view)) return true;
  if (next.appliesToYou.length !== shown.appliesToYou.size) return true;
  if (next.appliesToYou.some((id) => !shown.appliesToYou.has(id))) return true;
  return JSON.stringify(next.dismissed) !== JSON.stringify(shown.dismissed);
}
