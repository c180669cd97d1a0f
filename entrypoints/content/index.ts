import { browser } from 'wxt/browser';
import { Matcher } from '~/utils/match/matcher';
import { PageScanner } from '~/utils/dom/scanner';
import type { EntryDetails, FlagSummary, IndexResponse, ScanState } from '~/utils/messages';
import { isPausedOn, parseSettings, type Settings } from '~/utils/settings';
import type { BadgePresentation } from '~/utils/dom/badge';
import { revealBadge } from '~/utils/dom/reveal';
import { untilDocumentHasText } from '~/utils/dom/has-text';
import { parseBroadcast } from '~/utils/messages';
import { offerClaimReviews } from '~/utils/learn';
import { DISMISSALS_KEY, DismissedSet } from '~/utils/dismissals';
import type { ScannerOptions } from '~/utils/dom/scanner';

import { yieldToPage } from '~/utils/dom/slices';

const buildMatcher = (index: IndexResponse['index']): Promise<Matcher> => Matcher.create(index, undefined, yieldToPage);

/**
 * Runs in every frame (each frame scans its own document) and reports that frame's flags; the
 * background merges a tab's frames for the popup and the toolbar count.
 */
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  allFrames: true,
  // Frames the page writes itself (<iframe srcdoc>, an about:blank frame filled by script) are
  // part of the page: scanned too.
  matchAboutBlank: true,
  async main(ctx) {
    const topFrame = window.top === window;
    // A frame without text (an ad, an embedded image or player) needs no index: wait for text.
    if (!topFrame && !(await untilDocumentHasText(document, ctx.signal))) return;
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
      void browser.runtime.sendMessage({ type: 'reportFlags', flags, scanned }).catch(() => undefined);
    };
    // A frame removed from the page (or navigated away) takes its flags with it: report none, or
    // the tab would count them until its next navigation. (The top document's report is replaced
    // by the next page's.)
    const onPageHide = () => {
      if (!topFrame) onFlags([], false);
    };
    window.addEventListener('pagehide', onPageHide);

    let settings = response.settings;
    let matcher: Matcher | undefined;
    let scanner: PageScanner | undefined;
    // An about:srcdoc or about:blank frame has no host of its own: it is paused with its page.
    const host = location.hostname || (/^https?:/.test(self.origin) ? new URL(self.origin).hostname : '');
    const active = (s: Settings) => s.enabled && !isPausedOn(s, host);
    // Shared with the scanner's badges; updated in place before a reset.
    const present: BadgePresentation & { appliesToYou: Set<string> } = {
      style: settings.badgeStyle,
      appliesToYou: new Set(response.appliesToYou),
      me: settings.where,
      site: host,
      // "Not this claim": the background records it (for the site the browser says this frame is
      // on) and every tab on that site rescans.
      dismiss: async (id, name, sentence) => {
        await browser.runtime.sendMessage({
          type: 'dismissClaim',
          id,
          name,
          ...(sentence !== undefined ? { sentence } : {}),
        });
      },
    };
    // Shared with the scanner (read at each use): replaced when the reader hides a claim.
    const hidden: Pick<ScannerOptions, 'dismissed'> = { dismissed: new DismissedSet(response.dismissed) };
    let building = false;
    // Work that will change the badges (an index being built, a rescan after new settings): a
    // whenScanned answer waits for all of it.
    const inFlight = new Set<Promise<unknown>>();
    const track = <T>(p: Promise<T>): Promise<T> => {
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p)).catch(() => undefined);
      return p;
    };
    const scanState = async (): Promise<ScanState> => {
      for (;;) {
        await Promise.allSettled([...inFlight]);
        if (!active(settings)) return { active: false, badges: 0 };
        await scanner?.settled();
        if (!inFlight.size) return { active: true, badges: scanner?.badgeCount ?? 0 };
      }
    };
    const begin = async (r: IndexResponse) => {
      // Built in slices: a large list must not block the page (each frame builds its own).
      building = true;
      const built = await buildMatcher(r.index);
      building = false;
      if (ctx.signal.aborted || scanner || !active(settings)) return;
      matcher = built;
      present.appliesToYou = new Set(r.appliesToYou);
      hidden.dismissed = new DismissedSet(r.dismissed);
      scanner = new PageScanner(
        Object.assign(hidden, { matcher, settings, signal: ctx.signal, loadDetails, onFlags, present }),
      );
      void track(scanner.start(document));
    };
    /** Takes a fresh index (lists or "where I am" changed) and scans again. */
    const reload = () =>
      void track(
        getIndex().then(async (r) => {
          if (!r || ctx.signal.aborted || !active(settings)) return;
          details.clear();
          if (!scanner) {
            if (!building) await begin(r);
            return;
          }
          const next = await buildMatcher(r.index);
          if (ctx.signal.aborted || !scanner) return;
          matcher = next;
          present.appliesToYou = new Set(r.appliesToYou);
          hidden.dismissed = new DismissedSet(r.dismissed);
          void track(scanner.reset(matcher, settings));
        }),
      );
    if (active(settings)) void track(begin(response));
    else onFlags([], false);
    // Opt-in "Learning from pages": offer this page's ClaimReview JSON-LD to the background.
    if (topFrame && settings.learnFromPages) offerClaimReviews(document, (m) => browser.runtime.sendMessage(m));

    // Settings changed (options page or popup): apply them to this page without a reload.
    const onStorage = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area !== 'local') return;
      // The reader hid a claim (or undid it), in this tab or another: scan again with the new list.
      if (changes[DISMISSALS_KEY] && scanner) reload();
      if (!changes.settings) return;
      const next: Settings = parseSettings(changes.settings.newValue);
      const prev = settings;
      settings = next;
      present.style = next.badgeStyle;
      present.me = next.where;
      if (!active(next)) {
        scanner?.destroy();
        scanner = undefined;
        onFlags([], false);
      } else if (!scanner || JSON.stringify(prev.where) !== JSON.stringify(next.where)) {
        reload();
      } else if (
        matcher &&
        (['density', 'pageCap', 'showApps', 'showClaims', 'verdicts', 'badgeStyle'] as const).some(
          (k) => JSON.stringify(prev[k]) !== JSON.stringify(next[k]),
        )
      ) {
        void track(scanner.reset(matcher, next));
      }
    };
    browser.storage.onChanged.addListener(onStorage);
    // From the background (lists changed) or the popup (show me this flag).
    const onBroadcast = (message: unknown, sender: { id?: string }) => {
      if (sender.id !== browser.runtime.id) return undefined;
      const msg = parseBroadcast(message);
      if (msg?.type === 'indexChanged' && scanner) reload();
      // Every frame gets the request; only a frame that holds such a badge scrolls to it.
      if (msg?.type === 'reveal') revealBadge(document, msg.id);
      // Only the frame showing that page answers (the first answer is the one the sender gets).
      if (msg?.type === 'whenScanned' && msg.url === location.href) return scanState();
      return undefined;
    };
    browser.runtime.onMessage.addListener(onBroadcast);
    ctx.onInvalidated(() => {
      window.removeEventListener('pagehide', onPageHide);
      browser.runtime.onMessage.removeListener(onBroadcast);
      browser.storage.onChanged.removeListener(onStorage);
      // Our badges' handlers die with this context: take them off the page.
      scanner?.destroy();
    });
  },
});
