/**
 * The nodes this content script inserted into the page, recognised by reference only. A page can
 * copy any attribute onto its own elements (`data-source-flags`, `data-flag-id`), but it cannot put
 * an element into this set: so a page-made look-alike is never deleted, never skipped when reading,
 * and never chosen by the popup's "show me" (which would tell the page what the reader clicked).
 * Each frame's content script has its own set (its own realm).
 */
const own = new WeakSet<Node>();
/** The entry each of our hosts stands for (the host's attribute may be an opaque token). */
const entryOf = new WeakMap<Element, string>();
/** Our hosts that may still be in a page, to remove or find them (pruned of disconnected ones). */
const placed = new Set<Element>();

export function markOwn(el: Element, entryId?: string): void {
  own.add(el);
  placed.add(el);
  if (entryId !== undefined) entryOf.set(el, entryId);
}

export function isOwn(node: Node | null | undefined): boolean {
  return !!node && own.has(node);
}

/** The entry id behind one of our badge hosts. */
export function ownEntryId(el: Element): string | undefined {
  return entryOf.get(el);
}

/** Our nodes now in `doc`, in document order. Disconnected ones are dropped from the list. */
export function ownNodesIn(doc: Document): Element[] {
  const out: Element[] = [];
  for (const el of placed) {
    if (!el.isConnected) placed.delete(el);
    else if (el.ownerDocument === doc) out.push(el);
  }
  return out.sort((a, b) => (a.compareDocumentPosition(b) & 4 ? -1 : 1));
}

/** Removes every node of ours from `doc` (and only ours). */
export function removeOwnNodes(doc: Document): void {
  for (const el of ownNodesIn(doc)) {
    el.remove();
    placed.delete(el);
  }
}
