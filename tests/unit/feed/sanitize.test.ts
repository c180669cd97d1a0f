/** Links in feeds become hrefs on cards: only http(s), absolute, without credentials. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cleanString, plainUrl, safeUrl, stripInvisible, stripTags } from '../../../utils/feed/sanitize';

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

/**
 * URL-like text built from the pieces where URL parsing rewrites what it reads: scheme and host case,
 * IP addresses, IDN labels, ports, credentials, dot segments (plain and escaped), characters it
 * escapes, backslashes, and paths, queries and fragments that are missing or empty.
 */
const urlLike = fc
  .tuple(
    fc.constantFrom(
      ...['https://', 'https://', 'https://', 'http://', 'http://'],
      ...['HTTPS://', 'Http://', 'ftp://', 'https:/', 'https:///'],
    ),
    fc.constantFrom(...Array<string>(8).fill(''), 'user:pw@', '@'),
    fc.array(
      fc.constantFrom(
        ...['www', 'example', 'org', 'com', 'a', 'b-c', 'x1', 'fact-check'],
        ...['-a', 'a-', '1', '0x1f', '127', 'xn--nxasmq6b', 'Ex', 'a_b', ''],
      ),
      { minLength: 1, maxLength: 4 },
    ),
    fc.constantFrom(...Array<string>(8).fill(''), ':443', ':80', ':8080', ':', '.'),
    fc.array(
      fc.oneof(
        {
          weight: 12,
          arbitrary: fc.constantFrom(
            '/',
            'a',
            'B',
            'x-y',
            '2020',
            '.html',
            '?',
            '=',
            '&',
            '#',
            '%41',
            '/.',
            '/..',
            '/%2E',
          ),
        },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            ...['.', '..', '%2e', '%2E', '%zz', '%', '!', '$', "'", '(', ')', '*', '+', ',', ';', ':', '@', '-'],
            ...[' ', '"', '<', '>', '\\', '^', '|', '{', '}', '[', ']', '`', 'é', '\t', '_', '~'],
          ),
        },
      ),
      { maxLength: 10 },
    ),
  )
  .map(([scheme, auth, labels, port, rest]) => `${scheme}${auth}${labels.join('.')}${port}${rest.join('')}`);

describe('plainUrl', () => {
  it('gives what URL parsing gives, for every URL it takes', () => {
    let taken = 0;
    fc.assert(
      fc.property(urlLike, (s) => {
        const plain = plainUrl(s);
        if (!plain) return;
        taken++;
        const url = new URL(s);
        expect(plain).toEqual({ href: url.href, hostname: url.hostname });
      }),
      { numRuns: 20_000 },
    );
    // Not a test that passes by taking nothing.
    expect(taken).toBeGreaterThan(100);
  });

  it.each([
    'https://www.politifact.com/factchecks/2020/mar/13/facebook-posts/the-claim/',
    'https://fullfact.org/health/vaccine-claim?utm_source=x&b=1#top',
    'http://example.org',
  ])('takes a usual feed URL: %s', (s) => {
    expect(plainUrl(s)?.href).toBe(new URL(s).href);
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
