/**
 * Scans a document in small slices that yield to the page (no long tasks), badges mentions
 * according to the density setting, and keeps up with changes through a MutationObserver that
 * rescans only the changed blocks.
 */
import type { Matcher, Mention } from '../match/matcher';
import type { FlagSummary } from '../messages';
import type { Settings } from '../settings';
import { createBadge, type LoadDetails } from './badge';
import { isInsideSkipped, iterateBlocks, locate, OWN_ATTR, type TextBlock } from './text-blocks';

/** Work per slice before yielding back to the page. */
const SLICE_MS = 8;

export interface ScannerOptions {
  matcher: Matcher;
  settings: Settings;
  loadDetails: LoadDetails;
  onFlags: (flags: FlagSummary[], scanned: boolean) => void;
  signal: AbortSignal;
}

const yieldToPage = (): Promise<void> => {
  const sched = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (sched?.yield) return sched.yield();
  return new Promise((r) => setTimeout(r, 0));
};

export class PageScanner {
  private readonly counts = new Map<string, number>();
  /** Flags already badged per container (density "paragraph"). */
  private readonly perContainer = new WeakMap<Element, Set<string>>();
  private readonly onPage = new Set<string>();
  private readonly badged = new WeakSet<Text>();
  private badges = 0;
  private pending = new Set<Node>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private observer: MutationObserver | undefined;
  private running: Promise<void> = Promise.resolve();
  private scannedOnce = false;

  constructor(private readonly opts: ScannerOptions) {}

  start(doc: Document): Promise<void> {
    this.observe(doc);
    this.running = this.scanRoots([doc]).then(() => {
      this.scannedOnce = true;
      this.report();
    });
    return this.running;
  }

  /** Resolves when the current scan (initial or from mutations) has finished. */
  idle(): Promise<void> {
    return this.running;
  }

  stop(): void {
    this.observer?.disconnect();
    clearTimeout(this.flushTimer);
  }

  private async scanRoots(roots: (Document | Element | ShadowRoot)[]): Promise<void> {
    let deadline = performance.now() + SLICE_MS;
    const queue = [...roots];
    while (queue.length) {
      const root = queue.shift()!;
      const shadows: ShadowRoot[] = [];
      for (const block of iterateBlocks(root, shadows)) {
        if (this.opts.signal.aborted) return;
        this.scanBlock(block);
        if (performance.now() > deadline) {
          await yieldToPage();
          deadline = performance.now() + SLICE_MS;
        }
      }
      for (const s of shadows) {
        queue.push(s);
        this.observer?.observe(s, { childList: true, subtree: true, characterData: true });
      }
    }
  }

  private allowed(m: Mention): boolean {
    const s = this.opts.settings;
    return m.kind === 'claim' ? s.showClaims : s.showApps;
  }

  private scanBlock(block: TextBlock): void {
    const mentions = this.opts.matcher.scan(block.text).filter((m) => this.allowed(m));
    if (!mentions.length) return;
    const { density, pageCap } = this.opts.settings;
    let inContainer = this.perContainer.get(block.container);
    if (!inContainer) this.perContainer.set(block.container, (inContainer = new Set()));
    const chosen: Mention[] = [];
    for (const m of mentions) {
      const { node } = locate(block, m.end);
      if (this.badged.has(node) && density !== 'every') continue;
      if (density === 'paragraph' && inContainer.has(m.id)) continue;
      if (density === 'first' && this.onPage.has(m.id)) continue;
      if (this.badges + chosen.length >= pageCap) break;
      inContainer.add(m.id);
      this.onPage.add(m.id);
      chosen.push(m);
    }
    // Insert from the last mention backwards so earlier offsets stay valid after splitting nodes.
    for (const m of chosen.sort((a, b) => b.end - a.end)) this.insertBadge(block, m);
  }

  private insertBadge(block: TextBlock, m: Mention): void {
    const { node, offset } = locate(block, m.end);
    const entry = this.opts.matcher.entries[m.entry]!;
    const doc = node.ownerDocument;
    const badge = createBadge(doc, entry, this.opts.loadDetails);
    // Never inside a link: a click there would follow it. Put the badge after the outermost link.
    let link: Element | null = node.parentElement?.closest('a') ?? null;
    while (link?.parentElement?.closest('a')) link = link.parentElement.closest('a');
    if (link && block.container.contains(link)) {
      link.after(badge);
    } else {
      const tail = offset < node.data.length ? node.splitText(offset) : null;
      if (tail) this.badged.add(tail);
      node.after(badge);
    }
    this.badged.add(node);
    this.badges++;
    this.counts.set(m.id, (this.counts.get(m.id) ?? 0) + 1);
  }

  private observe(doc: Document): void {
    const target = doc.body ?? doc.documentElement;
    if (!target || typeof MutationObserver === 'undefined') return;
    this.observer = new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'characterData') this.queue(r.target);
        else r.addedNodes.forEach((n) => this.queue(n));
      }
    });
    this.observer.observe(target, { childList: true, subtree: true, characterData: true });
  }

  private queue(node: Node): void {
    if (node.nodeType === 1 && (node as Element).hasAttribute(OWN_ATTR)) return;
    if (node.nodeType !== 1 && node.nodeType !== 3) return;
    if (node.nodeType === 3 && this.badged.has(node as Text)) return; // our own splitText
    // A text change rescans its whole block (the mention may span several text nodes).
    const el = node.nodeType === 3 ? node.parentElement : (node as Element);
    if (!el || isInsideSkipped(el)) return;
    this.pending.add(el);
    clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => this.flush(), 150);
  }

  private flush(): void {
    const roots = [...this.pending].filter((n) => n.isConnected) as Element[];
    this.pending = new Set();
    // Drop roots contained in other roots.
    const top = roots.filter((r) => !roots.some((o) => o !== r && o.contains(r)));
    if (!top.length) return;
    this.running = this.running.then(() => this.scanRoots(top)).then(() => this.report());
  }

  private report(): void {
    const flags: FlagSummary[] = [];
    for (const [id, count] of this.counts) {
      const e = this.opts.matcher.entries.find((x) => x.id === id);
      if (e) flags.push({ id, kind: e.kind, name: e.name, label: e.label, tone: e.tone, count });
    }
    this.opts.onFlags(flags, this.scannedOnce);
  }
}
