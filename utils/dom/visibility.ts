/**
 * Hidden by style: display:none, visibility:hidden, content-visibility:hidden, on the element or
 * any ancestor. The page scanner walks hidden-by-style text (asking for every element is most of
 * a walk's cost on a large page) and asks here only where the matcher found a mention.
 */

type VisibilityCheck = (el: Element) => boolean;
type Visible = Element & { checkVisibility(o: object): boolean };

const CHECK_OPTIONS = { visibilityProperty: true, checkVisibilityCSS: true } as const;

/**
 * Whether `checkVisibility()` can be trusted for elements of `doc`: real browsers. Emulated DOMs
 * (happy-dom, used by the scan CLI and unit tests) walk all ancestors per call there, so they
 * keep one getComputedStyle per element. Remembered per document: `'happyDOM' in window` goes
 * through the window's named-property look-up, which cost more than the check itself.
 */
const native = new WeakMap<Document, boolean>();
function nativeCheck(doc: Document): boolean {
  let yes = native.get(doc);
  if (yes === undefined) {
    const view = doc.defaultView;
    const probe = doc.documentElement as (Element & { checkVisibility?: unknown }) | null;
    yes = !!view && !('happyDOM' in view) && !!probe && typeof probe.checkVisibility === 'function';
    native.set(doc, yes);
  }
  return yes;
}

/**
 * Returns a "hidden by style" test for elements of `doc`. Browsers get `checkVisibility()`: one
 * call, no style object, and it also sees hidden ancestors. It answers false for
 * `display: contents` (no box of its own), so those get a second look.
 */
export function visibilityCheck(doc: Document): VisibilityCheck {
  const view = doc.defaultView;
  if (!view) return () => false;
  if (nativeCheck(doc)) {
    return (el) => !(el as Visible).checkVisibility(CHECK_OPTIONS) && view.getComputedStyle(el).display !== 'contents';
  }
  return (el) => {
    const style = view.getComputedStyle(el);
    return style.display === 'none' || style.visibility === 'hidden' || style.contentVisibility === 'hidden';
  };
}

/**
 * Whether the text of `node` is rendered: its element (and every ancestor) has a box and is not
 * visibility:hidden. For the few places where a mention was found (see WalkOptions.styleCheck).
 */
export function isTextVisible(node: Node): boolean {
  let el = node.nodeType === 1 ? (node as Element) : node.parentElement;
  const doc = node.ownerDocument;
  if (!el || !doc?.defaultView) return true;
  if (!nativeCheck(doc)) {
    const hidden = visibilityCheck(doc);
    for (; el; el = el.parentElement) if (hidden(el)) return false;
    return true;
  }
  // checkVisibility() sees hidden ancestors too; display:contents has no box of its own, so look above it.
  const view = doc.defaultView;
  for (; el; el = el.parentElement) {
    if ((el as Visible).checkVisibility(CHECK_OPTIONS)) return true;
    if (view.getComputedStyle(el).display !== 'contents') return false;
  }
  return true;
}
