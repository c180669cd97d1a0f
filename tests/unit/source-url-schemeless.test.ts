/** A scheme-less host with a port gets https:// like any other scheme-less address. */
import { describe, expect, it } from 'vitest';
import { normalizeSourceUrl } from '../../utils/source-url';

describe('normalizeSourceUrl: host:port without a scheme', () => {
  it.each([
    ['localhost:8080/x', 'https://localhost:8080/x'],
    ['localhost:8080', 'https://localhost:8080/'],
    ['localhost/list.json', 'https://localhost/list.json'],
    ['example.org:8443/list.json?x=1', 'https://example.org:8443/list.json?x=1'],
    ['127.0.0.1:9/list.json', 'https://127.0.0.1:9/list.json'],
  ])('%s → %s', (input, url) => {
    expect(normalizeSourceUrl(input)).toEqual({ ok: true, url });
  });

  it('still refuses other schemes', () => {
    expect(normalizeSourceUrl('mailto:someone@example.org')).toMatchObject({ ok: false });
    expect(normalizeSourceUrl('javascript:1')).toMatchObject({ ok: false });
  });
});
