import { describe, expect, it } from 'vitest';
import { MAX_TABS, TabFlagStore } from '../../../utils/background/tab-flags';
import { handleMessage, type HandlerDeps } from '../../../utils/background/handlers';
import { DEFAULT_SETTINGS } from '../../../utils/settings';
import type { FlagSummary } from '../../../utils/messages';

const flag = (id: string, count = 1): FlagSummary => ({
  id,
  kind: 'app',
  name: id,
  label: 'Restricted',
  tone: 'restricted',
  count,
});

describe('flags per tab, merged over its frames', () => {
  it('counts a flag found only inside a frame', async () => {
    const store = new TabFlagStore();
    await store.set(7, { scanned: true, flags: [], host: 'news.example' }, 0);
    await store.set(7, { scanned: true, flags: [flag('deepseek')], host: 'embed.example' }, 3);
    expect(await store.get(7)).toEqual({ scanned: true, flags: [flag('deepseek')], host: 'news.example' });
    expect(TabFlagStore.badgeText(await store.get(7))).toBe('1');
  });

  it('counts an entry found in two frames once, adding its mentions; the top document first', async () => {
    const store = new TabFlagStore();
    await store.set(1, { scanned: true, flags: [flag('tiktok', 2)] }, 5);
    await store.set(1, { scanned: true, flags: [flag('rednote'), flag('tiktok', 1)] }, 0);
    expect((await store.get(1))!.flags).toEqual([flag('rednote'), flag('tiktok', 3)]);
  });

  it("a frame's report replaces only that frame's earlier one", async () => {
    const store = new TabFlagStore();
    await store.set(1, { scanned: true, flags: [flag('a')] }, 0);
    await store.set(1, { scanned: true, flags: [flag('b')] }, 2);
    await store.set(1, { scanned: true, flags: [] }, 2);
    expect((await store.get(1))!.flags.map((f) => f.id)).toEqual(['a']);
  });

  it("the top document's scan state is the tab's", async () => {
    const store = new TabFlagStore();
    await store.set(1, { scanned: true, flags: [] }, 4);
    expect((await store.get(1))!.scanned).toBe(true);
    await store.set(1, { scanned: false, flags: [] }, 0);
    expect((await store.get(1))!.scanned).toBe(false);
  });

  it("forgets the old page's frames when a new top document loads, and closed tabs", async () => {
    const store = new TabFlagStore();
    await store.set(1, { scanned: true, flags: [flag('a')] }, 0);
    await store.set(1, { scanned: true, flags: [flag('b')] }, 9);
    await store.dropFrames(1);
    expect((await store.get(1))!.flags.map((f) => f.id)).toEqual(['a']);
    await store.delete(1);
    expect(await store.get(1)).toBeNull();
    await store.dropFrames(2);
    expect(await store.get(2)).toBeNull();
    expect(TabFlagStore.badgeText(null)).toBe('');
  });

  it('shows 99+ for very many flags', async () => {
    const store = new TabFlagStore();
    await store.set(1, { scanned: true, flags: Array.from({ length: 120 }, (_, i) => flag(`f${i}`)) }, 0);
    expect(TabFlagStore.badgeText(await store.get(1))).toBe('99+');
  });
});

describe('after the service worker is stopped (MV3 stops it when idle)', () => {
  /** Session storage as the browser keeps it across worker restarts. */
  const session = () => {
    let stored: unknown;
    let saves = 0;
    return {
      load: async () => structuredClone(stored),
      save: async (data: unknown) => {
        saves++;
        stored = structuredClone(data);
      },
      saves: () => saves,
    };
  };

  it('a new worker reads the reports back, so the popup still lists the flags', async () => {
    const storage = session();
    const first = new TabFlagStore(storage);
    await first.set(4, { scanned: true, flags: [flag('tiktok')], host: 'news.example' }, 0);
    await first.set(4, { scanned: true, flags: [flag('deepseek')] }, 2);
    // The next turn of the event loop, not a pause: the store writes once per turn.
    await new Promise((r) => setTimeout(r, 0));
    const restarted = new TabFlagStore(storage);
    expect(await restarted.get(4)).toEqual({
      scanned: true,
      flags: [flag('tiktok'), flag('deepseek')],
      host: 'news.example',
    });
  });

  it('writes once for a burst of reports', async () => {
    const storage = session();
    const store = new TabFlagStore(storage);
    await store.ready;
    await Promise.all([1, 2, 3].map((frame) => store.set(9, { scanned: true, flags: [flag(`f${frame}`)] }, frame)));
    // The turn is over (the store writes once per turn): no other write can still come for it.
    await new Promise((r) => setTimeout(r, 0));
    expect(storage.saves()).toBe(1);
  });

  it('ignores damaged stored reports and keeps at most MAX_TABS tabs', async () => {
    const damaged = {
      load: async () => ({
        1: { 0: { scanned: 'yes', flags: [] } },
        x: {},
        2: { 0: { scanned: true, flags: [flag('ok')] } },
      }),
      save: async () => undefined,
    };
    const store = new TabFlagStore(damaged);
    expect(await store.get(1)).toBeNull();
    expect((await store.get(2))!.flags).toEqual([flag('ok')]);
    for (let tab = 100; tab < 100 + MAX_TABS; tab++) await store.set(tab, { scanned: true, flags: [] }, 0);
    expect(await store.get(2)).toBeNull();
    expect(await store.get(100 + MAX_TABS - 1)).not.toBeNull();
  });
});

describe('reportFlags from frames', () => {
  it('sets the toolbar count from all frames of the tab', async () => {
    const badges: string[] = [];
    const deps = {
      library: {} as never,
      sources: {} as never,
      tabFlags: new TabFlagStore(),
      getSettings: async () => DEFAULT_SETTINGS,
      setSettings: async () => undefined,
      setBadge: (_tab: number, text: string) => badges.push(text),
      getDismissals: async () => [],
      setDismissals: async () => undefined,
    } satisfies HandlerDeps;
    const report = (flags: FlagSummary[]) => ({ type: 'reportFlags', flags, scanned: true });
    await handleMessage(report([]), 'content', 3, deps, 'https://news.example/a', 0);
    await handleMessage(report([flag('deepseek')]), 'content', 3, deps, 'https://embed.example/x', 2);
    await handleMessage(report([flag('tiktok')]), 'content', 3, deps, 'https://news.example/a', 0);
    expect(badges).toEqual(['', '1', '2']);
    expect((await deps.tabFlags.get(3))!.host).toBe('news.example');
  });
});
