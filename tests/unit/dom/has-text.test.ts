import { afterEach, describe, expect, it, vi } from 'vitest';
import { documentHasText, untilDocumentHasText } from '../../../utils/dom/has-text';

const page = (html: string): Document => {
  const doc = document.implementation.createHTMLDocument('t');
  doc.body.innerHTML = html;
  return doc;
};

describe('documentHasText', () => {
  it.each([
    ['<p>Hello</p>', true],
    ['<div><span> </span><b>x</b></div>', true],
    ['<img src="a.png"><div>   \n </div>', false],
    ['<script>var tiktok = 1;</script><style>p{}</style><template><p>t</p></template>', false],
    ['<noscript>Enable JavaScript</noscript>', false],
    ['', false],
  ])('%s → %s', (html, expected) => {
    expect(documentHasText(page(html))).toBe(expected);
  });
});

describe('untilDocumentHasText', () => {
  afterEach(() => vi.useRealTimers());

  it('resolves at once when there is text', async () => {
    await expect(untilDocumentHasText(page('<p>Text</p>'), new AbortController().signal)).resolves.toBe(true);
  });

  it('waits for text to appear, ignoring changes that add none', async () => {
    document.body.innerHTML = '<img src="ad.png">';
    let done: boolean | undefined;
    // The function looks again on a timer after it sees a change: that timer is run, not slept on.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    void untilDocumentHasText(document, new AbortController().signal).then((v) => (done = v));
    // Observers hear of a change in the order they were made: once this one has, so has the function.
    const seen = new Promise((heard) =>
      new MutationObserver(heard).observe(document, { childList: true, subtree: true }),
    );
    document.body.append(document.createElement('div'));
    await seen;
    expect(vi.getTimerCount()).toBe(1);
    await vi.runOnlyPendingTimersAsync();
    vi.useRealTimers();
    expect(done).toBeUndefined();
    const p = document.createElement('p');
    p.textContent = 'DeepSeek is banned here.';
    document.body.append(p);
    await expect.poll(() => done).toBe(true);
  });

  it('gives up when the content script is stopped', async () => {
    document.body.innerHTML = '<img src="ad.png">';
    const controller = new AbortController();
    const waiting = untilDocumentHasText(document, controller.signal);
    controller.abort();
    await expect(waiting).resolves.toBe(false);
  });
});
