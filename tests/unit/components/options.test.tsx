/** The options page's source manager, rendered with a stubbed background. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { SourceRecord } from '../../../utils/db-schema';
import { DEFAULT_SETTINGS } from '../../../utils/settings';

const sent: { type: string; [k: string]: unknown }[] = [];
let sources: SourceRecord[] = [];
const responses: Record<string, (msg: Record<string, unknown>) => unknown> = {};

vi.mock('~/utils/send', () => ({
  send: (msg: { type: string }) => {
    sent.push(msg);
    const r = responses[msg.type];
    return Promise.resolve(r ? r(msg) : undefined);
  },
}));

const { Options } = await import('../../../components/Options');

const NOW = Date.now();
const base = (patch: Partial<SourceRecord>): SourceRecord => ({
  id: 'x',
  kind: 'remote',
  title: 'x',
  builtin: false,
  enabled: true,
  format: 'claimreview',
  entryCount: 0,
  skipped: 0,
  intervalHours: 24,
  ...patch,
});

beforeEach(() => {
  fakeBrowser.reset();
  sent.length = 0;
  sources = [
    base({ id: 'local', kind: 'local', title: 'My entries', format: 'local' }),
    base({ id: 'builtin', kind: 'builtin', builtin: true, title: 'Source Flags default list', entryCount: 30 }),
    base({
      id: 'src-1',
      title: '<img src=x onerror=alert(1)> Fact list',
      url: 'https://fc.example/list.json',
      entryCount: 12,
      skipped: 2,
      problems: ['entry 3: has no claim text'],
      lastSuccess: NOW - 3 * 3_600_000,
      lastError: 'The server had a problem (HTTP 500 Internal Server Error); it will be tried again later.',
      nextUpdate: NOW + 5 * 60_000,
      failures: 1,
    }),
    base({ id: 'src-2', title: 'Odd', url: 'javascript:alert(1)', format: '' }),
  ];
  responses.getSources = () => sources;
  responses.getSettings = () => DEFAULT_SETTINGS;
  responses.getSourceEntries = () => [];
});
afterEach(() => cleanup());

describe('Options: sources', () => {
  it('shows every source with its state, in plain text', async () => {
    render(<Options />);
    const row = await waitFor(() => {
      const el = document.querySelector('[data-source-id="src-1"]');
      if (!el) throw new Error('not yet');
      return el as HTMLElement;
    });
    expect(row.querySelector('.source-title')!.textContent).toBe('<img src=x onerror=alert(1)> Fact list');
    expect(row.querySelector('img')).toBeNull();
    expect(row.textContent).toMatch(/ClaimReview JSON-LD/);
    expect(row.querySelector('.entry-count')!.textContent).toBe('12');
    expect(row.querySelector('.last-success')!.textContent).toBe('3 hours ago');
    expect(row.querySelector('.next-update')!.textContent).toBe('in 5 minutes');
    expect(row.querySelector('.last-error')!.textContent).toMatch(
      /Last update failed: The server had a problem \(HTTP 500.*The copy from 3 hours ago is still used/,
    );
    expect(row.textContent).toMatch(/2 skipped/);
    const link = row.querySelector('a.source-url') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe('https://fc.example/list.json');
    expect(link.target).toBe('_blank');
    expect(link.rel).toBe('noopener noreferrer');
    expect((row.querySelector('select') as HTMLSelectElement).value).toBe('24');

    // A non-http URL is shown as text, never as a link.
    const odd = document.querySelector('[data-source-id="src-2"]')!;
    expect(odd.querySelector('a')).toBeNull();
    expect(odd.textContent).toContain('javascript:alert(1)');

    // The built-in list can be disabled, not removed; My entries is not downloaded.
    const builtin = document.querySelector('[data-source-id="builtin"]')!;
    expect([...builtin.querySelectorAll('button')].map((b) => b.textContent)).toEqual([]);
    expect(builtin.querySelector('input[type=checkbox]')).not.toBeNull();
    expect([...row.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Update now', 'Remove']);
  });

  it('"Add source" asks for the list host inside the click, then adds it', async () => {
    const request = vi.fn(() => Promise.resolve(true));
    fakeBrowser.permissions.request = request as never;
    responses.addSource = (m) => ({
      ok: true,
      source: base({ id: 'src-3', title: 'New list', url: m.url as string }),
      outcome: { id: 'src-3', ok: true, changed: true, entryCount: 4 },
    });
    render(<Options />);
    const input = await screen.findByLabelText('Source URL');
    fireEvent.input(input, { target: { value: 'http://127.0.0.1:8123/feed.json' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add source' }));
    // Requested synchronously, in the gesture.
    expect(request).toHaveBeenCalledWith({ origins: ['http://127.0.0.1/*'] });
    await screen.findByText('Added “New list”: 4 entries.');
    expect(sent.find((m) => m.type === 'addSource')).toEqual({
      type: 'addSource',
      url: 'http://127.0.0.1:8123/feed.json',
    });
  });

  it.each([
    [
      'the browser withheld it',
      'Source Flags is not allowed to read from 127.0.0.1:8123. Press "Update now" and allow access when your browser asks.',
    ],
    // Firefox fails the fetch while the grant is landing; by the time the failure is explained the
    // permission is held, so it reads as a plain network error.
    [
      'the grant was still landing',
      'Could not reach 127.0.0.1:8123 (no connection, the server refused it, or the browser blocked the request).',
    ],
  ])('"Add source" downloads again once access is granted, when %s', async (_why, error) => {
    let grant!: (ok: boolean) => void;
    fakeBrowser.permissions.request = (() => new Promise<boolean>((r) => (grant = r))) as never;
    responses.addSource = (m) => ({
      ok: true,
      source: base({ id: 'src-3', title: 'New list', url: m.url as string }),
      outcome: { id: 'src-3', ok: false, changed: false, error },
    });
    responses.updateSource = (m) => ({ id: m.id, ok: true, changed: true, entryCount: 4 });
    render(<Options />);
    const input = await screen.findByLabelText('Source URL');
    fireEvent.input(input, { target: { value: 'http://127.0.0.1:8123/feed.json' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add source' }));
    await screen.findByText(`Added New list, but the first download failed: ${error}`);
    expect(sent.some((m) => m.type === 'updateSource')).toBe(false);
    grant(true);
    await screen.findByText('Added “New list”: 4 entries.');
    expect(sent.filter((m) => m.type === 'updateSource')).toEqual([{ type: 'updateSource', id: 'src-3' }]);
  });

  it('"Add source" does not download again when access is refused, or when the failure was not about access', async () => {
    for (const [granted, error] of [
      [
        false,
        'Could not reach 127.0.0.1:8123 (no connection, the server refused it, or the browser blocked the request).',
      ],
      [true, 'The server had a problem (HTTP 500 Internal Server Error); it will be tried again later.'],
    ] as const) {
      sent.length = 0;
      fakeBrowser.permissions.request = (() => Promise.resolve(granted)) as never;
      responses.addSource = (m) => ({
        ok: true,
        source: base({ id: 'src-3', title: 'New list', url: m.url as string }),
        outcome: { id: 'src-3', ok: false, changed: false, error },
      });
      render(<Options />);
      const input = await screen.findByLabelText('Source URL');
      fireEvent.input(input, { target: { value: 'http://127.0.0.1:8123/feed.json' } });
      fireEvent.click(screen.getByRole('button', { name: 'Add source' }));
      await screen.findByText(`Added New list, but the first download failed: ${error}`);
      // The page refreshes its list after an add; once it has, any second try would have been sent.
      await waitFor(() => expect(sent.filter((m) => m.type === 'getSources').length).toBeGreaterThan(1));
      expect(sent.some((m) => m.type === 'updateSource')).toBe(false);
      cleanup();
    }
  });

  it('does not send an invalid address', async () => {
    fakeBrowser.permissions.request = vi.fn() as never;
    render(<Options />);
    const input = await screen.findByLabelText('Source URL');
    fireEvent.input(input, { target: { value: 'ftp://example.org/x' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add source' }));
    await screen.findByText('Only http and https addresses can be added.');
    expect(sent.some((m) => m.type === 'addSource')).toBe(false);
    expect(fakeBrowser.permissions.request).not.toHaveBeenCalled();
  });

  it('"Update now" asks for access and updates; "Remove" removes', async () => {
    const request = vi.fn(() => new Promise<boolean>(() => undefined)); // a prompt nobody answers
    fakeBrowser.permissions.request = request as never;
    responses.updateSource = (m) => ({ id: m.id, ok: false, changed: false, error: 'HTTP 500' });
    responses.removeSource = () => ({ ok: true });
    render(<Options />);
    await screen.findByText('<img src=x onerror=alert(1)> Fact list');
    const row = document.querySelector('[data-source-id="src-1"]')!;
    fireEvent.click([...row.querySelectorAll('button')].find((b) => b.textContent === 'Update now')!);
    expect(request).toHaveBeenCalledWith({ origins: ['https://fc.example/*'] });
    await waitFor(() => expect(sent.some((m) => m.type === 'updateSource' && m.id === 'src-1')).toBe(true));
    fireEvent.click([...row.querySelectorAll('button')].find((b) => b.textContent === 'Remove')!);
    await waitFor(() => expect(sent.some((m) => m.type === 'removeSource' && m.id === 'src-1')).toBe(true));
  });
});
