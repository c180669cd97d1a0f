/**
 * Collects the visible text of a subtree as blocks: runs of text nodes inside one block-level
 * element, joined without separators so a name split by inline markup ("Tik<b>Tok</b>") is
 * still found, while words of neighbouring paragraphs never run together.
 * Skips what must never be touched: editable regions, form controls, code, SVG, hidden text
 * and our own badges.
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
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'TEXTAREA',
  'INPUT',
  'SELECT',
  'OPTION',
  'BUTTON',
  'FORM',
  'CODE',
  'PRE',
  'KBD',
  'SAMP',
  'VAR',
  'SVG',
  'MATH',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'CANVAS',
  'VIDEO',
  'AUDIO',
  'HEAD',
  'TITLE',
  'META',
  'LINK',
]);

const INLINE_TAGS = new Set([
  'A',
  'ABBR',
  'B',
  'BDI',
  'BDO',
  'CITE',
  'DATA',
  'DFN',
  'EM',
  'FONT',
  'I',
  'INS',
  'DEL',
  'LABEL',
  'MARK',
  'Q',
  'RP',
  'RT',
  'RUBY',
  'S',
  'SMALL',
  'SPAN',
  'STRONG',
  'SUB',
  'SUP',
  'TIME',
  'U',
  'WBR',
  'BIG',
  'TT',
  'STRIKE',
  'NOBR',
]);

/** Blocks longer than this are cut so one huge text node cannot stall a slice. */
export const MAX_BLOCK = 50_000;

/** Whether the element (and so its subtree) must be skipped. */
export function isSkippedElement(el: Element): boolean {
  const tag = el.tagName.toUpperCase();
  if (SKIP_TAGS.has(tag)) return true;
  if (el.hasAttribute(OWN_ATTR) || el.hasAttribute('hidden')) return true;
  if (el.getAttribute('aria-hidden') === 'true') return true;
  const role = el.getAttribute('role');
  if (role === 'textbox' || role === 'searchbox' || role === 'combobox' || role === 'code') return true;
  if (
    (el as HTMLElement).isContentEditable ||
    el.getAttribute('contenteditable') === 'true' ||
    el.getAttribute('contenteditable') === ''
  )
    return true;
  return false;
}

function isHiddenByStyle(el: Element): boolean {
  const view = el.ownerDocument.defaultView;
  if (!view) return false;
  const style = view.getComputedStyle(el);
  return style.display === 'none' || style.visibility === 'hidden' || style.contentVisibility === 'hidden';
}

/** True when a node sits inside something we must not touch (checked for mutation roots). */
export function isInsideSkipped(node: Node): boolean {
  for (let el = node.nodeType === 1 ? (node as Element) : node.parentElement; el; el = el.parentElement) {
    if (isSkippedElement(el)) return true;
  }
  return false;
}

/**
 * Walks `root` and returns its text blocks in document order. Iterative (no recursion), so a
 * page nested 5,000 levels deep cannot overflow the stack. `shadowRoots` collects open shadow
 * roots met on the way, for the caller to scan as separate roots.
 */
export function collectBlocks(root: Element | ShadowRoot | Document, shadowRoots?: ShadowRoot[]): TextBlock[] {
  return [...iterateBlocks(root, shadowRoots)];
}

/** Generator form of collectBlocks, so a scan can stop between blocks and yield to the page. */
export function* iterateBlocks(
  root: Element | ShadowRoot | Document,
  shadowRoots?: ShadowRoot[],
): Generator<TextBlock> {
  const start = root.nodeType === 9 ? ((root as Document).body ?? (root as Document).documentElement) : root;
  if (!start) return;
  let current: TextBlock | null = null;
  let ready: TextBlock[] = [];
  const flush = () => {
    if (current && current.text.trim()) ready.push(...splitLong(current));
    current = null;
  };
  const containerOf = (node: Node): Element => {
    let el = node.parentElement;
    while (el && INLINE_TAGS.has(el.tagName.toUpperCase()) && el.parentElement) el = el.parentElement;
    return el ?? (node.getRootNode() as ShadowRoot).host ?? document.documentElement;
  };
  // Explicit stack of [node, entering] to emit block boundaries on enter and leave.
  const stack: [Node, boolean][] = [[start, true]];
  while (stack.length) {
    if (ready.length) {
      yield* ready;
      ready = [];
    }
    const [node, entering] = stack.pop()!;
    if (node.nodeType === 3) {
      const text = (node as Text).data;
      if (!text) continue;
      const container = containerOf(node);
      if (!current || current.container !== container) {
        flush();
        current = { container, nodes: [], offsets: [], text: '' };
      }
      current.offsets.push(current.text.length);
      current.nodes.push(node as Text);
      current.text += text;
      continue;
    }
    if (node.nodeType !== 1 && node.nodeType !== 11) continue;
    const el = node as Element;
    const isBlock = node.nodeType === 1 && !INLINE_TAGS.has(el.tagName.toUpperCase());
    if (!entering) {
      if (isBlock) flush();
      continue;
    }
    if (node.nodeType === 1 && node !== start) {
      if (isSkippedElement(el) || isHiddenByStyle(el)) {
        if (isBlock) flush();
        continue;
      }
    }
    if (node.nodeType === 1 && el.shadowRoot && shadowRoots) shadowRoots.push(el.shadowRoot);
    if (isBlock) flush();
    stack.push([node, false]);
    const children = node.childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i]!, true]);
  }
  flush();
  yield* ready;
}

function splitLong(block: TextBlock): TextBlock[] {
  if (block.text.length <= MAX_BLOCK) return [block];
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
