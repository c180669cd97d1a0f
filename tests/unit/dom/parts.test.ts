import { beforeEach, describe, expect, it } from 'vitest';
import { signature } from '../../../utils/dom/density';
import { outermost, rescanTarget } from '../../../utils/dom/mutations';
import { OWN_ATTR } from '../../../utils/dom/text-blocks';
import { markOwn } from '../../../utils/dom/own-nodes';
import type { Mention } from '../../../utils/match/matcher';

beforeEach(() => document.body.replaceChildren());

describe('signature', () => {
  const at = (text: string, word: string): Mention =>
    ({
      id: 'x',
      entry: 0,
      kind: 'app',
      start: text.indexOf(word),
      end: text.indexOf(word) + word.length,
      text: word,
    }) as Mention;

  it('folds every run of white space to one space, and leaves single spaces alone', () => {
    for (const text of ['a DeepSeek b', 'a\u00a0DeepSeek\n\tb', 'a   DeepSeek  b']) {
      const m = at(text, 'DeepSeek');
      const plain = `${m.id}\u0001${text.slice(0, m.start)}\u0001${m.text}\u0001${text.slice(m.end)}`;
      expect(signature(text, m)).toBe(plain.replace(/\s+/g, ' '));
    }
  });
});

describe('mutation targets', () => {
  it('rescans the block around changed text, never our own nodes, only the outermost of nested changes', () => {
    document.body.innerHTML = `<div id="d"><p id="p">One <b id="b">two</b></p></div><span id="ours">x</span><p id="fake" ${OWN_ATTR}="badge">y</p>`;
    markOwn(document.getElementById('ours')!);
    const b = document.getElementById('b')!;
    expect(rescanTarget(b.firstChild!)).toBe(document.getElementById('p'));
    expect(rescanTarget(b)).toBe(document.getElementById('p'));
    expect(rescanTarget(document.getElementById('ours')!)).toBeNull();
    // The page's own element with our attribute is the page's: rescanned like any other.
    expect(rescanTarget(document.getElementById('fake')!)).toBe(document.getElementById('fake'));
    const d = document.getElementById('d')!;
    const detached = document.createElement('p');
    expect(outermost(new Set([document.getElementById('p')!, d, detached]))).toEqual([d]);
  });
});
