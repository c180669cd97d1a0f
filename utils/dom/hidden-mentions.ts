/**
 * Mentions skipped because their text was hidden by style, remembered so that a page revealing
 * them later by changing a class or an inline style ("Read more" expanders, tabs, accordions)
 * gets its badges. The MutationObserver of the scanner does not watch class and style: pages that
 * animate change them many times a second, and re-checking visibility forces a style recalculation.
 * So this watch is bounded and cheap:
 * - at most `max` elements are remembered (the parent elements of hidden mentions), through
 *   WeakRefs so a page that drops them can collect them; disconnected ones are pruned;
 * - class/style are observed only while something is remembered (no observer at all on pages where
 *   no mention was ever hidden), and records are not looked at one by one beyond our own nodes;
 * - at most one check per `intervalMs`, of the remembered elements only (never the page).
 */
import { isOwn } from './own-nodes';
import { isTextVisible } from './visibility';

/**
 * Elements remembered at most; the oldest make room for new ones. A long FAQ or a page of tabs
 * hides hundreds of mentions; a check of 1,000 elements after a style change costs about a
 * millisecond (one style recalculation, which the page's next frame needs anyway, then cheap
 * checkVisibility calls).
 */
export const MAX_HIDDEN = 1000;
/** At most one visibility check of the remembered elements per this many ms. */
export const REVEAL_CHECK_MS = 300;

/**
 * What the reveal watch observes: the attributes pages reveal content with, directly (class,
 * style) or through CSS selectors on a toggle or state attribute (ARIA disclosure buttons, the
 * data-state of component libraries such as Radix).
 */
export const REVEAL_OBSERVE: MutationObserverInit = {
  attributes: true,
  subtree: true,
  attributeFilter: ['class', 'style', 'aria-expanded', 'aria-selected', 'data-state', 'data-expanded'],
};

export interface HiddenMentionsOptions {
  /** Called with the remembered elements that became visible (each forgotten then). */
  onRevealed: (els: Element[]) => void;
  max?: number;
  intervalMs?: number;
}

export class HiddenMentions {
  /** Oldest first. WeakRefs: a remembered element must not keep a subtree the page dropped alive. */
  private refs: WeakRef<Element>[] = [];
  /** Elements in `refs`, so a block with many hidden mentions is remembered once. */
  private known = new WeakSet<Element>();
  private observer: MutationObserver | undefined;
  private doc: Document | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastCheck = -Infinity;
  private stopped = false;
  private readonly max: number;
  private readonly intervalMs: number;
  /** Visibility checks run (each over the remembered elements only). */
  checks = 0;

  constructor(private readonly opts: HiddenMentionsOptions) {
    this.max = opts.max ?? MAX_HIDDEN;
    this.intervalMs = opts.intervalMs ?? REVEAL_CHECK_MS;
  }

  get size(): number {
    return this.refs.length;
  }

  /** Remembers `el`, whose text holds a mention that was hidden by style. */
  add(el: Element): void {
    if (this.stopped || this.known.has(el) || !el.isConnected) return;
    if (this.refs.length >= this.max) this.prune();
    if (this.refs.length >= this.max) {
      // Still full: forget the oldest. Long-lived pages (feeds) keep adding hidden content, and
      // what came last is the likeliest to be revealed next.
      const old = this.refs.shift()!.deref();
      if (old) this.known.delete(old);
    }
    this.refs.push(new WeakRef(el));
    this.known.add(el);
    this.watch(el);
  }

  /** Forgets everything and stops observing (badges removed, or the scanner stopped). */
  clear(): void {
    this.refs = [];
    this.known = new WeakSet();
    this.unwatch();
  }

  stop(): void {
    this.stopped = true;
    this.clear();
  }

  /** A check is scheduled (a class or style changed since the last one). */
  get scheduled(): boolean {
    return this.timer !== undefined;
  }

  /**
   * Checks the remembered elements now: those that became visible are handed to `onRevealed`
   * and forgotten, disconnected ones are dropped. Returns how many were revealed.
   */
  check(): number {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped) return 0;
    this.checks++;
    this.lastCheck = performance.now();
    const revealed: Element[] = [];
    const kept: WeakRef<Element>[] = [];
    for (const ref of this.refs) {
      const el = ref.deref();
      if (!el || !el.isConnected) {
        if (el) this.known.delete(el);
      } else if (isTextVisible(el)) {
        this.known.delete(el);
        revealed.push(el);
      } else kept.push(ref);
    }
    this.refs = kept;
    if (!kept.length) this.unwatch();
    if (revealed.length) this.opts.onRevealed(revealed);
    return revealed.length;
  }

  /** Drops the remembered elements that were garbage collected or left the page. */
  private prune(): void {
    this.refs = this.refs.filter((ref) => {
      const el = ref.deref();
      if (el && el.isConnected) return true;
      if (el) this.known.delete(el);
      return false;
    });
    if (!this.refs.length) this.unwatch();
  }

  /**
   * Observes class/style of the document and of every shadow root between it and `el` (a class
   * change inside a web component reveals its content too). Observing a node again only replaces
   * the options, so this is safe to repeat.
   */
  private watch(el: Element): void {
    if (typeof MutationObserver === 'undefined') return;
    if (!this.observer) {
      this.observer = new MutationObserver((records) => this.changed(records));
      this.doc = el.ownerDocument;
      this.observer.observe(this.doc, REVEAL_OBSERVE);
    }
    for (let root = el.getRootNode(); root.nodeType === 11; ) {
      this.observer.observe(root, REVEAL_OBSERVE);
      const host = (root as ShadowRoot).host;
      if (!host) break;
      root = host.getRootNode();
    }
  }

  private unwatch(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** A class or style changed somewhere: schedule one check (never more than one per interval). */
  private changed(records: MutationRecord[]): void {
    if (this.timer !== undefined || this.stopped) return;
    // Only our own badge hosts changing (their style while highlighted) is no reason to look.
    let theirs = false;
    for (const r of records) {
      if (!isOwn(r.target)) {
        theirs = true;
        break;
      }
    }
    if (!theirs) return;
    const wait = Math.max(0, this.lastCheck + this.intervalMs - performance.now());
    this.timer = setTimeout(() => this.check(), wait);
  }
}
