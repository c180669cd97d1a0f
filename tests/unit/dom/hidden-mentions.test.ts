import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HiddenMentions, MAX_HIDDEN, REVEAL_OBSERVE } from '../../../utils/dom/hidden-mentions';
import { markOwn } from '../../../utils/dom/own-nodes';

let watch: HiddenMentions | undefined;
let revealed: Element[][];

function setup(html: string, opts: { max?: number; intervalMs?: number } = {}): HiddenMentions {
  document.body.innerHTML = html; // test fixture markup only
  revealed = [];
  watch = new HiddenMentions({ onRevealed: (els) => revealed.push(els), ...opts });
  return watch;
}

const $ = (id: string) => document.getElementById(id)!;
/** Lets `ms` pass on the faked clock: the check interval is what is tested, not waited out. */
const elapse = (ms: number) => vi.advanceTimersByTimeAsync(ms);

/** `n` paragraphs hidden by an inline style, with ids p0…p(n-1). */
const hiddenParagraphs = (n: number) =>
  Array.from({ length: n }, (_, i) => `<p id="p${i}" style="display:none">TikTok ${i}</p>`).join('');

beforeEach(() => {
  document.body.replaceChildren();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  watch?.stop();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('HiddenMentions: bounds', () => {
  it('remembers each element once and at most MAX_HIDDEN, forgetting the oldest', () => {
    const w = setup(hiddenParagraphs(MAX_HIDDEN + 6));
    w.add($('p0'));
    w.add($('p0'));
    expect(w.size).toBe(1);
    for (let i = 1; i < MAX_HIDDEN + 6; i++) w.add($(`p${i}`));
    expect(w.size).toBe(MAX_HIDDEN);
    // Revealing everything hands over only the newest MAX_HIDDEN.
    for (let i = 0; i < MAX_HIDDEN + 6; i++) $(`p${i}`).style.display = '';
    expect(w.check()).toBe(MAX_HIDDEN);
    expect(revealed[0]![0]!.id).toBe('p6');
    expect(w.size).toBe(0);
  });

  it('makes room by dropping elements that left the page before forgetting live ones', () => {
    const w = setup(hiddenParagraphs(4), { max: 3 });
    w.add($('p0'));
    w.add($('p1'));
    w.add($('p2'));
    $('p1').remove();
    w.add($('p3'));
    expect(w.size).toBe(3);
    for (const id of ['p0', 'p2', 'p3']) $(id).style.display = '';
    w.check();
    expect(revealed[0]!.map((el) => el.id)).toEqual(['p0', 'p2', 'p3']);
  });

  it('prunes disconnected elements when it checks, and never hands them over', () => {
    const w = setup(hiddenParagraphs(2));
    w.add($('p0'));
    w.add($('p1'));
    const p0 = $('p0');
    p0.remove();
    p0.style.display = '';
    expect(w.check()).toBe(0);
    expect(w.size).toBe(1);
    expect(revealed).toEqual([]);
  });

  it('keeps still-hidden elements, forgets revealed ones', () => {
    const w = setup(hiddenParagraphs(2));
    w.add($('p0'));
    w.add($('p1'));
    $('p1').style.display = 'block';
    expect(w.check()).toBe(1);
    expect(revealed[0]!.map((el) => el.id)).toEqual(['p1']);
    expect(w.size).toBe(1);
  });
});

describe('HiddenMentions: observing class and style', () => {
  it('observes class/style only while something is remembered', async () => {
    const observe = vi.spyOn(MutationObserver.prototype, 'observe');
    const disconnect = vi.spyOn(MutationObserver.prototype, 'disconnect');
    const w = setup('<div id="box" class="a"><p id="p0" style="display:none">TikTok</p></div>', {
      intervalMs: 20,
    });
    // Nothing hidden yet: the page's class changes cost nothing, not even an observer.
    for (let i = 0; i < 5; i++) $('box').className = `a${i}`;
    await elapse(40);
    expect(observe).not.toHaveBeenCalled();
    expect(w.checks).toBe(0);

    w.add($('p0'));
    expect(observe).toHaveBeenCalledWith(document, REVEAL_OBSERVE);
    $('p0').style.display = '';
    await vi.waitFor(() => expect(revealed).toHaveLength(1));
    // Empty again: the observer goes.
    expect(w.size).toBe(0);
    expect(disconnect).toHaveBeenCalled();
    const checks = w.checks;
    $('box').className = 'b';
    await elapse(40);
    expect(w.checks).toBe(checks);
  });

  it('checks at most once per interval however often the page changes styles', async () => {
    const w = setup('<p id="p0" style="display:none">TikTok</p><div id="spin"></div>', { intervalMs: 100 });
    w.add($('p0'));
    const start = performance.now();
    // An animation: an unrelated element's style changes every 5 ms for 500 ms.
    for (let i = 0; i < 100; i++) {
      $('spin').style.transform = `rotate(${i}deg)`;
      await elapse(5);
    }
    await elapse(120);
    const elapsed = performance.now() - start;
    expect(w.checks).toBeGreaterThanOrEqual(1);
    expect(w.checks).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 1);
    expect(revealed).toEqual([]);
    expect(w.size).toBe(1);
  });

  it('ignores changes to its own badge hosts', async () => {
    const w = setup(`<p id="p0" style="display:none">TikTok</p><span id="own"></span>`, {
      intervalMs: 10,
    });
    markOwn($('own'));
    w.add($('p0'));
    $('own').style.outline = '3px solid';
    await elapse(30);
    expect(w.checks).toBe(0);
  });

  it('sees a class change inside an open shadow root', async () => {
    const w = setup('<div id="host"></div>', { intervalMs: 10 });
    const shadow = $('host').attachShadow({ mode: 'open' });
    shadow.innerHTML = '<style>.shut p{display:none}</style><div class="shut"><p>RedNote</p></div>';
    const p = shadow.querySelector('p')!;
    w.add(p);
    shadow.querySelector('div')!.classList.remove('shut');
    await vi.waitFor(() => expect(revealed).toEqual([[p]]));
  });

  it('does nothing after stop()', async () => {
    const w = setup('<p id="p0" style="display:none">TikTok</p>', { intervalMs: 10 });
    w.add($('p0'));
    w.stop();
    $('p0').style.display = '';
    await elapse(30);
    expect(w.checks).toBe(0);
    w.add($('p0'));
    expect(w.size).toBe(0);
  });
});
