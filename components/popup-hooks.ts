/**
 * The popup's state, one hook per job: the settings and how fresh the lists are, the tab and its
 * flags (polled while a scan runs), the look-up, and where the focus goes when a card opens or closes.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { send } from '~/utils/send';
import { MAX_QUERY_LENGTH, type EntryDetails, type TabFlags } from '~/utils/messages';
import type { SearchResult } from '~/utils/search';
import type { Verdict } from '~/utils/feed/types';
import { takePendingLookup } from '~/utils/pending-lookup';
import type { Settings } from '~/utils/settings';

export type KindFilter = 'all' | 'claim' | 'app';
/** The list a card was opened from (to give the focus back to its result after "Back"). */
export type ListName = 'results' | 'flags' | 'possible';

/** While a page is being checked, ask for its flags every second, for about 30 seconds at most. */
const POLL_MS = 1000;
const MAX_POLLS = 30;

/** The tab whose flags to show: ?tab=ID (tests, or a popup opened as a page), else the active tab. */
async function targetTabId(): Promise<number | undefined> {
  const param = new URLSearchParams(location.search).get('tab');
  if (param && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

/** The settings (for the switches), saved through the background, and when the lists last updated. */
export function useSettings() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [freshness, setFreshness] = useState<number | undefined>(undefined);
  useEffect(() => {
    void send({ type: 'getSettings' }).then(setSettings, () => undefined);
    void send({ type: 'getSources' }).then(
      (list) => setFreshness(Math.max(0, ...list.filter((x) => x.enabled).map((x) => x.lastSuccess ?? 0)) || undefined),
      () => undefined,
    );
  }, []);
  const save = (patch: Partial<Settings>) => {
    if (settings) setSettings({ ...settings, ...patch });
    void send({ type: 'setSettings', settings: patch }).then(setSettings, () => undefined);
  };
  return { settings, save, freshness };
}

/** The tab the popup is about and its flags; a look-up asked for from the context menu fills the query. */
export function useTabFlags(setQuery: (q: string) => void) {
  const [tabFlags, setTabFlags] = useState<TabFlags | null | undefined>(undefined);
  const [tabId, setTabId] = useState<number | undefined>(undefined);
  useEffect(() => {
    // A look-up started from the context menu on selected text.
    if (!new URLSearchParams(location.search).has('q')) {
      void takePendingLookup().then(
        (text) => text && setQuery(text),
        () => undefined,
      );
    }
    void targetTabId()
      .then((id) => {
        setTabId(id);
        return id === undefined ? null : send({ type: 'getTabFlags', tabId: id });
      })
      .then(setTabFlags, () => setTabFlags(null));
  }, []);
  return { tabId, tabFlags, setTabFlags };
}

/** A scan still running when the popup opened (or started from it): ask again until it is done. */
export function usePollWhileChecking(
  checking: boolean,
  tabId: number | undefined,
  setTabFlags: (f: TabFlags | null) => void,
): void {
  useEffect(() => {
    if (!checking || tabId === undefined) return;
    let polls = 0;
    const timer = setInterval(() => {
      if (++polls > MAX_POLLS) {
        clearInterval(timer);
        return;
      }
      void send({ type: 'getTabFlags', tabId }).then(
        (f) => setTabFlags(f ?? null),
        () => undefined,
      );
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [checking, tabId]);
}

/** Look-up results for the query and filters (the latest answer wins). */
export function useLookup(query: string, kind: KindFilter, verdict: Verdict | ''): SearchResult[] {
  const [results, setResults] = useState<SearchResult[]>([]);
  useEffect(() => {
    let live = true;
    // A longer query (pasted, or a long selection from the context menu) is cut to what a
    // request may carry; the background answers null to longer ones.
    const q = query.trim().slice(0, MAX_QUERY_LENGTH);
    if (!q) {
      setResults([]);
      return;
    }
    // A verdict only applies to claims (choosing one selects Claims, see chooseVerdict).
    const byVerdict = kind === 'claim' ? verdict : '';
    const done = (r: SearchResult[] | null | undefined) => {
      if (!live) return;
      // null (a request the background rejected) or a failed message: no results, not a crash.
      const list = Array.isArray(r) ? r : [];
      setResults(byVerdict ? list.filter((x) => x.verdict === byVerdict).slice(0, 30) : list);
    };
    void send({ type: 'search', query: q, kind: kind === 'all' ? undefined : kind, limit: byVerdict ? 200 : 30 }).then(
      done,
      () => done(null),
    );
    return () => {
      live = false;
    };
  }, [query, kind, verdict]);
  return results;
}

/** Opening a card or going back removes the focused button: move the focus along, or it falls to <body>. */
export function useFocusFollowsCard(
  mainRef: { current: HTMLElement | null },
  open: EntryDetails | null,
  openedFrom: { current: { list: ListName; id: string } | null },
): void {
  useEffect(() => {
    const main = mainRef.current;
    if (!main) return;
    if (open) {
      const heading = main.querySelector<HTMLElement>('article.sf-card h2');
      heading?.setAttribute('tabindex', '-1'); // focusable by script only (EntryCard is shared with badges)
      heading?.focus();
    } else if (openedFrom.current) {
      const { list, id } = openedFrom.current;
      openedFrom.current = null;
      const buttons = main.querySelectorAll<HTMLElement>(`ul[data-list="${list}"] button[data-entry-id]`);
      const back = [...buttons].find((b) => b.dataset.entryId === id) ?? main.querySelector<HTMLElement>('#q');
      back?.focus();
    }
  }, [open]);
}
