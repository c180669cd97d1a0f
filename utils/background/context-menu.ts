/**
 * "Look up in Source Flags" on selected text: opens the popup with the selection as the query
 * (handed over through utils/pending-lookup.ts).
 */
import { browser } from 'wxt/browser';
import { t } from '../i18n';
import { PENDING_LOOKUP_KEY, sessionArea } from '../pending-lookup';

export const LOOKUP_MENU_ID = 'source-flags-lookup';

const menus = () => browser.contextMenus as typeof browser.contextMenus | undefined;

export function installContextMenu(): void {
  const api = menus();
  if (!api) return;
  void Promise.resolve(api.removeAll()).then(() =>
    api.create({ id: LOOKUP_MENU_ID, title: t('menuLookup'), contexts: ['selection'] }),
  );
}

export function listenToContextMenu(): void {
  menus()?.onClicked.addListener((info: { menuItemId: string | number; selectionText?: string }) => {
    if (info.menuItemId !== LOOKUP_MENU_ID) return;
    void openLookup(String(info.selectionText ?? '').slice(0, 500));
  });
}

async function openLookup(text: string): Promise<void> {
  const action = (browser.action ?? browser.browserAction) as { openPopup?: () => Promise<void> };
  const session = sessionArea();
  if (session && action.openPopup) {
    try {
      await session.set({ [PENDING_LOOKUP_KEY]: text });
      await action.openPopup();
      return;
    } catch {
      await session.remove(PENDING_LOOKUP_KEY).catch(() => undefined);
    }
  }
  // No popup to open (no focused window, or an older browser): the look-up opens in a tab.
  await browser.tabs.create({ url: browser.runtime.getURL(`/popup.html?q=${encodeURIComponent(text)}`) });
}
