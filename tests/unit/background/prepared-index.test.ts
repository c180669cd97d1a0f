// @vitest-environment node
/**
 * A list read by an update is compiled while it is stored (Library.prepare), and that Matcher is
 * used once the list is stored, never when the list was not stored or the lists changed meanwhile.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { commitSource, putEntries, putSource, type Db } from '../../../utils/db';
import { LOCAL_SOURCE_ID, type SourceRecord } from '../../../utils/db-schema';
import { validateOwnFeed } from '../../../utils/feed/validate';
import type { ClaimEntry } from '../../../utils/feed/types';
import { Matcher } from '../../../utils/match/matcher';
import { feedServer } from '../feed-server';
import { ownFeed } from '../../feed-fixtures';
import { freshProfile, type TestProfile } from '../source-service-fixture';

const feeds = feedServer();

const NOW = 1_750_000_000_000;
let profile: TestProfile;

beforeEach(async () => {
  profile = await freshProfile(() => NOW);
});
afterEach(() => vi.restoreAllMocks());

const newList = validateOwnFeed(ownFeed('Upcoming list')).entries;
const remote: SourceRecord = {
  id: 'src-upcoming',
  kind: 'remote',
  title: 'Upcoming list',
  url: 'https://fc.example/list.json',
  builtin: false,
  enabled: true,
  format: '',
  entryCount: 0,
  skipped: 0,
  addedAt: NOW,
  intervalHours: 24,
};
const mine: ClaimEntry = {
  kind: 'claim',
  id: 'my-claim',
  claim: 'Quorvex pills cure baldness overnight',
  verdict: 'false',
  reviewedBy: 'Example Checks',
  sources: [{ url: 'https://fc.example/quorvex' }],
};
const matcherIds = async () => (await profile.library.matcher()).entries.map((e) => e.id);

/**
 * The remote source in the database, and its new list handed to Library.prepare() (reading the
 * other lists from `readFrom`, the database unless given), with Matcher.create watched.
 */
async function prepareRemote(readFrom?: Db) {
  const { library } = profile;
  const db = await library.db();
  await putSource(db, remote);
  const create = vi.spyOn(Matcher, 'create');
  library.prepare({ sourceId: remote.id, title: remote.title, entries: newList }, readFrom ?? db);
  return { library, db, create };
}

describe('the index of a list being stored', () => {
  it('is built while the list is stored, and used once it is', async () => {
    const create = vi.spyOn(Matcher, 'create');
    const r = await profile.service.add(`${feeds.server.url}/own.json`);
    expect(r.ok).toBe(true);
    // Built without any tab asking (it began before the list was stored), and built once.
    await vi.waitFor(() => expect(create).toHaveBeenCalledTimes(1));
    expect(await matcherIds()).toEqual(expect.arrayContaining(['garlic-diabetes', 'zorblax']));
    expect(create).toHaveBeenCalledTimes(1);
    // The adopted Matcher is cached for the next start of the worker like one built on request.
    await profile.library.indexSaved;
    const card = await profile.library.getEntry('zorblax');
    expect(card?.source).toBe('Test own feed');
  });

  it('is not used when the lists changed while it was stored (a My entry added meanwhile)', async () => {
    const { library, db, create } = await prepareRemote();
    // The prepared Matcher is built (without the entry below) before the lists change.
    await vi.waitFor(() => expect(create).toHaveBeenCalledTimes(1));
    await create.mock.results[0]!.value;
    await putEntries(db, LOCAL_SOURCE_ID, [mine], NOW);
    library.invalidate();
    await commitSource(db, remote.id, { title: remote.title }, newList);
    library.invalidate(remote.id);
    expect(await matcherIds()).toEqual(expect.arrayContaining(['garlic-diabetes', 'zorblax', 'my-claim']));
  });

  it('is dropped, unbuilt, when the list was not stored', async () => {
    const { library, create } = await prepareRemote();
    library.dropPrepared(remote.id);
    library.invalidate(remote.id);
    expect(await matcherIds()).not.toContain('zorblax');
    // Only the Matcher of the lists as stored was built.
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('is replaced by the usual build when it failed (a storage fault while reading the other lists)', async () => {
    const broken = {
      transaction: () => {
        throw new Error('disk fault');
      },
    } as unknown as Db;
    const { library, db } = await prepareRemote(broken);
    await commitSource(db, remote.id, { title: remote.title }, newList);
    library.invalidate(remote.id);
    expect(await matcherIds()).toEqual(expect.arrayContaining(['garlic-diabetes', 'zorblax']));
  });

  it('a failed update of a listed source leaves the index with its last good copy', async () => {
    const r = await profile.service.add(`${feeds.server.url}/mutable.json`);
    const id = r.ok ? r.source!.id : '';
    feeds.routes.mutable.body = { not: 'a feed' };
    expect(await profile.service.update(id, true)).toMatchObject({ ok: false });
    expect(await matcherIds()).toEqual(expect.arrayContaining(['garlic-diabetes', 'zorblax']));
  });
});
