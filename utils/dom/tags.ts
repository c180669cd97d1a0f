/**
 * What the block walk needs to know about an element from its tag alone, as bit flags in one
 * table: is it inline markup (part of the paragraph around it), is its subtree never ours to
 * read, may it host a shadow root. The walk asks once per element it visits node by node, so it
 * is one Map look-up rather than one Set look-up per question.
 */

/** Inline markup: text inside it belongs to the block around it. */
export const INLINE = 1;
/** Never read: scripts, form controls, code, embedded documents and media, SVG/MathML. */
export const SKIP = 2;
/** May carry a shadow root (the elements `attachShadow` accepts, plus custom elements). */
export const HOST = 4;
/** A custom element (a hyphen in the name): a host whose shadow root may come later. */
export const CUSTOM = 8;

const INLINE_TAGS =
  'a abbr b bdi bdo cite data dfn em font i ins del label mark q rp rt ruby s small span strong sub sup time u wbr big tt strike nobr';
/**
 * Inline, but never read: a ruby annotation (<rt>, and the <rp> parentheses shown where ruby is
 * not supported) is a reading of the base text, and read along with it "DeepSeek" would run into
 * its reading. The paragraph around it stays one block.
 */
const INLINE_SKIPPED_TAGS = 'rp rt';
const SKIP_TAGS =
  'script style noscript template textarea input select option button form code pre kbd samp var svg math iframe frame frameset object embed canvas video audio head title meta link';
/** Elements that may host a shadow root besides custom elements: the only ones worth asking. */
const HOST_TAGS = 'article aside blockquote body div footer h1 h2 h3 h4 h5 h6 header main nav p section span';
/** Common block tags, listed so the look-up hits (a miss falls back to a string test). */
const BLOCK_TAGS =
  'html ul ol li dl dt dd figure figcaption table caption thead tbody tfoot tr td th br hr img address';

/** The inline tags (for selectors). */
export const INLINE_NAMES: readonly string[] = INLINE_TAGS.split(' ');
/** Inline tags whose text is skipped (for selectors). */
export const INLINE_SKIPPED_NAMES: readonly string[] = INLINE_SKIPPED_TAGS.split(' ');

const KINDS = new Map<string, number>();
const add = (names: string, flag: number) => {
  for (const n of names.split(' ')) KINDS.set(n, (KINDS.get(n) ?? 0) | flag);
};
add(INLINE_TAGS, INLINE);
add(SKIP_TAGS, SKIP);
add(INLINE_SKIPPED_TAGS, SKIP);
add(HOST_TAGS, HOST);
add(BLOCK_TAGS, 0);

/** The flags of a lower-case local name. Custom elements (a hyphen in the name) are block hosts. */
export function kindOf(name: string): number {
  const k = KINDS.get(name);
  if (k !== undefined) return k;
  return name.includes('-') ? HOST | CUSTOM : 0;
}

const nameOf = (el: Element): string => el.localName ?? el.tagName.toLowerCase();

/** Whether an element of this tag starts a new block (not inline markup inside a paragraph). */
export function isBlockElement(el: Element): boolean {
  return (kindOf(nameOf(el)) & INLINE) === 0;
}

/** Whether the element's tag alone puts its subtree out of bounds. */
export function isSkippedTag(el: Element): boolean {
  return (kindOf(nameOf(el)) & SKIP) !== 0;
}

/** The element a text node or inline element belongs to for density ("the paragraph"). */
export function blockContainer(node: Node): Element {
  let el = node.nodeType === 1 ? (node as Element) : node.parentElement;
  while (el && !isBlockElement(el) && el.parentElement) el = el.parentElement;
  if (el) return el;
  const root = node.getRootNode() as ShadowRoot | Document;
  if (root.nodeType === 11 && (root as ShadowRoot).host) return (root as ShadowRoot).host;
  return (node.ownerDocument ?? (node as Document)).documentElement;
}
