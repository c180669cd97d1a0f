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
  if (!el.hasAttributes()) return false;
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

/**
 * Walks `root` and returns its text blocks in document order. Iterative (no recursion), so a
 * page nested 5,000 levels deep cannot overflow the stack. `shadowRoots` collects open shadow
 * roots met on the way, for the caller to scan as separate roots.
 */
export function collectBlocks(root: Element | ShadowRoot | Document, shadowRoots?: ShadowRoot[]): TextBlock[] {
  return [...iterateBlocks(root, shadowRoots)];
}

/**
 * Generator form of collectBlocks, so a scan can stop between blocks and yield to the page.
 * The caller may change the DOM inside blocks already returned (insert badges, split their text
 * nodes); if the page detaches the part being walked while the caller waits, the walk starts
 * over from `root` (the scanner's idempotence makes repeated blocks harmless).
 * `undefinedHosts` collects custom elements without a shadow root yet (their definition may
 * load later and attach one).
 */
export function* iterateBlocks(
  root: Element | ShadowRoot | Document,
  shadowRoots?: ShadowRoot[],
  undefinedHosts?: Element[],
): Generator<TextBlock> {
  const doc = root.nodeType === 9 ? (root as Document) : root.ownerDocument;
  const start: Node | null = root.nodeType === 9 ? (doc!.body ?? doc!.documentElement) : root;
  if (!start || !doc) return;
  const hidden = visibilityCheck(doc);
  if (start.nodeType === 1 && (start as Element).shadowRoot && shadowRoots)
    shadowRoots.push((start as Element).shadowRoot!);

  // Block containers of the current position: pushed on entering a block element, popped on leaving.
  const base: Element =
    start.nodeType === 1 && isBlockElement(start as Element) ? (start as Element) : blockContainer(start);
  const containers: Element[] = [base];
  let container = base;
  let nodes: Text[] = [];
  let offsets: number[] = [];
  let text = '';
  let out: TextBlock[] = [];

  const flush = (): void => {
    if (!nodes.length) return;
    if (/\S/.test(text)) {
      const block: TextBlock = { container, nodes, offsets, text };
      if (text.length > MAX_BLOCK) out.push(...splitLong(block));
      else out.push(block);
    }
    nodes = [];
    offsets = [];
    text = '';
  };

  let node: Node | null = start.firstChild;
  let restarts = 0;
  while (node) {
    const type = node.nodeType;
    let descend = false;
    if (type === 3) {
      const data = (node as Text).data;
      if (data) {
        offsets.push(text.length);
        nodes.push(node as Text);
        text += data;
      }
    } else if (type === 1) {
      const el = node as Element;
      const block = !INLINE_TAGS.has(nameOf(el));
      if (isSkippedElement(el) || hidden(el)) {
        if (block) flush();
      } else {
        if (shadowRoots && el.shadowRoot) shadowRoots.push(el.shadowRoot);
        else if (undefinedHosts && block && nameOf(el).includes('-')) undefinedHosts.push(el);
        if (block) flush();
        if (el.firstChild) {
          if (block) {
            containers.push(el);
            container = el;
          }
          descend = true;
        } else if (block) flush();
      }
    }
    if (descend) {
      node = node.firstChild;
    } else {
      // Next sibling, or climb, closing the blocks we leave.
      while (node) {
        const next: Node | null = node.nextSibling;
        if (next) {
          node = next;
          break;
        }
        node = node.parentNode;
        if (!node || node === start) {
          node = null;
          break;
        }
        if (node.nodeType === 1 && container === node) {
          flush();
          containers.pop();
          container = containers[containers.length - 1] ?? base;
        }
      }
    }
    if (out.length) {
      const ready = out;
      out = [];
      yield* ready;
      // The page may have run while the caller waited: make sure the walk is still attached.
      if (node && !start.contains(node) && restarts++ < 3) {
        nodes = [];
        offsets = [];
        text = '';
        containers.length = 1;
        container = base;
        node = start.firstChild;
      }
    }
  }
  flush();
  yield* out;
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
