/**
 * The walk that cuts a subtree's visible text into blocks: runs of text nodes inside one
 * block-level element, joined without separators so a name split by inline markup
 * ("Tik<b>Tok</b>") is still found, while words of neighbouring paragraphs never run together.
 *
 * This walk is the scanner's floor cost (the matcher runs on what it returns), so it does as little
 * as the DOM allows (measured in headless Chromium on the benchmark's 2 MB page, 80,000 text nodes
 * and 47,000 elements: from about 2x a bare TreeWalker to about 1x):
 * - a paragraph of text and plain inline markup, with nothing to skip inside (the usual case), is
 *   proven so by one native querySelector and read with one textContent; its text nodes and
 *   offsets are collected only if asked for (where the matcher found a mention);
 * - everything else is walked node by node, by firstChild / nextSibling / parentNode (no
 *   recursion, no child arrays, no NodeFilter callback into JS);
 * - one Map look-up per element gives inline / skipped / may-host-a-shadow-root (tags.ts);
 * - elements skipped for their attributes come from one native querySelectorAll, in document
 *   order, so the walk compares each element with the next candidate (no attribute reads, no Set
 *   look-up per element);
 * - hidden-by-style is the caller's choice: per element (`styleCheck`), or per mention (the scanner);
 * - white-space-only runs between blocks (one per block element in indented HTML) reuse their
 *   arrays instead of allocating new ones.
 */
import { locate, type TextBlock } from './locate';
import { isSkippedByAttributes, SKIP_SELECTOR, skippedByAttributes } from './skip-rules';
import {
  blockContainer,
  CUSTOM,
  HOST,
  INLINE,
  INLINE_NAMES,
  INLINE_SKIPPED_NAMES,
  isBlockElement,
  kindOf,
  SKIP,
} from './tags';
import { visibilityCheck } from './visibility';

export { locate, type TextBlock };

/** Blocks longer than this are cut so one huge text node cannot stall a slice. */
export const MAX_BLOCK = 50_000;

/**
 * Any element that is not plain inline markup, or that may be skipped for its attributes. A block
 * element without one inside is a paragraph of plain text and inline markup: one block, exactly
 * its `textContent` (see BlockWalker.wholeElement).
 */
const NOT_PLAIN = `:not(${INLINE_NAMES.join(',')}),${INLINE_SKIPPED_NAMES.join(',')},${SKIP_SELECTOR}`;

/** NodeFilter.SHOW_TEXT | NodeFilter.SHOW_CDATA_SECTION (NodeFilter is not a global in every DOM we run in). */
const SHOW_TEXT_AND_CDATA = 0x4 | 0x8;

/** Node.DOCUMENT_POSITION_PRECEDING (Node is not a global in every DOM we run in). */
const DOCUMENT_POSITION_PRECEDING = 0x2;

/**
 * The spans under `root` with an open shadow root, in document order. A static list: a live
 * getElementsByTagName collection would stay cached and registered with the document.
 */
function spanShadowHosts(root: Element | ShadowRoot): Element[] {
  const out: Element[] = [];
  const spans = root.querySelectorAll('span');
  for (let i = 0; i < spans.length; i++) if (spans[i]!.shadowRoot) out.push(spans[i]!);
  return out;
}

/** Options of a walk. */
export interface WalkOptions {
  /**
   * Skip elements hidden by style (display:none, visibility:hidden, content-visibility:hidden)
   * during the walk, asking for every element (default). The page scanner turns this off and
   * checks only where it found a mention (see `isTextVisible`): one style query per mention
   * instead of one per element, which is most of the walk's cost on a large page.
   */
  styleCheck?: boolean;
  /** Collects custom elements without a shadow root yet (their definition may load later). */
  undefinedHosts?: Element[];
}

/**
 * A resumable walk over the text blocks of a root: `next()` returns the next block or null.
 * Iterative, so a page nested 5,000 levels deep cannot overflow the stack. Keeps the block
 * elements it is inside on a stack: entering a non-inline element ends the current block, and
 * so does climbing out of the block element it belongs to. `shadowRoots` collects open shadow
 * roots met on the way, for the caller to scan as separate roots.
 * The caller may change the DOM inside blocks already returned (insert badges, split their text
 * nodes); if the page detaches the part being walked while the caller waits, the walk starts
 * over from `root` (the scanner's idempotence makes repeated blocks harmless).
 */
export class BlockWalker {
  private readonly start: Node | null;
  private readonly base: Element | null = null;
  private readonly hidden: ((el: Element) => boolean) | null;
  /** Elements of the walk skipped for their attributes, in document order, and the next one to meet. */
  private skips: Element[] = [];
  private skipAt = 0;
  /**
   * Set by the caller when the page changed the DOM while the walk was paused: from then on every
   * element's attributes are checked (elements added since the candidates were collected are not
   * among them).
   */
  dirty = false;
  private node: Node | null = null;
  private containers: Element[] = [];
  private container: Element | null = null;
  private nodes: Text[] = [];
  private offsets: number[] = [];
  private text = '';
  private ready: TextBlock[] = [];
  private restarts = 0;
  /**
   * Spans under the start with an open shadow root, in document order (almost always none), and
   * the first not yet passed: wholeElement reads a paragraph without visiting its spans. One query
   * per walk replaced one per paragraph, a tenth of the page's time on a large page.
   */
  private spanHosts: Element[] = [];
  private hostAt = 0;

  constructor(
    root: Element | ShadowRoot | Document,
    private readonly shadowRoots?: ShadowRoot[],
    private readonly options: WalkOptions = {},
  ) {
    const doc = root.nodeType === 9 ? (root as Document) : root.ownerDocument;
    this.start = root.nodeType === 9 ? (doc?.body ?? doc?.documentElement ?? null) : root;
    this.hidden = doc && options.styleCheck !== false ? visibilityCheck(doc) : null;
    const start = this.start;
    if (!start || !doc) return;
    if (start.nodeType === 1 && (start as Element).shadowRoot && shadowRoots)
      shadowRoots.push((start as Element).shadowRoot!);
    this.base = start.nodeType === 1 && isBlockElement(start as Element) ? (start as Element) : blockContainer(start);
    this.container = this.base;
    this.skips = skippedByAttributes(start as Element | ShadowRoot);
    this.spanHosts = shadowRoots ? spanShadowHosts(start as Element | ShadowRoot) : [];
    this.node = start.firstChild;
  }

  next(): TextBlock | null {
    if (this.ready.length) return this.ready.shift()!;
    if (this.node && this.restarts < 3 && !this.start!.contains(this.node)) {
      // The page moved or removed what we were about to read while the caller waited.
      this.restarts++;
      this.nodes = [];
      this.offsets = [];
      this.text = '';
      this.containers = [];
      this.container = this.base;
      this.skips = skippedByAttributes(this.start as Element | ShadowRoot);
      this.skipAt = 0;
      this.spanHosts = this.shadowRoots ? spanShadowHosts(this.start as Element | ShadowRoot) : [];
      this.hostAt = 0;
      this.dirty = false;
      this.node = this.start!.firstChild;
    }
    return this.walk();
  }

  private walk(): TextBlock | null {
    // The hot state lives in locals while walking; fields are written back on the way out.
    const start = this.start;
    const base = this.base!;
    const hidden = this.hidden;
    const dirty = this.dirty;
    const skips = this.skips;
    const shadowRoots = this.shadowRoots;
    const undefinedHosts = this.options.undefinedHosts;
    const containers = this.containers;
    let nextSkip: Element | null = skips[this.skipAt] ?? null;
    let container = this.container!;
    let nodes = this.nodes;
    let offsets = this.offsets;
    let text = this.text;
    let node = this.node;
    let out: TextBlock | null = null;
    /** Ends the block being collected; its arrays go with it only if it was handed out. */
    const endBlock = (): void => {
      out = this.emit(container, nodes, offsets, text);
      text = '';
      if (out) {
        nodes = [];
        offsets = [];
      } else {
        // Indentation between block elements: nothing was handed out, keep the arrays.
        nodes.length = 0;
        offsets.length = 0;
      }
    };
    while (node) {
      let child: Node | null = null;
      const type = node.nodeType;
      if (type === 3) {
        const data = (node as Text).data;
        if (data) {
          offsets.push(text.length);
          nodes.push(node as Text);
          text += data;
        }
      } else if (type === 1) {
        const el = node as Element;
        const kind = kindOf(el.localName);
        const block = (kind & INLINE) === 0;
        if (block && nodes.length) endBlock();
        if (
          (kind & SKIP) !== 0 ||
          el === nextSkip ||
          (dirty && el.hasAttributes() && isSkippedByAttributes(el)) ||
          (hidden !== null && hidden(el))
        ) {
          // Candidates inside a skipped subtree are never met: step past them.
          while (nextSkip !== null && el.contains(nextSkip)) nextSkip = skips[++this.skipAt] ?? null;
        } else {
          if ((kind & HOST) !== 0) {
            const shadow = el.shadowRoot;
            if (shadow) shadowRoots?.push(shadow);
            else if (undefinedHosts && (kind & CUSTOM) !== 0) undefinedHosts.push(el);
          }
          child = el.firstChild;
          if (child && block) {
            const whole = hidden === null ? this.wholeElement(el) : undefined;
            if (whole === undefined) {
              containers.push(el);
              container = el;
            } else {
              // A paragraph read in one call: its subtree is done.
              child = null;
              if (whole && out) this.ready.push(whole);
              else if (whole) out = whole;
            }
          }
        }
      }
      if (child) node = child;
      else {
        // Next sibling, or climb, ending the blocks we leave.
        for (;;) {
          const next: Node | null = node!.nextSibling;
          if (next) {
            node = next;
            break;
          }
          node = node!.parentNode;
          if (!node || node === start) {
            node = null;
            break;
          }
          if (node === container) {
            if (!out && nodes.length) endBlock();
            containers.pop();
            container = containers[containers.length - 1] ?? base;
          }
        }
      }
      if (out) break;
    }
    // The end of the walk ends the last block.
    if (!node && !out && nodes.length) endBlock();
    this.node = node;
    this.container = container;
    this.nodes = nodes;
    this.offsets = offsets;
    this.text = text;
    return out;
  }

  /**
   * The fast path for the common paragraph (text and inline markup only, nothing to skip): one
   * native query proves it, one `textContent` reads it, and its nodes and offsets are only
   * collected if the caller asks (when the matcher found something). On the benchmark's 2 MB page
   * this reads most of the text without visiting its nodes from script. Returns undefined when
   * the element needs the node-by-node walk, null when it holds only white space.
   */
  private wholeElement(el: Element): TextBlock | null | undefined {
    if (el.querySelector(NOT_PLAIN) !== null) return undefined;
    const text = el.textContent ?? '';
    if (text.length > MAX_BLOCK) return undefined;
    // Spans may carry shadow roots (the other inline tags cannot): those inside this paragraph.
    // Hosts before it were met by the walk, or skipped with what holds them.
    const hosts = this.spanHosts;
    while (this.hostAt < hosts.length) {
      const host = hosts[this.hostAt]!;
      if (el.contains(host)) this.shadowRoots?.push(host.shadowRoot!);
      else if (!(el.compareDocumentPosition(host) & DOCUMENT_POSITION_PRECEDING)) break;
      this.hostAt++;
    }
    return /\S/.test(text) ? new WholeElementBlock(el, text) : null;
  }

  /** A finished run of text as a block, or null when it is only white space; long ones are cut. */
  private emit(container: Element, nodes: Text[], offsets: number[], text: string): TextBlock | null {
    if (!/\S/.test(text)) return null;
    const block: TextBlock = { container, nodes, offsets, text };
    if (text.length <= MAX_BLOCK) return block;
    this.ready.push(...splitLong(block));
    return this.ready.shift()!;
  }
}

/**
 * A block that is all of one element's text (BlockWalker.wholeElement). Its text nodes and
 * their offsets are read from the DOM when first asked for, so a block without mentions never
 * pays for them; callers ask before they change the block's DOM (the scanner does, while it
 * checks the mentions' visibility).
 */
class WholeElementBlock implements TextBlock {
  private textNodes: Text[] | null = null;
  private starts: number[] = [];

  constructor(
    readonly container: Element,
    readonly text: string,
  ) {}

  get nodes(): Text[] {
    return this.textNodes ?? this.read();
  }

  /**
   * Whether the element still holds the text that was read. Its nodes, once read, must also all
   * be in it still (a node replaced by an equal one would leave the mentions pointing at the old
   * one); before that, they will be read from the element as it is.
   */
  unchanged(): boolean {
    const root = this.container;
    if (!root.isConnected || root.textContent !== this.text) return false;
    return !this.textNodes || this.textNodes.every((n) => root.contains(n));
  }

  get offsets(): number[] {
    if (!this.textNodes) this.read();
    return this.starts;
  }

  private read(): Text[] {
    const nodes: Text[] = [];
    const starts: number[] = [];
    const root = this.container;
    // A native walk over text and CDATA nodes (what textContent concatenates), reading lengths
    // only: no string is made.
    const walker = root.ownerDocument.createTreeWalker(root, SHOW_TEXT_AND_CDATA);
    let at = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const length = (node as Text).length;
      if (length) {
        starts.push(at);
        nodes.push(node as Text);
        at += length;
      }
    }
    this.textNodes = nodes;
    this.starts = starts;
    return nodes;
  }
}

/** Cuts a long block at node boundaries; a single huge node stays whole (the caller scans it in windows). */
function splitLong(block: TextBlock): TextBlock[] {
  const out: TextBlock[] = [];
  let cur: TextBlock = { container: block.container, nodes: [], offsets: [], text: '' };
  for (const n of block.nodes) {
    if (cur.text.length > 0 && cur.text.length + n.data.length > MAX_BLOCK) {
      out.push(cur);
      cur = { container: block.container, nodes: [], offsets: [], text: '' };
    }
    cur.offsets.push(cur.text.length);
    cur.nodes.push(n);
    cur.text += n.data;
  }
  if (cur.nodes.length) out.push(cur);
  return out;
}

/**
 * Walks `root` and returns its text blocks in document order (all at once; see BlockWalker).
 */
export function collectBlocks(
  root: Element | ShadowRoot | Document,
  shadowRoots?: ShadowRoot[],
  options?: WalkOptions,
): TextBlock[] {
  return [...iterateBlocks(root, shadowRoots, options)];
}

/** Generator form of collectBlocks, so a caller can stop between blocks. See BlockWalker. */
export function* iterateBlocks(
  root: Element | ShadowRoot | Document,
  shadowRoots?: ShadowRoot[],
  options: WalkOptions = {},
): Generator<TextBlock> {
  const walker = new BlockWalker(root, shadowRoots, options);
  for (let b = walker.next(); b; b = walker.next()) yield b;
}
