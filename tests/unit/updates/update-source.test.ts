// @vitest-environment node
/**
 * The update engine against a real HTTP server on 127.0.0.1 (Node's fetch) and fake-indexeddb:
 * every format, conditional requests, and every way a server can fail, each keeping the last good copy.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { createServer } from 'node:net';
import { commitSource, deleteSource, getSource, openDb, putSource, sourceEntries, type Db } from '../../../utils/db';
import type { SourceRecord } from '../../../utils/db-schema';
import { fetchList, updateSource, type UpdateDeps } from '../../../utils/updates/update-source';
import { FIRST_RETRY_MS, HOUR } from '../../../utils/updates/schedule';
import { FETCH_ERRORS } from '../../../utils/fetch-classify';
import { feedServer } from '../feed-server';
import { ownFeed } from '../../feed-fixtures';

const BIG = 2 * 1024 * 1024;
const feeds = feedServer({ bigBytes: BIG });
let db: Db;
let clock = 1_750_000_000_000;
const now = () => clock;

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openDb();
  clock = 1_750_000_000_000;
  feeds.routes.log.length = 0;
  feeds.routes.mutable = { mode: 'ok', body: ownFeed('Mutable feed') };
});
afterEach(() => {
  vi.restoreAllMocks();
  db.close();
});

const deps = (extra: Partial<UpdateDeps> = {}): UpdateDeps => ({
  db,
  now,
  limits: { timeoutMs: 5_000, maxBytes: BIG },
  ...extra,
});

async function addRemote(path: string, patch: Partial<SourceRecord> = {}): Promise<string> {
  const id = `src-${path.replace(/\W/g, '')}`;
  await putSource(db, {
    id,
    kind: 'remote',
    title: 'pending',
    url: path.startsWith('http') ? path : `${feeds.server.url}${path}`,
    builtin: false,
    enabled: true,
    format: '',
    entryCount: 0,
    skipped: 0,
    intervalHours: 24,
    failures: 0,
    nextUpdate: clock,
    ...patch,
  });
  return id;
}

const entryIds = async (id: string) => (await sourceEntries(db, id)).map((r) => r.entry.id).sort();

/** A stored good copy, as an earlier successful update would have left it. */
async function seedGoodCopy(id: string): Promise<void> {
  await commitSource(
    db,
    id,
    { lastSuccess: clock - HOUR, format: 'source-flags', title: 'Good copy' },
    ownFeed().entries.slice(0, 2) as never,
  );
}

describe('formats, detected automatically', () => {
  it.each([
    ['/own.json', 'source-flags', 'Test own feed', 2, 1],
    ['/claimreview-single.json', 'claimreview', undefined, 1, 0],
    ['/claimreview-array.json', 'claimreview', undefined, 2, 0],
    ['/claimreview-graph.json', 'claimreview', undefined, 2, 0],
    ['/datafeed.json', 'claimreview', 'Example DataFeed', 3, 0],
    ['/factcheck-tools.json', 'factcheck-tools', 'Google Fact Check Tools results', 1, 1],
    ['/factcheck.html', 'html-claimreview', undefined, 1, 0],
    ['/no-type.json', 'source-flags', 'Untyped', 2, 1],
    ['/redirect', 'claimreview', undefined, 2, 0],
  ])('%s → %s', async (path, format, title, count, skipped) => {
    const id = await addRemote(path);
    const outcome = await updateSource(deps(), id, { manual: true });
    expect(outcome.error).toBeUndefined();
    expect(outcome).toMatchObject({ ok: true, changed: true, entryCount: count, skipped });
    const s = (await getSource(db, id))!;
    expect(s).toMatchObject({ format, entryCount: count, skipped, lastSuccess: clock, failures: 0 });
    if (title) expect(s.title).toBe(title);
    expect(s.updating).toBeUndefined();
    expect(s.lastError).toBeUndefined();
    expect(s.nextUpdate).toBe(clock + 24 * HOUR);
    expect(await entryIds(id)).toHaveLength(count);
    if (skipped) expect(s.problems?.length).toBeGreaterThan(0);
  });
});

describe('failures keep the last good copy and say why', () => {
  it.each([
    ['/error500', /HTTP 500 Internal Server Error/],
    ['/error503', /HTTP 503/],
    ['/forbidden', /refused access.*HTTP 403/],
    ['/missing', /No list at this address.*HTTP 404/],
    ['/html-error', /web page without any ClaimReview/],
    ['/truncated.json', /not valid JSON/],
    ['/image.png', /an image \(image\/png\)/],
    ['/feed.rss', /XML \(perhaps an RSS feed\)/],
    ['/empty-claims.json', /None of the 1 entries/],
    ['/huge-declared.json', /larger than 2 MB/],
    ['/huge-stream.json', /larger than 2 MB/],
    ['/gzip-bomb.json', /larger than 2 MB/],
  ])('%s', async (path, message) => {
    const id = await addRemote(path);
    await seedGoodCopy(id);
    const outcome = await updateSource(deps(), id, { manual: true });
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(message);
    const s = (await getSource(db, id))!;
    expect(s.lastError).toMatch(message);
    expect(s).toMatchObject({ failures: 1, entryCount: 2, lastSuccess: clock - HOUR, lastAttempt: clock });
    expect(s.updating).toBeUndefined();
    expect(s.nextUpdate).toBe(clock + FIRST_RETRY_MS);
    expect(await entryIds(id)).toEqual(['garlic-diabetes', 'zorblax']);
  });

  it('reads invalid UTF-8 with replacement characters instead of failing', async () => {
    const id = await addRemote('/invalid-utf8.json');
    const outcome = await updateSource(deps(), id, { manual: true });
    expect(outcome).toMatchObject({ ok: true, entryCount: 2 });
    expect((await getSource(db, id))!.title).toBe('Broken \uFFFD\uFFFD\uFFFD bytes');
  });

  it.each([['/slow-headers'], ['/slow-body']])('times out on %s', async (path) => {
    const id = await addRemote(path);
    await seedGoodCopy(id);
    const outcome = await updateSource(deps({ limits: { timeoutMs: 300, maxBytes: BIG } }), id);
    expect(outcome.error).toBe(FETCH_ERRORS.timeout(300));
    expect(await entryIds(id)).toHaveLength(2);
  });

  it('reports a server that cannot be reached', async () => {
    const closed = await new Promise<number>((done) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => done(port));
      });
    });
    const id = await addRemote(`http://127.0.0.1:${closed}/list.json`);
    const outcome = await updateSource(deps(), id);
    expect(outcome.error).toBe(FETCH_ERRORS.network(`127.0.0.1:${closed}`));
  });

  it('adds the permission hint when the host is not granted', async () => {
    const id = await addRemote('http://127.0.0.1:1/list.json');
    const outcome = await updateSource(deps({ explainNetworkFailure: async () => 'no permission' }), id);
    expect(outcome.error).toBe('no permission');
  });

  it('reports a full disk in plain words and keeps the copy', async () => {
    const id = await addRemote('/mutable.json');
    await seedGoodCopy(id);
    feeds.routes.mutable = { mode: 'ok', body: ownFeed('Bigger') };
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value, key) {
      if (this.name === 'chunks') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.call(this, value, key);
    });
    const outcome = await updateSource(deps(), id, { manual: true });
    expect(outcome.error).toBe(FETCH_ERRORS.quota);
    vi.restoreAllMocks();
    expect((await getSource(db, id))!.lastError).toBe(FETCH_ERRORS.quota);
    expect(await entryIds(id)).toEqual(['garlic-diabetes', 'zorblax']);
  });

  it('walks through 500, truncated JSON and an HTML page, then recovers', async () => {
    const id = await addRemote('/mutable.json');
    expect((await updateSource(deps(), id)).ok).toBe(true);
    const retries: number[] = [];
    for (const mode of ['500', 'truncated', 'html'] as const) {
      feeds.routes.mutable.mode = mode;
      clock += 1000;
      const outcome = await updateSource(deps(), id);
      expect(outcome.ok).toBe(false);
      const s = (await getSource(db, id))!;
      retries.push(s.nextUpdate! - clock);
      expect(await entryIds(id)).toEqual(['garlic-diabetes', 'zorblax']);
    }
    // Exponential back-off: 5, 10, 20 minutes.
    expect(retries).toEqual([FIRST_RETRY_MS, 2 * FIRST_RETRY_MS, 4 * FIRST_RETRY_MS]);
    feeds.routes.mutable = {
      mode: 'ok',
      body: {
        format: 'source-flags-feed',
        version: 1,
        title: 'Changed',
        entries: [{ ...ownFeed().entries[0]!, id: 'only-one' }],
      },
    };
    const outcome = await updateSource(deps(), id);
    expect(outcome).toMatchObject({ ok: true, changed: true, entryCount: 1 });
    const s = (await getSource(db, id))!;
    expect(s).toMatchObject({ failures: 0, title: 'Changed', entryCount: 1 });
    expect(s.lastError).toBeUndefined();
    expect(await entryIds(id)).toEqual(['only-one']);
  });
});

describe('conditional requests', () => {
  it('sends If-None-Match and treats 304 as success that keeps the cache', async () => {
    const id = await addRemote('/etag.json');
    expect(await updateSource(deps(), id)).toMatchObject({ ok: true, changed: true });
    expect((await getSource(db, id))!.etag).toBe('"v1"');
    clock += 25 * HOUR;
    const second = await updateSource(deps(), id);
    expect(second).toMatchObject({ ok: true, changed: false, notModified: true, entryCount: 2 });
    expect(feeds.routes.log.filter((l) => l.path === '/etag.json').map((l) => l.ifNoneMatch)).toEqual([
      undefined,
      '"v1"',
    ]);
    const s = (await getSource(db, id))!;
    expect(s).toMatchObject({ lastSuccess: clock, entryCount: 2, nextUpdate: clock + 24 * HOUR });
    expect(await entryIds(id)).toHaveLength(2);
  });

  it('sends If-Modified-Since', async () => {
    const id = await addRemote('/last-modified.json');
    await updateSource(deps(), id);
    const second = await updateSource(deps(), id);
    expect(second.notModified).toBe(true);
    expect(feeds.routes.log.map((l) => l.ifModifiedSince)).toEqual([undefined, 'Wed, 01 Jan 2025 00:00:00 GMT']);
  });

  it('a manual update bypasses the cache: no validators, full download', async () => {
    const id = await addRemote('/etag.json');
    await updateSource(deps(), id);
    const manual = await updateSource(deps(), id, { manual: true });
    expect(manual).toMatchObject({ ok: true, changed: true });
    expect(feeds.routes.log.map((l) => l.ifNoneMatch)).toEqual([undefined, undefined]);
  });

  it('asks with cache: no-store and without cookies or referrer', async () => {
    const seen: RequestInit[] = [];
    const spy: typeof fetch = (input, init) => {
      seen.push(init ?? {});
      return fetch(input, init);
    };
    await fetchList(`${feeds.server.url}/own.json`, { fetchImpl: spy, manual: true });
    expect(seen[0]).toMatchObject({ cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' });
  });
});

describe('cancellation', () => {
  it('a removed source stops its download and is not re-created', async () => {
    const id = await addRemote('/slow-body');
    const controller = new AbortController();
    const pending = updateSource(deps({ limits: { timeoutMs: 5_000, maxBytes: BIG } }), id, {
      signal: controller.signal,
    });
    // The download has started once the source is marked as updating.
    await vi.waitFor(async () => expect((await getSource(db, id))!.updating).toBe(clock));
    await deleteSource(db, id);
    controller.abort();
    const outcome = await pending;
    expect(outcome).toMatchObject({ ok: false, error: 'The update was cancelled.' });
    expect(await getSource(db, id)).toBeUndefined();
    expect(await sourceEntries(db, id)).toEqual([]);
  });
});

describe('a large download', () => {
  it('is read and decoded in slices, the background’s other tasks in between', async () => {
    const chunks = Array.from({ length: 40 }, (_, i) => `{"part":${i}},`);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        // All received at once: read() resolves without a task in between.
        for (const c of chunks) controller.enqueue(new TextEncoder().encode(c));
        controller.close();
      },
    });
    const postTask = vi.fn((callback: () => void) => Promise.resolve().then(callback));
    vi.stubGlobal('scheduler', { postTask });
    let t = 0;
    // Time passes with every reading of the clock: the 20 ms slice ends every few chunks.
    vi.spyOn(performance, 'now').mockImplementation(() => (t += 5));
    const fetchImpl = (() =>
      Promise.resolve(
        new Response(body, { headers: { 'content-type': 'application/json' } }),
      )) as unknown as typeof fetch;
    try {
      const got = await fetchList('https://feeds.example/big.json', { fetchImpl, manual: true });
      expect(got.kind === 'body' && got.text).toBe(chunks.join(''));
      expect(postTask.mock.calls.length).toBeGreaterThanOrEqual(5);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
