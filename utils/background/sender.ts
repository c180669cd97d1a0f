/**
 * Who sent a message. Only our own extension pages may use page requests; content scripts
 * (in http(s) pages) may only read the index, look up entries and report flags. Messages from
 * other extensions or web pages are dropped (there is no externally_connectable).
 */
export type SenderKind = 'page' | 'content' | null;

export interface SenderLike {
  id?: string;
  url?: string;
  /** The sender's origin (Chrome): an about:srcdoc frame has its parent's. */
  origin?: string;
  tab?: { id?: number; url?: string };
}

const WEB = /^https?:\/\//;

/** A content script's site: its URL's hostname, or its origin's (srcdoc and about:blank frames). */
export function siteOf(sender: SenderLike): string {
  for (const u of [sender.url, sender.origin, sender.tab?.url]) {
    if (u && WEB.test(u)) {
      try {
        return new URL(u).hostname;
      } catch {
        // not a URL: try the next
      }
    }
  }
  return '';
}

export function classifySender(sender: SenderLike, extensionId: string, extensionOrigin: string): SenderKind {
  if (sender.id !== extensionId) return null;
  const url = sender.url ?? '';
  if (url.startsWith(extensionOrigin)) return 'page';
  if (!sender.tab) return null;
  if (WEB.test(url)) return 'content';
  // Frames written by the page itself (<iframe srcdoc>, about:blank filled by script) run the
  // content script too (matchAboutBlank) and belong to the web page around them.
  if ((url === 'about:srcdoc' || url === 'about:blank') && WEB.test(sender.origin ?? sender.tab.url ?? ''))
    return 'content';
  return null;
}
