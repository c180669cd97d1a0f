/**
 * Reading scan inputs and lists: local files and http(s) URLs with a time limit and a size cap,
 * decoded by BOM, charset or <meta charset>. Failures are thrown as one-line errors.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';

export const FETCH_TIMEOUT_MS = 15_000;
export const MAX_INPUT_BYTES = 20 * 1024 * 1024;
/** Lists may be as large as the feed parser accepts. */
export const MAX_FEED_BYTES = 50 * 1024 * 1024;

export type InputKind = 'html' | 'text';

export const message = (e: unknown): string => (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim();
export const isUrl = (s: string): boolean => /^https?:\/\//i.test(s);

const sizeError = (max: number) => `too large (over ${Math.round(max / 1024 / 1024)} MB)`;

/** Decodes bytes by BOM, then the Content-Type charset, then (for HTML) a <meta charset>, else UTF-8. */
export function decode(bytes: Uint8Array, contentType = '', html = false): string {
  let label = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType)?.[1];
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) label = 'utf-8';
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) label = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) label = 'utf-16be';
  if (!label && html) {
    const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
    label = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1];
  }
  try {
    return new TextDecoder(label ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder().decode(bytes);
  }
}

function fetchFailure(e: unknown, timeoutMs: number): string {
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError'))
    return `no complete answer within ${timeoutMs / 1000} s`;
  const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
  const why: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host not found',
    ECONNRESET: 'connection reset',
  };
  const code = cause?.code ?? '';
  return `could not fetch: ${why[code] ?? message(cause?.message ?? e)}${code ? ` (${code})` : ''}`;
}

/** Fetches a URL with a time limit for the whole answer and a size cap. Throws one-line errors. */
export async function fetchText(url: string, maxBytes = MAX_INPUT_BYTES, timeoutMs = FETCH_TIMEOUT_MS) {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(url, { signal, headers: { 'user-agent': 'SourceFlagsScan/1' } });
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      throw new Error(`HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
    }
    const contentType = res.headers.get('content-type') ?? '';
    if (Number(res.headers.get('content-length')) > maxBytes) {
      await res.body?.cancel().catch(() => {});
      throw new Error(sizeError(maxBytes));
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (res.body) {
      const reader = res.body.getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        size += r.value.byteLength;
        if (size > maxBytes) {
          await reader.cancel().catch(() => {});
          throw new Error(sizeError(maxBytes));
        }
        chunks.push(r.value);
      }
    }
    const html = /html/i.test(contentType);
    return { text: decode(Buffer.concat(chunks), contentType, html), contentType, url: res.url || url };
  } catch (e) {
    if (e instanceof Error && (/^HTTP \d/.test(e.message) || e.message === sizeError(maxBytes))) throw e;
    throw new Error(fetchFailure(e, timeoutMs));
  }
}

/** Reads a local file with a size cap. Throws one-line errors. */
export async function readLocal(path: string, maxBytes = MAX_INPUT_BYTES, html = false): Promise<string> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new Error('is a directory');
    if (info.size > maxBytes) throw new Error(sizeError(maxBytes));
    return decode(await readFile(path), '', html);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why: Record<string, string> = {
      ENOENT: 'file not found',
      EACCES: 'permission denied',
      EISDIR: 'is a directory',
    };
    throw new Error(`cannot read file: ${(code && why[code]) || message(e)}`);
  }
}

export function kindOfPath(path: string): InputKind | undefined {
  const ext = extname(path).toLowerCase();
  return ext === '.html' || ext === '.htm' || ext === '.xhtml' ? 'html' : ext === '.txt' ? 'text' : undefined;
}

/** Reads an input (file or http(s) URL) and tells whether it is HTML or plain text. */
export async function readInput(input: string): Promise<{ kind: InputKind; content: string }> {
  if (isUrl(input)) {
    const { text, contentType } = await fetchText(input);
    const type = contentType.split(';')[0]!.trim().toLowerCase();
    if (/html|xml/.test(type)) return { kind: 'html', content: text };
    if (type === 'text/plain') return { kind: 'text', content: text };
    if (!type) return { kind: /^\s*</.test(text) ? 'html' : 'text', content: text };
    throw new Error(`unsupported content type ${type} (expected HTML or plain text)`);
  }
  const kind = kindOfPath(input);
  if (!kind) throw new Error('unsupported file type (expected .html, .htm or .txt, or an http(s) URL)');
  return { kind, content: await readLocal(input, MAX_INPUT_BYTES, kind === 'html') };
}
