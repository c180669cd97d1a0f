/**
 * The per-page memory behind badge density and idempotence: which flags were badged in which
 * paragraph and on the page, which mentions were found (for the toolbar count and the popup),
 * and how often the page removed our badges (to back off from pages that keep clearing them).
 * A navigation or a reset starts a new PageMemory.
 */
import type { Mention } from '../match/matcher';
import type { ScanSettings } from '../settings';
import type { BadgeRecord } from './badge-placement';

/** A mention whose badge the page removed this many times is not badged again on this page. */
export const MAX_SIG_REMOVALS = 2;
/** A container from which the page removed this many badges gets no more. */
export const MAX_CONTAINER_REMOVALS = 3;
/** Characters of context on each side that identify a mention across rescans. */
const SIG_CONTEXT = 24;

interface Found {
  entry: number;
  sigs: Set<string>;
}

/** A mention's identity across rescans: entry, matched text and a little context around it. */
export function signature(text: string, m: Mention): string {
  const before = text.slice(Math.max(0, m.start - SIG_CONTEXT), m.start);
  const after = text.slice(m.end, m.end + SIG_CONTEXT);
  const sig = `${m.id}\u0001${before}\u0001${m.text}\u0001${after}`;
  // Runs of white space count as one space; most signatures have none to fold (skip the copy).
  return /[^\S ]| {2}/.test(sig) ? sig.replace(/\s+/g, ' ') : sig;
}

export class PageMemory {
  private perContainer = new WeakMap<Element, Set<string>>();
  private onPage = new Set<string>();
  /** Flags found on the page: entry and the signatures of its mentions. */
  readonly found = new Map<string, Found>();
  /** Possible matches (free-text claims below the inline tier): listed in the popup, never badged. */
  readonly possible = new Map<string, Found>();
  private removedSigs = new Map<string, number>();
  private containerRemovals = new WeakMap<Element, number>();
  /** Badges inserted on this page (bounded, so a page that fights us cannot make us loop). */
  inserted = 0;
  /** Badges chosen in a dry run (find only). */
  chosenInDryRun = 0;

  /** Notes a mention as badged (now or before) in its container and on the page, and as found. */
  take(container: Element, m: Mention, sig: string): void {
    let inContainer = this.perContainer.get(container);
    if (!inContainer) this.perContainer.set(container, (inContainer = new Set()));
    inContainer.add(m.id);
    this.onPage.add(m.id);
    let f = this.found.get(m.id);
    if (!f) this.found.set(m.id, (f = { entry: m.entry, sigs: new Set() }));
    f.sigs.add(sig);
  }

  /** Notes a lower-confidence match of a free-text claim (no badge). */
  takePossible(m: Mention, sig: string): void {
    let f = this.possible.get(m.id);
    if (!f) this.possible.set(m.id, (f = { entry: m.entry, sigs: new Set() }));
    f.sigs.add(sig);
  }

  /** Whether density or the page's removals rule out a badge for this mention (the cap is the caller's). */
  refused(container: Element, m: Mention, sig: string, density: ScanSettings['density']): boolean {
    if (density === 'paragraph' && this.perContainer.get(container)?.has(m.id)) return true;
    if (density === 'first' && this.onPage.has(m.id)) return true;
    if ((this.removedSigs.get(sig) ?? 0) >= MAX_SIG_REMOVALS) return true;
    return (this.containerRemovals.get(container) ?? 0) >= MAX_CONTAINER_REMOVALS;
  }

  /**
   * The page removed one of our badges: back off from re-adding it, and if the mention itself
   * left the page, stop counting it. Returns whether the flags found changed.
   */
  pageRemoved(rec: BadgeRecord): boolean {
    let changed = false;
    if (!rec.container.isConnected) {
      // The mention itself left the page (a re-render, a route change, a feed dropping old posts).
      const f = this.found.get(rec.id);
      if (f?.sigs.delete(rec.sig)) changed = true;
      if (f && !f.sigs.size) this.found.delete(rec.id);
    } else {
      this.containerRemovals.set(rec.container, (this.containerRemovals.get(rec.container) ?? 0) + 1);
    }
    this.removedSigs.set(rec.sig, (this.removedSigs.get(rec.sig) ?? 0) + 1);
    this.perContainer.get(rec.container)?.delete(rec.id);
    this.onPage.delete(rec.id);
    return changed;
  }
}
