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
 */
import type { Matcher, Mention } from '../match/matcher';
import type { FlagSummary } from '../messages';
import type { Settings } from '../settings';
import { createBadge, type BadgePresentation, type LoadDetails } from './badge';
import { verdictOfLabelKey } from '../match/describe';
import {
  blockContainer,
  isBlockElement,
  isInsideSkipped,
  isSkippedElement,
  isTextVisible,
  BlockWalker,
  locate,
  OWN_ATTR,
  visibilityCheck,
  type TextBlock,
} from './text-blocks';

/** Work per slice before yielding back to the page. */
export const SLICE_MS = 8;
/** Mutations are collected for this long, then scanned as one batch. */
export const MUTATION_DELAY_MS = 100;
/** A mention whose badge the page removed this many times is not badged again on this page. */
export const MAX_SIG_REMOVALS = 2;
/** A container from which the page removed this many badges gets no more. */
export const MAX_CONTAINER_REMOVALS = 3;
/** Characters of context on each side that identify a mention across rescans. */
const SIG_CONTEXT = 24;
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

interface BadgeRecord {
  host: HTMLElement;
  id: string;
  sig: string;
  container: Element;
  /** The text node the badge follows, when the badge is not placed after a link. */
  head: Text | null;
  /** The part of `head` we split off, and its text at that time. */
  tail: Text | null;
  tailText: string;
}

interface Found {
  entry: number;
  sigs: Set<string>;
}

type Root = Document | Element | ShadowRoot;

const OBSERVE: MutationObserverInit = {
  childList: true,
  subtree: true,
  characterData: true,
  attributes: true,
  attributeFilter: ['hidden', 'open', 'aria-hidden', 'contenteditable'],
};

const yieldToPage = (): Promise<void> => {
  const sched = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (sched?.yield) return sched.yield();
  return new Promise((r) => setTimeout(r, 0));
};

/** Whether moving from `prev` to `next` is a new page (path or query changed, or a hash route). */
export function isNewPage(prev: string, next: string): boolean {
  if (prev === next) return false;
  let a: URL;
  let b: URL;
  try {
    a = new URL(prev);
    b = new URL(next);
  } catch {
    return true;
  }
  if (a.origin !== b.origin || a.pathname !== b.pathname || a.search !== b.search) return true;
  // Same document, different fragment: only hash routers ("#/inbox", "#!/post/1") change page;
  // a table-of-contents jump ("#history") does not.
  const route = (h: string) => h.startsWith('#/') || h.startsWith('#!');
  return a.hash !== b.hash && (route(a.hash) || route(b.hash));
}

function isOurBadge(n: Node | null): n is HTMLElement {
  return n !== null && n.nodeType === 1 && (n as Element).getAttribute(OWN_ATTR) === 'badge';
}

export class PageScanner {
  private matcher: Matcher;
  private settings: Settings;
  private doc: Document | undefined;
  /** Bumped by reset/navigation/stop: a running pass of an older generation stops at its next yield. */
  private gen = 0;
  private queue: Root[] = [];
  private pumping: Promise<void> | null = null;
  private observer: MutationObserver | undefined;
  private pending = new Set<Node>();
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

  // Per-page state (reset by navigation and reset()).
  private perContainer = new WeakMap<Element, Set<string>>();
  private onPage = new Set<string>();
  private found = new Map<string, Found>();
  private live = new Set<BadgeRecord>();
  private heads = new WeakMap<Text, BadgeRecord>();
  private removedSigs = new Map<string, number>();
  private containerRemovals = new WeakMap<Element, number>();
  private insertedOnPage = 0;
  private chosenInDryRun = 0;

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
    if (this.opts.followNavigation !== false && doc.defaultView) this.watchNavigation(doc.defaultView);
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
    this.matcher = matcher;
    this.settings = settings;
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
    this.pruneDisconnected();
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
        if (performance.now() > deadline) {
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
    if (isInsideSkipped(root.nodeType === 11 ? el : root)) return false;
    return !(root.nodeType === 1 && visibilityCheck(el.ownerDocument)(el));
  }

  private allowed(m: Mention): boolean {
    if (m.kind === 'app') return this.settings.showApps;
    if (!this.settings.showClaims) return false;
    const verdict = verdictOfLabelKey(this.matcher.entries[m.entry]!.labelKey);
    return !verdict || this.settings.verdicts.includes(verdict);
  }

  private shown(): number {
    return this.opts.dryRun ? this.chosenInDryRun : this.live.size + this.chosen.length;
  }

  private scanBlock(block: TextBlock): void {
    this.stats.blocks++;
    const mentions = this.matcher.scan(block.text);
    if (!mentions.length) return;
    const { density, pageCap } = this.settings;
    const budget = pageCap * 3;
    let inContainer = this.perContainer.get(block.container);
    for (const m of mentions) {
      if (!this.allowed(m) || !this.visible(block, m)) continue;
      this.stats.mentions++;
      if (!inContainer) this.perContainer.set(block.container, (inContainer = new Set()));
      const sig = signature(block.text, m);
      if (!this.opts.dryRun && this.hasBadge(block, m)) {
        // Scanned before (a rescan of a changed block, or a new page after a navigation).
        inContainer.add(m.id);
        this.onPage.add(m.id);
        this.addFound(m, sig);
        continue;
      }
      if (density === 'paragraph' && inContainer.has(m.id)) continue;
      if (density === 'first' && this.onPage.has(m.id)) continue;
      if ((this.removedSigs.get(sig) ?? 0) >= MAX_SIG_REMOVALS) continue;
      if ((this.containerRemovals.get(block.container) ?? 0) >= MAX_CONTAINER_REMOVALS) continue;
      if (this.shown() >= pageCap || this.insertedOnPage + this.chosen.length >= budget) break;
      inContainer.add(m.id);
      this.onPage.add(m.id);
      this.addFound(m, sig);
      this.stats.inserted++;
      if (this.opts.dryRun) this.chosenInDryRun++;
      else this.chosen.push({ block, mention: m, sig });
    }
  }

  /** Text hidden by style is walked (cheaper than asking for every element) but never badged. */
  private visible(block: TextBlock, m: Mention): boolean {
    const end = locate(block, m.end).node;
    if (!isTextVisible(end)) return false;
    const start = locate(block, m.start + 1).node;
    return start === end || isTextVisible(start);
  }

  private addFound(m: Mention, sig: string): void {
    let f = this.found.get(m.id);
    if (!f) this.found.set(m.id, (f = { entry: m.entry, sigs: new Set() }));
    f.sigs.add(sig);
  }

  /** The outermost link around `node` inside the block's container: badges go after it, never inside. */
  private linkAround(node: Node, container: Element): Element | null {
    let link: Element | null = null;
    for (let el = node.parentElement; el && el !== container; el = el.parentElement) {
      if (el.localName === 'a') link = el;
    }
    return link;
  }

  /** Whether our badge for this mention's entry already sits right after the mention. */
  private hasBadge(block: TextBlock, m: Mention): boolean {
    const { node, offset } = locate(block, m.end);
    const link = this.linkAround(node, block.container);
    let next: Node | null;
    if (link) next = link.nextSibling;
    else if (offset >= node.data.length) next = node.nextSibling;
    else return false;
    for (; isOurBadge(next); next = next.nextSibling) {
      if (next.getAttribute('data-flag-id') === m.id) return true;
    }
    return false;
  }

  /** Inserts the badges chosen in this slice (from the last mention of each block backwards). */
  private commit(): void {
    if (!this.chosen.length) return;
    const chosen = this.chosen;
    this.chosen = [];
    this.own(() => {
      for (let i = chosen.length - 1; i >= 0; i--) {
        const { block, mention, sig } = chosen[i]!;
        this.insertBadge(block, mention, sig);
      }
    });
  }

  private insertBadge(block: TextBlock, m: Mention, sig: string): void {
    const { node, offset } = locate(block, m.end);
    if (!node.parentNode) return;
    const entry = this.matcher.entries[m.entry]!;
    const host = createBadge(node.ownerDocument, entry, this.opts.loadDetails, this.opts.present);
    const rec: BadgeRecord = { host, id: m.id, sig, container: block.container, head: null, tail: null, tailText: '' };
    const link = this.linkAround(node, block.container);
    if (link) {
      link.after(host);
    } else {
      if (offset < node.data.length) {
        rec.tail = node.splitText(offset);
        rec.tailText = rec.tail.data;
      }
      node.after(host);
      rec.head = node;
      this.heads.set(node, rec);
    }
    this.live.add(rec);
    this.insertedOnPage++;
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

  /** Removes a badge we inserted; `restore` joins the split text back together. */
  private unbadge(rec: BadgeRecord, restore: boolean): void {
    this.live.delete(rec);
    if (rec.head) this.heads.delete(rec.head);
    const { host, head, tail } = rec;
    host.remove();
    if (!tail || !tail.parentNode || tail.data !== rec.tailText) return;
    if (restore && head && head.nextSibling === tail) {
      head.appendData(tail.data);
      tail.remove();
    } else if (!restore) {
      tail.remove();
    }
  }

  private removeAll(): void {
    const recs = [...this.live];
    this.own(() => {
      for (const rec of recs) this.unbadge(rec, true);
      // Hosts we no longer track (copies made by the page) go too.
      this.doc?.querySelectorAll(`[${OWN_ATTR}]`).forEach((el) => el.remove());
    });
    this.live.clear();
  }

  private pruneDisconnected(): void {
    for (const rec of this.live) if (!rec.host.isConnected) this.live.delete(rec);
  }

  private resetPageState(): void {
    this.perContainer = new WeakMap();
    this.onPage = new Set();
    this.found = new Map();
    this.removedSigs = new Map();
    this.containerRemovals = new WeakMap();
    this.insertedOnPage = 0;
    this.chosenInDryRun = 0;
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
            const rec = this.heads.get(r.target as Text);
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
    let target: Node;
    if (node.nodeType === 3) {
      if (!(node as Text).data) return;
      target = blockContainer(node);
    } else if (node.nodeType === 1) {
      const el = node as Element;
      if (el.hasAttribute(OWN_ATTR)) return;
      target = isBlockElement(el) ? el : blockContainer(el);
    } else return;
    this.pending.add(target);
    this.scheduleFlush();
  }

  private attributeChanged(el: Element, name: string): void {
    if (el.hasAttribute(OWN_ATTR)) return;
    if (name === 'contenteditable' && isSkippedElement(el)) {
      // Now editable: our badges must not become part of what the user edits and saves.
      const inside = [...this.live].filter((r) => el.contains(r.host));
      if (inside.length) this.own(() => inside.forEach((r) => this.unbadge(r, true)));
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
    const set = this.pending;
    this.pending = new Set();
    const roots: Element[] = [];
    for (const n of set) {
      if (!n.isConnected) continue;
      let covered = false;
      for (let a = n.parentNode; a && !covered; a = a.parentNode) covered = set.has(a);
      if (!covered) roots.push(n as Element);
    }
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
    const gone: BadgeRecord[] = [];
    const orphaned: BadgeRecord[] = [];
    for (const rec of this.live) {
      if (!rec.host.isConnected) gone.push(rec);
      else if (rec.head && rec.head.parentNode !== rec.host.parentNode) orphaned.push(rec);
    }
    if (!gone.length && !orphaned.length) return;
    this.own(() => {
      // The page removed our badge: put the text we split back together.
      for (const rec of gone) this.unbadge(rec, true);
      // The page removed or moved the text node we split: the badge and our remainder go too.
      for (const rec of orphaned) this.unbadge(rec, false);
    });
    for (const rec of [...gone, ...orphaned]) this.pageRemoved(rec);
  }

  /** The page rewrote a text node we split (a framework re-render): our split-off copy is stale. */
  private pageRewroteHead(rec: BadgeRecord): void {
    this.own(() => this.unbadge(rec, false));
    this.pageRemoved(rec);
  }

  private pageRemoved(rec: BadgeRecord): void {
    this.stats.pageRemovals++;
    if (!rec.container.isConnected) {
      // The mention itself left the page (a re-render, a route change, a feed dropping old posts).
      const f = this.found.get(rec.id);
      if (f?.sigs.delete(rec.sig)) this.foundChanged = true;
      if (f && !f.sigs.size) this.found.delete(rec.id);
    }
    this.removedSigs.set(rec.sig, (this.removedSigs.get(rec.sig) ?? 0) + 1);
    if (rec.container.isConnected) {
      this.containerRemovals.set(rec.container, (this.containerRemovals.get(rec.container) ?? 0) + 1);
    }
    this.perContainer.get(rec.container)?.delete(rec.id);
    this.onPage.delete(rec.id);
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

  private watchNavigation(win: Window): void {
    const onChange = () => void this.checkNavigation();
    const nav = (win as Window & { navigation?: EventTarget }).navigation;
    if (nav && typeof nav.addEventListener === 'function') {
      nav.addEventListener('currententrychange', onChange);
      this.cleanups.push(() => nav.removeEventListener('currententrychange', onChange));
    }
    const onShow = (e: PageTransitionEvent) => {
      // Back from the back/forward cache: the toolbar count was cleared, report again.
      if (e.persisted) this.report(true);
    };
    win.addEventListener('popstate', onChange);
    win.addEventListener('hashchange', onChange);
    win.addEventListener('pageshow', onShow);
    this.cleanups.push(() => {
      win.removeEventListener('popstate', onChange);
      win.removeEventListener('hashchange', onChange);
      win.removeEventListener('pageshow', onShow);
    });
  }

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
    for (const [id, f] of this.found) {
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

/** A mention's identity across rescans: entry, matched text and a little context around it. */
function signature(text: string, m: Mention): string {
  const before = text.slice(Math.max(0, m.start - SIG_CONTEXT), m.start);
  const after = text.slice(m.end, m.end + SIG_CONTEXT);
  return `${m.id}\u0001${before}\u0001${m.text}\u0001${after}`.replace(/\s+/g, ' ');
}
