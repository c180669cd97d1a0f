// @vitest-environment node
/** The source manager (SourceService) with a real HTTP server, fake-indexeddb and the real Library. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { Library } from '../../../utils/background/library';
import { SourceService, type Notifier } from '../../../utils/background/sources';
import { getSource, patchSource, putSource, sourceEntries } from '../../../utils/db';
import { BUILTIN_SOURCE_ID, LEARNED_SOURCE_ID, LEARNED_TITLE, LOCAL_SOURCE_ID } from '../../../utils/db-schema';
import { DEFAULT_SETTINGS, type Settings } from '../../../utils/settings';
import { FETCH_ERRORS } from '../../../utils/fetch-classify';
import { HOUR, MIN_ALARM_DELAY_MS } from '../../../utils/updates/schedule';
import { feedServer } from '../feed-server';
import { APP_NAME, claimReview, CLAIM_A, ownFeed } from '../../feed-fixtures';

const feeds = feedServer();

let clock = 1_750_000_000_000;
let library: Library;
let service: SourceService;
let settings: Settings;
let alarms: (number | undefined)[];
const notified = { index: 0, sources: 0 };

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  clock = 1_750_000_000_000;
  feeds.routes.mutable = { mode: 'ok', body: ownFeed('Mutable feed') };
  settings = { ...DEFAULT_SETTINGS };
  alarms = [];
  notified.index = 0;
  notified.sources = 0;
  library = new Library();
  await library.ensureDefaults(clock);
  const notify: Notifier = {
    indexChanged: () => void notified.index++,
    sourcesChanged: () => void notified.sources++,
  };
  service = new SourceService({
    library,
    notify,
    now: () => clock,
    getSettings: async () => settings,
    setSettings: async (s) => void (settings = s),
    schedule: (when) => void alarms.push(when),
    limits: { timeoutMs: 3000 },
  });
});
afterEach(() => vi.restoreAllMocks());

const indexIds = async () => (await library.getIndex()).entries.map((e) => e.id);

describe('sources', () => {
  it('starts with the built-in list and an empty "My entries"', async () => {
    const list = await service.list();
    expect(list.map((s) => [s.id, s.kind, s.enabled])).toEqual([
      [LOCAL_SOURCE_ID, 'local', true],
      [BUILTIN_SOURCE_ID, 'builtin', true],
    ]);
  });

  it('adds a list by URL, downloads it and puts it in the index', async () => {
    const r = await service.add(`${feeds.server.url}/own.json`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.outcome).toMatchObject({ ok: true, changed: true, entryCount: 2 });
    expect(r.source).toMatchObject({ kind: 'remote', title: 'Test own feed', format: 'source-flags', skipped: 1 });
    expect(await indexIds()).toEqual(expect.arrayContaining(['garlic-diabetes', 'zorblax']));
    expect(notified.index).toBeGreaterThan(0);
    // The next alarm is the new source's next update.
    expect(alarms.at(-1)).toBe(clock + 24 * HOUR);
  });

  it.each([
    ['ftp://fc.example/list.json', /Only http and https/],
    ['', /Enter the address/],
  ])('refuses %s', async (url, error) => {
    const r = await service.add(url);
    expect(!r.ok && r.error).toMatch(error);
  });

  it('refuses a URL that is already a source', async () => {
    await service.add(`${feeds.server.url}/own.json`);
    const again = await service.add(`${feeds.server.url}/own.json`);
    expect(!again.ok && again.error).toMatch(/already in your sources/);
  });

  it('keeps the source and the old copy when the list breaks; shows the error', async () => {
    const r = await service.add(`${feeds.server.url}/mutable.json`);
    const id = r.ok ? r.source!.id : '';
    feeds.routes.mutable.mode = '500';
    const before = notified.index;
    const outcome = await service.update(id, true);
    expect(outcome).toMatchObject({ ok: false });
    expect(outcome.error).toMatch(/HTTP 500/);
    expect(notified.index).toBe(before); // nothing changed for the tabs
    expect((await getSource(await library.db(), id))!.lastError).toMatch(/HTTP 500/);
    expect(await indexIds()).toEqual(expect.arrayContaining(['garlic-diabetes', 'zorblax']));
  });

  it('joins an update already running for the same source', async () => {
    const r = await service.add(`${feeds.server.url}/own.json`);
    const id = r.ok ? r.source!.id : '';
    const a = service.update(id, true);
    const b = service.update(id, true);
    expect(a).toBe(b);
    await a;
  });

  it('removes a list: entries leave the index; the built-in list and My entries stay', async () => {
    const r = await service.add(`${feeds.server.url}/own.json`);
    const id = r.ok ? r.source!.id : '';
    expect(await service.remove(id)).toEqual({ ok: true });
    expect(await indexIds()).not.toContain('zorblax');
    expect(await sourceEntries(await library.db(), id)).toEqual([]);
    expect(await service.remove(BUILTIN_SOURCE_ID)).toMatchObject({ ok: false, error: /can disable it/ });
    expect(await service.remove(LOCAL_SOURCE_ID)).toMatchObject({ ok: false });
  });

  it('disables and enables sources, the built-in list included', async () => {
    const builtinIds = await indexIds();
    expect(builtinIds.length).toBeGreaterThan(0);
    expect(await service.setEnabled(BUILTIN_SOURCE_ID, false)).toMatchObject({ ok: true });
    expect(await indexIds()).toEqual([]);
    await service.setEnabled(BUILTIN_SOURCE_ID, true);
    expect(await indexIds()).toEqual(builtinIds);
  });

  it('changes the update interval to an offered value only', async () => {
    const r = await service.add(`${feeds.server.url}/own.json`);
    const id = r.ok ? r.source!.id : '';
    expect(await service.setInterval(id, 5)).toMatchObject({ ok: false });
    const ok = await service.setInterval(id, 168);
    expect(ok.ok && ok.source).toMatchObject({ intervalHours: 168, nextUpdate: clock + 168 * HOUR });
    expect(await service.setInterval(BUILTIN_SOURCE_ID, 24)).toMatchObject({ ok: false });
  });

  it('update all downloads every enabled remote source', async () => {
    await service.add(`${feeds.server.url}/own.json`);
    await service.add(`${feeds.server.url}/datafeed.json`);
    const outcomes = await service.updateAll();
    expect(outcomes.map((o) => o.ok)).toEqual([true, true]);
  });
});

describe('scheduling', () => {
  it('at start-up, reschedules an update a stopped worker cut off, and runs it', async () => {
    const db = await library.db();
    const r = await service.add(`${feeds.server.url}/mutable.json`);
    const id = r.ok ? r.source!.id : '';
    // As a worker stopped mid-update leaves it: marked updating, old copy intact, next update far away.
    await patchSource(db, id, { updating: clock - 1000, nextUpdate: clock + 20 * HOUR, title: 'old title' });
    feeds.routes.mutable.body = ownFeed('After restart');
    clock += 60_000;
    const restarted = new SourceService({
      library,
      notify: { indexChanged: () => undefined, sourcesChanged: () => undefined },
      now: () => clock,
      getSettings: async () => settings,
      setSettings: async () => undefined,
      schedule: (when) => void alarms.push(when),
    });
    await restarted.startup();
    const s = (await getSource(db, id))!;
    expect(s.updating).toBeUndefined();
    expect(s).toMatchObject({ title: 'After restart', lastSuccess: clock, entryCount: 2 });
    expect(alarms.at(-1)).toBe(clock + 24 * HOUR);
  });

  it('runs due sources when the alarm fires, and sets the next alarm', async () => {
    const db = await library.db();
    await putSource(db, {
      id: 'src-due',
      kind: 'remote',
      title: 'due',
      url: `${feeds.server.url}/own.json`,
      builtin: false,
      enabled: true,
      format: '',
      entryCount: 0,
      skipped: 0,
      intervalHours: 24,
      nextUpdate: clock - 1,
    });
    await putSource(db, {
      id: 'src-later',
      kind: 'remote',
      title: 'later',
      url: `${feeds.server.url}/datafeed.json`,
      builtin: false,
      enabled: true,
      format: '',
      entryCount: 0,
      skipped: 0,
      intervalHours: 24,
      lastSuccess: clock,
      nextUpdate: clock + 2 * HOUR,
    });
    await service.runDue();
    expect((await getSource(db, 'src-due'))!.entryCount).toBe(2);
    expect((await getSource(db, 'src-later'))!.entryCount).toBe(0);
    expect(alarms.at(-1)).toBe(clock + 2 * HOUR);
  });

  it('retries a failing source with back-off, never sooner than the alarm minimum', async () => {
    feeds.routes.mutable.mode = '500';
    await service.add(`${feeds.server.url}/mutable.json`);
    expect(alarms.at(-1)).toBe(clock + 5 * 60_000);
    expect(alarms.at(-1)).toBeGreaterThanOrEqual(clock + MIN_ALARM_DELAY_MS);
  });
});

describe('My entries', () => {
  it('adds a claim and an app, which the index picks up, and deletes them', async () => {
    const claim = await service.addLocal({
      kind: 'claim',
      claim: CLAIM_A,
      verdict: 'false',
      url: 'https://fc.example/garlic',
    });
    const app = await service.addLocal({
      kind: 'app',
      name: APP_NAME,
      where: 'Freedonia',
      scope: 'Banned on government devices',
      status: 'in-force',
      url: 'https://gov.example/z',
    });
    expect(claim.ok && app.ok).toBe(true);
    const ids = [claim, app].map((r) => (r.ok ? r.entry!.id : ''));
    expect(await indexIds()).toEqual(expect.arrayContaining(ids));
    expect((await service.entriesOf(LOCAL_SOURCE_ID)).map((e) => e.entry.id).sort()).toEqual([...ids].sort());
    expect((await getSource(await library.db(), LOCAL_SOURCE_ID))!.entryCount).toBe(2);
    await service.deleteEntries(LOCAL_SOURCE_ID, [ids[0]!]);
    expect(await indexIds()).not.toContain(ids[0]);
    expect((await getSource(await library.db(), LOCAL_SOURCE_ID))!.entryCount).toBe(1);
  });

  it('refuses an invalid entry in plain words', async () => {
    const r = await service.addLocal({ kind: 'claim', claim: 'x', verdict: 'false', url: 'not a link' });
    expect(r).toMatchObject({ ok: false, error: /^Not added/ });
  });

  it('reports a full disk instead of swallowing it', async () => {
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value, key) {
      if (this.name === 'chunks') throw new DOMException('full', 'QuotaExceededError');
      return put.call(this, value, key);
    });
    const r = await service.addLocal({ kind: 'claim', claim: 'x y z', verdict: 'false', url: 'https://x.example' });
    expect(r).toEqual({ ok: false, error: FETCH_ERRORS.quota });
  });

  it('only My entries and learned claims can be deleted one by one', async () => {
    expect(await service.deleteEntries(BUILTIN_SOURCE_ID, ['tiktok'])).toMatchObject({ ok: false });
  });
});

describe('learning from pages', () => {
  const page = 'https://fc.example/articles/garlic';
  const block = JSON.stringify({ '@context': 'https://schema.org', ...claimReview(7, CLAIM_A) });

  it('is off by default and learns nothing', async () => {
    expect(await service.learn([block], page)).toEqual({ added: 0 });
    expect(await getSource(await library.db(), LEARNED_SOURCE_ID)).toBeUndefined();
  });

  it('when on, keeps the claims in the learned source, once', async () => {
    settings.learnFromPages = true;
    expect(await service.learn([block, '{broken', '['.repeat(300)], page)).toEqual({ added: 1 });
    const source = (await getSource(await library.db(), LEARNED_SOURCE_ID))!;
    expect(source).toMatchObject({ title: LEARNED_TITLE, kind: 'learned', entryCount: 1, enabled: true });
    const [learned] = await service.entriesOf(LEARNED_SOURCE_ID);
    expect(learned!.entry).toMatchObject({ kind: 'claim', claim: CLAIM_A, verdict: 'false' });
    expect(learned!.addedAt).toBe(clock);
    expect(await indexIds()).toContain(learned!.entry.id);
    const before = notified.index;
    expect(await service.learn([block], page)).toEqual({ added: 0 });
    expect(notified.index).toBe(before);
  });

  it('ignores pages that are not http(s) and blocks without ClaimReview', async () => {
    settings.learnFromPages = true;
    expect(await service.learn([block], 'file:///tmp/x.html')).toEqual({ added: 0 });
    expect(await service.learn(['{"@type":"NewsArticle"}'], page)).toEqual({ added: 0 });
  });

  it('learned claims can be removed one by one or all at once', async () => {
    settings.learnFromPages = true;
    const two = JSON.stringify([claimReview(1), claimReview(2)]);
    await service.learn([two], page);
    const entries = await service.entriesOf(LEARNED_SOURCE_ID);
    expect(entries).toHaveLength(2);
    await service.deleteEntries(LEARNED_SOURCE_ID, [entries[0]!.entry.id]);
    expect(await service.entriesOf(LEARNED_SOURCE_ID)).toHaveLength(1);
    expect(await service.remove(LEARNED_SOURCE_ID)).toEqual({ ok: true });
    expect(await service.entriesOf(LEARNED_SOURCE_ID)).toEqual([]);
  });
});

describe('export and import', () => {
  it('round-trips sources, settings and My entries into a fresh profile, and reports skips', async () => {
    await service.add(`${feeds.server.url}/own.json`);
    await service.setEnabled(BUILTIN_SOURCE_ID, false);
    await service.addLocal({ kind: 'claim', claim: CLAIM_A, verdict: 'misleading', url: 'https://fc.example/g' });
    settings = { ...settings, density: 'every', learnFromPages: true };
    await service.learn([JSON.stringify(claimReview(3))], 'https://fc.example/p');
    const file = await service.exportAll();
    expect(file.sources).toEqual([
      { url: `${feeds.server.url}/own.json`, title: 'Test own feed', enabled: true, intervalHours: 24 },
    ]);
    expect(file.builtin).toEqual({ enabled: false });
    expect(file.myEntries.entries).toHaveLength(1);
    expect(JSON.stringify(file)).not.toContain('review/3'); // learned claims stay private

    // A fresh profile.
    globalThis.indexedDB = new IDBFactory();
    settings = { ...DEFAULT_SETTINGS };
    library = new Library();
    await library.ensureDefaults(clock);
    service = new SourceService({
      library,
      notify: { indexChanged: () => undefined, sourcesChanged: () => undefined },
      now: () => clock,
      getSettings: async () => settings,
      setSettings: async (s) => void (settings = s),
    });
    const withJunk = { ...file, sources: [...file.sources, { url: 'javascript:alert(1)' }] };
    const report = await service.importAll(JSON.stringify(withJunk));
    expect(report).toMatchObject({ ok: true, addedSources: 1, updatedSources: 0, myEntries: 1, settings: true });
    expect(report.ok && report.skipped.join()).toMatch(/source 2: Only http and https/);
    expect(settings).toMatchObject({ density: 'every', learnFromPages: true });
    expect((await getSource(await library.db(), BUILTIN_SOURCE_ID))!.enabled).toBe(false);
    // Importing again updates instead of duplicating.
    const again = await service.importAll(JSON.stringify(file));
    expect(again).toMatchObject({ ok: true, addedSources: 0, updatedSources: 1 });
    expect((await service.list()).filter((s) => s.kind === 'remote')).toHaveLength(1);
  });

  it('refuses a file that is not a backup, changing nothing', async () => {
    const r = await service.importAll(JSON.stringify(ownFeed()));
    expect(r).toMatchObject({ ok: false, error: /add it as a source instead/ });
    expect((await service.list()).map((s) => s.id)).toEqual([LOCAL_SOURCE_ID, BUILTIN_SOURCE_ID]);
  });
});
