/** Scrolls to the first badge of a flag and briefly highlights the mention (from the popup's list). */
import { OWN_ATTR } from './text-blocks';

const HIGHLIGHT_MS = 2000;

export function revealBadge(doc: Document, id: string): boolean {
  const host = [...doc.querySelectorAll<HTMLElement>(`[${OWN_ATTR}="badge"]`)].find(
    (el) => el.getAttribute('data-flag-id') === id,
  );
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
