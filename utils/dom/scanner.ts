/**
 * Scans a document in small slices that yield to the page (no long tasks), badges mentions
 * according to the density setting, and keeps up with changes:
 * - a MutationObserver collects added and changed text and rescans only the blocks that changed,
 *   in batches (at most one batch per `mutationDelayMs`), ignoring the extension's own nodes;
 * - text hidden by style where a mention was found is remembered (bounded) and rescanned when the
 *   page reveals it by a class or inline style change (expanders, tabs, accordions);
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
 * per-page memory (density.ts), the page's changes (page-changes.ts, with mutations.ts and
 * hidden-mentions.ts), navigations (navigation.ts) and slicing (slices.ts).
 */
import type { Matcher, Mention } from '../match/matcher';
import type { FlagSummary } from '../messages';
import type { Settings } from '../settings';
import { createBadge, type BadgePresentation, type LoadDetails } from './badge';
import { verdictOfLabelKey } from '../match/describe';
import { PlacedBadges } from './badge-placement';
import { PageMemory, signature } from './density';
import { isNewPage, watchNavigation } from './navigation';
import { PageChanges } from './page-changes';
import { SLICE_MS, yieldToPage } from './slices';
import { isInsideSkipped, isTextVisible, BlockWalker, locate, OWN_ATTR, type TextBlock } from './text-blocks';

export { isNewPage } from './navigation';
export { MAX_CONTAINER_REMOVALS, MAX_SIG_REMOVALS } from './density';
export { SLICE_MS } from './slices';

/** Mutations are collected for this long, then scanned as one batch. */
export const MUTATION_DELAY_MS = 100;

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
  private chosen: { block: TextBlock; mention: Mention; sig: string }[] = [];
  private cleanups: (() => void)[] = [];
  private stopped = false;
  private lastUrl = '';
  private lastReport = '';
  private scannedOnce = false;
  /** Set when mentions left the page since the last report. */
  private foundChanged = false;
  /** The walk in progress, told when the page changes the DOM while it is paused. */
  private walker: BlockWalker | undefined;

  private readonly badges = new PlacedBadges();
  /** The page's changes: observed, batched, and handed back through the handler below. */
  private readonly changes: PageChanges;
  /** Per-page state (a new one on navigation and reset()). */
  private memory = new PageMemory();
  /** Whether the current settings show badges for an entry, by entry index (filled as met). */
  private allowedEntries: (boolean | undefined)[] = [];

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
    this.changes = new PageChanges(
      this.badges,
      {
        touched: () => {
          if (this.walker) this.walker.dirty = true;
        },
        batch: (roots) => {
          this.stats.batches++;
          this.scanLater(roots);
        },
        lateShadowRoot: (root) => this.scanLater([root]),
        navigated: () => this.checkNavigation(),
        pageRemoved: (rec) => {
          this.stats.pageRemovals++;
          if (this.memory.pageRemoved(rec)) this.foundChanged = true;
        },
        settled: () => {
          // Flags whose mentions left the page are reported gone (at most once per batch of records).
          if (this.foundChanged && this.scannedOnce && !this.pumping) {
            this.foundChanged = false;
            this.report(false);
          }
        },
      },
      opts.mutationDelayMs ?? MUTATION_DELAY_MS,
    );
  }

  /** Starts watching `doc` and scans it; resolves when the first full scan is done. */
  start(doc: Document): Promise<void> {
    this.doc = doc;
    this.lastUrl = doc.location?.href ?? '';
    // Badges left behind by an earlier instance (an extension update) have dead handlers.
    doc.querySelectorAll(`[${OWN_ATTR}]`).forEach((el) => el.remove());
    this.changes.start(doc);
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
    return this.scanAll();
  }

  /** Resolves when no scan is running or queued (mutation batches still waiting are not included). */
  async idle(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  /** Stops observing and scanning; badges stay. */
  stop(): void {
    this.stopped = true;
    this.gen++;
    this.changes.stop();
    for (const c of this.cleanups) c();
    this.cleanups = [];
    this.queue = [];
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
    this.changes.clearPending();
    this.removeAll();
    // The new scan remembers what is hidden under the new lists and settings.
    this.changes.clearHidden();
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
    this.changes.clearPending();
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
        this.changes.observeShadowRoot(s);
        this.queue.push(s);
      }
      for (const el of waiting) this.changes.waitForShadowRoot(el);
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
        if (!this.opts.dryRun && seen.el) this.changes.hiddenMention(seen.el);
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
    this.changes.own(() => {
      for (let i = chosen.length - 1; i >= 0; i--) {
        const { block, mention, sig } = chosen[i]!;
        const entry = this.matcher.entries[mention.entry]!;
        if (this.badges.place(block, mention, sig, (doc) => createBadge(doc, entry, loadDetails, present)))
          this.memory.inserted++;
      }
    });
  }

  // ---- Removing badges and rescanning -------------------------------------------------------------

  private removeAll(): void {
    const recs = [...this.badges.live];
    this.changes.own(() => {
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

  /** Scans `roots` after the scan in progress, then reports what changed. */
  private scanLater(roots: Root[]): void {
    this.queue.push(...roots);
    const gen = this.gen;
    void this.run().then(() => {
      if (gen === this.gen) this.report(false);
    });
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
