/** Two settings changes sent at once both survive: the background's read-merge-write runs one at a time. */
import { describe, expect, it } from 'vitest';
import { handleMessage, type HandlerDeps } from '../../utils/background/handlers';
import { TabFlagStore } from '../../utils/background/tab-flags';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/settings';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('setSettings handler', () => {
  it('keeps both of two patches sent in the same tick', async () => {
    let stored: Settings = DEFAULT_SETTINGS;
    // Storage answers asynchronously, like browser.storage.local.
    const deps: HandlerDeps = {
      library: {} as never,
      sources: {} as never,
      tabFlags: new TabFlagStore(),
      getSettings: async () => {
        await tick();
        return stored;
      },
      setSettings: async (s) => {
        await tick();
        stored = s;
      },
      setBadge: () => undefined,
      getDismissals: async () => [],
      setDismissals: async () => undefined,
    };
    const [a, b] = await Promise.all([
      handleMessage({ type: 'setSettings', settings: { showApps: false } }, 'page', undefined, deps),
      handleMessage({ type: 'setSettings', settings: { pageCap: 50 } }, 'page', undefined, deps),
    ]);
    expect(stored).toMatchObject({ showApps: false, pageCap: 50 });
    expect(a).toMatchObject({ showApps: false, pageCap: DEFAULT_SETTINGS.pageCap });
    expect(b).toEqual(stored);
  });

  it('a failed write does not block the next one', async () => {
    let stored: Settings = DEFAULT_SETTINGS;
    let failNext = true;
    const deps: HandlerDeps = {
      library: {} as never,
      sources: {} as never,
      tabFlags: new TabFlagStore(),
      getSettings: async () => stored,
      setSettings: async (s) => {
        if (failNext) {
          failNext = false;
          throw new Error('disk full');
        }
        stored = s;
      },
      setBadge: () => undefined,
      getDismissals: async () => [],
      setDismissals: async () => undefined,
    };
    const first = handleMessage({ type: 'setSettings', settings: { showApps: false } }, 'page', undefined, deps);
    const second = handleMessage({ type: 'setSettings', settings: { pageCap: 7 } }, 'page', undefined, deps);
    await expect(first).rejects.toThrow('disk full');
    await expect(second).resolves.toMatchObject({ pageCap: 7, showApps: true });
  });
});
