import { beforeEach, describe, expect, it } from 'vitest';
import { collectBlocks, locate, OWN_ATTR } from '../../../utils/dom/text-blocks';
import { markOwn } from '../../../utils/dom/own-nodes';

function blocksOf(html: string): string[] {
  document.body.innerHTML = html; // test fixture markup only
  return collectBlocks(document).map((b) => b.text.trim());
}

describe('collectBlocks', () => {
  beforeEach(() => {
    document.body.replaceChildren();
  });

  it('joins inline markup within a paragraph and separates paragraphs', () => {
    expect(blocksOf('<p>Tencent <b>Video</b> and Tik<i>Tok</i></p><p>Second</p>')).toEqual([
      'Tencent Video and TikTok',
      'Second',
    ]);
  });

  it.each([
    ['<input value="DeepSeek">', 'input'],
    ['<textarea>DeepSeek</textarea>', 'textarea'],
    ['<div contenteditable="true">DeepSeek</div>', 'contenteditable'],
    ['<div role="textbox">DeepSeek</div>', 'role=textbox'],
    ['<pre><code>DeepSeek</code></pre>', 'code'],
    ['<script>var a = "DeepSeek"</script>', 'script'],
    ['<style>.DeepSeek{}</style>', 'style'],
    ['<form><label>DeepSeek</label></form>', 'form'],
    ['<div hidden>DeepSeek</div>', 'hidden'],
    ['<div aria-hidden="true">DeepSeek</div>', 'aria-hidden'],
    ['<div style="display:none">DeepSeek</div>', 'display:none'],
    ['<template><p>DeepSeek</p></template>', 'template'],
    ['<noscript>DeepSeek</noscript>', 'noscript'],
    ['<svg><text>DeepSeek</text></svg>', 'svg'],
  ])('skips %s (%s)', (html) => {
    expect(blocksOf(`<p>before</p>${html}<p>after</p>`)).toEqual(['before', 'after']);
  });

  it('skips our own nodes, known by reference, and reads a page element that copies their attribute', () => {
    document.body.innerHTML = `<p>before</p><span id="ours"></span><div ${OWN_ATTR}="badge">TikTok</div><p>after</p>`;
    // Our hosts, as createBadge makes them: their text is in a closed shadow root.
    const ours = document.getElementById('ours')!;
    ours.attachShadow({ mode: 'closed' }).append('DeepSeek');
    markOwn(ours);
    expect(collectBlocks(document).map((b) => b.text)).toEqual(['before', 'TikTok', 'after']);
  });

  it('maps block offsets back to text nodes', () => {
    document.body.innerHTML = '<p>Tik<b>Tok</b> rocks</p>';
    const [block] = collectBlocks(document);
    const at = locate(block!, 6); // end of "TikTok"
    expect(at.node.data).toBe('Tok');
    expect(at.offset).toBe(3);
  });

  // 5,000 levels are checked in real Chromium (tests/e2e/hostile-pages.test.ts); happy-dom's own style code recurses.
  it('walks nested pages iteratively', () => {
    let html = '';
    for (let i = 0; i < 300; i++) html += '<div>';
    html += 'deep DeepSeek text';
    for (let i = 0; i < 300; i++) html += '</div>';
    expect(blocksOf(html)).toEqual(['deep DeepSeek text']);
  });

  it('collects open shadow roots for separate scanning', () => {
    const host = document.createElement('div');
    host.attachShadow({ mode: 'open' }).append(Object.assign(document.createElement('p'), { textContent: 'inside' }));
    document.body.append(host);
    const shadows: ShadowRoot[] = [];
    collectBlocks(document, shadows);
    expect(shadows).toHaveLength(1);
    expect(collectBlocks(shadows[0]!).map((b) => b.text)).toEqual(['inside']);
  });
});
