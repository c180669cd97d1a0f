/**
 * Scans a document in small slices that yield to the page (no long tasks), badges mentions
 * according to the density setting, and keeps up with changes:
 * - a MutationObserver collects added and changed text and rescans only the blocks that changed,
 *   in batches (at most one batch per `mutationDelayMs`), ignoring the extension's own nodes;
 * - open shadow roots are scanned and observed like the document (also when a web component
 *   attaches its shadow root after the first scan);
 * - single-page-app navigations (Navigation API, popstate, hashchange, or a URL change noticed
 *   with the next mutation batch) start a new page: the per-page state is reset and flags are
 *   reported again;
 * - idempotent: a mention that already has our badge after it is never badged again, badges the
 *   page removes are re-added at most once per mention and never in a container the page keeps
 *   clearing, and the number of insertions per page is bounded;
 * - text nodes we split are put back together when badges are removed, and when the page rewrites
 *   or removes a text node we split, our badge and the split-off remainder go too (frameworks that
 *   own the node would otherwise leave a stale copy of the remainder on screen).
 *
 * This module runs the passes and holds them together; the parts live beside it: the walk
 * (text-blocks.ts and block-walker.ts), badge placement (badge-placement.ts), density and the
 * per-page memory (density.ts), change batching (mutations.ts), navigations (navigation.ts) and
 * slicing (slices.ts).
 */
import type { Matcher, Mention } from '../match/matcher';
import type { FlagSummary } from '../messages';
import type { Settings } from '../settings';
import { createBadge, type BadgePresentation, type LoadDetails } from './badge';
import { verdictOfLabelKey } from '../match/describe';
import { PlacedBadges, type BadgeRecord } from './badge-placement';
import { PageMemory, signature } from './density';
import { HiddenMentions } from './hidden-mentions';
import { OBSERVE, outermost, rescanTarget } from './mutations';
import { isNewPage, watchNavigation } from './navigation';
import { SLICE_MS, yieldToPage } from './slices';
import {
  isInsideSkipped,
  isSkippedElement,
  isTextVisible,
  BlockWalker,
  locate,
  OWN_ATTR,
  type TextBlock,
} from './text-blocks';

export { isNewPage } from './navigation';
export { MAX_CONTAINER_REMOVALS, MAX_SIG_REMOVALS } from './density';
export { SLICE_MS } from './slices';

/** Mutations are collected for this long, then scanned as one batch. */
export const MUTATION_DELAY_MS = 100;
/** Web components whose shadow root may still come, checked after the first scan. */
const MAX_WAITING_HOSTS = 500;
const LATE_SHADOW_CHECKS_MS = [1000, 4000, 15000];

export interface ScannerOptions {
  matcher: Matcher;
  settings: Settings;
  loadDetails: LoadDetails;
  onFlags: (flags: FlagSummary[], scanned: boolean) => void;
  signal: AbortSignal;
  /** Budget of one slice in ms (default SLICE_MS). Infinity scans synchronously (benchmarks). */
  sliceMs?: number;
  /** Find only: choose mentions by the density policy but insert nothing (benchmarks). */
  dryRun?: boolean;
  /** Batching window for mutations (default MUTATION_DELAY_MS). */
  mutationDelayMs?: number;
  /** Follow single-page-app navigations (default true). */
  followNavigation?: boolean;
  /** Badge style and "applies to you" marks; the content script may update it before reset(). */
  present?: BadgePresentation;
}

export interface ScanStats {
  slices: number;
  /** Longest synchronous stretch of scanning between two yields, in ms. */
  maxSliceMs: number;
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

type Root = Document | Element | ShadowRoot;

export class PageScanner {
  private matcher: Matcher;
  private settings: Settings;
  private doc: Document | undefined;
  /** Bumped by reset/navigation/stop: a running pass of an older generation stops at its next yield. */
  private gen = 0;
  private queue: Root[] = [];
  private pumping: Promise<void> | null = null;
  private observer: MutationObserver | undefined;
  private pending = new Set<Element>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private timers = new Set<ReturnType<typeof setTimeout>>();
  private deferred: MutationRecord[] = [];
  private handling = false;
  private chosen: { block: TextBlock; mention: Mention; sig: string }[] = [];
  private cleanups: (() => void)[] = [];
  private stopped = false;
  private lastUrl = '';
  private lastReport = '';
  private scannedOnce = false;
  private waitingHosts = new Set<Element>();
  /** Set when mentions left the page since the last report. */
  private foundChanged = false;
  /** The walk in progress, told when the page changes the DOM while it is paused. */
  private walker: BlockWalker | undefined;

  private badges = new PlacedBadges();
  /** Per-page state (a new one on navigation and reset()). */
  private memory = new PageMemory();
  /** Whether the current settings show badges for an entry, by entry index (filled as met). */
  private allowedEntries: (boolean | undefined)[] = [];
  /** Where mentions were hidden by style: rescanned when the page reveals them by class or style. */
  private hidden = new HiddenMentions({ onRevealed: (els) => els.forEach((el) => this.enqueue(el)) });

  readonly stats: ScanStats = {
    slices: 0,
    maxSliceMs: 0,
    blocks: 0,
    mentions: 0,
    inserted: 0,
    pageRemovals: 0,
    batches: 0,
    navigations: 0,
  };

  constructor(private readonly opts: ScannerOptions) {
    this.matcher = opts.matcher;
    this.settings = opts.settings;
  }

  /** Starts watching `doc` and scans it; resolves when the first full scan is done. */
  start(doc: Document): Promise<void> {
    this.doc = doc;
    this.lastUrl = doc.location?.href ?? '';
    // Badges left behind by an earlier instance (an extension update) have dead handlers.
    doc.querySelectorAll(`[${OWN_ATTR}]`).forEach((el) => el.remove());
    this.observe(doc);
    if (this.opts.followNavigation !== false && doc.defaultView) {
      const stopWatching = watchNavigation(
        doc.defaultView,
        () => void this.checkNavigation(),
        // Back from the back/forward cache: the toolbar count was cleared, report again.
        () => this.report(true),
      );
      this.cleanups.push(stopWatching);
    }
    const onAbort = () => this.stop();
    this.opts.signal.addEventListener('abort', onAbort, { once: true });
    this.cleanups.push(() => this.opts.signal.removeEventListener('abort', onAbort));
    // A new page in this tab: the toolbar count of the last one goes, the popup says "Checking…".
    this.opts.onFlags([], false);
    const done = this.scanAll();
    for (const ms of LATE_SHADOW_CHECKS_MS) this.later(() => this.checkWaitingHosts(), ms);
    return done;
  }

  /** Resolves when no scan is running or queued (mutation batches still waiting are not included). */
  async idle(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  /** Stops observing and scanning; badges stay. */
  stop(): void {
    this.stopped = true;
    this.gen++;
    this.observer?.disconnect();
    this.observer = undefined;
    clearTimeout(this.flushTimer);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const c of this.cleanups) c();
    this.cleanups = [];
    this.pending.clear();
    this.queue = [];
    this.hidden.stop();
  }

  /** Stops and removes every badge (the extension was disabled or updated). */
  destroy(): void {
    this.stop();
    this.removeAll();
  }

  /**
   * Removes all badges and scans the page again with a new index and settings (the lists or
   * settings changed). Resolves when the new scan is done.
   */
  reset(matcher: Matcher, settings: Settings = this.settings): Promise<void> {
    this.gen++;
    this.pumping = null;
    this.queue = [];
    this.pending.clear();
    this.removeAll();
    // The new scan remembers what is hidden under the new lists and settings.
    this.hidden.clear();
    this.matcher = matcher;
    this.settings = settings;
    this.allowedEntries = [];
    this.resetPageState();
    this.scannedOnce = false;
    this.lastReport = '';
    this.opts.onFlags([], false);
    return this.scanAll();
  }

  /** A single-page-app navigation: a new page for density, the page cap and the flags reported. */
  navigated(): Promise<void> {
    this.stats.navigations++;
    this.gen++;
    this.pumping = null;
    this.queue = [];
    this.pending.clear();
    this.badges.pruneDisconnected();
    this.resetPageState();
    this.scannedOnce = false;
    this.lastReport = '';
    // Clears the toolbar count and tells the popup a check is under way.
    this.opts.onFlags([], false);
    return this.scanAll();
  }

  // ---- Scanning --------------------------------------------------------------------------------

  private scanAll(): Promise<void> {
    if (!this.doc || this.stopped) return Promise.resolve();
    this.queue.push(this.doc);
    const gen = this.gen;
    return this.run().then(() => {
      if (gen !== this.gen || this.stopped) return;
      this.scannedOnce = true;
      this.report(true);
    });
  }

  private run(): Promise<void> {
    if (!this.pumping) {
      const gen = this.gen;
      const p = this.pump(gen).finally(() => {
        if (this.pumping === p) this.pumping = null;
      });
      this.pumping = p;
    }
    return this.pumping;
  }

  private async pump(gen: number): Promise<void> {
    const sliceMs = this.opts.sliceMs ?? SLICE_MS;
    const sliced = sliceMs !== Infinity;
    let sliceStart = performance.now();
    let deadline = sliceStart + sliceMs;
    const endSlice = () => {
      const t = performance.now() - sliceStart;
      if (t > this.stats.maxSliceMs) this.stats.maxSliceMs = t;
      this.stats.slices++;
    };
    const live = () => gen === this.gen && !this.stopped && !this.opts.signal.aborted;
    while (this.queue.length && live()) {
      const root = this.queue.shift()!;
      if (!this.scannable(root)) continue;
      const shadows: ShadowRoot[] = [];
      const waiting: Element[] = [];
      const walker = new BlockWalker(root, shadows, { styleCheck: false, undefinedHosts: waiting });
      this.walker = walker;
      for (let block = walker.next(); block; block = walker.next()) {
        this.scanBlock(block);
        if (sliced && performance.now() > deadline) {
          this.commit();
          endSlice();
          await yieldToPage();
          if (!live()) return;
          sliceStart = performance.now();
          deadline = sliceStart + sliceMs;
        }
      }
      for (const s of shadows) {
        this.observer?.observe(s, OBSERVE);
        this.queue.push(s);
      }
      for (const el of waiting) if (this.waitingHosts.size < MAX_WAITING_HOSTS) this.waitingHosts.add(el);
    }
    if (!live()) return;
    this.commit();
    endSlice();
  }

  private scannable(root: Root): boolean {
    if (root.nodeType === 9) {
      const d = root as Document;
      return d.designMode !== 'on' && !!(d.body ?? d.documentElement);
    }
    const el = root.nodeType === 11 ? (root as ShadowRoot).host : (root as Element);
    if (!el.isConnected) return false;
    // Hidden by style is not a reason to skip: content loaded into a collapsed panel is walked
    // like the first scan walks hidden text, so its hidden mentions are remembered for the reveal.
    return !isInsideSkipped(root.nodeType === 11 ? el : root);
  }

  /** Whether the settings show badges of this mention's kind and verdict (asked once per entry). */
  private allowed(m: Mention): boolean {
    let yes = this.allowedEntries[m.entry];
    if (yes === undefined) {
      if (m.kind === 'app') yes = this.settings.showApps;
      else if (!this.settings.showClaims) yes = false;
      else {
        const verdict = verdictOfLabelKey(this.matcher.entries[m.entry]!.labelKey);
        yes = !verdict || this.settings.verdicts.includes(verdict);
      }
      this.allowedEntries[m.entry] = yes;
    }
    return yes;
  }

  private shown(): number {
    return this.opts.dryRun ? this.memory.chosenInDryRun : this.badges.size + this.chosen.length;
  }

  private scanBlock(block: TextBlock): void {
    this.stats.blocks++;
    const mentions = this.matcher.scan(block.text);
    if (!mentions.length) return;
    // Everything below is per mention: blocks without one (nearly all of a page) cost nothing more.
    const { density, pageCap } = this.settings;
    const budget = pageCap * 3;
    const memory = this.memory;
    const seen: VisibilitySeen = { el: null, visible: true };
    for (const m of mentions) {
      if (!this.allowed(m)) continue;
      if (!this.visible(block, m, seen)) {
        // Hidden by style: `seen.el` is the hidden text's element; it may be revealed later.
        if (!this.opts.dryRun && seen.el) this.hidden.add(seen.el);
        continue;
      }
      this.stats.mentions++;
      const sig = signature(block.text, m);
      if (!this.opts.dryRun && this.badges.hasBadge(block, m)) {
        // Scanned before (a rescan of a changed block, or a new page after a navigation).
        memory.take(block.container, m, sig);
        continue;
      }
      if (memory.refused(block.container, m, sig, density)) continue;
      if (this.shown() >= pageCap || memory.inserted + this.chosen.length >= budget) break;
      memory.take(block.container, m, sig);
      this.stats.inserted++;
      if (this.opts.dryRun) memory.chosenInDryRun++;
      else this.chosen.push({ block, mention: m, sig });
    }
  }

  /**
   * Text hidden by style is walked (cheaper than asking for every element) but never badged.
   * Mentions of one block mostly share their element, so the last answer is kept for the block.
   */
  private visible(block: TextBlock, m: Mention, seen: VisibilitySeen): boolean {
    const end = locate(block, m.end).node;
    if (!visibleText(end, seen)) return false;
    const start = locate(block, m.start + 1).node;
    return start === end || visibleText(start, seen);
  }

  /** Inserts the badges chosen in this slice (from the last mention of each block backwards). */
  private commit(): void {
    if (!this.chosen.length) return;
    const chosen = this.chosen;
    this.chosen = [];
    const { loadDetails, present } = this.opts;
    this.own(() => {
      for (let i = chosen.length - 1; i >= 0; i--) {
        const { block, mention, sig } = chosen[i]!;
        const entry = this.matcher.entries[mention.entry]!;
        if (this.badges.place(block, mention, sig, (doc) => createBadge(doc, entry, loadDetails, present)))
          this.memory.inserted++;
      }
    });
  }

  // ---- Our own mutations -------------------------------------------------------------------------

  /**
   * Runs `fn`, which changes the DOM, so that the observer never sees those changes: records
   * already queued (the page's) are kept for processing, ours are dropped.
   */
  private own(fn: () => void): void {
    const obs = this.observer;
    if (obs) this.deferred.push(...obs.takeRecords());
    fn();
    obs?.takeRecords();
    if (this.deferred.length && !this.handling) this.handleRecords([]);
  }

  private removeAll(): void {
    const recs = [...this.badges.live];
    this.own(() => {
      for (const rec of recs) this.badges.remove(rec, true);
      // Hosts we no longer track (copies made by the page) go too.
      this.doc?.querySelectorAll(`[${OWN_ATTR}]`).forEach((el) => el.remove());
    });
    this.badges.live.clear();
  }

  private resetPageState(): void {
    this.memory = new PageMemory();
    this.chosen = [];
  }

  // ---- Changes -------------------------------------------------------------------------------------

  private observe(doc: Document): void {
    if (typeof MutationObserver === 'undefined') return;
    this.observer = new MutationObserver((records) => this.handleRecords(records));
    this.observer.observe(doc, OBSERVE);
  }

  private handleRecords(records: MutationRecord[]): void {
    if (this.stopped) return;
    this.handling = true;
    if (this.walker && records.length) this.walker.dirty = true;
    try {
      let batch = records;
      while (batch.length || this.deferred.length) {
        if (!batch.length) {
          batch = this.deferred;
          this.deferred = [];
        }
        let removals = false;
        for (const r of batch) {
          if (r.type === 'childList') {
            if (r.removedNodes.length) removals = true;
            for (let i = 0; i < r.addedNodes.length; i++) this.enqueue(r.addedNodes[i]!);
          } else if (r.type === 'characterData') {
            const rec = this.badges.following(r.target as Text);
            if (rec && rec.host.isConnected) this.pageRewroteHead(rec);
            this.enqueue(r.target);
          } else if (r.type === 'attributes') {
            this.attributeChanged(r.target as Element, r.attributeName ?? '');
          }
        }
        batch = [];
        if (removals) this.checkBadges();
      }
    } finally {
      this.handling = false;
    }
    // Flags whose mentions left the page are reported gone (at most once per batch of records).
    if (this.foundChanged && this.scannedOnce && !this.pumping) {
      this.foundChanged = false;
      this.report(false);
    }
  }

  private enqueue(node: Node): void {
    const target = rescanTarget(node);
    if (!target) return;
    this.pending.add(target);
    this.scheduleFlush();
  }

  private attributeChanged(el: Element, name: string): void {
    if (el.hasAttribute(OWN_ATTR)) return;
    if (name === 'contenteditable' && isSkippedElement(el)) {
      // Now editable: our badges must not become part of what the user edits and saves.
      const inside = [...this.badges.live].filter((r) => el.contains(r.host));
      if (inside.length) this.own(() => inside.forEach((r) => this.badges.remove(r, true)));
      return;
    }
    // Revealed (hidden or aria-hidden removed, details opened): scan it.
    if (!isSkippedElement(el)) this.enqueue(el);
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== undefined || this.stopped) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flush();
    }, this.opts.mutationDelayMs ?? MUTATION_DELAY_MS);
  }

  private flush(): void {
    if (this.stopped) return;
    if (this.checkNavigation()) return; // a new page rescans everything anyway
    this.checkWaitingHosts();
    const roots = outermost(this.pending);
    this.pending = new Set();
    if (!roots.length) return;
    this.stats.batches++;
    this.queue.push(...roots);
    const gen = this.gen;
    void this.run().then(() => {
      if (gen === this.gen) this.report(false);
    });
  }

  /** The page's own removals: forget the badge, and back off from re-adding it. */
  private checkBadges(): void {
    const { gone, orphaned } = this.badges.takenByPage();
    if (!gone.length && !orphaned.length) return;
    this.own(() => {
      // The page removed our badge: put the text we split back together.
      for (const rec of gone) this.badges.remove(rec, true);
      // The page removed or moved the text node we split: the badge and our remainder go too.
      for (const rec of orphaned) this.badges.remove(rec, false);
    });
    for (const rec of [...gone, ...orphaned]) this.pageRemoved(rec);
  }

  /** The page rewrote a text node we split (a framework re-render): our split-off copy is stale. */
  private pageRewroteHead(rec: BadgeRecord): void {
    this.own(() => this.badges.remove(rec, false));
    this.pageRemoved(rec);
  }

  private pageRemoved(rec: BadgeRecord): void {
    this.stats.pageRemovals++;
    if (this.memory.pageRemoved(rec)) this.foundChanged = true;
  }

  private checkWaitingHosts(): void {
    for (const el of this.waitingHosts) {
      if (!el.isConnected) this.waitingHosts.delete(el);
      else if (el.shadowRoot) {
        this.waitingHosts.delete(el);
        this.observer?.observe(el.shadowRoot, OBSERVE);
        this.queue.push(el.shadowRoot);
        void this.run().then(() => this.report(false));
      }
    }
  }

  private later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    }, ms);
    this.timers.add(t);
  }

  // ---- Navigation ----------------------------------------------------------------------------------

  /** Starts a new page when the URL changed to another page; true when it did. */
  private checkNavigation(): boolean {
    if (!this.doc || this.opts.followNavigation === false) return false;
    const url = this.doc.location?.href ?? '';
    if (url === this.lastUrl) return false;
    const prev = this.lastUrl;
    this.lastUrl = url;
    if (!isNewPage(prev, url)) return false;
    void this.navigated();
    return true;
  }

  // ---- Reporting -----------------------------------------------------------------------------------

  private report(force: boolean): void {
    if (!this.scannedOnce || this.stopped) return;
    const flags: FlagSummary[] = [];
    for (const [id, f] of this.memory.found) {
      const e = this.matcher.entries[f.entry];
      if (e) {
        const { kind, name, label, labelKey, tone } = e;
        flags.push({ id, kind, name, label, labelKey, labelCount: e.count, tone, count: f.sigs.size });
      }
    }
    const key = JSON.stringify(flags);
    if (!force && key === this.lastReport) return;
    this.lastReport = key;
    this.opts.onFlags(flags, true);
  }
}

/** The last element whose visibility was asked for in a block, and the answer. */
interface VisibilitySeen {
  el: Element | null;
  visible: boolean;
}

function visibleText(node: Text, seen: VisibilitySeen): boolean {
  const el = node.parentElement;
  if (el !== null && el === seen.el) return seen.visible;
  const visible = isTextVisible(node);
  seen.el = el;
  seen.visible = visible;
  return visible;
}
