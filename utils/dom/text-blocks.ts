/**
 * Collects the visible text of a subtree as blocks: runs of text nodes inside one block-level
 * element, joined without separators so a name split by inline markup ("Tik<b>Tok</b>") is
 * still found, while words of neighbouring paragraphs never run together.
 * Skips what must never be touched: editable regions, form controls, code, SVG, hidden text
 * and our own badges.
 *
 * The walk is the scanner's floor cost, so it is allocation-light: it moves by firstChild /
 * nextSibling pointers (no recursion, no child arrays), reads lower-case local names, checks
 * attributes only on elements that have any, and asks the browser for visibility with one
 * `checkVisibility()` per element (no CSSStyleDeclaration per element; see scripts/bench.ts).
 */

export interface TextBlock {
  /** The block-level element the text belongs to (the density unit: "paragraph"). */
  container: Element;
  nodes: Text[];
  /** Start offset of each node's text in `text`. */
  offsets: number[];
  text: string;
}

/** Marks every element the extension inserts, so scans and observers ignore them. */
export const OWN_ATTR = 'data-source-flags';

const SKIP_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'textarea',
  'input',
  'select',
  'option',
  'button',
  'form',
  'code',
  'pre',
  'kbd',
  'samp',
  'var',
  'svg',
  'math',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'canvas',
  'video',
  'audio',
  'head',
  'title',
  'meta',
  'link',
]);

const INLINE_TAGS = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'cite',
  'data',
  'dfn',
  'em',
  'font',
  'i',
  'ins',
  'del',
  'label',
  'mark',
  'q',
  'rp',
  'rt',
  'ruby',
  's',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'time',
  'u',
  'wbr',
  'big',
  'tt',
  'strike',
  'nobr',
]);

const SKIP_ROLES = new Set(['textbox', 'searchbox', 'combobox', 'code']);

/** Elements that may host a shadow root (besides custom elements): the only ones worth asking. */
const SHADOW_HOSTS = new Set([
  'article',
  'aside',
  'blockquote',
  'body',
  'div',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'main',
  'nav',
  'p',
  'section',
  'span',
]);

/**
 * Candidates for the attribute part of isSkippedElement, found in one native pass (a fraction of
 * the cost of asking every element; tags are checked by name during the walk).
 */
const SKIP_SELECTOR = '[hidden],[aria-hidden],[role],[contenteditable],[data-source-flags]';

/** Blocks longer than this are cut so one huge text node cannot stall a slice. */
export const MAX_BLOCK = 50_000;

const nameOf = (el: Element): string => el.localName ?? el.tagName.toLowerCase();

/** Whether an element of this tag starts a new block (not inline markup inside a paragraph). */
export function isBlockElement(el: Element): boolean {
  return !INLINE_TAGS.has(nameOf(el));
}

/** Whether a contenteditable attribute value makes the element editable. */
function editableValue(v: string | null): boolean {
  if (v === null) return false;
  const l = v.toLowerCase();
  return l !== 'false' && l !== 'inherit';
}

/** Whether the element (and so its subtree) must be skipped, by tag and attributes only. */
export function isSkippedElement(el: Element): boolean {
  if (SKIP_TAGS.has(nameOf(el))) return true;
  return el.hasAttributes() && isSkippedByAttributes(el);
}

/** The attribute part of isSkippedElement: ours, hidden, aria-hidden, text-entry roles, editable. */
function isSkippedByAttributes(el: Element): boolean {
  if (el.hasAttribute(OWN_ATTR) || el.hasAttribute('hidden')) return true;
  if (el.getAttribute('aria-hidden') === 'true') return true;
  const role = el.getAttribute('role');
  if (role !== null && SKIP_ROLES.has(role.trim().toLowerCase())) return true;
  return editableValue(el.getAttribute('contenteditable'));
}

type VisibilityCheck = (el: Element) => boolean;

const CHECK_OPTIONS = { visibilityProperty: true, checkVisibilityCSS: true } as const;

/**
 * Returns a "hidden by style" test for elements of `doc`. Browsers get `checkVisibility()`: one
 * call, no style object, and it also sees hidden ancestors. It answers false for
 * `display: contents` (no box of its own), so those get a second look. Emulated DOMs (happy-dom,
 * used by the scan CLI and unit tests) walk all ancestors per call there, so they keep one
 * getComputedStyle per element.
 */
export function visibilityCheck(doc: Document): VisibilityCheck {
  const view = doc.defaultView;
  if (!view) return () => false;
  const emulated = 'happyDOM' in view;
  const probe = doc.documentElement as (Element & { checkVisibility?: unknown }) | null;
  if (!emulated && probe && typeof probe.checkVisibility === 'function') {
    return (el) =>
      !(el as Element & { checkVisibility(o: object): boolean }).checkVisibility(CHECK_OPTIONS) &&
      view.getComputedStyle(el).display !== 'contents';
  }
  return (el) => {
    const style = view.getComputedStyle(el);
    return style.display === 'none' || style.visibility === 'hidden' || style.contentVisibility === 'hidden';
  };
}

/** True when a node sits inside something we must not touch (checked for mutation roots). */
export function isInsideSkipped(node: Node): boolean {
  for (let el = node.nodeType === 1 ? (node as Element) : node.parentElement; el; el = el.parentElement) {
    if (isSkippedElement(el)) return true;
  }
  // Editable through an ancestor across a shadow boundary, design mode, or CSS user-modify.
  const start = node.nodeType === 1 ? (node as HTMLElement) : node.parentElement;
  if (start && (start as HTMLElement).isContentEditable) return true;
  const root = node.getRootNode();
  if (root.nodeType === 11 && (root as ShadowRoot).host) return isInsideSkipped((root as ShadowRoot).host);
  return false;
}

/** The element a text node or inline element belongs to for density ("the paragraph"). */
export function blockContainer(node: Node): Element {
  let el = node.nodeType === 1 ? (node as Element) : node.parentElement;
  while (el && INLINE_TAGS.has(nameOf(el)) && el.parentElement) el = el.parentElement;
  if (el) return el;
  const root = node.getRootNode() as ShadowRoot | Document;
  if (root.nodeType === 11 && (root as ShadowRoot).host) return (root as ShadowRoot).host;
  return (node.ownerDocument ?? (node as Document)).documentElement;
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
 * Walks `root` and returns its text blocks in document order. Iterative (no recursion), so a
 * page nested 5,000 levels deep cannot overflow the stack. `shadowRoots` collects open shadow
 * roots met on the way, for the caller to scan as separate roots.
 */
export function collectBlocks(
  root: Element | ShadowRoot | Document,
  shadowRoots?: ShadowRoot[],
  options?: WalkOptions,
): TextBlock[] {
  return [...iterateBlocks(root, shadowRoots, options)];
}

/**
 * Generator form of collectBlocks, so a scan can stop between blocks and yield to the page.
 * See BlockWalker.
 */
export function* iterateBlocks(
  root: Element | ShadowRoot | Document,
  shadowRoots?: ShadowRoot[],
  options: WalkOptions = {},
): Generator<TextBlock> {
  const walker = new BlockWalker(root, shadowRoots, options);
  for (let b = walker.next(); b; b = walker.next()) yield b;
}

/**
 * A resumable walk over the text blocks of a root: `next()` returns the next block or null.
 * Moves by firstChild / nextSibling / parentNode (no recursion, no child arrays), keeping the
 * block elements it is inside on a stack: entering a non-inline element ends the current block,
 * and so does climbing out of the block element it belongs to.
 * The caller may change the DOM inside blocks already returned (insert badges, split their text
 * nodes); if the page detaches the part being walked while the caller waits, the walk starts
 * over from `root` (the scanner's idempotence makes repeated blocks harmless).
 */
export class BlockWalker {
  private readonly start: Node | null;
  private readonly base: Element | null = null;
  private readonly hidden: VisibilityCheck | null;
  /** Elements of the walk to skip for their attributes, from one querySelectorAll. */
  private readonly skipped = new Set<Element>();
  /**
   * Set by the caller when the page changed the DOM while the walk was paused: elements added
   * since the skip set was collected are then checked one by one.
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
    this.collectSkipped();
    this.node = start.firstChild;
  }

  private collectSkipped(): void {
    const start = this.start as Element | ShadowRoot;
    if (typeof start.querySelectorAll !== 'function') return;
    const found = start.querySelectorAll(SKIP_SELECTOR);
    for (let i = 0; i < found.length; i++) {
      const el = found[i]!;
      if (isSkippedByAttributes(el)) this.skipped.add(el);
    }
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
      this.skipped.clear();
      this.collectSkipped();
      this.dirty = false;
      this.node = this.start!.firstChild;
    }
    return this.walk();
  }

  private walk(): TextBlock | null {
    const start = this.start;
    const hidden = this.hidden;
    const skipped = this.skipped;
    const shadowRoots = this.shadowRoots;
    const undefinedHosts = this.options.undefinedHosts;
    let node = this.node;
    while (node) {
      let out: TextBlock | null = null;
      let child: Node | null = null;
      const type = node.nodeType;
      if (type === 3) {
        const data = (node as Text).data;
        if (data) {
          this.offsets.push(this.text.length);
          this.nodes.push(node as Text);
          this.text += data;
        }
      } else if (type === 1) {
        const el = node as Element;
        const name = el.localName;
        const block = !INLINE_TAGS.has(name);
        if (block) out = this.flush();
        if (
          !SKIP_TAGS.has(name) &&
          !(skipped.size !== 0 && skipped.has(el)) &&
          !(this.dirty && el.hasAttributes() && isSkippedByAttributes(el)) &&
          !(hidden && hidden(el))
        ) {
          const custom = name.includes('-');
          if (custom || SHADOW_HOSTS.has(name)) {
            const shadow = el.shadowRoot;
            if (shadow) shadowRoots?.push(shadow);
            else if (undefinedHosts && custom) undefinedHosts.push(el);
          }
          child = el.firstChild;
          if (child && block) {
            this.containers.push(el);
            this.container = el;
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
          if (node === this.container) {
            out ??= this.flush();
            this.containers.pop();
            this.container = this.containers[this.containers.length - 1] ?? this.base;
          }
        }
      }
      if (out) {
        this.node = node;
        return out;
      }
    }
    this.node = null;
    return this.flush();
  }

  /** Ends the current block; returns it unless it is only white space. */
  private flush(): TextBlock | null {
    const text = this.text;
    if (!this.nodes.length) return null;
    let block: TextBlock | null = null;
    if (/\S/.test(text)) {
      block = { container: this.container!, nodes: this.nodes, offsets: this.offsets, text };
      if (text.length > MAX_BLOCK) {
        this.ready.push(...splitLong(block));
        block = this.ready.shift()!;
      }
    }
    this.nodes = [];
    this.offsets = [];
    this.text = '';
    return block;
  }
}

/**
 * Whether the text of `node` is rendered: its element (and every ancestor) has a box and is not
 * visibility:hidden. For the few places where a mention was found (see WalkOptions.styleCheck).
 */
export function isTextVisible(node: Node): boolean {
  let el = node.nodeType === 1 ? (node as Element) : node.parentElement;
  const doc = node.ownerDocument;
  if (!el || !doc?.defaultView) return true;
  const view = doc.defaultView;
  if ('happyDOM' in view || typeof (el as Element & { checkVisibility?: unknown }).checkVisibility !== 'function') {
    const hidden = visibilityCheck(doc);
    for (; el; el = el.parentElement) if (hidden(el)) return false;
    return true;
  }
  // checkVisibility() sees hidden ancestors too; display:contents has no box of its own, so look above it.
  for (; el; el = el.parentElement) {
    if ((el as Element & { checkVisibility(o: object): boolean }).checkVisibility(CHECK_OPTIONS)) return true;
    if (view.getComputedStyle(el).display !== 'contents') return false;
  }
  return true;
}

function splitLong(block: TextBlock): TextBlock[] {
  // Cut at node boundaries where possible; a single huge node stays whole but is scanned in windows by the caller.
  const out: TextBlock[] = [];
  let cur: TextBlock = { container: block.container, nodes: [], offsets: [], text: '' };
  block.nodes.forEach((n) => {
    if (cur.text.length > 0 && cur.text.length + n.data.length > MAX_BLOCK) {
      out.push(cur);
      cur = { container: block.container, nodes: [], offsets: [], text: '' };
    }
    cur.offsets.push(cur.text.length);
    cur.nodes.push(n);
    cur.text += n.data;
  });
  if (cur.nodes.length) out.push(cur);
  return out;
}

/** The text node and offset inside it for a block offset (the character just before `pos`). */
export function locate(block: TextBlock, pos: number): { node: Text; offset: number } {
  let lo = 0;
  let hi = block.offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (block.offsets[mid]! < pos) lo = mid;
    else hi = mid - 1;
  }
  return { node: block.nodes[lo]!, offset: pos - block.offsets[lo]! };
}
