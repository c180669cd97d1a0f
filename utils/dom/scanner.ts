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
 * (text-blocks.ts and block-walker.ts), what to badge in a block (block-mentions.ts, with badge
 * placement in badge-placement.ts and density and the per-page memory in density.ts), the page's
 * changes (page-changes.ts, with mutations.ts and hidden-mentions.ts), navigations
 * (navigation.ts), slicing (slices.ts), the text's round trip to the background (batches.ts) and
 * the stats and flag reports (scan-report.ts).
 */
import type { MentionSource } from '../match/mention-source';
import { Batches } from './batches';
import type { FlagSummary } from '../messages';
import type { ScanSettings } from '../settings';
import type { BadgePresentation, LoadDetails, MakeBadge } from './badge-types';
import { PlacedBadges } from './badge-placement';
import { BlockMentions } from './block-mentions';
import { isNewPage, watchNavigation } from './navigation';
import { PageChanges } from './page-changes';
import { FlagReporter, flagSummaries, newScanStats, type ScanStats } from './scan-report';
import { SLICE_MS, yieldToPage } from './slices';
import { isInsideSkipped, BlockWalker } from './text-blocks';
import { removeOwnNodes } from './own-nodes';

// Callers import these from the scanner (the content script, the benchmark page, tests).
export { isNewPage } from './navigation';
export { MAX_CONTAINER_REMOVALS, MAX_SIG_REMOVALS } from './density';
export { SLICE_MS } from './slices';
export type { ScanStats } from './scan-report';
import type { DismissedSet } from '../dismissals';

/** How often settled() looks again while page changes wait to be batched. */
const SETTLE_POLL_MS = 20;

/** Mutations are collected for this long, then scanned as one batch. */
export const MUTATION_DELAY_MS = 100;

/**
 * Chosen badges are inserted when a pass ends or, while a long pass runs, FIRST_COMMIT_MS after it
 * began and then at most every COMMIT_EVERY_MS. Every insertion makes the browser lay out and
 * pre-paint the page again, and on a large page that costs more than the badges: 200 inline
 * elements inserted into the benchmark's 2 MB page cost 70-130 ms of the next frame, most of it
 * PrePaint (the text below them moved), whatever the elements (plain spans cost as much). Most
 * passes end within FIRST_COMMIT_MS, so their badges go in once, at the end. When the first
 * answers were badged at once, the 2 MB page was laid out twice in a pass of 250-400 ms (a trace:
 * two frames, 263 ms, 212 of them PrePaint), and its last badge came at 1.15-1.42x the time of the
 * old in-page scan with 50 entries (0.82x after this change, `npm run bench:compare`). Inserting
 * every 1,000 ms instead of every 100 ms had brought the last badge in at 0.67-1.04x the time.
 */
const FIRST_COMMIT_MS = 250;
const COMMIT_EVERY_MS = 1000;

export interface ScannerOptions {
  /** Finds the mentions in the blocks (the background's index, through messages). */
  source: MentionSource;
  settings: ScanSettings;
  loadDetails: LoadDetails;
  /** Makes a badge (components/badge.ts createBadge). */
  makeBadge: MakeBadge;
  onFlags: (flags: FlagSummary[], scanned: boolean) => void;
  signal: AbortSignal;
  /** Budget of one slice in ms (default SLICE_MS). Infinity scans synchronously (benchmarks). */
  sliceMs?: number;
  /** Find only: choose mentions by the density policy but insert nothing (benchmarks). */
  dryRun?: boolean;
  /** Batching window for mutations (default MUTATION_DELAY_MS). */
  mutationDelayMs?: number;
  /** When a long pass first inserts its badges (default FIRST_COMMIT_MS; tests). */
  firstCommitMs?: number;
  /** Follow single-page-app navigations (default true). */
  followNavigation?: boolean;
  /** Badge style and "applies to you" marks; the content script may update it before reset(). */
  present?: BadgePresentation;
  /** Claims hidden on this site ("Not this claim"); the content script may replace it before reset(). */
  dismissed?: DismissedSet;
}

type Root = Document | Element | ShadowRoot;

export class PageScanner {
  private source: MentionSource;
  private settings: ScanSettings;
  private doc: Document | undefined;
  /** Bumped by reset/navigation/stop: a running pass of an older generation stops at its next yield. */
  private gen = 0;
  private queue: Root[] = [];
  private pumping: Promise<void> | null = null;
  private cleanups: (() => void)[] = [];
  private stopped = false;
  private lastUrl = '';
  private scannedOnce = false;
  /** Set when mentions left the page since the last report. */
  private foundChanged = false;
  /** The walk in progress, told when the page changes the DOM while it is paused. */
  private walker: BlockWalker | undefined;

  private readonly badges = new PlacedBadges();
  /** The page's changes: observed, batched, and handed back through the handler below. */
  private readonly changes: PageChanges;
  /** What to badge, and the per-page state behind it (a new one on navigation and reset()). */
  private mentions: BlockMentions;
  private readonly reporter: FlagReporter;

  readonly stats: ScanStats = newScanStats();

  constructor(private readonly opts: ScannerOptions) {
    this.source = opts.source;
    this.settings = opts.settings;
    this.reporter = new FlagReporter(opts.onFlags);
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
          if (this.mentions.memory.pageRemoved(rec)) this.foundChanged = true;
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
    this.mentions = this.newPageMentions();
  }

  /** Starts watching `doc` and scans it; resolves when the first full scan is done. */
  start(doc: Document): Promise<void> {
    this.doc = doc;
    this.lastUrl = doc.location?.href ?? '';
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
    this.reporter.checking();
    return this.scanAll();
  }

  /** Resolves when no scan is running or queued (mutation batches still waiting are not included). */
  async idle(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  /**
   * Resolves when the page is scanned as it is now: no scan running or queued, and no page change
   * waiting to be batched. Checked every SETTLE_POLL_MS (no event covers all three), so it costs
   * nothing when nobody asks. Used by whenScanned (tests and the demo wait on it, never on sleeps).
   */
  async settled(): Promise<void> {
    for (;;) {
      await this.idle();
      if (this.stopped || (!this.changes.waiting && !this.pumping && !this.queue.length)) return;
      await new Promise((r) => setTimeout(r, SETTLE_POLL_MS));
    }
  }

  /** Badges this scanner has on the page now. */
  get badgeCount(): number {
    return this.badges.size;
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
  reset(source: MentionSource, settings: ScanSettings = this.settings): Promise<void> {
    this.gen++;
    this.pumping = null;
    this.queue = [];
    this.changes.clearPending();
    this.removeAll();
    // The new scan remembers what is hidden under the new lists and settings.
    this.changes.clearHidden();
    this.source = source;
    this.settings = settings;
    this.resetPageState();
    this.scannedOnce = false;
    this.reporter.forget();
    this.reporter.checking();
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
    this.reporter.forget();
    // Clears the toolbar count and tells the popup a check is under way.
    this.reporter.checking();
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
    const startSlice = () => {
      sliceStart = performance.now();
      deadline = sliceStart + sliceMs;
    };
    const endSlice = () => {
      const t = performance.now() - sliceStart;
      if (t > this.stats.maxSliceMs) this.stats.maxSliceMs = t;
      this.stats.busyMs += t;
      this.stats.slices++;
    };
    const live = () => gen === this.gen && !this.stopped && !this.opts.signal.aborted;
    const timeUp = () => sliced && performance.now() > deadline;
    /** Ends the slice and lets the page run; false when this pass is over meanwhile. */
    const pause = async (): Promise<boolean> => {
      endSlice();
      await yieldToPage();
      if (!live()) return false;
      startSlice();
      return true;
    };
    const batches = new Batches(this.source);
    /** Badges the answers that have come back, in order, while the slice lasts. */
    const drain = () => {
      batches.takeReady(
        (block, mentions) => this.mentions.scanBlock(block, mentions),
        () => !timeUp(),
      );
      commit(false);
    };
    // Badges go in when the pass ends, or at FIRST_COMMIT_MS, then at most every COMMIT_EVERY_MS.
    let nextCommit = performance.now() + (this.opts.firstCommitMs ?? FIRST_COMMIT_MS);
    const commit = (final: boolean) => {
      if (!this.mentions.waiting || (!final && performance.now() < nextCommit)) return;
      this.mentions.commit();
      nextCommit = performance.now() + COMMIT_EVERY_MS;
    };
    /** The next answer, or the time to insert the badges waiting, whichever comes first. */
    const answerOrCommit = (next: Promise<void>): Promise<unknown> => {
      const wait = nextCommit - performance.now();
      if (!this.mentions.waiting || wait <= 0) return next;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const due = new Promise<void>((r) => (timer = setTimeout(r, wait)));
      return Promise.race([next, due]).finally(() => clearTimeout(timer));
    };
    while (this.queue.length && live()) {
      const root = this.queue.shift()!;
      if (!this.scannable(root)) continue;
      const shadows: ShadowRoot[] = [];
      const waiting: Element[] = [];
      const walker = new BlockWalker(root, shadows, { styleCheck: false, undefinedHosts: waiting });
      this.walker = walker;
      for (let block = walker.next(); block; block = walker.next()) {
        batches.add(block);
        if (timeUp()) {
          batches.send();
          if (!(await pause())) return;
          // Answers that came back meanwhile are badged before the walk goes on.
          drain();
        }
      }
      for (const s of shadows) {
        this.changes.observeShadowRoot(s);
        this.queue.push(s);
      }
      for (const el of waiting) this.changes.waitForShadowRoot(el);
    }
    batches.send();
    while (batches.waiting && live()) {
      const next = batches.next;
      if (next) {
        // Waiting for the background is not the page's time.
        endSlice();
        await answerOrCommit(next);
        if (!live()) return;
        startSlice();
      }
      drain();
      if (batches.waiting && timeUp() && !(await pause())) return;
    }
    if (!live()) return;
    commit(true);
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

  // ---- Removing badges and rescanning -------------------------------------------------------------

  private removeAll(): void {
    const recs = [...this.badges.live];
    this.changes.own(() => {
      for (const rec of recs) this.badges.remove(rec, true);
      // Hosts of ours we no longer track (moved by the page) go too; a page's look-alikes stay.
      if (this.doc) removeOwnNodes(this.doc);
    });
    this.badges.live.clear();
  }

  private resetPageState(): void {
    this.mentions = this.newPageMentions();
  }

  /**
   * A fresh BlockMentions (density memory, chosen badges, settings per entry) for the current index
   * and settings. A pass of an older generation never reaches it: it stops at its next yield.
   */
  private newPageMentions(): BlockMentions {
    return new BlockMentions(this.source, this.settings, this.opts, this.badges, this.changes, this.stats);
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
    const memory = this.mentions.memory;
    this.reporter.report(flagSummaries(memory.found, this.source.entries, memory.possible), force);
  }
}
