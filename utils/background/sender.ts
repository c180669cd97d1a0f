/**
 * Who sent a message. Only our own extension pages may use page requests; content scripts
 * (in http(s) pages) may only read the index, look up entries and report flags. Messages from
 * other extensions or web pages are dropped (there is no externally_connectable).
 */
export type SenderKind = 'page' | 'content' | null;

export interface SenderLike {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
}

export function classifySender(sender: SenderLike, extensionId: string, extensionOrigin: string): SenderKind {
  if (sender.id !== extensionId) return null;
  const url = sender.url ?? '';
  if (url.startsWith(extensionOrigin)) return 'page';
  if (sender.tab && /^https?:\/\//.test(url)) return 'content';
  return null;
}
