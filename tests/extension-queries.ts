/**
 * What the Chromium and Firefox test helpers (tests/browser.ts, tests/firefox.ts) share: polling,
 * and the functions they run inside an extension context (a service worker, a background or an
 * extension page) to ask the tabs. Those functions are self-contained (they are serialised into
 * the extension) and use `browser` where it exists (Firefox), else `chrome`.
 */
import type { BadgeInfo } from './browser';

/** Polls `probe` until it returns a value other than undefined, or fails after `timeout` ms. */
export async function until<T>(what: string, timeout: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

type TabsApi = {
  tabs: { query(q: object): Promise<{ id?: number }[]>; sendMessage(id: number, m: object): Promise<unknown> };
  runtime: { sendMessage(m: object): Promise<{ flags?: { id: string }[] } | null> };
};

/**
 * Run in an extension context: asks every tab whether the frame showing `url` has finished
 * scanning (whenScanned); only that frame answers. Null while no content script can answer yet.
 */
export async function scanStateInTabs(url: string): Promise<unknown> {
  const g = globalThis as unknown as { browser?: TabsApi; chrome?: TabsApi };
  const api = (g.browser ?? g.chrome)!;
  const tabs = await api.tabs.query({});
  const answers = await Promise.all(
    tabs.map((t) => api.tabs.sendMessage(t.id!, { type: 'whenScanned', url }).catch(() => undefined)),
  );
  return answers.find((a) => a && typeof a === 'object') ?? null;
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

/** Waits until the `nth` badge of `id` (as `read` sees the badges) shows its open, loaded card. */
export function untilCardOpen(read: () => Promise<BadgeInfo[]>, id: string, nth: number, timeout: number) {
  return until(`the card of ${id} to open`, timeout, async () => {
    const mine = (await read()).filter((b) => b.id === id)[nth];
    return mine?.cardOpen && mine.cardText && !mine.cardLoading ? mine : undefined;
  });
}
