import { browser } from 'wxt/browser';
import { Library } from '~/utils/background/library';
import { handleMessage } from '~/utils/background/handlers';
import { classifySender } from '~/utils/background/sender';
import { TabFlagStore } from '~/utils/background/tab-flags';
import { parseSettings } from '~/utils/settings';

export default defineBackground(() => {
  const library = new Library();
  const tabFlags = new TabFlagStore();
  const ready = library.ensureBuiltin();
  const action = browser.action ?? browser.browserAction;

  const deps = {
    library,
    tabFlags,
    getSettings: async () => parseSettings((await browser.storage.local.get('settings')).settings),
    setBadge: (tabId: number, text: string) => {
      void action.setBadgeText({ tabId, text }).catch(() => undefined);
      void action.setBadgeBackgroundColor({ tabId, color: '#b42318' }).catch(() => undefined);
    },
  };

  browser.runtime.onInstalled.addListener(() => void library.ensureBuiltin());
  browser.tabs.onRemoved.addListener((tabId) => tabFlags.delete(tabId));

  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    const kind = classifySender(sender, browser.runtime.id, browser.runtime.getURL('/'));
    if (!kind) return undefined;
    return ready.then(() => handleMessage(message, kind, sender.tab?.id, deps)).then((r) => r ?? null);
  });
});
