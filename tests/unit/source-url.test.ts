import { describe, expect, it } from 'vitest';
import { hostLabel, normalizeSourceUrl, originPattern } from '../../utils/source-url';

describe('normalizeSourceUrl', () => {
  it.each([
    ['https://example.org/claims.json', 'https://example.org/claims.json'],
    ['  http://127.0.0.1:8080/feed.json  ', 'http://127.0.0.1:8080/feed.json'],
    ['example.org/claims.json', 'https://example.org/claims.json'],
    ['fc.example.org', 'https://fc.example.org/'],
    ['https://example.org/a.json#frag', 'https://example.org/a.json'],
    ['HTTPS://Example.ORG/A.json?x=1', 'https://example.org/A.json?x=1'],
  ])('%s → %s', (input, url) => {
    expect(normalizeSourceUrl(input)).toEqual({ ok: true, url });
  });

  it.each([
    ['', /Enter the address/],
    [42, /Enter the address/],
    ['ftp://example.org/list.json', /Only http and https/],
    ['javascript:alert(1)', /Only http and https/],
    ['file:///etc/passwd', /Only http and https/],
    ['data:application/json,{}', /Only http and https/],
    ['https://user:pw@example.org/list.json', /user name and password/],
    ['https://exa mple.org/', /spaces/],
    ['not a url', /spaces/],
    ['nothing', /not a web address/],
    [`https://example.org/${'a'.repeat(3000)}`, /too long/],
  ])('rejects %s', (input, error) => {
    const r = normalizeSourceUrl(input);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(error);
  });
});

describe('originPattern', () => {
  it.each([
    ['https://example.org/a/b.json?x', 'https://example.org/*'],
    ['http://127.0.0.1:8080/feed.json', 'http://127.0.0.1/*'],
    ['http://[::1]:3000/x', 'http://[::1]/*'],
    ['ftp://example.org/', undefined],
    ['nonsense', undefined],
  ])('%s → %s', (url, pattern) => {
    expect(originPattern(url)).toBe(pattern);
  });

  it('labels hosts with their port', () => {
    expect(hostLabel('http://127.0.0.1:8080/x')).toBe('127.0.0.1:8080');
  });
});
