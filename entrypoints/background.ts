import { defineBackground } from '#imports';
import { browser } from 'wxt/browser';
import { Library } from '~/utils/background/library';
import { BACKGROUND_STARTED } from '~/utils/background/matcher-cache';
import { handleMessage } from '~/utils/background/handlers';
import { classifySender } from '~/utils/background/sender';
import { TabFlagStore, type TabFlagPersistence } from '~/utils/background/tab-flags';
import { sessionArea } from '~/utils/pending-lookup';
import { SourceService } from '~/utils/background/sources';
import { alarmScheduler, UPDATE_ALARM } from '~/utils/updates/alarm';
import { createNotifier } from '~/utils/background/broadcast';
import { explainNetworkFailure } from '~/utils/fetch-classify';
import { parseSettings, SETTINGS_KEY, type Settings } from '~/utils/settings';
import { installContextMenu, listenToContextMenu } from '~/utils/background/context-menu';
import { DISMISSALS_KEY, parseDismissals, type Dismissal } from '~/utils/dismissals';
import { siteOf } from '~/utils/background/sender';

export default defineBackground(() => {
  performance.mark(BACKGROUND_STARTED);
  const library = new Library(undefined, browser.runtime.getManifest().version);
  const tabFlags = new TabFlagStore(tabFlagSession());
  const action = browser.action ?? browser.browserAction;
  const getSettings = async () => parseSettings((await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]);
  const setSettings = async (settings: Settings) => {
    await browser.storage.local.set({ [SETTINGS_KEY]: settings });
  };

  const notify = createNotifier({
    queryTabs: () => browser.tabs.query({}),
    sendToTab: (tabId, message) => browser.tabs.sendMessage(tabId, message),
    sendToPages: (message) => browser.runtime.sendMessage(message),
    revision: () => library.revision,
  });

  const sources = new SourceService({
    library,
    notify,
    getSettings,
    setSettings,
    schedule: alarmScheduler(browser.alarms),
    // A failed download is blamed on host access only when the server answers but may not be read.
    explainNetworkFailure: (url) =>
      explainNetworkFailure(url, { hasPermission: (origin) => browser.permissions.contains({ origins: [origin] }) }),
  });

  // A worker is mostly woken by a page's text: its Matcher is read back from the cache at once.
  void library.matcher().catch(() => undefined);
  const ready = library.ensureDefaults();
  // A worker stopped mid-update left sources marked "updating": reschedule them, then run what is due.
  void ready.then(() => sources.startup());

  const deps = {
    library,
    sources,
    tabFlags,
    getSettings,
    setSettings,
    getDismissals: async () => parseDismissals((await browser.storage.local.get(DISMISSALS_KEY))[DISMISSALS_KEY]),
    setDismissals: async (list: Dismissal[]) => {
      await browser.storage.local.set({ [DISMISSALS_KEY]: list });
    },
    setBadge: (tabId: number, text: string) => {
      void action.setBadgeText({ tabId, text }).catch(() => undefined);
      void action.setBadgeBackgroundColor({ tabId, color: '#b42318' }).catch(() => undefined);
    },
    topSiteOf,
  };

  /**
   * Settings and "Not this claim" live in storage that only the background reads for pages: when
   * they change, every frame of every tab is told to ask for its own view again (coalesced: a burst
   * of changes sends one message).
   */
  let viewTimer: ReturnType<typeof setTimeout> | undefined;
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !(changes[SETTINGS_KEY] || changes[DISMISSALS_KEY])) return;
    clearTimeout(viewTimer);
    viewTimer = setTimeout(() => {
      void browser.tabs.query({}).then((tabs) =>
        tabs.forEach((t) => {
          if (t.id !== undefined)
            void browser.tabs.sendMessage(t.id, { type: 'settingsChanged' }).catch(() => undefined);
        }),
      );
    }, 50);
  });

  browser.runtime.onInstalled.addListener(() => {
    void library.ensureDefaults();
    installContextMenu();
  });
  listenToContextMenu();
  browser.tabs.onRemoved.addListener((tabId) => void tabFlags.delete(tabId));
  // A new top document: flags of the old page's frames must not be counted for the new one.
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'loading') void tabFlags.dropFrames(tabId);
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === UPDATE_ALARM) void ready.then(() => sources.runDue());
  });

  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    const kind = classifySender(sender, browser.runtime.id, browser.runtime.getURL('/'));
    if (!kind) return undefined;
    return ready
      .then(() =>
        handleMessage(
          message,
          kind,
          sender.tab?.id,
          deps,
          kind === 'content' ? sender.url : undefined,
          sender.frameId,
          kind === 'content' ? siteOf(sender) : undefined,
        ),
      )
      .then((r) => r ?? null);
  });
});

/**
 * The site of a tab's top-level page, asked of the content script in its top frame (tab URLs would
 * need the "tabs" permission). A subframe may ask before the top frame's script runs: ask again for
 * up to 3 s. Undefined when no content script runs there (a page that is not http or https).
 */
async function topSiteOf(tabId: number): Promise<string | undefined> {
  const ask = () =>
    browser.tabs.sendMessage(tabId, { type: 'topSite' }, { frameId: 0 }).then(
      (r: unknown) => (typeof r === 'string' ? r : undefined),
      () => undefined,
    );
  const deadline = Date.now() + 3_000;
  for (let site = await ask(); ; site = await ask()) {
    if (site !== undefined || Date.now() > deadline) return site;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The flags of open tabs outlive a stopped worker in session storage (memory only). */
function tabFlagSession(): TabFlagPersistence | undefined {
  const session = sessionArea();
  if (!session) return undefined;
  const KEY = 'tabFlags';
  return {
    load: async () => (await session.get(KEY))[KEY],
    save: (data) => session.set({ [KEY]: data }),
  };
}
