/**
 * Keeps the scanner up with the page's changes (the scanner runs the passes; this decides what to
 * pass it):
 * - one MutationObserver over the document and every open shadow root; added and changed text is
 *   collected and handed over as one batch of outermost blocks per `delayMs`;
 * - the extension's own DOM changes never come back as records (see `own`);
 * - the page's removals: a badge the page removed, or the text node it follows being removed or
 *   rewritten, is taken out cleanly and reported to the scanner (which backs off from re-adding);
 * - a region that becomes editable loses its badges (the whole document too, in designMode, at the
 *   first edit); hidden/aria-hidden removed or details opened
 *   is rescanned; text revealed by class or style is found by the bounded watch in
 *   hidden-mentions.ts;
 * - web components whose shadow root comes after the first scan are checked a few times.
 */
import type { BadgeRecord, PlacedBadges } from './badge-placement';
import { HiddenMentions } from './hidden-mentions';
import { OBSERVE, outermost, rescanTarget } from './mutations';
import { isSkippedElement } from './skip-rules';
import { isOwn } from './own-nodes';

/** Web components whose shadow root may still come, checked after the first scan. */
const MAX_WAITING_HOSTS = 500;
const LATE_SHADOW_CHECKS_MS = [1000, 4000, 15000];

/** What the scanner does when the page changed. */
export interface ChangeHandler {
  /** The page changed the DOM (a walk paused meanwhile must not trust what it collected). */
  touched(): void;
  /** Blocks to rescan, outermost only, at most one batch per delay. */
  batch(roots: Element[]): void;
  /** An open shadow root that came after its host was scanned. */
  lateShadowRoot(root: ShadowRoot): void;
  /** Asked before each batch: true when a navigation started a new page (it rescans everything). */
  navigated(): boolean;
  /** The page removed one of our badges or the text it follows (the badge is already gone). */
  pageRemoved(rec: BadgeRecord): void;
  /** One observer callback was handled. */
  settled(): void;
}

export class PageChanges {
  private observer: MutationObserver | undefined;
  private pending = new Set<Element>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private timers = new Set<ReturnType<typeof setTimeout>>();
  /** The page's records taken out of the observer while we changed the DOM, still to handle. */
  private deferred: MutationRecord[] = [];
  private handling = false;
  private stopped = false;
  private waitingHosts = new Set<Element>();
  private doc: Document | undefined;
  /** Where mentions were hidden by style: rescanned when the page reveals them by class or style. */
  private hidden = new HiddenMentions({ onRevealed: (els) => els.forEach((el) => this.enqueue(el)) });

  constructor(
    private readonly badges: PlacedBadges,
    private readonly handler: ChangeHandler,
    private readonly delayMs: number,
  ) {}

  /** Starts observing `doc`, and looks for late shadow roots a few times. */
  start(doc: Document): void {
    this.doc = doc;
    if (typeof MutationObserver !== 'undefined') {
      this.observer = new MutationObserver((records) => this.handleRecords(records));
      this.observer.observe(doc, OBSERVE);
    }
    for (const ms of LATE_SHADOW_CHECKS_MS) this.later(() => this.checkWaitingHosts(), ms);
  }

  stop(): void {
    this.stopped = true;
    this.observer?.disconnect();
    this.observer = undefined;
    clearTimeout(this.flushTimer);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.pending.clear();
    this.hidden.stop();
  }

  /**
   * True while page changes wait to be handed over: a batch being collected, or a reveal check
   * scheduled. (The late shadow-root checks are not counted: they rarely find anything.)
   */
  get waiting(): boolean {
    return !this.stopped && (this.flushTimer !== undefined || this.hidden.scheduled);
  }

  /** Drops the changes not yet handed over (a full rescan follows). */
  clearPending(): void {
    this.pending.clear();
  }

  /** Forgets the hidden mentions (a new scan with new lists or settings finds them again). */
  clearHidden(): void {
    this.hidden.clear();
  }

  /** Observes an open shadow root like the document. */
  observeShadowRoot(root: ShadowRoot): void {
    this.observer?.observe(root, OBSERVE);
  }

  /** A custom element without a shadow root yet: its definition may still load. */
  waitForShadowRoot(host: Element): void {
    if (this.waitingHosts.size < MAX_WAITING_HOSTS) this.waitingHosts.add(host);
  }

  /** A mention in the text of `el` was hidden by style: rescan it if the page reveals it. */
  hiddenMention(el: Element): void {
    this.hidden.add(el);
  }

  /**
   * Runs `fn`, which changes the DOM, so that the observer never sees those changes: records
   * already queued (the page's) are kept for processing, ours are dropped.
   */
  own(fn: () => void): void {
    const obs = this.observer;
    if (obs) this.deferred.push(...obs.takeRecords());
    fn();
    obs?.takeRecords();
    if (this.deferred.length && !this.handling) this.handleRecords([]);
  }

  private handleRecords(records: MutationRecord[]): void {
    if (this.stopped) return;
    if (this.doc?.designMode === 'on') {
      // The whole document became editable (designMode sets no attribute to observe), and the
      // user is editing it: our badges must not become part of what is saved. Nothing is scanned
      // while it stays editable (PageScanner checks designMode too).
      if (this.badges.size) this.own(() => [...this.badges.live].forEach((r) => this.badges.remove(r, true)));
      return;
    }
    this.handling = true;
    if (records.length) this.handler.touched();
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
    this.handler.settled();
  }

  private enqueue(node: Node): void {
    const target = rescanTarget(node);
    if (!target) return;
    this.pending.add(target);
    this.scheduleFlush();
  }

  private attributeChanged(el: Element, name: string): void {
    if (isOwn(el)) return;
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
    }, this.delayMs);
  }

  private flush(): void {
    if (this.stopped) return;
    if (this.handler.navigated()) return; // a new page rescans everything anyway
    this.checkWaitingHosts();
    const roots = outermost(this.pending);
    this.pending = new Set();
    if (roots.length) this.handler.batch(roots);
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
    for (const rec of [...gone, ...orphaned]) this.handler.pageRemoved(rec);
  }

  /** The page rewrote a text node we split (a framework re-render): our split-off copy is stale. */
  private pageRewroteHead(rec: BadgeRecord): void {
    this.own(() => this.badges.remove(rec, false));
    this.handler.pageRemoved(rec);
  }

  private checkWaitingHosts(): void {
    for (const el of this.waitingHosts) {
      if (!el.isConnected) this.waitingHosts.delete(el);
      else if (el.shadowRoot) {
        this.waitingHosts.delete(el);
        this.observeShadowRoot(el.shadowRoot);
        this.handler.lateShadowRoot(el.shadowRoot);
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
}
