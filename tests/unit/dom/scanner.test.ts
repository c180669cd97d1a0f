import { createBadge } from '../../../components/badge';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isNewPage, PageScanner, type ScannerOptions } from '../../../utils/dom/scanner';
import { OWN_ATTR } from '../../../utils/dom/text-blocks';
import { DEFAULT_SETTINGS, type Settings } from '../../../utils/settings';
import type { FlagSummary } from '../../../utils/messages';
import { defaultMatcher } from '../default-index';
import { LocalMentionSource, type MentionSource } from '../../../utils/match/mention-source';

let scanner: PageScanner | undefined;
let reports: { flags: FlagSummary[]; scanned: boolean }[];

function setup(html: string, settings: Partial<Settings> = {}, extra: Partial<ScannerOptions> = {}): PageScanner {
  document.body.innerHTML = html; // test fixture markup only
  reports = [];
  scanner = new PageScanner({
    source: new LocalMentionSource(defaultMatcher),
    settings: { ...DEFAULT_SETTINGS, ...settings },
    loadDetails: () => Promise.resolve(null),
    makeBadge: createBadge,
    onFlags: (flags, scanned) => reports.push({ flags, scanned }),
    signal: new AbortController().signal,
    mutationDelayMs: 5,
    followNavigation: false,
    ...extra,
  });
  return scanner;
}

const badgeIds = (root: ParentNode = document) =>
  [...root.querySelectorAll(`[${OWN_ATTR}]`)].map((b) => b.getAttribute('data-flag-id'));

/**
 * Waits until the scanner has taken in the DOM changes made so far and finished scanning them: its
 * own "scanned as the page is now" signal (settled, what whenScanned answers with), once the
 * changes have reached its observer (in a microtask queued when they were made, so before this one).
 */
async function settle(s: PageScanner): Promise<void> {
  await new Promise<void>((r) => queueMicrotask(r));
  await s.settled();
}

beforeEach(() => document.body.replaceChildren());
afterEach(() => scanner?.destroy());

describe('PageScanner: density and reports', () => {
  const twoParagraphs =
    '<p id="a">TikTok here, TikTok again, and DeepSeek.</p><p id="b">TikTok once more, DeepSeek too.</p>';

  it('badges one mention per flag per paragraph by default', async () => {
    await setup(twoParagraphs).start(document);
    expect(badgeIds(document.getElementById('a')!)).toEqual(['tiktok', 'deepseek']);
    expect(badgeIds(document.getElementById('b')!)).toEqual(['tiktok', 'deepseek']);
  });

  it('badges every mention, or only the first on the page', async () => {
    await setup(twoParagraphs, { density: 'every' }).start(document);
    expect(badgeIds(document.getElementById('a')!)).toEqual(['tiktok', 'tiktok', 'deepseek']);
    scanner!.destroy();
    await setup(twoParagraphs, { density: 'first' }).start(document);
    expect(badgeIds()).toEqual(['tiktok', 'deepseek']);
  });

  it('stops at the page cap', async () => {
    await setup(twoParagraphs, { density: 'every', pageCap: 2 }).start(document);
    expect(badgeIds()).toHaveLength(2);
  });

  it('reports what it badged, and that it checked a page with nothing on it', async () => {
    await setup(twoParagraphs).start(document);
    expect(reports.at(-1)!.scanned).toBe(true);
    expect(reports.at(-1)!.flags.map((f) => [f.id, f.count])).toEqual([
      ['tiktok', 2],
      ['deepseek', 2],
    ]);
    scanner!.destroy();
    await setup('<p>Nothing listed here.</p>').start(document);
    expect(reports).toEqual([
      { flags: [], scanned: false },
      { flags: [], scanned: true },
    ]);
  });

  it('leaves apps or claims out when the settings say so', async () => {
    await setup(twoParagraphs, { showApps: false }).start(document);
    expect(badgeIds()).toEqual([]);
  });
});

describe('PageScanner: changes', () => {
  it('scans added content in one batch, only the new blocks, ignoring its own badges', async () => {
    const s = setup('<p>Old news about TikTok.</p>');
    await s.start(document);
    const scan = vi.spyOn(defaultMatcher, 'scan');
    for (let i = 0; i < 5; i++) {
      const p = document.createElement('p');
      p.textContent = `Post ${i} mentions Lemon8.`;
      document.body.append(p);
    }
    await settle(s);
    expect(s.stats.batches).toBe(1);
    expect(scan.mock.calls.map(([text]) => text)).toEqual([0, 1, 2, 3, 4].map((i) => `Post ${i} mentions Lemon8.`));
    expect(badgeIds()).toEqual(['tiktok', 'lemon8', 'lemon8', 'lemon8', 'lemon8', 'lemon8']);
    scan.mockRestore();
    // Our own insertions never come back as changes to scan.
    await settle(s);
    expect(s.stats.batches).toBe(1);
  });

  it('never badges a mention twice when its paragraph changes', async () => {
    const s = setup('<p id="p">TikTok is here.</p>', { density: 'every' });
    await s.start(document);
    document.getElementById('p')!.append(' More text, and RedNote.');
    await settle(s);
    expect(badgeIds()).toEqual(['tiktok', 'rednote']);
  });

  it('skips text hidden by style or attributes, and scans it once revealed', async () => {
    const s = setup(
      '<p style="display:none">TikTok</p><p hidden id="h">DeepSeek</p><p aria-hidden="true">Lemon8</p><p>RedNote</p>',
    );
    await s.start(document);
    expect(badgeIds()).toEqual(['rednote']);
    document.getElementById('h')!.removeAttribute('hidden');
    await settle(s);
    expect(badgeIds()).toEqual(['deepseek', 'rednote']);
  });

  it('badges text revealed by a class or an inline style once, and content added while collapsed', async () => {
    const s = setup(
      '<style>.collapsed .more{display:none}</style>' +
        '<div id="story" class="collapsed"><p>Intro.</p><p class="more">Nepal blocked TikTok in 2023.</p></div>' +
        '<div id="tab" style="display:none"><p>Italy ordered DeepSeek off app stores.</p></div>' +
        '<div id="panel" class="collapsed"><div class="more" id="lazy"></div></div>',
    );
    await s.start(document);
    expect(badgeIds()).toEqual([]);
    document.getElementById('story')!.classList.remove('collapsed');
    await vi.waitFor(() => expect(badgeIds(document.getElementById('story')!)).toEqual(['tiktok']));
    document.getElementById('tab')!.style.display = 'block';
    await vi.waitFor(() => expect(badgeIds(document.getElementById('tab')!)).toEqual(['deepseek']));
    // Loaded into a collapsed panel ("Read more"), then opened.
    document.getElementById('lazy')!.innerHTML = '<p>Texas also barred RedNote from state phones.</p>';
    await settle(s);
    expect(badgeIds(document.getElementById('panel')!)).toEqual([]);
    document.getElementById('panel')!.classList.remove('collapsed');
    await vi.waitFor(() => expect(badgeIds(document.getElementById('panel')!)).toEqual(['rednote']));
    // Collapsing and expanding again adds nothing.
    document.getElementById('story')!.classList.add('collapsed');
    document.getElementById('story')!.classList.remove('collapsed');
    // The reveal check and any batch it starts are done (the scan's own signal, no sleep).
    await s.settled();
    expect(badgeIds()).toEqual(['tiktok', 'deepseek', 'rednote']);
  });

  it('badges a <details> when it is opened', async () => {
    const s = setup('<details id="d"><summary>More</summary><p>Nepal blocked TikTok in 2023.</p></details>');
    await s.start(document);
    document.getElementById('d')!.setAttribute('open', '');
    await vi.waitFor(() => expect(badgeIds()).toEqual(['tiktok']));
  });

  it('never observes class or style on a page where nothing was hidden', async () => {
    const observe = vi.spyOn(MutationObserver.prototype, 'observe');
    const s = setup('<p id="p">Nepal blocked TikTok in 2023.</p><p>Nothing listed.</p>');
    await s.start(document);
    document.getElementById('p')!.className = 'changed';
    await settle(s);
    const filters = observe.mock.calls.flatMap(([, o]) => o?.attributeFilter ?? []);
    expect(filters).not.toContain('class');
    expect(filters).not.toContain('style');
    observe.mockRestore();
  });

  it('ignores typing in editable regions', async () => {
    const s = setup('<div contenteditable="true" id="e">Draft</div>');
    await s.start(document);
    document.getElementById('e')!.append(' about TikTok');
    await settle(s);
    expect(badgeIds()).toEqual([]);
  });

  it('takes its badges out of a region that becomes editable, restoring the text', async () => {
    const s = setup('<p id="p">Nepal blocked TikTok in 2023.</p>');
    await s.start(document);
    const p = document.getElementById('p')!;
    expect(p.childNodes).toHaveLength(3);
    p.setAttribute('contenteditable', 'true');
    await settle(s);
    expect(badgeIds()).toEqual([]);
    expect(p.childNodes).toHaveLength(1);
    expect(p.textContent).toBe('Nepal blocked TikTok in 2023.');
  });
});

describe('PageScanner: pages that fight back', () => {
  it('re-adds a badge the page removed at most once, then backs off', async () => {
    const s = setup('<p id="p">Nepal blocked TikTok in 2023.</p>');
    await s.start(document);
    let inserted = 1;
    for (let round = 0; round < 5; round++) {
      // A framework re-render: the paragraph's text is written again, dropping our badge.
      document.getElementById('p')!.textContent = 'Nepal blocked TikTok in 2023.';
      await settle(s);
      inserted += badgeIds().length;
    }
    expect(inserted).toBeLessThanOrEqual(2);
    expect(document.getElementById('p')!.textContent).toBe('Nepal blocked TikTok in 2023.');
  });

  it('puts split text back together when the page removes a badge', async () => {
    const s = setup('<p id="p">Nepal blocked TikTok in 2023.</p>');
    await s.start(document);
    const p = document.getElementById('p')!;
    p.querySelector(`[${OWN_ATTR}]`)!.remove();
    await settle(s);
    expect(p.childNodes).toHaveLength(1);
    expect(p.textContent).toBe('Nepal blocked TikTok in 2023.');
    expect(badgeIds()).toEqual([]);
  });

  it('drops its badge and the split-off copy when the page rewrites the text node', async () => {
    const s = setup('<p id="p">Nepal blocked TikTok in 2023.</p>');
    await s.start(document);
    const p = document.getElementById('p')!;
    // A framework holding the original text node writes its whole new text into it.
    (p.firstChild as Text).data = 'Updated: nothing listed here.';
    await settle(s);
    expect(p.textContent).toBe('Updated: nothing listed here.');
    expect(badgeIds()).toEqual([]);
  });
});

describe('PageScanner: new pages and new lists', () => {
  it('starts a new page on navigation: density state reset, flags reported again', async () => {
    const s = setup('<p id="a">TikTok</p>', { density: 'first' });
    await s.start(document);
    document.body.insertAdjacentElement('beforeend', Object.assign(document.createElement('p'), { id: 'b' }));
    document.getElementById('b')!.textContent = 'TikTok on the next page';
    await settle(s);
    expect(badgeIds()).toEqual(['tiktok']); // "first mention on the page"
    reports = [];
    document.getElementById('a')!.remove();
    await s.navigated();
    expect(reports[0]).toEqual({ flags: [], scanned: false });
    expect(reports.at(-1)!.flags.map((f) => f.id)).toEqual(['tiktok']);
    expect(badgeIds()).toEqual(['tiktok']);
  });

  it('reset() removes every badge, restores the text and scans again with the new settings', async () => {
    const s = setup('<p id="p">TikTok and TikTok</p>');
    await s.start(document);
    expect(badgeIds()).toEqual(['tiktok']);
    await s.reset(new LocalMentionSource(defaultMatcher), { ...DEFAULT_SETTINGS, density: 'every' });
    expect(badgeIds()).toEqual(['tiktok', 'tiktok']);
    s.destroy();
    expect(badgeIds()).toEqual([]);
    const p = document.getElementById('p')!;
    expect(p.childNodes).toHaveLength(1);
    expect(p.textContent).toBe('TikTok and TikTok');
  });
});

describe('isNewPage', () => {
  it.each([
    ['https://a.example/x', 'https://a.example/y', true],
    ['https://a.example/x?q=1', 'https://a.example/x?q=2', true],
    ['https://a.example/x', 'https://a.example/x#history', false],
    ['https://a.example/#/inbox', 'https://a.example/#/sent', true],
    ['https://a.example/#!/post/1', 'https://a.example/#!/post/2', true],
    ['https://a.example/x', 'https://a.example/x', false],
  ])('%s → %s: %s', (a, b, expected) => {
    expect(isNewPage(a, b)).toBe(expected);
  });
});

describe('PageScanner: matching in the background', () => {
  /**
   * The default matcher as a background would answer: each batch's answer goes through `answer`
   * (`n` counts the batches from 0), which may hold it back or count it.
   */
  function answering(answer: (n: number, batch: readonly string[]) => Promise<void> | void): MentionSource {
    const local = new LocalMentionSource(defaultMatcher);
    let n = 0;
    return {
      get entries() {
        return local.entries;
      },
      async scanBatch(batch: readonly string[]) {
        const found = await local.scanBatch(batch);
        await answer(n++, batch);
        return found;
      },
    };
  }

  it('drops an answer for a block the page changed meanwhile, and badges the new text', async () => {
    let release: () => void = () => undefined;
    let calls = 0;
    // The first batch is answered only after the page has rewritten the paragraph.
    const source = answering(async (n) => {
      calls++;
      if (n === 0) await new Promise<void>((r) => (release = r));
    });
    const s = setup('<p id="p">TikTok is named here.</p>', {}, { source });
    const started = s.start(document);
    await vi.waitFor(() => expect(calls).toBe(1));
    document.getElementById('p')!.textContent = 'Now it is DeepSeek, at another place in the sentence.';
    release();
    await started;
    await settle(s);
    expect(badgeIds()).toEqual(['deepseek']);
    expect(document.getElementById('p')!.textContent).toBe('Now it is DeepSeek, at another place in the sentence.');
    expect(calls).toBe(2);
  });

  it('sends a large page in batches and adds up its time on the main thread', async () => {
    const texts: number[] = [];
    const source = answering((_n, batch) => void texts.push(batch.length));
    const paragraph = `<p>${'A long paragraph of ordinary words, with TikTok once. '.repeat(40)}</p>`;
    const s = setup(paragraph.repeat(200), {}, { source, sliceMs: Infinity });
    await s.start(document);
    expect(texts.reduce((a, b) => a + b, 0)).toBe(200);
    expect(texts.length).toBeGreaterThan(1);
    expect(s.stats.busyMs).toBeGreaterThan(0);
    expect(badgeIds()).toHaveLength(200);
  });

  /** The number of times badges went into the page (one insertion is one task's mutations). */
  function countInsertions(): { count: number; stop: () => void } {
    const seen = { count: 0, stop: () => observer.disconnect() };
    const observer = new MutationObserver((records) => {
      if (records.some((r) => [...r.addedNodes].some((n) => n.nodeType === 1 && (n as Element).hasAttribute(OWN_ATTR))))
        seen.count++;
    });
    observer.observe(document.body, { childList: true, subtree: true });
    return seen;
  }
  const bigPage = `<p>${'A long paragraph of ordinary words, with TikTok once. '.repeat(40)}</p>`.repeat(60);

  it('inserts the badges of a pass whose answers come back quickly once, when it ends', async () => {
    let batches = 0;
    // Answered one after another, in tasks of their own (as messages are).
    const source = answering((n) => new Promise((r) => setTimeout(r, 5 * (batches = n + 1))));
    // However slow the machine, the pass ends before its first insertion is due.
    const s = setup(bigPage, {}, { source, sliceMs: Infinity, firstCommitMs: 60_000 });
    const insertions = countInsertions();
    await s.start(document);
    await settle(s);
    insertions.stop();
    expect(batches).toBeGreaterThan(1);
    expect(badgeIds()).toHaveLength(60);
    expect(insertions.count).toBe(1);
  });

  it('inserts the first answers’ badges while a later answer is late, and the rest when it comes', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const source = answering((n) => (n > 0 ? held : undefined));
    const s = setup(bigPage, {}, { source, sliceMs: Infinity, firstCommitMs: 20 });
    const insertions = countInsertions();
    const started = s.start(document);
    // Only the first batch is answered: its badges go in after a moment, not at the pass's end.
    await vi.waitFor(() => expect(badgeIds().length).toBeGreaterThan(0), { timeout: 5000 });
    const early = badgeIds().length;
    expect(early).toBeLessThan(60);
    release();
    await started;
    insertions.stop();
    expect(badgeIds()).toHaveLength(60);
    expect(insertions.count).toBe(2);
  });
});
