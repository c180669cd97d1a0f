/**
 * What a list download's response means, in plain words: status codes, content types, and the
 * errors fetch and IndexedDB throw. Pure: no wxt, browser or DOM imports.
 */

export const MAX_LIST_BYTES = 50 * 1024 * 1024;
export const FETCH_TIMEOUT_MS = 30_000;

export type Verdict = { kind: 'body' } | { kind: 'not-modified' } | { kind: 'error'; error: string };

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
export function classifyResponse(status: number, contentType: string | null | undefined): Verdict {
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
  quota:
    'Not enough storage space to save this list; the last good copy is kept. Free some disk space or remove large sources.',
  noEntries: (skipped: number, first?: string) =>
    `None of the ${skipped} entries in the list could be used${first ? ` (first problem: ${first})` : ''}.`,
} as const;

/** True for IndexedDB's (and the browser's) out-of-space errors, however they are wrapped. */
export function isQuotaError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const { name, message, code } = e as { name?: unknown; message?: unknown; code?: unknown };
  if (name === 'QuotaExceededError' || code === 22) return true;
  if (typeof message === 'string' && /quota|disk (is )?full|no space/i.test(message)) return true;
  const inner = (e as { inner?: unknown; cause?: unknown }).cause;
  return inner !== undefined && inner !== e && isQuotaError(inner);
}

/** A storage failure in plain words; quota errors get their own message. */
export function describeStorageError(e: unknown): string {
  if (isQuotaError(e)) return FETCH_ERRORS.quota;
  const name = typeof e === 'object' && e !== null ? String((e as { name?: unknown }).name ?? '') : '';
  const detail = e instanceof Error ? e.message : String(e);
  return `The list could not be saved (${[name, detail].filter(Boolean).join(': ').slice(0, 200)}); the last good copy is kept.`;
}
