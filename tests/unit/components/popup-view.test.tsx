/** The popup, rendered with a stubbed background: odd answers, page states, filters and focus. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { EntryDetails, TabFlags } from '../../../utils/messages';
import type { SearchResult } from '../../../utils/search';
import { DEFAULT_SETTINGS, type Settings } from '../../../utils/settings';

type Msg = { type: string; [k: string]: unknown };
const sent: Msg[] = [];
const responses: Record<string, (msg: Msg) => unknown> = {};

vi.mock('~/utils/send', () => ({
  send: (msg: Msg) => {
    sent.push(msg);
    const r = responses[msg.type];
    try {
      return Promise.resolve(r ? r(msg) : undefined);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  },
}));

const { Popup } = await import('../../../components/Popup');

const result = (patch: Partial<SearchResult>): SearchResult => ({
  id: 'x',
  kind: 'claim',
  name: 'x',
  label: 'False',
  labelKey: 'verdictFalse',
  count: 0,
  tone: 'refuted',
  source: 'Test list',
  score: 1,
  ...patch,
});
const RESULTS = [
  result({ id: 'app-1', kind: 'app', name: 'Zapp', label: 'Restricted', labelKey: '', tone: 'restricted' }),
  result({ id: 'claim-1', name: 'Zapp is spyware', verdict: 'false' }),
  result({ id: 'claim-2', name: 'Zapp was sold', verdict: 'misleading', label: 'Misleading', labelKey: '' }),
];
const details = (id: string): EntryDetails => ({
  entry: { kind: 'claim', id, claim: `Claim ${id}`, verdict: 'false', reviewedBy: 'Checker', sources: [] },
  source: 'Test list',
});

const setUrl = (search: string) => history.replaceState(null, '', `/popup.html${search}`);
const searches = () => sent.filter((m) => m.type === 'search');
const tabFlagRequests = () => sent.filter((m) => m.type === 'getTabFlags').length;
const text = () => document.body.textContent ?? '';
/** Fakes the poll's interval only: Preact schedules effects with real frames and timeouts. */
const fakeTimers = () => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
/**
 * Preact runs effects after the next frame: waits (letting it render) until the effect has started
 * the popup's poll, or cleared it. The poll's interval is the only faked timer, so the count of
 * faked timers says which; each call of setInterval or clearInterval is the signal to look again.
 */
const pollRunning = (running: boolean) =>
  act(async () => {
    while (vi.getTimerCount() > 0 !== running) await nextIntervalCall();
    expect(vi.getTimerCount() > 0).toBe(running);
  });
/** Resolves after the next call of the (faked) setInterval or clearInterval. */
const nextIntervalCall = () =>
  new Promise<void>((done) => {
    const g = globalThis as unknown as Record<'setInterval' | 'clearInterval', (...a: unknown[]) => unknown>;
    const faked = { setInterval: g.setInterval, clearInterval: g.clearInterval };
    for (const name of ['setInterval', 'clearInterval'] as const) {
      g[name] = (...args) => {
        Object.assign(g, faked);
        const value = faked[name](...args);
        done();
        return value;
      };
    }
  });
/** Runs the (faked) intervals, then lets Preact apply the renders and effects that follow. */
const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms).then(() => undefined));

beforeEach(() => {
  fakeBrowser.reset();
  sent.length = 0;
  for (const k of Object.keys(responses)) delete responses[k];
  responses.getSettings = () => DEFAULT_SETTINGS;
  responses.getSources = () => [];
  responses.getTabFlags = () => ({ scanned: true, flags: [], host: 'news.example' }) satisfies TabFlags;
  responses.getEntry = (m) => details(m.id as string);
  // Filters the way the background does: by kind, up to the limit.
  responses.search = (m) => RESULTS.filter((r) => !m.kind || r.kind === m.kind).slice(0, m.limit as number);
  setUrl('?tab=7');
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('Popup: look-up', () => {
  it('cuts a look-up to the 1,000 characters the protocol accepts, and shows no results for a null answer', async () => {
    setUrl(`?tab=7&q=${'x'.repeat(1200)}`);
    responses.search = () => null; // what the background answers for a request it rejects
    render(<Popup />);
    await waitFor(() => expect(text()).toMatch(/No claim or app in your lists matches/));
    expect(searches().map((m) => (m.query as string).length)).toEqual([1000]);
    // "On this page" is shown too (the popup did not break).
    await waitFor(() => expect(text()).toMatch(/Checked, nothing found/));
  });

  it('shows no results, not the previous ones, when a look-up fails', async () => {
    setUrl('?tab=7&q=zapp');
    render(<Popup />);
    await screen.findByRole('list', { name: 'Look-up results' });
    responses.search = () => {
      throw new Error('Could not establish connection');
    };
    fireEvent.input(screen.getByLabelText('Look up a claim or app'), { target: { value: 'zapq' } });
    await waitFor(() => expect(text()).toMatch(/No claim or app in your lists matches/));
    expect(screen.queryByRole('list', { name: 'Look-up results' })).toBeNull();
  });

  it('never lists claims under "Apps": a verdict selects Claims, Apps and All clear the verdict', async () => {
    setUrl('?tab=7&q=zapp');
    render(<Popup />);
    const apps = screen.getByRole('radio', { name: 'Apps' }) as HTMLInputElement;
    const claims = screen.getByRole('radio', { name: 'Claims' }) as HTMLInputElement;
    const verdict = screen.getByLabelText('Verdict') as HTMLSelectElement;
    fireEvent.click(apps);
    await waitFor(() =>
      expect(screen.getByRole('list', { name: 'Look-up results' }).textContent).not.toMatch(/spyware/),
    );

    verdict.value = 'false';
    fireEvent.change(verdict);
    await waitFor(() => expect(claims.checked).toBe(true));
    expect(apps.checked).toBe(false);
    await waitFor(() => expect(screen.getByRole('list', { name: 'Look-up results' }).textContent).toMatch(/spyware/));
    const list = screen.getByRole('list', { name: 'Look-up results' }).textContent ?? '';
    expect(list).not.toMatch(/Zapp Restricted|was sold/);

    fireEvent.click(apps);
    await waitFor(() => expect(verdict.value).toBe(''));
    await waitFor(() => expect(screen.getByRole('list', { name: 'Look-up results' }).textContent).toMatch(/^Zapp/));
    expect(screen.getByRole('list', { name: 'Look-up results' }).textContent).not.toMatch(/spyware|was sold/);
    expect(searches().at(-1)).toMatchObject({ kind: 'app' });
  });

  it('moves focus to the opened card heading, and back to the opened result after Back', async () => {
    setUrl('?tab=7&q=zapp');
    render(<Popup />);
    const button = await screen.findByRole('button', { name: /spyware/ });
    button.focus();
    fireEvent.click(button);
    const heading = await screen.findByRole('heading', { name: 'Claim claim-1' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(heading.getAttribute('tabindex')).toBe('-1');
    fireEvent.click(screen.getByRole('button', { name: '← Back' }));
    await waitFor(() => expect(document.activeElement?.textContent).toMatch(/spyware/));
  });
});

describe('Popup: on this page', () => {
  const withSettings = (patch: Partial<Settings>) =>
    (responses.getSettings = () => ({ ...DEFAULT_SETTINGS, ...patch }));

  it('says the extension is off, not "Checking…"', async () => {
    withSettings({ enabled: false });
    responses.getTabFlags = () => ({ scanned: false, flags: [], host: 'news.example' });
    render(<Popup />);
    await waitFor(() => expect(text()).toMatch(/Source Flags is off/));
    expect(text()).not.toMatch(/Checking…/);
  });

  it('says it is paused on this site, not "Checking…"', async () => {
    withSettings({ pausedSites: ['example'] });
    responses.getTabFlags = () => ({ scanned: false, flags: [], host: 'news.example' });
    render(<Popup />);
    await waitFor(() => expect(text()).toMatch(/Paused on this site/));
    expect(text()).not.toMatch(/Checking…/);
  });

  it('asks again every second while the page is being checked, and stops when the scan is done', async () => {
    fakeTimers();
    let calls = 0;
    responses.getTabFlags = () =>
      ++calls < 3
        ? { scanned: false, flags: [], host: 'news.example' }
        : {
            scanned: true,
            host: 'news.example',
            flags: [{ id: 'app-1', kind: 'app', name: 'Zapp', label: 'Restricted', tone: 'restricted', count: 2 }],
          };
    render(<Popup />);
    await waitFor(() => expect(text()).toMatch(/Checking…/));
    await pollRunning(true);
    await advance(1000);
    expect(text()).toMatch(/Checking…/);
    await advance(1000);
    await waitFor(() => expect(screen.getByRole('list', { name: 'Flags on this page' }).textContent).toMatch(/Zapp/));
    await pollRunning(false);
    const asked = tabFlagRequests();
    await advance(5000);
    expect(tabFlagRequests()).toBe(asked);
  });

  it('stops asking after about 30 seconds', async () => {
    fakeTimers();
    responses.getTabFlags = () => ({ scanned: false, flags: [], host: 'news.example' });
    render(<Popup />);
    await waitFor(() => expect(text()).toMatch(/Checking…/));
    await pollRunning(true);
    await advance(40_000);
    const asked = tabFlagRequests();
    expect(asked).toBeGreaterThan(20);
    expect(asked).toBeLessThanOrEqual(32);
    await advance(10_000);
    expect(tabFlagRequests()).toBe(asked);
  });
});
