import { describe, expect, it } from 'vitest';
import { parseRequest } from '../../utils/messages';
import { classifySender } from '../../utils/background/sender';

const EXT = 'abcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXT}/`;

describe('classifySender', () => {
  it.each([
    [{ id: EXT, url: `${ORIGIN}popup.html` }, 'page'],
    [{ id: EXT, url: `${ORIGIN}options.html`, tab: { id: 3, url: `${ORIGIN}options.html` } }, 'page'],
    [{ id: EXT, url: 'https://news.example/a', tab: { id: 3 } }, 'content'],
    [{ id: EXT, url: 'http://127.0.0.1:8000/', tab: { id: 3 } }, 'content'],
    [{ id: 'other-extension', url: 'https://news.example/a', tab: { id: 3 } }, null],
    [{ id: EXT, url: 'file:///etc/passwd', tab: { id: 3 } }, null],
    [{ id: EXT, url: 'https://news.example/a' }, null],
    [{}, null],
  ] as const)('%j → %s', (sender, kind) => {
    expect(classifySender(sender, EXT, ORIGIN)).toBe(kind);
  });
});

describe('parseRequest', () => {
  it.each([
    [{ type: 'getIndex' }, { type: 'getIndex' }],
    [
      { type: 'getEntry', id: 'deepseek' },
      { type: 'getEntry', id: 'deepseek' },
    ],
    [
      { type: 'search', query: 'x', kind: 'app', limit: 5 },
      { type: 'search', query: 'x', kind: 'app', limit: 5 },
    ],
    [
      { type: 'search', query: 'x', kind: 'bogus', limit: 1e9 },
      { type: 'search', query: 'x', kind: undefined, limit: undefined },
    ],
    [
      { type: 'getTabFlags', tabId: 4 },
      { type: 'getTabFlags', tabId: 4 },
    ],
  ])('accepts %j', (msg, parsed) => {
    expect(parseRequest(msg)).toEqual(parsed);
  });

  it.each([
    [null],
    ['getIndex'],
    [{ type: 'deleteEverything' }],
    [{ type: 'getEntry', id: 42 }],
    [{ type: 'getEntry', id: 'x'.repeat(5000) }],
    [{ type: 'search', query: { $gt: '' } }],
    [{ type: 'getTabFlags', tabId: '4' }],
    [{ type: 'reportFlags', flags: [{ id: 'x', kind: 'evil', name: '', label: '', tone: '', count: 1 }] }],
    [{ type: 'reportFlags', flags: 'all' }],
  ])('rejects %j', (msg) => {
    expect(parseRequest(msg)).toBeNull();
  });
});
