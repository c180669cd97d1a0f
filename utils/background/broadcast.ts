/**
 * Tells open tabs and extension pages that something changed. Tabs get `indexChanged` (their content
 * script fetches the new index and rescans), coalesced so that a burst of changes sends one message;
 * pages get `sourcesChanged`, at most once per `pagesEveryMs`. Tabs without our content script simply
 * do not answer.
 */
import type { Broadcast } from '../messages';
import type { Notifier } from './sources';

export interface BroadcastApis {
  queryTabs: () => Promise<{ id?: number }[]>;
  sendToTab: (tabId: number, message: Broadcast) => Promise<unknown>;
  sendToPages: (message: Broadcast) => Promise<unknown>;
  revision: () => number;
}

/**
 * Extension pages reload their data on `sourcesChanged`, so it is throttled: while learning from
 * pages, a page that reloads itself can change the sources several times a second, and each
 * message made the options page reload everything (issue 17 item 8).
 */
export const PAGES_EVERY_MS = 500;

export function createNotifier(
  apis: BroadcastApis,
  delayMs = 200,
  pagesEveryMs = PAGES_EVERY_MS,
): Notifier & { flush: () => Promise<void> } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pagesTimer: ReturnType<typeof setTimeout> | undefined;
  let pagesToldAt = -Infinity;
  const tellPages = () => {
    pagesTimer = undefined;
    pagesToldAt = Date.now();
    void apis.sendToPages({ type: 'sourcesChanged' }).catch(() => undefined);
  };
  const flush = async (): Promise<void> => {
    timer = undefined;
    const message: Broadcast = { type: 'indexChanged', revision: apis.revision() };
    const tabs = await apis.queryTabs().catch(() => []);
    await Promise.all(
      tabs.map((t) => (t.id === undefined ? undefined : apis.sendToTab(t.id, message).catch(() => undefined))),
    );
  };
  return {
    indexChanged() {
      clearTimeout(timer);
      timer = setTimeout(() => void flush(), delayMs);
    },
    // The first change is told at once; changes within pagesEveryMs of the last message are told
    // together by one message at the end of that time (so the last change is never left untold).
    sourcesChanged() {
      if (pagesTimer !== undefined) return;
      const wait = pagesToldAt + pagesEveryMs - Date.now();
      if (wait <= 0) tellPages();
      else pagesTimer = setTimeout(tellPages, wait);
    },
    flush,
  };
}
