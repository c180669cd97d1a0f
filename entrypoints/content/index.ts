import { defineContentScript } from '#imports';
import { browser } from 'wxt/browser';
import { send } from '~/utils/send';
import { RemoteMentionSource } from '~/utils/match/mention-source';
import { PageScanner } from '~/utils/dom/scanner';
import type { EntryDetails, FlagSummary, FrameViewResponse, ScanState } from '~/utils/messages';
import type { FrameView } from '~/utils/settings';
import type { BadgePresentation } from '~/utils/dom/badge-types';
import { createBadge } from '~/components/badge';
import { revealBadge } from '~/utils/dom/reveal';
import { untilDocumentHasText } from '~/utils/dom/has-text';
import { parseBroadcast } from '~/utils/messages';
import { offerClaimReviews } from '~/utils/learn';
import { DismissedSet } from '~/utils/dismissals';
import { viewAction } from '~/utils/view-change';

/**
 * The page's text is matched in the background, which holds the one index of the extension
 * (issue 15): this frame sends its blocks in batches and badges from the answers. A new source per
 * list: entries are numbered per source.
 */
const newSource = () => new RemoteMentionSource((texts) => send({ type: 'matchBlocks', texts }).catch(() => null));

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
    // An about:srcdoc or about:blank frame has no host of its own: it is paused with its page.
    const host = location.hostname || (/^https?:/.test(self.origin) ? new URL(self.origin).hostname : '');
    // The background asks the top frame which site the tab shows: a pause on that site covers
    // every frame of the tab, cross-origin ones included. Answered from the start, before any
    // other frame of the page may ask for its view.
    const onTopSite = (message: unknown, sender: { id?: string }) =>
      topFrame && sender.id === browser.runtime.id && parseBroadcast(message)?.type === 'topSite'
        ? Promise.resolve(host)
        : undefined;
    browser.runtime.onMessage.addListener(onTopSite);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onTopSite));
    // A frame without text (an ad, an embedded image or player) asks for nothing: wait for text.
    if (!topFrame && !(await untilDocumentHasText(document, ctx.signal))) return;
    const getView = () => send({ type: 'getFrameView' }).catch((): FrameViewResponse | null => null);
    const response = await getView();
    if (!response || ctx.signal.aborted) return;

    const details = new Map<string, Promise<EntryDetails | null>>();
    const loadDetails = (id: string): Promise<EntryDetails | null> => {
      let p = details.get(id);
      if (!p) {
        p = send({ type: 'getEntry', id });
        details.set(id, p);
        p.catch(() => details.delete(id));
      }
      return p;
    };
    const onFlags = (flags: FlagSummary[], scanned: boolean): void => {
      void send({ type: 'reportFlags', flags, scanned }).catch(() => undefined);
    };
    // A frame removed from the page (or navigated away) takes its flags with it: report none, or
    // the tab would count them until its next navigation. (The top document's report is replaced
    // by the next page's.)
    const onPageHide = () => {
      if (!topFrame) onFlags([], false);
    };
    window.addEventListener('pagehide', onPageHide);

    // What this frame knows of the settings (never the paused sites or "Where I am").
    let view: FrameView = response.view;
    let source = newSource();
    let scanner: PageScanner | undefined;
    const active = (v: FrameView) => v.active;
    // Shared with the scanner's badges; updated in place before a reset.
    const present: BadgePresentation & { appliesToYou: Set<string> } = {
      style: view.badgeStyle,
      appliesToYou: new Set(response.appliesToYou),
      site: host,
      // "Not this claim": the background records it (for the site the browser says this frame is
      // on) and every tab on that site rescans.
      dismiss: async (id, name, sentence) => {
        await send({
          type: 'dismissClaim',
          id,
          name,
          ...(sentence !== undefined ? { sentence } : {}),
        });
      },
    };
    // Shared with the scanner (read at each use): replaced when the reader hides a claim.
    const hidden: { dismissed: DismissedSet } = { dismissed: new DismissedSet(response.dismissed) };
    // Work that will change the badges (a rescan after new lists or settings): a whenScanned
    // answer waits for all of it.
    const inFlight = new Set<Promise<unknown>>();
    const track = <T>(p: Promise<T>): Promise<T> => {
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p)).catch(() => undefined);
      return p;
    };
    const scanState = async (): Promise<ScanState> => {
      for (;;) {
        await Promise.allSettled([...inFlight]);
        if (!active(view)) return { active: false, badges: 0 };
        await scanner?.settled();
        if (!inFlight.size) return { active: true, badges: scanner?.badgeCount ?? 0 };
      }
    };
    const begin = (r: FrameViewResponse) => {
      if (ctx.signal.aborted || scanner || !active(view)) return Promise.resolve();
      present.appliesToYou = new Set(r.appliesToYou);
      hidden.dismissed = new DismissedSet(r.dismissed);
      scanner = new PageScanner(
        Object.assign(hidden, {
          source,
          settings: view,
          signal: ctx.signal,
          loadDetails,
          makeBadge: createBadge,
          onFlags,
          present,
        }),
      );
      return scanner.start(document);
    };
    /** The lists changed: take the new view and scan again with a fresh source. */
    const reload = () =>
      void track(
        getView().then(async (r) => {
          view = r?.view ?? view;
          if (!r || ctx.signal.aborted || !active(view)) return;
          details.clear();
          source = newSource();
          if (!scanner) return begin(r);
          present.appliesToYou = new Set(r.appliesToYou);
          hidden.dismissed = new DismissedSet(r.dismissed);
          await scanner.reset(source, view);
        }),
      );
    if (active(view)) void track(begin(response));
    else onFlags([], false);
    // Opt-in "Learning from pages": offer this page's ClaimReview JSON-LD to the background.
    if (topFrame && view.learnFromPages) offerClaimReviews(document, send);

    /**
     * Settings or "Not this claim" changed (options page, popup, another tab): ask for this frame's
     * view again and apply it without a reload. The content script never reads the settings from
     * storage: the background tells each frame only what it needs.
     */
    const applyView = (r: FrameViewResponse | null) => {
      if (!r || ctx.signal.aborted) return;
      const action = viewAction(
        { view, appliesToYou: present.appliesToYou, dismissed: hidden.dismissed.here, scanning: !!scanner },
        r,
      );
      view = r.view;
      present.style = view.badgeStyle;
      present.appliesToYou = new Set(r.appliesToYou);
      hidden.dismissed = new DismissedSet(r.dismissed);
      // Cards ask again: what "Where I am" marks in them may have changed.
      details.clear();
      if (action === 'stop') {
        scanner?.destroy();
        scanner = undefined;
        onFlags([], false);
      } else if (action === 'start') void track(begin(r));
      else if (action === 'rescan') void track(scanner!.reset(source, view));
    };
    const refreshView = () =>
      void track(
        send({ type: 'getFrameView' })
          .catch(() => null)
          .then(applyView),
      );
    // From the background (lists changed) or the popup (show me this flag).
    const onBroadcast = (message: unknown, sender: { id?: string }) => {
      if (sender.id !== browser.runtime.id) return undefined;
      const msg = parseBroadcast(message);
      if (msg?.type === 'indexChanged' && scanner) reload();
      if (msg?.type === 'settingsChanged') refreshView();
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
      // Our badges' handlers die with this context: take them off the page.
      scanner?.destroy();
    });
  },
});
