import { afterEach, describe, expect, it } from 'vitest';
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

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const $ = (id: string) => document.getElementById(id)!;

afterEach(() => changes?.stop());

describe('PageChanges', () => {
  it('hands over one batch of the outermost changed blocks, never its own changes', async () => {
    const c = setup('<section id="s"><p id="a">One</p></section><p id="b">Two</p>');
    $('a').append(' more');
    $('s').append(Object.assign(document.createElement('p'), { id: 'c', textContent: 'Three' }));
    $('b').append(' more');
    c.own(() => $('b').append(' ours'));
    await wait(30);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.sort()).toEqual(['a', 'b', 'c']);
    c.own(() => $('a').append(' ours again'));
    await wait(30);
    expect(batches).toHaveLength(1);
  });

  it('rescans a revealed element: hidden removed, details opened, a class that hid a mention removed', async () => {
    const c = setup(
      '<style>.shut{display:none}</style><p id="h" hidden>A</p><details id="d"><p>B</p></details>' +
        '<div id="box" class="shut"><p id="m">C</p></div>',
    );
    $('h').removeAttribute('hidden');
    $('d').setAttribute('open', '');
    await wait(30);
    expect(batches.flat().sort()).toEqual(['d', 'h']);
    c.hiddenMention($('m'));
    $('box').classList.remove('shut');
    await wait(60);
    expect(batches.at(-1)).toEqual(['m']);
  });

  it('stops handing anything over after stop()', async () => {
    const c = setup('<p id="a">One</p>');
    c.stop();
    $('a').append(' more');
    await wait(30);
    expect(batches).toEqual([]);
    expect(removed).toEqual([]);
  });
});
