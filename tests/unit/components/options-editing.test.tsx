/** Editing on the options page: errors shown once, page cap, adding while a list downloads, notes, quick settings changes. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { SourceRecord } from '../../../utils/db-schema';
import { DEFAULT_SETTINGS, type Settings } from '../../../utils/settings';

const sent: { type: string; [k: string]: unknown }[] = [];
let sources: SourceRecord[] = [];
let stored: Settings = DEFAULT_SETTINGS;
const responses: Record<string, (msg: Record<string, unknown>) => unknown> = {};
/** Answers not yet handed to the page. */
const unanswered = new Set<Promise<unknown>>();

vi.mock('~/utils/send', () => ({
  send: (msg: { type: string }) => {
    sent.push(msg);
    const r = responses[msg.type];
    const answer = Promise.resolve(r ? r(msg) : undefined);
    unanswered.add(answer);
    void answer.finally(() => unanswered.delete(answer));
    return answer;
  },
}));

/**
 * Resolves once every message the page sent is answered and what the answers changed is rendered
 * (act() runs the renders Preact has pending), messages sent by those renders included.
 */
async function answered(): Promise<void> {
  do {
    await Promise.allSettled([...unanswered]);
    await act(async () => {});
  } while (unanswered.size);
}

const { Options } = await import('../../../components/Options');

const remote = (patch: Partial<SourceRecord>): SourceRecord => ({
  id: 'src-1',
  kind: 'remote',
  title: 'Fact list',
  url: 'https://fc.example/list.json',
  builtin: false,
  enabled: true,
  format: 'source-flags',
  entryCount: 3,
  skipped: 0,
  intervalHours: 24,
  ...patch,
});

beforeEach(() => {
  fakeBrowser.reset();
  fakeBrowser.permissions.request = (() => Promise.resolve(true)) as never;
  sent.length = 0;
  stored = DEFAULT_SETTINGS;
  sources = [remote({})];
  for (const k of Object.keys(responses)) delete responses[k];
  responses.getSources = () => sources;
  responses.getSettings = () => stored;
  responses.getSourceEntries = () => [];
  // The background merges each patch into what is stored, one after another.
  responses.setSettings = (m) => (stored = { ...stored, ...(m.settings as Partial<Settings>) });
});
afterEach(() => cleanup());

const rowOf = (id: string) =>
  waitFor(() => {
    const el = document.querySelector(`[data-source-id="${id}"]`);
    if (!el) throw new Error('not yet');
    return el as HTMLElement;
  });

describe('a failed "Update now"', () => {
  it('shows its error once', async () => {
    const error =
      'Could not reach fc.example (no connection, the server refused it, or the browser blocked the request).';
    responses.updateSource = () => {
      sources = [remote({ lastError: error, failures: 1 })];
      return { id: 'src-1', ok: false, changed: false, error, source: sources[0] };
    };
    render(<Options />);
    const row = await rowOf('src-1');
    fireEvent.click(screen.getByRole('button', { name: 'Update now' }));
    await waitFor(() => expect(row.querySelector('.last-error')?.textContent).toContain(error));
    await answered();
    expect(row.textContent!.split(error).length - 1).toBe(1);
  });

  it('still shows an error that is not stored on the source', async () => {
    responses.updateSource = () => ({ id: 'src-1', ok: false, changed: false, error: 'The update was cancelled.' });
    render(<Options />);
    await rowOf('src-1');
    fireEvent.click(screen.getByRole('button', { name: 'Update now' }));
    await screen.findByText('The update was cancelled.');
  });
});

describe('page cap', () => {
  const box = () => screen.findByLabelText('At most, per page:') as Promise<HTMLInputElement>;

  it.each([
    ['0', 1],
    ['99999', 10_000],
    ['12.7', 12],
  ])('%s is saved as %i, shown in the box, and explained', async (typed, saved) => {
    render(<Options />);
    const input = await box();
    fireEvent.change(input, { target: { value: typed } });
    expect(input.value).toBe(String(saved));
    await waitFor(() => expect(stored.pageCap).toBe(saved));
    expect(sent.filter((m) => m.type === 'setSettings').at(-1)).toEqual({
      type: 'setSettings',
      settings: { pageCap: saved },
    });
    await screen.findByText(`Enter a whole number from 1 to 10,000. Saved: ${saved.toLocaleString('en')}.`);
  });

  it('an empty box gets the saved value back, and nothing is sent', async () => {
    render(<Options />);
    const input = await box();
    fireEvent.change(input, { target: { value: '' } });
    expect(input.value).toBe('200');
    await screen.findByText('Enter a whole number from 1 to 10,000. Saved: 200.');
    expect(sent.some((m) => m.type === 'setSettings')).toBe(false);
  });

  it('what is being typed survives a re-render of the page (its clock ticks every 30 s)', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      render(<Options />);
      const input = await box();
      fireEvent.input(input, { target: { value: '35' } });
      await vi.advanceTimersByTimeAsync(31_000);
      expect(input.value).toBe('35');
      fireEvent.change(input, { target: { value: '35' } });
      await waitFor(() => expect(stored.pageCap).toBe(35));
    } finally {
      vi.useRealTimers();
    }
  });

  it('a number in range is saved without a message', async () => {
    render(<Options />);
    const input = await box();
    fireEvent.change(input, { target: { value: '50' } });
    await waitFor(() => expect(stored.pageCap).toBe(50));
    expect(screen.queryByText(/Enter a whole number/)).toBeNull();
  });
});

describe('adding a list while another downloads', () => {
  it('keeps the button usable and never erases a newly typed address', async () => {
    const answers: ((v: unknown) => void)[] = [];
    responses.addSource = () => new Promise((resolve) => answers.push(resolve));
    const added = (url: string) => ({
      ok: true,
      source: remote({ id: url, title: url, url }),
      outcome: { id: url, ok: true, changed: true, entryCount: 1 },
    });
    render(<Options />);
    const input = (await screen.findByLabelText('Source URL')) as HTMLInputElement;
    const button = screen.getByRole('button', { name: 'Add source' }) as HTMLButtonElement;

    fireEvent.input(input, { target: { value: 'https://slow.example/a.json' } });
    fireEvent.click(button);
    await waitFor(() => expect(answers).toHaveLength(1));
    expect(button.disabled).toBe(false);

    // A second list while the first still downloads.
    fireEvent.input(input, { target: { value: 'https://fast.example/b.json' } });
    fireEvent.click(button);
    await waitFor(() => expect(answers).toHaveLength(2));
    // And a third, typed but not yet submitted, when the first finishes.
    fireEvent.input(input, { target: { value: 'https://third.example/c' } });
    answers[0]!(added('https://slow.example/a.json'));
    await screen.findByText('Added “https://slow.example/a.json”: 1 entry.');
    expect(input.value).toBe('https://third.example/c');
    answers[1]!(added('https://fast.example/b.json'));
    await screen.findByText('Added “https://fast.example/b.json”: 1 entry.');
    expect(input.value).toBe('https://third.example/c');
    expect(sent.filter((m) => m.type === 'addSource').map((m) => m.url)).toEqual([
      'https://slow.example/a.json',
      'https://fast.example/b.json',
    ]);
  });

  it('clears the address that was added when it is still in the box', async () => {
    responses.addSource = (m) => ({
      ok: true,
      source: remote({ id: 'n', title: 'New', url: m.url as string }),
      outcome: { id: 'n', ok: true, changed: true, entryCount: 2 },
    });
    render(<Options />);
    const input = (await screen.findByLabelText('Source URL')) as HTMLInputElement;
    fireEvent.input(input, { target: { value: 'localhost:8080/x' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add source' }));
    await screen.findByText('Added “New”: 2 entries.');
    expect(input.value).toBe('');
    expect(sent.find((m) => m.type === 'addSource')?.url).toBe('https://localhost:8080/x');
  });
});

describe('feed notes', () => {
  it('are shown when no entry was skipped', async () => {
    sources = [
      remote({
        skipped: 0,
        problems: [
          'The list is feed version 2; this extension reads version 1.',
          'entry 1: a javascript: link was dropped',
        ],
      }),
    ];
    render(<Options />);
    const row = await rowOf('src-1');
    const details = row.querySelector('details.problems');
    expect(details?.querySelector('summary')?.textContent).toBe('Notes (2)');
    expect([...details!.querySelectorAll('li')].map((li) => li.textContent)).toEqual(sources[0]!.problems);
  });

  it('are not shown when there are none', async () => {
    render(<Options />);
    const row = await rowOf('src-1');
    expect(row.querySelector('details.problems')).toBeNull();
  });
});

describe('two settings changes in the same tick', () => {
  it('both are kept, on screen and in what is saved', async () => {
    render(<Options />);
    const claims = (await screen.findByLabelText('Refuted claims')) as HTMLInputElement;
    const misleading = screen.getByLabelText('Misleading') as HTMLInputElement;
    const apps = screen.getByLabelText('Restricted apps') as HTMLInputElement;
    // Native clicks, with no render in between (as when one handler saves twice).
    claims.click();
    misleading.click();
    screen.getByLabelText('Mixed or partly false').click();
    apps.click();
    await answered();
    expect(stored.showClaims).toBe(false);
    expect(stored.showApps).toBe(false);
    expect(stored.verdicts).not.toContain('misleading');
    expect(stored.verdicts).not.toContain('mixed');
    expect(claims.checked).toBe(false);
    expect(apps.checked).toBe(false);
    expect(misleading.checked).toBe(false);
  });
});
