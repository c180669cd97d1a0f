/**
 * Finds `<script type="application/ld+json">` blocks in an HTML page with a linear scan (no DOM, so it
 * runs in a service worker) and parses each one. Broken blocks are skipped.
 * Pure: no wxt, browser or DOM imports.
 */
import { jsonTooDeep } from './sanitize';

export const MAX_JSONLD_BLOCKS = 100;
export const MAX_JSONLD_BLOCK_CHARS = 5 * 1024 * 1024;
export const MAX_JSON_DEPTH = 200;
const MAX_TAG_CHARS = 4096;

const TYPE_ATTR = /(?:^|[\s"'/])type\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;

/** Index just past the `>` that ends a start tag opened at `from`, honouring quoted attribute values; -1 if broken. */
function tagEnd(html: string, from: number): number {
  let quote = 0;
  const stop = Math.min(html.length, from + MAX_TAG_CHARS);
  for (let i = from; i < stop; i++) {
    const c = html.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x3e) return i + 1;
    else if (c === 0x3c) return -1; // a new tag starts: this one is broken (keeps hostile input linear)
  }
  return -1;
}

function isJsonLdTag(tag: string): boolean {
  const m = TYPE_ATTR.exec(tag);
  const value = m ? (m[1] ?? m[2] ?? m[3] ?? '') : '';
  return value.split(';')[0]!.trim().toLowerCase() === 'application/ld+json';
}

function parseBlock(raw: string): unknown {
  let text = raw.trim();
  // Wrappers some CMSs add around inline scripts.
  text = text.replace(/^(?:\/\/\s*)?<!\[CDATA\[/, '').replace(/(?:\/\/\s*)?\]\]>$/, '');
  text = text.replace(/^<!--/, '').replace(/-->$/, '').trim();
  if (text === '' || jsonTooDeep(text, MAX_JSON_DEPTH)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Raw newlines or tabs inside strings are a common publisher mistake; outside strings they are whitespace.
    try {
      return JSON.parse(text.replace(/[\u0000-\u001F]+/g, ' ')) as unknown;
    } catch {
      return undefined;
    }
  }
}

/** Parsed JSON-LD blocks of a page, in page order (at most 100, each at most 5 MB). Never throws. */
export function extractJsonLdBlocks(html: string): unknown[] {
  const out: unknown[] = [];
  if (typeof html !== 'string') return out;
  const open = /<script(?=[\s/>])/gi;
  const close = /<\/script[\s/>]/gi;
  let seen = 0;
  let m: RegExpExecArray | null;
  while (seen < MAX_JSONLD_BLOCKS && (m = open.exec(html))) {
    const end = tagEnd(html, m.index + 7);
    if (end < 0) continue; // unterminated or absurdly long start tag: look for the next one
    close.lastIndex = end;
    const c = close.exec(html);
    const contentEnd = c ? c.index : html.length;
    open.lastIndex = c ? c.index + 8 : html.length;
    if (!isJsonLdTag(html.slice(m.index + 7, end - 1))) continue;
    seen++;
    if (contentEnd - end > MAX_JSONLD_BLOCK_CHARS) continue;
    const value = parseBlock(html.slice(end, contentEnd));
    if (value !== undefined && value !== null) out.push(value);
  }
  return out;
}
