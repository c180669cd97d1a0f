/** Scrolls to the first badge of a flag and briefly highlights the mention (from the popup's list). */
import { ownEntryId, ownNodesIn } from './own-nodes';

const HIGHLIGHT_MS = 2000;

export function revealBadge(doc: Document, id: string): boolean {
  // Only our own hosts, by reference: a page-made look-alike is never chosen (the page would see
  // which flag the reader clicked).
  const host = ownNodesIn(doc).find((el) => ownEntryId(el) === id) as HTMLElement | undefined;
  if (!host) return false;
  host.scrollIntoView({ block: 'center', behavior: 'smooth' });
  // An outline on the host only: the page's own elements are never restyled.
  const previous = host.style.getPropertyValue('outline');
  host.style.setProperty('outline', '3px solid #f79009', 'important');
  host.style.setProperty('outline-offset', '2px', 'important');
  host.setAttribute('data-flag-revealed', '');
  setTimeout(() => {
    host.style.setProperty('outline', previous);
    host.style.removeProperty('outline-offset');
    host.removeAttribute('data-flag-revealed');
  }, HIGHLIGHT_MS);
  return true;
}
