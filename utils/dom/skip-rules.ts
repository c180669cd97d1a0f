/**
 * What must never be read or badged, by tag and attributes: editable regions, text-entry roles,
 * hidden and aria-hidden subtrees, and the extension's own nodes. (Tags: see tags.ts; hidden by
 * style: see visibility.ts.)
 */
import { isSkippedTag } from './tags';
import { isOwn } from './own-nodes';

/**
 * Set on every badge host the extension inserts: a name for page authors (to style or hide our
 * badges), never how we recognise our nodes: that is by reference (own-nodes.ts), since a page can
 * set any attribute.
 */
export const OWN_ATTR = 'data-source-flags';

const SKIP_ROLES = new Set(['textbox', 'searchbox', 'combobox', 'code']);

/**
 * Every element that may be skipped for its attributes matches this selector, so one native
 * `querySelectorAll` finds the few candidates of a walk and the walk never reads attributes.
 */
export const SKIP_SELECTOR = '[hidden],[aria-hidden],[role],[contenteditable]';

/** Whether a contenteditable attribute value makes the element editable. */
function editableValue(v: string | null): boolean {
  if (v === null) return false;
  const l = v.toLowerCase();
  return l !== 'false' && l !== 'inherit';
}

/** The attribute part of isSkippedElement: hidden, aria-hidden, text-entry roles, editable. */
export function isSkippedByAttributes(el: Element): boolean {
  if (el.hasAttribute('hidden')) return true;
  if (el.getAttribute('aria-hidden') === 'true') return true;
  const role = el.getAttribute('role');
  if (role !== null && SKIP_ROLES.has(role.trim().toLowerCase())) return true;
  return editableValue(el.getAttribute('contenteditable'));
}

/** Whether the element (and so its subtree) must be skipped, by tag and attributes only. */
export function isSkippedElement(el: Element): boolean {
  return isSkippedTag(el) || isOwn(el) || (el.hasAttributes() && isSkippedByAttributes(el));
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

/**
 * The elements under `root` (not `root` itself) skipped for their attributes, in document order:
 * the walk meets them in that order, so it compares each element with the next one instead of
 * looking every element up in a set.
 */
export function skippedByAttributes(root: Element | ShadowRoot | Document): Element[] {
  const out: Element[] = [];
  if (typeof (root as ParentNode).querySelectorAll !== 'function') return out;
  const found = root.querySelectorAll(SKIP_SELECTOR);
  for (let i = 0; i < found.length; i++) {
    const el = found[i]!;
    if (isSkippedByAttributes(el)) out.push(el);
  }
  return out;
}
