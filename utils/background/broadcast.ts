/**
 * Tells open tabs and extension pages that something changed. Tabs get `indexChanged` (their content
 * script fetches the new index and rescans), coalesced so that a burst of changes sends one message;
 * pages get `sourcesChanged`. Tabs without our content script simply do not answer.
 */
import type { Broadcast } from '../messages';
import type { Notifier } from './sources';

export interface BroadcastApis {
  queryTabs: () => Promise<{ id?: number }[]>;
  sendToTab: (tabId: number, message: Broadcast) => Promise<unknown>;
  sendToPages: (message: Broadcast) => Promise<unknown>;
  revision: () => number;
}

export function createNotifier(apis: BroadcastApis, delayMs = 200): Notifier & { flush: () => Promise<void> } {
  let timer: ReturnType<typeof setTimeout> | undefined;
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
    sourcesChanged() {
      void apis.sendToPages({ type: 'sourcesChanged' }).catch(() => undefined);
    },
    flush,
  };
}
