/**
 * A learning flood must not freeze the options page (issue 17 item 8): the background tells pages
 * "sources changed" at most twice a second, the page merges reloads that arrive while one runs,
 * refetches the learned claims only when they changed, and renders them a page at a time.
 * Driven by fake timers and by answers the test releases, never by sleeping.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createNotifier, PAGES_EVERY_MS } from '../../../utils/background/broadcast';
import type { SourceRecord } from '../../../utils/db-schema';
import type { Broadcast, StoredEntry } from '../../../utils/messages';
import { DEFAULT_SETTINGS } from '../../../utils/settings';

const sent: { type: string; [k: string]: unknown }[] = [];
const responses: Record<string, (msg: Record<string, unknown>) => unknown> = {};

vi.mock('~/utils/send', () => ({
  send: (msg: { type: string }) => {
    sent.push(msg);
    const r = responses[msg.type];
    return Promise.resolve(r ? r(msg) : undefined);
  },
}));

const { Options, coalesce } = await import('../../../components/Options');
const { LEARNED_PAGE } = await import('../../../components/Learning');

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('"sources changed" from the background', () => {
  it('50 changes within 100 ms reach extension pages as two messages: one at once, one at the end', async () => {
    vi.useFakeTimers();
    const pages: Broadcast[] = [];
    const notifier = createNotifier({
      queryTabs: async () => [],
      sendToTab: async () => undefined,
      sendToPages: async (m) => void pages.push(m),
      revision: () => 0,
    });
    for (let i = 0; i < 50; i++) {
      notifier.sourcesChanged();
      await vi.advanceTimersByTimeAsync(2);
    }
    expect(pages).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(PAGES_EVERY_MS);
    expect(pages).toEqual([{ type: 'sourcesChanged' }, { type: 'sourcesChanged' }]);
    await vi.runAllTimersAsync();
    expect(pages).toHaveLength(2);
    // A lone change after a quiet spell is told at once.
    await vi.advanceTimersByTimeAsync(PAGES_EVERY_MS);
    notifier.sourcesChanged();
    expect(pages).toHaveLength(3);
  });
});

describe('coalesce', () => {
  it('merges the requests that arrive during a load into one more load', async () => {
    vi.useFakeTimers();
    let loads = 0;
    const request = coalesce(() => {
      loads++;
      return new Promise((done) => setTimeout(done, 150));
    });
    for (let i = 0; i < 50; i++) {
      request();
      await vi.advanceTimersByTimeAsync(2);
    }
    await vi.runAllTimersAsync();
    expect(loads).toBe(2);
    request();
    await vi.runAllTimersAsync();
    expect(loads).toBe(3);
  });

  it('a failed load does not lose the request that waited for it', async () => {
    let loads = 0;
    const request = coalesce(async () => {
      loads++;
      throw new Error('no background');
    });
    request();
    request();
    await waitFor(() => expect(loads).toBe(2));
  });
});

describe('the options page during a learning flood', () => {
  const source = (id: string, kind: SourceRecord['kind'], contentStamp: string, entryCount: number): SourceRecord => ({
    id,
    kind,
    title: id,
    builtin: kind === 'builtin',
    enabled: true,
    format: kind,
    entryCount,
    skipped: 0,
    intervalHours: 24,
    contentStamp,
  });
  const claim = (n: number, from: string): StoredEntry => ({
    entry: {
      kind: 'claim',
      id: `https://${from}/review/${n}`,
      claim: `Learned claim ${n}`,
      verdict: 'false',
      reviewedBy: 'Reuters Fact Check',
      sources: [{ url: `https://${from}/review/${n}` }],
      learnedFrom: from,
    } as StoredEntry['entry'],
    addedAt: Date.now(),
  });
  let sources: SourceRecord[];
  let learned: StoredEntry[];
  /** Answers to getSources, released by the test. */
  let pending: ((s: SourceRecord[]) => void)[];
  const count = (type: string, id?: string) => sent.filter((m) => m.type === type && (!id || m.id === id)).length;
  const release = async () => {
    await waitFor(() => expect(pending.length).toBeGreaterThan(0));
    pending.shift()!(sources);
  };

  beforeEach(() => {
    fakeBrowser.reset();
    sent.length = 0;
    pending = [];
    sources = [source('local', 'local', 'a', 0), source('learned', 'learned', 'l1', 250)];
    learned = Array.from({ length: 250 }, (_, i) => claim(i, i % 2 ? 'fc.example' : 'www.factcheck.example'));
    for (const k of Object.keys(responses)) delete responses[k];
    responses.getSources = () => new Promise<SourceRecord[]>((done) => pending.push(done));
    responses.getSettings = () => DEFAULT_SETTINGS;
    responses.getSourceEntries = (m) => (m.id === 'learned' ? learned : []);
  });

  it('50 "sources changed" within 100 ms make at most two reloads; learned claims are fetched only when they changed', async () => {
    render(<Options />);
    await release();
    const list = await screen.findByRole('list', { name: 'Learned claims' });
    expect(count('getSources')).toBe(1);
    expect(count('getSourceEntries', 'learned')).toBe(1);
    const localFetches = count('getSourceEntries', 'local');

    const changed = { type: 'sourcesChanged' };
    const sender = { id: fakeBrowser.runtime.id };
    for (let i = 0; i < 50; i++) await fakeBrowser.runtime.onMessage.trigger(changed, sender, () => undefined);
    // One reload runs; the other 49 requests wait as one more.
    expect(count('getSources')).toBe(2);
    await release(); // nothing changed in the meantime
    await release(); // the learned claims changed
    await waitFor(() => expect(count('getSources')).toBe(3));
    expect(pending).toHaveLength(0);
    await waitFor(() => expect(count('getSourceEntries', 'learned')).toBe(1));

    sources = [source('local', 'local', 'a', 0), source('learned', 'learned', 'l2', 251)];
    learned = [claim(999, 'new.example'), ...learned];
    await fakeBrowser.runtime.onMessage.trigger(changed, sender, () => undefined);
    await release();
    await waitFor(() => expect(count('getSourceEntries', 'learned')).toBe(2));
    await waitFor(() => expect(list.textContent).toMatch(/Learned claim 999/));
    // My entries did not change: not fetched again.
    expect(count('getSourceEntries', 'local')).toBe(localFetches);
  });

  it('shows the newest claims a page at a time, each with the site that taught it', async () => {
    render(<Options />);
    await release();
    const list = await screen.findByRole('list', { name: 'Learned claims' });
    await waitFor(() => expect(list.querySelectorAll(':scope > li')).toHaveLength(LEARNED_PAGE));
    expect(list.querySelector(':scope > li')!.textContent).toMatch(/from www\.factcheck\.example/);
    fireEvent.click(screen.getByRole('button', { name: `Show more (${LEARNED_PAGE} of 250 shown)` }));
    await waitFor(() => expect(list.querySelectorAll(':scope > li')).toHaveLength(2 * LEARNED_PAGE));
    fireEvent.click(screen.getByRole('button', { name: /^Show more/ }));
    await waitFor(() => expect(list.querySelectorAll(':scope > li')).toHaveLength(250));
    expect(screen.queryByRole('button', { name: /^Show more/ })).toBeNull();
  });
});
