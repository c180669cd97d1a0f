/** Links in feeds become hrefs on cards: only http(s), absolute, without credentials. */
import { describe, expect, it } from 'vitest';
import { safeUrl } from '../../../utils/feed/sanitize';

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
