import { beforeEach, describe, expect, it } from 'vitest';
import { PlacedBadges } from '../../../utils/dom/badge-placement';
import { markOwn } from '../../../utils/dom/own-nodes';
import { collectBlocks, type TextBlock } from '../../../utils/dom/text-blocks';
import type { Mention } from '../../../utils/match/matcher';

/** A mention of `word` in `block` (the badge goes after it). */
function mention(block: TextBlock, word: string, id = 'x'): Mention {
  const start = block.text.indexOf(word);
  if (start < 0) throw new Error(`${word} not in ${block.text}`);
  return { entry: 0, id, kind: 'app', start, end: start + word.length, text: word };
}

/** A badge host as createBadge makes it, as far as placement cares: ours, with its entry id. */
const host = (doc: Document) => {
  const el = doc.createElement('span');
  el.setAttribute('data-flag-id', 'x');
  markOwn(el, 'x');
  return el;
};

/** The blocks of the document (or of a root), by their text. */
function blocks(root: Document | ShadowRoot = document): Map<string, TextBlock> {
  return new Map(collectBlocks(root, [], { styleCheck: false }).map((b) => [b.text, b]));
}

/** A turn of the event loop: the page may have run meanwhile. */
const nextTask = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => document.body.replaceChildren());

describe('PlacedBadges.hasBadge', () => {
  it('sees a badge after the mention, in its paragraph only, and not once removed', async () => {
    document.body.innerHTML = '<p>One <b>Alpha</b> here.</p><p>Two Alpha there.</p>';
    const badges = new PlacedBadges();
    let [one, two] = [...blocks().values()];
    // Asked before any badge: the answer held for the task must not outlive the placement.
    expect(badges.hasBadge(one!, mention(one!, 'Alpha'))).toBe(false);
    expect(badges.place(one!, mention(one!, 'Alpha'), 's', host)).toBe(true);
    expect(badges.hasBadge(one!, mention(one!, 'Alpha'))).toBe(true);
    expect(badges.hasBadge(two!, mention(two!, 'Alpha'))).toBe(false);

    await nextTask();
    [one, two] = [...blocks().values()];
    expect(badges.hasBadge(one!, mention(one!, 'Alpha'))).toBe(true);
    expect(badges.hasBadge(one!, mention(one!, 'One'))).toBe(false);
    expect(badges.hasBadge(two!, mention(two!, 'Alpha'))).toBe(false);

    badges.remove([...badges.live][0]!, true);
    expect(badges.hasBadge(one!, mention(one!, 'Alpha'))).toBe(false);
    expect(document.querySelector('p')!.innerHTML).toBe('One <b>Alpha</b> here.');
  });

  it('follows the page moving a badged text into another paragraph', async () => {
    document.body.innerHTML = '<p id="a">Alpha beta.</p><p id="b">Gamma.</p>';
    const badges = new PlacedBadges();
    const a = [...blocks().values()][0]!;
    badges.place(a, mention(a, 'Alpha'), 's', host);
    const [b] = [...blocks().values()].filter((x) => x.text === 'Gamma.');
    expect(badges.hasBadge(b!, mention(b!, 'Gamma'))).toBe(false);

    await nextTask();
    // The page moves the text and our badge (everything in #a) to the front of #b.
    const target = document.getElementById('b')!;
    target.prepend(...document.getElementById('a')!.childNodes);
    await nextTask();
    const moved = [...blocks().values()].find((x) => x.container === target)!;
    expect(moved.text).toBe('Alpha beta.Gamma.');
    expect(badges.hasBadge(moved, mention(moved, 'Alpha'))).toBe(true);
  });

  it('sees a badge whose text lies directly in a shadow root (the block container is its host)', async () => {
    document.body.innerHTML = '<div id="h"></div><p>Alpha outside.</p>';
    const shadow = document.getElementById('h')!.attachShadow({ mode: 'open' });
    shadow.append('Alpha inside.');
    const badges = new PlacedBadges();
    const inside = blocks(shadow).get('Alpha inside.')!;
    badges.place(inside, mention(inside, 'Alpha'), 's', host);
    await nextTask();
    const again = blocks(shadow).get('Alpha inside.')!;
    expect(badges.hasBadge(again, mention(again, 'Alpha'))).toBe(true);
    const outside = blocks().get('Alpha outside.')!;
    expect(badges.hasBadge(outside, mention(outside, 'Alpha'))).toBe(false);
  });
});
