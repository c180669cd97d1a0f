/**
 * A look-up handed from the context menu to the popup, in session storage (memory only,
 * cleared on read). The selected text never leaves the browser.
 */
import { browser } from 'wxt/browser';

export const PENDING_LOOKUP_KEY = 'pendingLookup';

interface SessionArea {
  get: (k: string) => Promise<Record<string, unknown>>;
  set: (v: Record<string, unknown>) => Promise<void>;
  remove: (k: string) => Promise<void>;
}

export function sessionArea(): SessionArea | undefined {
  return (browser.storage as unknown as { session?: SessionArea }).session;
}

/** The pending look-up text, removed as it is read. */
export async function takePendingLookup(): Promise<string | undefined> {
  const session = sessionArea();
  if (!session) return undefined;
  const text = (await session.get(PENDING_LOOKUP_KEY))[PENDING_LOOKUP_KEY];
  if (typeof text !== 'string' || !text) return undefined;
  await session.remove(PENDING_LOOKUP_KEY);
  return text;
}
