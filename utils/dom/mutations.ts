/**
 * What the scanner observes and which parts of the page it rescans after a change: the block
 * around changed text, only the outermost of nested changes (a rescan covers its subtree), and
 * never the extension's own nodes.
 */
import { isOwn } from './own-nodes';
import { blockContainer, isBlockElement } from './tags';

/** Text and structure everywhere, plus the attributes that hide, reveal or make text editable. */
export const OBSERVE: MutationObserverInit = {
  childList: true,
  subtree: true,
  characterData: true,
  attributes: true,
  attributeFilter: ['hidden', 'open', 'aria-hidden', 'contenteditable'],
};

/** The element to rescan after `node` was added or changed, or null when there is nothing to read. */
export function rescanTarget(node: Node): Element | null {
  if (node.nodeType === 3) return (node as Text).data ? blockContainer(node) : null;
  if (node.nodeType !== 1) return null;
  const el = node as Element;
  if (isOwn(el)) return null;
  return isBlockElement(el) ? el : blockContainer(el);
}

/** The connected elements of `pending` that no other one contains (each rescan covers its subtree). */
export function outermost(pending: Set<Element>): Element[] {
  const roots: Element[] = [];
  for (const n of pending) {
    if (!n.isConnected) continue;
    let covered = false;
    for (let a = n.parentNode; a && !covered; a = a.parentNode) covered = pending.has(a as Element);
    if (!covered) roots.push(n);
  }
  return roots;
}
