// @vitest-environment node
/** A list's bytes become text by its byte order mark first (UTF-8, UTF-16LE, UTF-16BE), then its charset. */
import { describe, expect, it } from 'vitest';
import { fetchList } from '../../../utils/updates/update-source';
import { parseFeedText } from '../../../utils/feed/detect';
import { ListDecoder } from '../../../utils/fetch-classify';
import { ownFeed } from '../../feed-fixtures';

const json = JSON.stringify(ownFeed('Übersicht – 中文 feed'));

function encode(text: string, encoding: 'utf-8' | 'utf-16le' | 'utf-16be'): Uint8Array {
  if (encoding === 'utf-8') return new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
  const out = new Uint8Array(2 + text.length * 2);
  out.set(encoding === 'utf-16le' ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const [hi, lo] = [c >> 8, c & 0xff];
    out.set(encoding === 'utf-16le' ? [lo, hi] : [hi, lo], 2 + i * 2);
  }
  return out;
}

/** A response whose body arrives in small pieces (the BOM itself split across chunks). */
function respond(bytes: Uint8Array, contentType: string): typeof fetch {
  const sizes = [1, 2, 3, 5, 7];
  return async () =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(c) {
          let at = 0;
          for (let i = 0; at < bytes.length; i++) {
            const n = sizes[i] ?? 4096;
            c.enqueue(bytes.slice(at, at + n));
            at += n;
          }
          c.close();
        },
      }),
      { status: 200, headers: { 'content-type': contentType } },
    );
}

describe('feed text decoding', () => {
  it.each([
    ['utf-16le', 'application/json'],
    ['utf-16be', 'application/json'],
    ['utf-16le', 'application/json; charset=utf-8'], // the BOM wins over a wrong label
    ['utf-8', 'application/json; charset=iso-8859-1'],
  ] as const)('reads a %s list with a BOM served as %s', async (encoding, contentType) => {
    const fetched = await fetchList('http://127.0.0.1:1/list.json', {
      fetchImpl: respond(encode(json, encoding), contentType),
    });
    if (fetched.kind !== 'body') throw new Error('no body');
    expect(fetched.text).toBe(json);
    const parsed = parseFeedText(fetched.text, { url: fetched.url, contentType });
    expect(parsed.error).toBeUndefined();
    expect(parsed.title).toBe('Übersicht – 中文 feed');
    expect(parsed.entries).toHaveLength(2);
  });

  it('without a BOM, the charset (else UTF-8) decides, also for bodies under 3 bytes', () => {
    const latin = new ListDecoder('text/plain; charset=iso-8859-1');
    expect(latin.decode(new Uint8Array([0xfc])) + latin.end()).toBe('ü');
    const short = new ListDecoder('');
    expect(short.decode(new Uint8Array([0x5b])) + short.decode(new Uint8Array([0x5d])) + short.end()).toBe('[]');
    const bomOnly = new ListDecoder('');
    expect(bomOnly.decode(new Uint8Array([0xff, 0xfe])) + bomOnly.end()).toBe('');
  });
});
