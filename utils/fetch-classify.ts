/**
 * What a list download's response means, in plain words: status codes, content types, and the
 * errors fetch and IndexedDB throw. No wxt, browser or DOM imports: pure, apart from the two probe
 * requests of explainNetworkFailure (fetch can be passed in).
 */
import { hostLabel, originPattern } from './source-url';

import { QUOTA_MESSAGE } from './storage-errors';
export const MAX_LIST_BYTES = 50 * 1024 * 1024;
export const FETCH_TIMEOUT_MS = 30_000;

/** What a download response means for a list: a body to read, unchanged, or an error (not a claim verdict). */
export type ResponseOutcome = { kind: 'body' } | { kind: 'not-modified' } | { kind: 'error'; error: string };

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  410: 'Gone',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const http = (status: number) => `HTTP ${status}${STATUS_TEXT[status] ? ` ${STATUS_TEXT[status]}` : ''}`;

/** The media type without parameters, lower-cased ("" when absent). */
export function mediaType(contentType: string | null | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** The charset parameter, if any. */
export function charsetOf(contentType: string | null | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? '');
  return m ? m[1]!.toLowerCase() : undefined;
}

/** The encoding a byte order mark announces (UTF-8, UTF-16LE or UTF-16BE), if the bytes start with one. */
export function bomEncoding(bytes: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * Turns a list's bytes into text as they arrive. A byte order mark decides the encoding and wins
 * over the Content-Type charset, as browsers decide for pages: servers often label UTF-16 files
 * "utf-8" or not at all, and decoding them as UTF-8 gives text no parser can read. Without a BOM the
 * charset is used, else UTF-8. The first bytes are held back until a BOM can be recognised.
 */
export class ListDecoder {
  private decoder: TextDecoder | undefined;
  private head = new Uint8Array(0);

  constructor(private readonly contentType: string) {}

  /** Text of this chunk (a character split across chunks comes out with the next one). */
  decode(chunk: Uint8Array): string {
    if (this.decoder) return this.decoder.decode(chunk, { stream: true });
    const head = new Uint8Array(this.head.length + chunk.length);
    head.set(this.head);
    head.set(chunk, this.head.length);
    this.head = head;
    if (head.length < 3) return '';
    this.decoder = this.open(head);
    this.head = new Uint8Array(0);
    return this.decoder.decode(head, { stream: true });
  }

  /** The rest, once the body has ended. */
  end(): string {
    if (this.decoder) return this.decoder.decode();
    return this.open(this.head).decode(this.head);
  }

  /** The decoder drops the BOM itself (TextDecoder's default). Unknown charsets fall back to UTF-8. */
  private open(head: Uint8Array): TextDecoder {
    try {
      return new TextDecoder(bomEncoding(head) ?? charsetOf(this.contentType) ?? 'utf-8');
    } catch {
      return new TextDecoder('utf-8');
    }
  }
}

/** Types a claim list can come as: JSON of any flavour, a web page, plain text, or unlabelled bytes. */
export function isAcceptedType(type: string): boolean {
  if (type === '') return true;
  if (/^(application|text)\/([\w.+-]+\+)?json$/.test(type)) return true; // json, ld+json, x-json, vnd.*+json
  return [
    'application/x-javascript',
    'text/html',
    'application/xhtml+xml',
    'text/plain',
    'application/octet-stream',
    'binary/octet-stream',
  ].includes(type);
}

function describeType(type: string): string {
  const major = type.split('/')[0];
  const what =
    major === 'image'
      ? 'an image'
      : major === 'audio'
        ? 'audio'
        : major === 'video'
          ? 'a video'
          : major === 'font'
            ? 'a font'
            : /pdf/.test(type)
              ? 'a PDF document'
              : /zip|gzip|tar|compress|rar|7z/.test(type)
                ? 'an archive'
                : /xml|rss|atom/.test(type)
                  ? 'XML (perhaps an RSS feed)'
                  : /css/.test(type)
                    ? 'a style sheet'
                    : /javascript|ecmascript/.test(type)
                      ? 'a script'
                      : 'a file of an unsupported type';
  return `${what} (${type})`;
}

/** Classifies a response by status and Content-Type, before its body is read. */
export function classifyResponse(status: number, contentType: string | null | undefined): ResponseOutcome {
  if (status === 304) return { kind: 'not-modified' };
  if (status >= 200 && status < 300) {
    if (status === 204) return { kind: 'error', error: 'The server sent an empty answer (HTTP 204 No Content).' };
    const type = mediaType(contentType);
    if (!isAcceptedType(type))
      return {
        kind: 'error',
        error: `The server sent ${describeType(type)}, not a claim list. Check the URL.`,
      };
    return { kind: 'body' };
  }
  if (status === 401 || status === 403)
    return { kind: 'error', error: `The server refused access to the list (${http(status)}).` };
  if (status === 404) return { kind: 'error', error: `No list at this address (${http(status)}). Check the URL.` };
  if (status === 410) return { kind: 'error', error: `The list was removed from this address (${http(status)}).` };
  if (status === 429)
    return { kind: 'error', error: `The server asked to slow down (${http(status)}); it will be tried again later.` };
  if (status >= 500)
    return { kind: 'error', error: `The server had a problem (${http(status)}); it will be tried again later.` };
  if (status >= 300 && status < 400)
    return { kind: 'error', error: `The server sent a redirect that could not be followed (${http(status)}).` };
  return { kind: 'error', error: `The server answered with an error (${http(status)}).` };
}

export const FETCH_ERRORS = {
  timeout: (ms: number) => {
    const s = Math.max(1, Math.round(ms / 1000));
    return `The server did not send the whole list within ${s} ${s === 1 ? 'second' : 'seconds'}; it will be tried again later.`;
  },
  tooLarge: (bytes: number) =>
    `The list is larger than ${Math.round(bytes / 1024 / 1024)} MB, so it was not downloaded.`,
  network: (host: string) =>
    `Could not reach ${host} (no connection, the server refused it, or the browser blocked the request).`,
  noPermission: (host: string) =>
    `Source Flags is not allowed to read from ${host}. Press "Update now" and allow access when your browser asks.`,
  /** Saving it failed for want of space (the storage errors live in storage-errors.ts). */
  quota: QUOTA_MESSAGE,
  noEntries: (skipped: number, first?: string) =>
    `None of the ${skipped} entries in the list could be used${first ? ` (first problem: ${first})` : ''}.`,
} as const;

export interface AccessProbe {
  /** Whether the extension holds the host permission for this match pattern (permissions.contains). */
  hasPermission: (origin: string) => Promise<boolean>;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
}

/**
 * A download failed with a network error: was missing host access the cause? Not granting the
 * optional host permission is the normal state (Chromium lets the background read every site the
 * content scripts run on), so that alone proves nothing; a closed port, an unknown host or a
 * redirect loop fail the same way. Two HEAD requests tell: when the server answers but its answer
 * may not be read (a `no-cors` request succeeds where a normal one fails), the browser withheld
 * access and the permission is the fix. Otherwise the network error stands (undefined).
 */
export async function explainNetworkFailure(url: string, probe: AccessProbe): Promise<string | undefined> {
  const origin = originPattern(url);
  if (!origin || (await probe.hasPermission(origin))) return undefined;
  const answers = async (mode: RequestMode) => {
    try {
      await (probe.fetchImpl ?? fetch)(url, {
        method: 'HEAD',
        mode,
        cache: 'no-store',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        redirect: 'follow', // a redirect loop must fail here too
        signal: AbortSignal.timeout(probe.timeoutMs ?? 10_000),
      });
      return true;
    } catch {
      return false;
    }
  };
  if ((await answers('cors')) || !(await answers('no-cors'))) return undefined;
  return FETCH_ERRORS.noPermission(hostLabel(url));
}
