import { browser } from 'wxt/browser';
import { Matcher } from '~/utils/match/matcher';
import { PageScanner } from '~/utils/dom/scanner';
import type { EntryDetails, FlagSummary, IndexResponse } from '~/utils/messages';
import { parseSettings, type Settings } from '~/utils/settings';
import { parseBroadcast } from '~/utils/messages';
import { offerClaimReviews } from '~/utils/learn';

/**
 * Runs in every frame (each frame scans its own document). Only the top frame reports flags:
 * the background keeps one flag list per tab, so a frame's report would replace the page's.
 */
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  allFrames: true,
  async main(ctx) {
    const topFrame = window.top === window;
    const getIndex = () =>
      (browser.runtime.sendMessage({ type: 'getIndex' }) as Promise<IndexResponse | null>).catch(() => null);
    const response = await getIndex();
    if (!response || ctx.signal.aborted) return;

    const details = new Map<string, Promise<EntryDetails | null>>();
    const loadDetails = (id: string): Promise<EntryDetails | null> => {
      let p = details.get(id);
      if (!p) {
        p = browser.runtime.sendMessage({ type: 'getEntry', id }) as Promise<EntryDetails | null>;
        details.set(id, p);
        p.catch(() => details.delete(id));
      }
      return p;
    };
    const onFlags = (flags: FlagSummary[], scanned: boolean): void => {
      if (!topFrame) return;
      void browser.runtime.sendMessage({ type: 'reportFlags', flags, scanned }).catch(() => undefined);
    };

    let settings = response.settings;
    let matcher: Matcher | undefined;
    let scanner: PageScanner | undefined;
    const begin = (index: IndexResponse['index']) => {
      matcher = new Matcher(index);
      scanner = new PageScanner({ matcher, settings, signal: ctx.signal, loadDetails, onFlags });
      void scanner.start(document);
    };
    if (settings.enabled) begin(response.index);
    // Opt-in "Learning from pages": offer this page's ClaimReview JSON-LD to the background.
    if (topFrame && settings.learnFromPages) offerClaimReviews(document, (m) => browser.runtime.sendMessage(m));

    // Settings changed in the options page: apply them to this page without a reload.
    const onStorage = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area !== 'local' || !changes.settings) return;
      const next: Settings = parseSettings(changes.settings.newValue);
      const prev = settings;
      settings = next;
      if (!next.enabled) {
        scanner?.destroy();
        scanner = undefined;
        onFlags([], false);
      } else if (!scanner) {
        void getIndex().then((r) => r && !ctx.signal.aborted && !scanner && settings.enabled && begin(r.index));
      } else if (
        matcher &&
        (prev.density !== next.density ||
          prev.pageCap !== next.pageCap ||
          prev.showApps !== next.showApps ||
          prev.showClaims !== next.showClaims)
      ) {
        void scanner.reset(matcher, next);
      }
    };
    browser.storage.onChanged.addListener(onStorage);
    // Sources changed in the background: take the new index, drop all badges and scan again.
    const onBroadcast = (message: unknown, sender: { id?: string }) => {
      if (sender.id !== browser.runtime.id || parseBroadcast(message)?.type !== 'indexChanged') return undefined;
      void getIndex().then((r) => {
        if (!r || ctx.signal.aborted || !scanner || !settings.enabled) return;
        details.clear();
        matcher = new Matcher(r.index);
        void scanner.reset(matcher, settings);
      });
      return undefined;
    };
    browser.runtime.onMessage.addListener(onBroadcast);
    ctx.onInvalidated(() => {
      browser.runtime.onMessage.removeListener(onBroadcast);
      browser.storage.onChanged.removeListener(onStorage);
      // Our badges' handlers die with this context: take them off the page.
      scanner?.destroy();
    });
  },
});
