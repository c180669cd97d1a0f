/**
 * What the Chromium and Firefox test helpers (tests/browser.ts, tests/firefox.ts) share: waiting
 * on signals, and the functions they run inside an extension context (a service worker, a
 * background or an extension page) to ask the tabs. Those functions are self-contained (they are
 * serialised into the extension) and use `browser` where it exists (Firefox), else `chrome`.
 */
import type { BadgeInfo } from './browser';

/**
 * Asks `probe` until it answers (returns something other than undefined), or fails after `timeout`
 * ms. A probe that cannot answer yet waits, before it returns undefined, for a sign that its answer
 * may have changed (a message from the page, a change of its DOM), never for a fixed time; it is
 * given the time left, and asked again at once.
 */
export async function until<T>(
  what: string,
  timeout: number,
  probe: (msLeft: number) => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe(Math.max(0, deadline - Date.now()));
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(`Timed out after ${timeout} ms waiting for ${what}`);
  }
}

type Listener = (message: unknown, sender: { url?: string }) => undefined;
type TabsApi = {
  tabs: { query(q: object): Promise<{ id?: number }[]>; sendMessage(id: number, m: object): Promise<unknown> };
  runtime: {
    sendMessage(m: object): Promise<{ flags?: { id: string }[] } | null>;
    onMessage: { addListener(l: Listener): void; removeListener(l: Listener): void };
  };
};

/**
 * Run in an extension context: asks every tab whether the frame showing `url` has finished
 * scanning (whenScanned); only that frame answers, once it has. Null when no content script there
 * can answer yet (the page is loading, or its script is still asking for its view): then it first
 * waits, at most `waitMs`, for that frame's next message to the extension. The content script
 * starts answering in the task that sends its first report, so that report is still to come.
 */
export async function scanStateInTabs({ url, waitMs }: { url: string; waitMs: number }): Promise<unknown> {
  const g = globalThis as unknown as { browser?: TabsApi; chrome?: TabsApi };
  const api = (g.browser ?? g.chrome)!;
  const page = (u: string) => u.split('#')[0];
  let heard = () => {};
  const news = new Promise<void>((done) => (heard = done));
  // Listening before asking: a message sent between the question and the wait is not missed.
  const listener: Listener = (_m, sender) => {
    if (sender.url !== undefined && page(sender.url) === page(url)) heard();
    return undefined;
  };
  api.runtime.onMessage.addListener(listener);
  try {
    const tabs = await api.tabs.query({});
    const answers = await Promise.all(
      tabs.map((t) => api.tabs.sendMessage(t.id!, { type: 'whenScanned', url }).catch(() => undefined)),
    );
    const answer = answers.find((a) => a && typeof a === 'object');
    if (answer) return answer;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The deadline, not a pause: the caller fails when it has passed.
    await Promise.race([news, new Promise((done) => (timer = setTimeout(done, waitMs)))]);
    clearTimeout(timer);
    return null;
  } finally {
    api.runtime.onMessage.removeListener(listener);
  }
}

/** Run in an extension context: the id of the tab whose page reported flag `flag`, or -1. */
export async function tabWithFlag(flag: string): Promise<number> {
  const g = globalThis as unknown as { browser?: TabsApi; chrome?: TabsApi };
  const api = (g.browser ?? g.chrome)!;
  for (const t of await api.tabs.query({})) {
    const f = await api.runtime.sendMessage({ type: 'getTabFlags', tabId: t.id });
    if (f?.flags?.some((x) => x.id === flag)) return t.id!;
  }
  return -1;
}

/** How a browser's helpers read a page's badges (closed shadow roots too) and see it change. */
export interface BadgeWatch {
  read(): Promise<BadgeInfo[]>;
  /** Resolves once the page's DOM, the badges' shadow roots included, changed after the last
   *  read, or after `ms`. */
  changed(ms: number): Promise<void>;
}

/** Waits until the `nth` badge of `id` shows its open, loaded card, reading after each change. */
export function untilCardOpen(watch: BadgeWatch, id: string, nth: number, timeout: number): Promise<BadgeInfo> {
  return until(`the card of ${id} to open`, timeout, async (msLeft) => {
    const mine = (await watch.read()).filter((b) => b.id === id)[nth];
    if (mine?.cardOpen && mine.cardText && !mine.cardLoading) return mine;
    await watch.changed(msLeft);
    return undefined;
  });
}
