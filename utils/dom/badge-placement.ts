/**
 * Where a badge goes in the DOM and how it comes out again. A badge sits right after the
 * mention's last text node (which is split there), or after the outermost link around the
 * mention (never inside a link: clicking the badge must not navigate). Every badge is recorded
 * with what we split, so removing it puts the page's text back exactly as it was.
 */
import type { Mention } from '../match/matcher';
import { locate, type TextBlock } from './locate';
import { isOwn } from './own-nodes';

export interface BadgeRecord {
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

function isOurBadge(n: Node | null): n is HTMLElement {
  return isOwn(n);
}

/** The outermost link around `node` inside the block's container: badges go after it, never inside. */
function linkAround(node: Node, container: Element): Element | null {
  let link: Element | null = null;
  for (let el = node.parentElement; el && el !== container; el = el.parentElement) {
    if (el.localName === 'a') link = el;
  }
  return link;
}

/** A node's parent; a shadow root's host (a block's container may be the host of its text). */
function parentOrHost(n: Node): Node | null {
  return n.parentNode ?? (n.nodeType === 11 ? ((n as ShadowRoot).host ?? null) : null);
}

/** The badges on the page, by record and by the text node they follow. */
export class PlacedBadges {
  readonly live = new Set<BadgeRecord>();
  private heads = new WeakMap<Text, BadgeRecord>();
  /**
   * Every node that holds one of our badges (each host's ancestors), or null until asked. Made on
   * the first question of a task and dropped when that task's script is over (a microtask) or when
   * we place or remove a badge: nothing else changes the DOM while our script runs. Past the page
   * cap, most blocks with a mention hold no badge; proving it by reading their text nodes was a
   * tenth of a large page's time.
   */
  private holders: Set<Node> | null = null;

  get size(): number {
    return this.live.size;
  }

  /** Whether our badge for this mention's entry already sits right after the mention. */
  hasBadge(block: TextBlock, m: Mention): boolean {
    // A badge after the mention has a parent inside the block's container (see place()).
    if (!this.holding(block.container)) return false;
    const { node, offset } = locate(block, m.end);
    const link = linkAround(node, block.container);
    let next: Node | null;
    if (link) next = link.nextSibling;
    else if (offset >= node.data.length) next = node.nextSibling;
    else return false;
    for (; isOurBadge(next); next = next.nextSibling) {
      if (next.getAttribute('data-flag-id') === m.id) return true;
    }
    return false;
  }

  /** Whether `el` holds one of our badges, at any depth. */
  private holding(el: Element): boolean {
    let holders = this.holders;
    if (!holders) {
      holders = new Set<Node>();
      for (const rec of this.live) {
        for (let n: Node | null = rec.host.parentNode; n && !holders.has(n); n = parentOrHost(n)) holders.add(n);
      }
      this.holders = holders;
      queueMicrotask(() => (this.holders = null));
    }
    return holders.has(el);
  }

  /** Puts `host` after the mention (splitting its text node) and records it; false if the text left the page. */
  place(block: TextBlock, m: Mention, sig: string, makeHost: (doc: Document) => HTMLElement): boolean {
    const { node, offset } = locate(block, m.end);
    if (!node.parentNode) return false;
    const host = makeHost(node.ownerDocument);
    const rec: BadgeRecord = { host, id: m.id, sig, container: block.container, head: null, tail: null, tailText: '' };
    const link = linkAround(node, block.container);
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
    this.holders = null;
    return true;
  }

  /** The badge that follows this text node, if any (the page rewrote the node). */
  following(text: Text): BadgeRecord | undefined {
    return this.heads.get(text);
  }

  /**
   * Removes a badge; `restore` joins the split text back together, otherwise our split-off
   * remainder goes too (the page rewrote or moved the text we split: the remainder is stale).
   */
  remove(rec: BadgeRecord, restore: boolean): void {
    this.live.delete(rec);
    this.holders = null;
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

  /** Badges the page took out (`gone`) or whose text node it removed or moved (`orphaned`). */
  takenByPage(): { gone: BadgeRecord[]; orphaned: BadgeRecord[] } {
    const gone: BadgeRecord[] = [];
    const orphaned: BadgeRecord[] = [];
    for (const rec of this.live) {
      if (!rec.host.isConnected) gone.push(rec);
      else if (rec.head && rec.head.parentNode !== rec.host.parentNode) orphaned.push(rec);
    }
    return { gone, orphaned };
  }

  /** Forgets badges that are no longer in the document (a navigation replaced the content). */
  pruneDisconnected(): void {
    this.holders = null;
    for (const rec of this.live) if (!rec.host.isConnected) this.live.delete(rec);
  }
}
