import { markOwn } from '../../../utils/dom/own-nodes';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  BlockWalker,
  blockContainer,
  collectBlocks,
  isInsideSkipped,
  isTextVisible,
  locate,
  MAX_BLOCK,
  OWN_ATTR,
} from '../../../utils/dom/text-blocks';

const texts = (root: Element | ShadowRoot | Document = document) => collectBlocks(root).map((b) => b.text);

beforeEach(() => document.body.replaceChildren());

describe('BlockWalker', () => {
  it('ends a block at every non-inline element, even an empty one or a line break', () => {
    document.body.innerHTML = '<div>A<p></p>B<br>C<span>D</span></div><p>E</p>'; // test fixture markup only
    expect(texts()).toEqual(['A', 'B', 'CD', 'E']);
  });

  it('leaves ruby annotations out and keeps their paragraph one block', () => {
    document.body.innerHTML = '<p>Try <ruby>DeepSeek<rp>(</rp><rt>deep seek</rt><rp>)</rp></ruby> today.</p>'; // test fixture markup only
    expect(texts()).toEqual(['Try DeepSeek today.']);
    document.body.innerHTML = '<p><b>Try</b> <ruby>DeepSeek<rt>deep seek</rt></ruby> today.</p><p>Next</p>'; // test fixture markup only
    expect(texts()).toEqual(['Try DeepSeek today.', 'Next']);
  });

  it('gives each block the block element it belongs to', () => {
    document.body.innerHTML = '<section id="s">Lead <b>in</b><p id="p">Body <i>text</i></p>tail</section>';
    const blocks = collectBlocks(document);
    expect(blocks.map((b) => [b.text, b.container.id])).toEqual([
      ['Lead in', 's'],
      ['Body text', 'p'],
      ['tail', 's'],
    ]);
    expect(blockContainer(document.querySelector('i')!.firstChild!)).toBe(document.getElementById('p'));
  });

  it('walks a subtree root, inline or not', () => {
    document.body.innerHTML = '<p id="p">One <b id="b">two</b> three</p>';
    expect(texts(document.getElementById('b')!)).toEqual(['two']);
    expect(collectBlocks(document.getElementById('b')!)[0]!.container.id).toBe('p');
  });

  it('walks shadow roots as roots and reports undefined custom elements', () => {
    const host = document.createElement('div');
    const root = host.attachShadow({ mode: 'open' });
    root.append('Top-level shadow text', Object.assign(document.createElement('p'), { textContent: 'Inner' }));
    document.body.append(host, document.createElement('late-widget'));
    const shadows: ShadowRoot[] = [];
    const undefinedHosts: Element[] = [];
    collectBlocks(document, shadows, { undefinedHosts });
    expect(shadows).toEqual([root]);
    expect(undefinedHosts.map((e) => e.localName)).toEqual(['late-widget']);
    const blocks = collectBlocks(root);
    expect(blocks.map((b) => b.text)).toEqual(['Top-level shadow text', 'Inner']);
    expect(blocks[0]!.container).toBe(host);
  });

  it('can leave hidden-by-style text to the caller (checked per mention instead)', () => {
    document.body.innerHTML = '<p style="display:none">Hidden</p><p>Shown</p><p hidden>Attribute</p>';
    expect(texts()).toEqual(['Shown']);
    expect(collectBlocks(document, [], { styleCheck: false }).map((b) => b.text)).toEqual(['Hidden', 'Shown']);
    const hidden = document.querySelector('p')!.firstChild!;
    expect(isTextVisible(hidden)).toBe(false);
    expect(isTextVisible(document.querySelectorAll('p')[1]!.firstChild!)).toBe(true);
  });

  it('checks elements added during a paused walk one by one once told the page changed', () => {
    document.body.innerHTML = '<p>First</p><div id="later"></div>';
    const walker = new BlockWalker(document);
    expect(walker.next()!.text).toBe('First');
    const added = Object.assign(document.createElement('p'), { textContent: 'Added hidden' });
    added.setAttribute('aria-hidden', 'true');
    document.getElementById('later')!.append(added);
    walker.dirty = true;
    expect(walker.next()).toBeNull();
  });

  it('starts over when the page detaches the part it was about to read', () => {
    document.body.innerHTML = '<div id="old"><p>One</p><p>Two</p></div>';
    const walker = new BlockWalker(document);
    expect(walker.next()!.text).toBe('One');
    document.getElementById('old')!.replaceWith(Object.assign(document.createElement('p'), { textContent: 'New' }));
    expect(walker.next()!.text).toBe('New');
    expect(walker.next()).toBeNull();
  });

  it('reads a paragraph of inline markup in one piece, its nodes only when asked', () => {
    document.body.innerHTML =
      '<div><p id="p">Tik<b>Tok</b> and <a href="#">Deep<em>Seek</em></a> <span>here</span></p>tail</div>';
    const [block, tail] = collectBlocks(document, [], { styleCheck: false });
    expect(block!.text).toBe('TikTok and DeepSeek here');
    expect(block!.container.id).toBe('p');
    expect(tail!.text).toBe('tail');
    expect(block!.nodes.map((n) => n.data)).toEqual(['Tik', 'Tok', ' and ', 'Deep', 'Seek', ' ', 'here']);
    expect(block!.offsets).toEqual([0, 3, 6, 11, 15, 19, 20]);
    const at = locate(block!, 19); // end of "DeepSeek"
    expect([at.node.data, at.offset]).toEqual(['Seek', 4]);
  });

  it('walks a paragraph node by node when it holds anything but plain inline markup', () => {
    document.body.innerHTML =
      '<p>One<br>Two <span hidden>hidden</span><code>code</code> three</p>' +
      `<p>Four <span id="ours"></span>five</p><p>Six <i aria-hidden="true">x</i></p>` +
      `<p>Seven <span ${OWN_ATTR}="badge">page-made</span></p>`;
    const ours = document.getElementById('ours')!;
    ours.attachShadow({ mode: 'closed' }).append('badge');
    markOwn(ours);
    expect(collectBlocks(document, [], { styleCheck: false }).map((b) => b.text)).toEqual([
      'One',
      'Two ', // code is skipped, and ends the block like any non-inline element
      ' three',
      'Four five',
      'Six ',
      'Seven page-made',
    ]);
  });

  it('still finds shadow roots on spans inside a paragraph read in one piece', () => {
    document.body.innerHTML = '<p>Before <span id="h">light</span> after</p>';
    const root = document.getElementById('h')!.attachShadow({ mode: 'open' });
    root.append('shadow text');
    const shadows: ShadowRoot[] = [];
    expect(collectBlocks(document, shadows, { styleCheck: false }).map((b) => b.text)).toEqual(['Before light after']);
    expect(shadows).toEqual([root]);
  });

  it('finds shadow roots on spans of many paragraphs in document order, and none where text is skipped', () => {
    document.body.innerHTML = [
      '<p>One <span id="a">a</span> and <b><span id="b">b</span></b></p>',
      '<p>Two, no host</p>',
      '<form><p>Form <span id="skipped">s</span></p></form>',
      '<div>Walked node by node <div>inner</div> <span id="c">c</span></div>',
      '<p>Three <span id="d">d</span></p>',
    ].join(''); // test fixture markup only
    const roots = Object.fromEntries(
      ['a', 'b', 'skipped', 'c', 'd'].map((id) => [id, document.getElementById(id)!.attachShadow({ mode: 'open' })]),
    );
    const shadows: ShadowRoot[] = [];
    collectBlocks(document, shadows, { styleCheck: false });
    expect(shadows).toEqual([roots.a, roots.b, roots.c, roots.d]);
  });

  it('cuts very long blocks at node boundaries', () => {
    const p = document.createElement('p');
    for (let i = 0; i < 3; i++) p.append(document.createTextNode('x'.repeat(MAX_BLOCK / 2 + 1)));
    document.body.append(p);
    const blocks = collectBlocks(document);
    expect(blocks.length).toBeGreaterThan(1);
    expect(blocks.every((b) => b.text.length <= MAX_BLOCK)).toBe(true);
  });
});

describe('isInsideSkipped', () => {
  it('sees editable and skipped ancestors, also across a shadow boundary', () => {
    document.body.innerHTML = '<div contenteditable="plaintext-only"><p id="p">x</p></div><div id="host"></div>';
    expect(isInsideSkipped(document.getElementById('p')!)).toBe(true);
    const root = document.getElementById('host')!.attachShadow({ mode: 'open' });
    const inner = document.createElement('p');
    root.append(inner);
    expect(isInsideSkipped(inner)).toBe(false);
    document.getElementById('host')!.setAttribute('role', 'textbox');
    expect(isInsideSkipped(inner)).toBe(true);
  });
});
