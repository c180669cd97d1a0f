/**
 * Checks a list URL typed on the options page, and the host permission pattern that lets the
 * background download it. Pure.
 */

export const MAX_SOURCE_URL = 2048;

export type SourceUrlResult = { ok: true; url: string } | { ok: false; error: string };

/** Trims and checks a URL: http(s) only, no user name or password, at most 2048 characters. */
export function normalizeSourceUrl(input: unknown): SourceUrlResult {
  if (typeof input !== 'string' || input.trim() === '') return { ok: false, error: 'Enter the address of a list.' };
  let text = input.trim();
  if (text.length > MAX_SOURCE_URL) return { ok: false, error: 'This address is too long.' };
  if (/\s/.test(text)) return { ok: false, error: 'An address cannot contain spaces.' };
  // A scheme-less host, with or without a port, gets https:// ("example.org/list.json",
  // "localhost:8080/x"), never read as a URL whose scheme is "localhost:". The host must have a dot
  // (or be localhost), so "javascript:1" or "mailto:x@y.org" stay what they are and are refused below.
  if (/^(localhost|[\w-]+(\.[\w-]+)+)(:\d{1,5})?([/?#]|$)/i.test(text)) text = `https://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, error: 'This is not a web address.' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, error: 'Only http and https addresses can be added.' };
  if (!url.hostname) return { ok: false, error: 'This address has no host name.' };
  if (url.username || url.password) return { ok: false, error: 'Remove the user name and password from the address.' };
  url.hash = '';
  return { ok: true, url: url.href };
}

/** The match pattern for a URL's host, any port: what `permissions.request` asks for. */
export function originPattern(url: string): string | undefined {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return `${u.protocol}//${u.hostname}/*`;
  } catch {
    return undefined;
  }
}

/** "example.org" for messages. */
export function hostLabel(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url.slice(0, 100);
  }
}
