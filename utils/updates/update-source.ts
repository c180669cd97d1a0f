/**
 * The update engine's core: downloads one remote list (conditional request, timeout, 50 MB cap read
 * as a stream), parses and validates it entry by entry, and replaces the source's entries in ONE
 * IndexedDB transaction only after the whole list parsed. Any failure keeps the last good copy and
 * stores the error in plain words with a backed-off retry time.
 * Runs unchanged in the service worker and in Node (tests, against a real HTTP server).
 */
import type { UpdateOutcome } from '../messages';
import { parseFeedTextInSteps } from '../feed/detect';
import { commitSource, getSource, patchSource, type Db, type UpcomingList } from '../db';
import type { SourceRecord } from '../db-schema';
import { classifyResponse, FETCH_ERRORS, FETCH_TIMEOUT_MS, ListDecoder, MAX_LIST_BYTES } from '../fetch-classify';
import { hostLabel } from '../source-url';
import { describeStorageError } from '../storage-errors';
import { afterFailure, afterSuccess } from './schedule';
import { laterTask } from '../steps';

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
}

export const DEFAULT_LIMITS: FetchLimits = { timeoutMs: FETCH_TIMEOUT_MS, maxBytes: MAX_LIST_BYTES };

export type Fetched =
  | { kind: 'not-modified' }
  | {
      kind: 'body';
      text: string;
      contentType: string;
      url: string;
      bytes: number;
      etag?: string;
      lastModified?: string;
    };

/** A download failure whose message is already in plain words. */
export class FetchFailure extends Error {
  constructor(
    message: string,
    readonly reason: 'http' | 'type' | 'timeout' | 'too-large' | 'network' | 'aborted',
  ) {
    super(message);
    this.name = 'FetchFailure';
  }
}

export interface FetchOptions {
  etag?: string;
  lastModified?: string;
  /** Manual updates bypass every cache: no conditional headers, `cache: 'no-store'`. */
  manual?: boolean;
  limits?: Partial<FetchLimits>;
  /** Cancels the download (the source was removed). */
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
}

const ACCEPT = 'application/json, application/ld+json;q=0.9, text/html;q=0.5, text/plain;q=0.3, */*;q=0.1';

/** Downloads a list. Resolves to the body or "not modified"; rejects with a FetchFailure. */
export async function fetchList(url: string, opts: FetchOptions = {}): Promise<Fetched> {
  const { timeoutMs, maxBytes } = { ...DEFAULT_LIMITS, ...opts.limits };
  const controller = new AbortController();
  let why: FetchFailure | undefined;
  const stop = (failure: FetchFailure) => {
    why ??= failure;
    controller.abort(failure);
  };
  const timer = setTimeout(() => stop(new FetchFailure(FETCH_ERRORS.timeout(timeoutMs), 'timeout')), timeoutMs);
  const onAbort = () => stop(new FetchFailure('The update was cancelled.', 'aborted'));
  if (opts.signal?.aborted) onAbort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  const headers: Record<string, string> = { Accept: ACCEPT };
  if (!opts.manual && opts.etag) headers['If-None-Match'] = opts.etag;
  if (!opts.manual && opts.lastModified) headers['If-Modified-Since'] = opts.lastModified;
  try {
    let res: Response;
    try {
      res = await (opts.fetchImpl ?? fetch)(url, {
        headers,
        // Conditional headers already make the browser skip its cache; manual updates bypass it outright.
        cache: 'no-store',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        redirect: 'follow',
        signal: controller.signal,
      });
    } catch {
      throw why ?? new FetchFailure(FETCH_ERRORS.network(hostLabel(url)), 'network');
    }
    const contentType = res.headers.get('content-type') ?? '';
    const verdict = classifyResponse(res.status, contentType);
    if (verdict.kind === 'not-modified') {
      controller.abort();
      return { kind: 'not-modified' };
    }
    if (verdict.kind === 'error') {
      controller.abort();
      throw new FetchFailure(verdict.error, res.status >= 200 && res.status < 300 ? 'type' : 'http');
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (declared > maxBytes) {
      const failure = new FetchFailure(FETCH_ERRORS.tooLarge(maxBytes), 'too-large');
      stop(failure);
      throw failure;
    }
    const text = await readCapped(res, maxBytes, contentType, stop);
    const out: Fetched = { kind: 'body', text: text.text, contentType, url: res.url || url, bytes: text.bytes };
    const etag = res.headers.get('etag');
    const lastModified = res.headers.get('last-modified');
    if (etag) out.etag = etag;
    if (lastModified) out.lastModified = lastModified;
    return out;
  } catch (e) {
    if (e instanceof FetchFailure) throw e;
    throw why ?? new FetchFailure(FETCH_ERRORS.network(hostLabel(url)), 'network');
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

/** How long the body is read and decoded before the background's other tasks get a turn. */
const SLICE_MS = 20;

/** Reads the body as a stream, decoding as it goes, and aborts as soon as it passes `maxBytes`. */
async function readCapped(
  res: Response,
  maxBytes: number,
  contentType: string,
  stop: (f: FetchFailure) => void,
): Promise<{ text: string; bytes: number }> {
  const decoder = new ListDecoder(contentType); // a BOM wins over the charset
  if (!res.body) return { text: '', bytes: 0 };
  const reader = res.body.getReader();
  const parts: string[] = [];
  let bytes = 0;
  let deadline = performance.now() + SLICE_MS;
  for (;;) {
    // Chunks already received are read one after another without a task in between: a body that
    // arrived while the worker was busy (41 MB for 100,000 reviews) would be decoded in one task.
    if (performance.now() > deadline) {
      await laterTask();
      deadline = performance.now() + SLICE_MS;
    }
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      const failure = new FetchFailure(FETCH_ERRORS.tooLarge(maxBytes), 'too-large');
      stop(failure);
      void reader.cancel(failure).catch(() => undefined);
      throw failure;
    }
    parts.push(decoder.decode(value));
  }
  parts.push(decoder.end());
  return { text: parts.join(''), bytes };
}

export type { UpdateOutcome } from '../messages';

export interface UpdateDeps {
  db: Db;
  now?: () => number;
  limits?: Partial<FetchLimits>;
  fetchImpl?: typeof fetch;
  /** Refines a network failure's message (e.g. "no permission for this host"). */
  explainNetworkFailure?: (url: string) => Promise<string | undefined>;
  /**
   * The new list has been read and is about to be stored (the background starts building the
   * match index with it meanwhile).
   */
  beforeStore?: (list: UpcomingList) => void;
}

const MAX_STORED_PROBLEMS = 20;

/**
 * Updates one remote source. Never throws: failures come back as `{ok: false, error}` and are
 * stored on the source, whose entries stay as they were.
 */
export async function updateSource(
  deps: UpdateDeps,
  id: string,
  opts: { manual?: boolean; signal?: AbortSignal } = {},
): Promise<UpdateOutcome> {
  const now = deps.now ?? Date.now;
  const { db } = deps;
  let found: SourceRecord | undefined;
  try {
    found = await getSource(db, id);
  } catch (e) {
    return { id, ok: false, changed: false, error: describeStorageError(e) };
  }
  if (!found) return { id, ok: false, changed: false, error: 'This source no longer exists.' };
  if (found.kind !== 'remote' || !found.url)
    return { id, ok: false, changed: false, error: 'Only lists added by URL are downloaded.', source: found };
  let source: SourceRecord = found;
  const url = found.url;

  const fail = async (error: string): Promise<UpdateOutcome> => {
    try {
      const stored = await patchSource(db, id, afterFailure(source, now(), error));
      return { id, ok: false, changed: false, error, source: stored };
    } catch (e) {
      const also = describeStorageError(e);
      return { id, ok: false, changed: false, error: `${error} ${also}` };
    }
  };

  const started = now();
  try {
    source = (await patchSource(db, id, { updating: started, lastAttempt: started })) ?? source;
  } catch (e) {
    return fail(describeStorageError(e));
  }
  if (opts.signal?.aborted) return { id, ok: false, changed: false, error: 'The update was cancelled.' };

  const t0 = performance.now();
  let fetched: Fetched;
  try {
    const hasCopy = source.lastSuccess !== undefined;
    fetched = await fetchList(url, {
      etag: hasCopy ? source.etag : undefined,
      lastModified: hasCopy ? source.lastModified : undefined,
      manual: opts.manual,
      limits: deps.limits,
      signal: opts.signal,
      fetchImpl: deps.fetchImpl,
    });
  } catch (e) {
    const failure = e instanceof FetchFailure ? e : new FetchFailure(FETCH_ERRORS.network(hostLabel(url)), 'network');
    if (failure.reason === 'aborted') return { id, ok: false, changed: false, error: failure.message };
    let message = failure.message;
    if (failure.reason === 'network' && deps.explainNetworkFailure)
      message = (await deps.explainNetworkFailure(url).catch(() => undefined)) ?? message;
    return fail(message);
  }
  const t1 = performance.now();

  if (fetched.kind === 'not-modified') {
    try {
      const stored = await patchSource(db, id, afterSuccess(source, now()));
      return {
        id,
        ok: true,
        changed: false,
        notModified: true,
        entryCount: stored?.entryCount,
        source: stored,
        timings: { fetch: t1 - t0, parse: 0, store: performance.now() - t1 },
      };
    } catch (e) {
      return fail(describeStorageError(e));
    }
  }

  // In steps: tabs' text keeps being matched while a large list is read.
  const parsed = await parseFeedTextInSteps(fetched.text, { url: fetched.url, contentType: fetched.contentType });
  // Let go of the text once read: 43 MB for 100,000 reviews, which stayed alive while the list was
  // stored and indexed (a larger heap, and the garbage collector's pauses with it).
  fetched.text = '';
  const t2 = performance.now();
  if (parsed.error) return fail(parsed.error);
  if (parsed.entries.length === 0 && parsed.skipped > 0)
    return fail(FETCH_ERRORS.noEntries(parsed.skipped, parsed.problems[0]));
  if (opts.signal?.aborted) return { id, ok: false, changed: false, error: 'The update was cancelled.' };

  const title = parsed.title || hostLabel(url);
  const patch: Partial<SourceRecord> = {
    ...afterSuccess(source, now()),
    title,
    format: parsed.format,
    skipped: parsed.skipped,
    problems: parsed.problems.slice(0, MAX_STORED_PROBLEMS),
    etag: fetched.etag,
    lastModified: fetched.lastModified,
  };
  deps.beforeStore?.({ sourceId: id, title, entries: parsed.entries });
  try {
    const stored = await commitSource(db, id, patch, parsed.entries);
    const t3 = performance.now();
    if (!stored) return { id, ok: false, changed: false, error: 'This source was removed during the update.' };
    return {
      id,
      ok: true,
      changed: true,
      entryCount: stored.entryCount,
      skipped: parsed.skipped,
      source: stored,
      timings: { fetch: t1 - t0, parse: t2 - t1, store: t3 - t2 },
    };
  } catch (e) {
    return fail(describeStorageError(e));
  }
}
