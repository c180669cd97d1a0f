import { describe, expect, it } from 'vitest';
import { TabFlagStore } from '../../utils/background/tab-flags';
import { handleMessage, type HandlerDeps } from '../../utils/background/handlers';
import { DEFAULT_SETTINGS } from '../../utils/settings';
import type { FlagSummary } from '../../utils/messages';

const flag = (id: string, count = 1): FlagSummary => ({
  id,
  kind: 'app',
  name: id,
  label: 'Restricted',
  tone: 'restricted',
  count,
});

describe('flags per tab, merged over its frames', () => {
  it('counts a flag found only inside a frame', () => {
    const store = new TabFlagStore();
    store.set(7, { scanned: true, flags: [], host: 'news.example' }, 0);
    store.set(7, { scanned: true, flags: [flag('deepseek')], host: 'embed.example' }, 3);
    expect(store.get(7)).toEqual({ scanned: true, flags: [flag('deepseek')], host: 'news.example' });
    expect(TabFlagStore.badgeText(store.get(7))).toBe('1');
  });

  it('counts an entry found in two frames once, adding its mentions; the top document first', () => {
    const store = new TabFlagStore();
    store.set(1, { scanned: true, flags: [flag('tiktok', 2)] }, 5);
    store.set(1, { scanned: true, flags: [flag('rednote'), flag('tiktok', 1)] }, 0);
    expect(store.get(1)!.flags).toEqual([flag('rednote'), flag('tiktok', 3)]);
  });

  it("a frame's report replaces only that frame's earlier one", () => {
    const store = new TabFlagStore();
    store.set(1, { scanned: true, flags: [flag('a')] }, 0);
    store.set(1, { scanned: true, flags: [flag('b')] }, 2);
    store.set(1, { scanned: true, flags: [] }, 2);
    expect(store.get(1)!.flags.map((f) => f.id)).toEqual(['a']);
  });

  it("the top document's scan state is the tab's", () => {
    const store = new TabFlagStore();
    store.set(1, { scanned: true, flags: [] }, 4);
    expect(store.get(1)!.scanned).toBe(true);
    store.set(1, { scanned: false, flags: [] }, 0);
    expect(store.get(1)!.scanned).toBe(false);
  });

  it("forgets the old page's frames when a new top document loads, and closed tabs", () => {
    const store = new TabFlagStore();
    store.set(1, { scanned: true, flags: [flag('a')] }, 0);
    store.set(1, { scanned: true, flags: [flag('b')] }, 9);
    store.dropFrames(1);
    expect(store.get(1)!.flags.map((f) => f.id)).toEqual(['a']);
    store.delete(1);
    expect(store.get(1)).toBeNull();
    store.dropFrames(2);
    expect(store.get(2)).toBeNull();
    expect(TabFlagStore.badgeText(null)).toBe('');
  });

  it('shows 99+ for very many flags', () => {
    const store = new TabFlagStore();
    store.set(1, { scanned: true, flags: Array.from({ length: 120 }, (_, i) => flag(`f${i}`)) }, 0);
    expect(TabFlagStore.badgeText(store.get(1))).toBe('99+');
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
    } satisfies HandlerDeps;
    const report = (flags: FlagSummary[]) => ({ type: 'reportFlags', flags, scanned: true });
    await handleMessage(report([]), 'content', 3, deps, 'https://news.example/a', 0);
    await handleMessage(report([flag('deepseek')]), 'content', 3, deps, 'https://embed.example/x', 2);
    await handleMessage(report([flag('tiktok')]), 'content', 3, deps, 'https://news.example/a', 0);
    expect(badges).toEqual(['', '1', '2']);
    expect(deps.tabFlags.get(3)!.host).toBe('news.example');
  });
});
