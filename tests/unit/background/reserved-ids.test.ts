// @vitest-environment node
/**
 * Issue 17 item 6: qualified ids (`<id>@@<list id>`, utils/background/entry-ids.ts) are reserved.
 * No feed format, backup, My entry or learned claim can produce an id holding "@@", and a copy
 * stored by an older version never reaches the index, so a list cannot pose as another list's
 * entry (a "False" badge on "Kumquats are sweet." opening the built-in DeepSeek card).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { uniqueIds } from '../../../utils/background/entry-ids';
import { Library } from '../../../utils/background/library';
import { SourceService } from '../../../utils/background/sources';
import { newRemoteRecord } from '../../../utils/background/source-context';
import { parseBackup, BACKUP_FORMAT } from '../../../utils/backup';
import { putEntries, putSource, replaceSourceEntries, sourceEntries } from '../../../utils/db';
import { BUILTIN_SOURCE_ID, LEARNED_SOURCE_ID, LOCAL_SOURCE_ID } from '../../../utils/db-schema';
import { parseFeedText } from '../../../utils/feed/detect';
import { uniqueClaimId } from '../../../utils/feed/claimreview';
import { validateOwnFeed } from '../../../utils/feed/validate';
import type { ClaimEntry, Entry } from '../../../utils/feed/types';
import { buildLocalEntry } from '../../../utils/my-entry-input';
import { Matcher } from '../../../utils/match/matcher';
import { DEFAULT_SETTINGS, type Settings } from '../../../utils/settings';

const NOW = 1_750_000_000_000;
const KUMQUATS = 'Kumquats are sweet.';

/** The impostor of the review: the built-in DeepSeek app's qualified id, with its own text and verdict. */
const impostor = (id = `deepseek@@${BUILTIN_SOURCE_ID}`) => ({
  kind: 'claim',
  id,
  claim: KUMQUATS,
  verdict: 'false',
  reviewedBy: 'Nobody',
  match: { all: [['kumquats'], ['sweet']] },
  sources: [{ url: 'https://evil.example/kumquats' }],
});
const honest = {
  kind: 'claim',
  id: 'kumquats',
  claim: 'Kumquats grow on the moon.',
  verdict: 'false',
  reviewedBy: 'Someone',
  sources: [{ url: 'https://fc.example/kumquats' }],
};
const feed = (...entries: unknown[]) => ({ format: 'source-flags-feed', version: 1, title: 'Evil list', entries });
const noSeparator = (entries: readonly Entry[]) => entries.filter((e) => e.id.includes('@@')).map((e) => e.id);

describe('a Source Flags feed cannot use a qualified id', () => {
  it('skips the entry with a plain reason and keeps the rest', () => {
    const r = validateOwnFeed(feed(impostor(), honest));
    expect(r.entries.map((e) => e.id)).toEqual(['kumquats']);
    expect(r.skipped).toBe(1);
    expect(r.problems).toEqual([
      'entry 1 (id "deepseek@@builtin"): id contains "@@", which is reserved for naming an entry of another list',
    ]);
  });

  it.each([
    ['an invisible character between the two @', 'deepseek@\u200b@builtin'],
    ['a soft hyphen between the two @', 'deepseek@\u00ad@builtin'],
    ['the separator at the start', '@@builtin'],
    ['the separator at the end', 'deepseek@@'],
    ['three @', 'deepseek@@@builtin'],
  ])('also with %s', (_, id) => {
    const r = validateOwnFeed(feed(impostor(id)));
    expect(r.entries).toEqual([]);
    expect(r.problems.join()).toMatch(/reserved/);
  });

  it('keeps a single @ (an e-mail-like or handle id)', () => {
    const r = validateOwnFeed(feed(impostor('@deepseek_ai'), { ...honest, id: 'a@b.example' }));
    expect(r.entries.map((e) => e.id)).toEqual(['@deepseek_ai', 'a@b.example']);
  });

  it('is refused through parseFeedText too (the path every downloaded list takes)', () => {
    const r = parseFeedText(JSON.stringify(feed(impostor(), honest)), { url: 'https://evil.example/list.json' });
    expect(noSeparator(r.entries)).toEqual([]);
    expect(r.problems.join()).toMatch(/"@@", which is reserved/);
  });
});

describe('ClaimReview and Fact Check Tools ids never hold the separator', () => {
  const review = (fields: Record<string, unknown>) => ({
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    claimReviewed: KUMQUATS,
    author: { '@type': 'Organization', name: 'Evil Checks' },
    reviewRating: { '@type': 'Rating', alternateName: 'False' },
    ...fields,
  });

  it.each([
    ['an absolute url', { url: 'https://evil.example/deepseek@@builtin' }, {}],
    ['an @id', { '@id': 'https://evil.example/x@@learned', url: 'https://evil.example/r' }, {}],
    ['a relative @id', { '@id': 'deepseek@@builtin', url: 'https://evil.example/r' }, {}],
    // The scan CLI keeps a relative url as written when it has nothing to resolve it against.
    ['a relative url read without a base', { url: 'deepseek@@builtin' }, { keepUnlinked: true }],
  ])('%s: the claim is kept under a hashed id', (_, fields, opts) => {
    const r = parseFeedText(JSON.stringify(review(fields)), {
      url: 'keepUnlinked' in opts ? undefined : 'https://evil.example/page',
      ...opts,
    });
    expect(r.error).toBeUndefined();
    expect(r.entries).toHaveLength(1);
    expect(r.entries[0]!.id).toMatch(/^cr-[0-9a-z]+$/);
  });

  it('in a DataFeed', () => {
    const data = {
      '@context': 'https://schema.org',
      '@type': 'DataFeed',
      dataFeedElement: [
        { '@type': 'DataFeedItem', item: [review({ url: 'https://evil.example/a@@builtin' })] },
        { '@type': 'DataFeedItem', item: [review({ url: 'https://evil.example/b', claimReviewed: 'Other' })] },
      ],
    };
    const r = parseFeedText(JSON.stringify(data), { url: 'https://evil.example/feed.json' });
    expect(r.entries).toHaveLength(2);
    expect(noSeparator(r.entries)).toEqual([]);
    expect(r.entries[1]!.id).toBe('https://evil.example/b');
  });

  it('in a Fact Check Tools response', () => {
    const r = parseFeedText(
      JSON.stringify({
        claims: [
          { text: KUMQUATS, claimReview: [{ url: 'https://evil.example/deepseek@@builtin', textualRating: 'False' }] },
        ],
      }),
    );
    expect(r.entries).toHaveLength(1);
    expect(noSeparator(r.entries)).toEqual([]);
  });

  it('two different claims under one such id stay apart', () => {
    const taken = new Map<string, string>();
    const a = uniqueClaimId(taken, 'https://x.example/a@@b', 'Claim one');
    const b = uniqueClaimId(taken, 'https://x.example/a@@b', 'Claim two');
    expect(a).toMatch(/^cr-/);
    expect(b).toMatch(/^cr-.*#cr-/);
    expect(a).not.toBe(b);
    expect(uniqueClaimId(taken, 'https://x.example/a@@b', 'Claim one')).toBeUndefined();
  });
});

describe('My entries and backups cannot use a qualified id', () => {
  it('a My entry built with one is refused', () => {
    const r = buildLocalEntry(
      { kind: 'claim', claim: KUMQUATS, verdict: 'false', url: 'https://evil.example/k' },
      'deepseek@@builtin',
    );
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/reserved/) });
  });

  it('a backup entry with one is skipped and reported', () => {
    const r = parseBackup(
      JSON.stringify({ format: BACKUP_FORMAT, version: 1, myEntries: { entries: [impostor(), honest] } }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.backup.myEntries.map((e) => e.id)).toEqual(['kumquats']);
    expect(r.backup.skipped.join('\n')).toMatch(/My entries: entry 1 \(id "deepseek@@builtin"\): .*reserved/);
  });
});

describe('uniqueIds leaves out stored ids that hold the separator', () => {
  it('keeps only the qualified ids it makes itself', () => {
    const claim = (id: string, text: string): ClaimEntry => ({
      kind: 'claim',
      id,
      claim: text,
      verdict: 'false',
      reviewedBy: 'X',
      sources: [],
    });
    const out = uniqueIds([
      { entry: claim('a', 'One'), sourceId: 's1' },
      { entry: claim('a@@s1', 'Impostor'), sourceId: 's2' },
      { entry: claim('a', 'Two'), sourceId: 's2' },
      { entry: claim('a@@s2', 'Impostor again'), sourceId: 's3' },
    ]);
    expect(out.map((r) => [r.entry.id, r.sourceId])).toEqual([
      ['a', 's1'],
      ['a@@s2', 's2'],
    ]);
    expect(out[1]!.entry.kind === 'claim' && out[1]!.entry.claim).toBe('Two');
  });
});

describe('the library never opens another list’s card for a list’s entry', () => {
  let library: Library;
  beforeEach(async () => {
    globalThis.indexedDB = new IDBFactory();
    library = new Library(undefined, '1.0.0');
    await library.ensureDefaults(NOW);
  });

  async function addList(entries: readonly Entry[]) {
    const record = newRemoteRecord('https://evil.example/list.json', 'Evil list', true, 24, NOW);
    await putSource(await library.db(), record);
    await replaceSourceEntries(await library.db(), record, entries);
    library.invalidate();
    return record;
  }

  async function expectBuiltinDeepSeekOnly() {
    const index = await library.getIndex();
    const ids = index.entries.map((e) => e.id);
    expect(ids).not.toContain('deepseek@@builtin');
    expect(ids).toContain('deepseek');
    // Nothing badges the impostor's sentence.
    expect(new Matcher(index).scan(KUMQUATS).map((m) => m.id)).toEqual([]);
    // The id, asked for anyway, still opens the built-in DeepSeek card, never the list's claim.
    const got = await library.getEntry('deepseek@@builtin');
    expect(got?.entry.kind).toBe('app');
    expect(got?.entry.kind === 'app' && got.entry.name).toBe('DeepSeek');
    expect(got?.source).not.toBe('Evil list');
    // The popup's look-up does not offer it either.
    expect((await library.search('kumquats sweet', {})).map((r) => r.id)).not.toContain('deepseek@@builtin');
  }

  it('a downloaded list with the id: the entry never reaches the index', async () => {
    const parsed = parseFeedText(JSON.stringify(feed(impostor(), honest)), { url: 'https://evil.example/list.json' });
    await addList(parsed.entries);
    await expectBuiltinDeepSeekOnly();
    expect((await library.getIndex()).entries.map((e) => e.id)).toContain('kumquats');
  });

  it('a copy stored by an older version (not validated again): left out of the index', async () => {
    await addList([impostor() as ClaimEntry, honest as ClaimEntry]);
    await expectBuiltinDeepSeekOnly();
  });

  it('My entries holding one from an older import: left out too', async () => {
    await putEntries(await library.db(), LOCAL_SOURCE_ID, [impostor() as ClaimEntry], NOW);
    library.invalidate();
    await expectBuiltinDeepSeekOnly();
    // Still listed where it can be deleted.
    expect((await sourceEntries(await library.db(), LOCAL_SOURCE_ID)).map((r) => r.entry.id)).toEqual([
      'deepseek@@builtin',
    ]);
  });

  it('a learned claim whose review URL holds "@@" is kept under a hashed id', async () => {
    let settings: Settings = { ...DEFAULT_SETTINGS, learnFromPages: true };
    const service = new SourceService({
      library,
      notify: { indexChanged: () => undefined, sourcesChanged: () => undefined },
      now: () => NOW,
      getSettings: async () => settings,
      setSettings: async (s) => void (settings = s),
    });
    const block = JSON.stringify({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: 'https://evil.example/deepseek@@builtin',
      claimReviewed: KUMQUATS,
      author: { name: 'Evil Checks' },
      reviewRating: { alternateName: 'False' },
    });
    expect(await service.learn([block], 'https://evil.example/page')).toEqual({ added: 1 });
    const learned = await service.entriesOf(LEARNED_SOURCE_ID);
    expect(learned.map((r) => r.entry.id)).toEqual([expect.stringMatching(/^cr-[0-9a-z]+$/)]);
    const ids = (await library.getIndex()).entries.map((e) => e.id);
    expect(ids.filter((id) => id.includes('@@'))).toEqual([]);
  });
});
