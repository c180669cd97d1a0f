/** The options page's import status says which limits an import ran into (issue 17 item 9). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, waitFor } from '@testing-library/preact';
import type { ImportReport } from '../../../utils/messages';

let reply: ImportReport & { capped?: unknown };
vi.mock('~/utils/send', () => ({
  send: (msg: { type: string }) => Promise.resolve(msg.type === 'importAll' ? reply : undefined),
}));

const { Backup } = await import('../../../components/Backup');

afterEach(() => cleanup());

async function importFile(): Promise<HTMLElement> {
  const { container } = render(<Backup onChange={() => undefined} />);
  const input = container.querySelector('input[type=file]') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [new File(['{}'], 'backup.json', { type: 'application/json' })] });
  fireEvent.change(input);
  return waitFor(() => {
    const el = container.querySelector('.import-report');
    if (!el) throw new Error('not yet');
    return el as HTMLElement;
  });
}

const done = (patch: Partial<Extract<ImportReport, { ok: true }>> & { capped?: unknown }) => ({
  ok: true as const,
  addedSources: 0,
  updatedSources: 0,
  myEntries: 0,
  settings: false,
  skipped: [],
  skippedCount: 0,
  ...patch,
});

describe('Options: import status', () => {
  it('gives the count and the reason for each limit, before the other reasons', async () => {
    reply = done({
      myEntries: 5000,
      addedSources: 1,
      skipped: ['https://b.example/x.json: you already have 200 lists', 'My entries: entry 3: has no verdict'],
      skippedCount: 7003,
      capped: [
        { part: 'myEntries', skipped: 7000, max: 5000 },
        { part: 'sources', skipped: 2, max: 200 },
      ],
    });
    const report = await importFile();
    expect(report.querySelector('.ok')!.textContent).toMatch(/5,000 of My entries/);
    expect(report.textContent).toMatch(/Skipped or changed \(7,003\)/);
    const items = [...report.querySelectorAll('li')].map((li) => li.textContent);
    expect(items).toEqual([
      '7,000 of My entries were not imported: My entries holds at most 5,000 entries. The entries you already had are all kept; delete some and import again to add the rest.',
      '2 sources were not added: you can have at most 200 sources added by URL.',
      'https://b.example/x.json: you already have 200 lists',
      'My entries: entry 3: has no verdict',
    ]);
  });

  it('says nothing about limits when none was reached, or when the report is malformed', async () => {
    reply = done({ myEntries: 3, capped: [{ part: 'myEntries', skipped: 'lots', max: 5000 }] });
    const report = await importFile();
    expect(report.textContent).toMatch(/Nothing was skipped/);
    expect(report.textContent).not.toMatch(/not imported/);
  });
});
