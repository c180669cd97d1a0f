import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createNotifier } from '../../../utils/background/broadcast';
import type { Broadcast } from '../../../utils/messages';

describe('createNotifier', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('tells every tab once per burst of changes, with the current revision; tabs without a content script are fine', async () => {
    const sent: [number, Broadcast][] = [];
    let revision = 1;
    const notifier = createNotifier({
      queryTabs: async () => [{ id: 1 }, { id: 2 }, {}],
      sendToTab: async (id, m) => {
        if (id === 2) throw new Error('Could not establish connection. Receiving end does not exist.');
        sent.push([id, m]);
      },
      sendToPages: async () => undefined,
      revision: () => revision,
    });
    notifier.indexChanged();
    revision = 2;
    notifier.indexChanged();
    revision = 3;
    notifier.indexChanged();
    expect(sent).toEqual([]);
    await vi.runAllTimersAsync();
    expect(sent).toEqual([[1, { type: 'indexChanged', revision: 3 }]]);
  });

  it('tells extension pages when sources change, ignoring "no receiver"', async () => {
    const pages: Broadcast[] = [];
    const notifier = createNotifier({
      queryTabs: async () => [],
      sendToTab: async () => undefined,
      sendToPages: async (m) => {
        pages.push(m);
        throw new Error('Receiving end does not exist.');
      },
      revision: () => 0,
    });
    notifier.sourcesChanged();
    await vi.runAllTimersAsync();
    expect(pages).toEqual([{ type: 'sourcesChanged' }]);
  });
});
