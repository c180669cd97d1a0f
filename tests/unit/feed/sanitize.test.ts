/** Links in feeds become hrefs on cards: only http(s), absolute, without credentials. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cleanString, safeUrl, stripInvisible, stripTags } from '../../../utils/feed/sanitize';

describe('cleanString', () => {
  it('cleans any text as the full cleaning does (its fast path for clean text included)', () => {
    const piece = fc.constantFrom(
      ...['a', 'B', ' ', '  ', '<b>', '<', '>', '\t', '\n', '\u00a0', '\u200b', 'é', '~', '\u007f', '&amp;'],
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), (parts) => {
        const s = parts.join('');
        expect(cleanString(s, 10_000)).toBe(stripTags(stripInvisible(s)).replace(/\s+/g, ' ').trim());
      }),
      { numRuns: 3000 },
    );
  });
});

describe('safeUrl', () => {
  it.each([
    ['https://user:secret@example.org/a', 'https://example.org/a'],
    ['https://user@example.org/a', 'https://example.org/a'],
    ['http://:secret@example.org/', 'http://example.org/'],
    ['https://example.org/a?b=1#c', 'https://example.org/a?b=1#c'],
    ['HTTPS://Example.ORG', 'https://example.org/'],
    ['//example.org/x', 'https://example.org/x'],
    ['www.example.org/x', 'https://www.example.org/x'],
  ])('%s → %s', (given, want) => {
    expect(safeUrl(given)).toBe(want);
  });

  it('resolves a relative link against the base, and drops credentials the base carried', () => {
    expect(safeUrl('/fact-check/1', 'https://example.org/feed.json')).toBe('https://example.org/fact-check/1');
    expect(safeUrl('/x', 'https://me:pw@example.org/feed.json')).toBe('https://example.org/x');
  });

  it.each(['javascript:alert(1)', 'data:text/html,x', 'ftp://example.org/', 'mailto:a@example.org', '', 'not a url'])(
    'refuses %j',
    (given) => {
      expect(safeUrl(given)).toBeUndefined();
    },
  );
});
