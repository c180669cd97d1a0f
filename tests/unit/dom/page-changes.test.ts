import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PlacedBadges, type BadgeRecord } from '../../../utils/dom/badge-placement';
import { PageChanges, type ChangeHandler } from '../../../utils/dom/page-changes';

let changes: PageChanges | undefined;
let batches: string[][];
let removed: BadgeRecord[];

function setup(html: string): PageChanges {
  document.body.innerHTML = html; // test fixture markup only
  batches = [];
  removed = [];
  const handler: ChangeHandler = {
    touched: () => {},
    batch: (roots) => batches.push(roots.map((r) => r.id || r.localName)),
    lateShadowRoot: () => {},
    navigated: () => false,
    pageRemoved: (rec) => removed.push(rec),
    settled: () => {},
  };
  changes = new PageChanges(new PlacedBadges(), handler, 5);
  changes.start(document);
  return changes;
}

/** Lets `ms` pass on the faked clock (the batch delay is what is tested, not waited out). */
const elapse = (ms: number) => vi.advanceTimersByTimeAsync(ms);
const $ = (id: string) => document.getElementById(id)!;

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
afterEach(() => {
  changes?.stop();
  vi.useRealTimers();
});

describe('PageChanges', () => {
  it('hands over one batch of the outermost changed blocks, never its own changes', async () => {
    const c = setup('<section id="s"><p id="a">One</p></section><p id="b">Two</p>');
    $('a').append(' more');
    $('s').append(Object.assign(document.createElement('p'), { id: 'c', textContent: 'Three' }));
    $('b').append(' more');
    c.own(() => $('b').append(' ours'));
    await elapse(30);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.sort()).toEqual(['a', 'b', 'c']);
    c.own(() => $('a').append(' ours again'));
    await elapse(30);
    expect(batches).toHaveLength(1);
  });

  it('rescans a revealed element: hidden removed, details opened, a class that hid a mention removed', async () => {
    const c = setup(
      '<style>.shut{display:none}</style><p id="h" hidden>A</p><details id="d"><p>B</p></details>' +
        '<div id="box" class="shut"><p id="m">C</p></div>',
    );
    $('h').removeAttribute('hidden');
    $('d').setAttribute('open', '');
    await elapse(30);
    expect(batches.flat().sort()).toEqual(['d', 'h']);
    c.hiddenMention($('m'));
    $('box').classList.remove('shut');
    await elapse(60);
    expect(batches.at(-1)).toEqual(['m']);
  });

  it('stops handing anything over after stop()', async () => {
    const c = setup('<p id="a">One</p>');
    c.stop();
    $('a').append(' more');
    await elapse(30);
    expect(batches).toEqual([]);
    expect(removed).toEqual([]);
  });
});
