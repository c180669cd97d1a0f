// @vitest-environment node
/**
 * Learning from pages trusts the browser, not the page (issue 17 item 7): the site that taught a
 * claim is recorded from the page's address, a review is learned only from the site that
 * publishes it, and one site cannot fill the learned store or push out other sites' claims.
 * The real SourceService and Library over fake-indexeddb.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { freshProfile } from '../source-service-fixture';
import { Library } from '../../../utils/background/library';
import { SourceService } from '../../../utils/background/sources';
import { MAX_LEARNED, MAX_LEARNED_PER_SITE } from '../../../utils/background/source-context';
import { planLearned } from '../../../utils/background/my-entries';
import { putEntries, putSource } from '../../../utils/db';
import { LEARNED_SOURCE_ID, LEARNED_TITLE, type StoredRow } from '../../../utils/db-schema';
import type { ClaimEntry } from '../../../utils/feed/types';
import { learnedFrom, reviewIsOnSite, siteShare } from '../../../utils/learn';
import { DEFAULT_SETTINGS } from '../../../utils/settings';

let clock: number;
let library: Library;
let service: SourceService;

beforeEach(async () => {
  clock = 1_750_000_000_000;
  ({ library, service } = await freshProfile(() => clock, { ...DEFAULT_SETTINGS, learnFromPages: true }));
});

/** A ClaimReview as a page publishes it; `url` and `@id` as given (undefined leaves them out). */
function review(claim: string, url?: string, extra: Record<string, unknown> = {}) {
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    ...(url === undefined ? {} : { url }),
    claimReviewed: claim,
    author: { '@type': 'Organization', name: 'Reuters Fact Check' },
    reviewRating: { '@type': 'Rating', alternateName: 'False' },
    ...extra,
  };
}
const block = (...reviews: unknown[]) => JSON.stringify(reviews);
const learned = async () => (await service.entriesOf(LEARNED_SOURCE_ID)).map((r) => r.entry as ClaimEntry);
/** Claims of one visit to `host`: `count` reviews numbered from `from`, each on the site. */
function visit(host: string, from: number, count: number) {
  const reviews = Array.from({ length: count }, (_, i) =>
    review(`Claim ${from + i} from ${host} says the moon is hollow ${from + i}`, `https://${host}/review/${from + i}`),
  );
  return service.learn([block(...reviews)], `https://${host}/articles/${from}`);
}

describe('the teaching site', () => {
  it('is recorded with each learned claim, from the page address the browser reported', async () => {
    const r = await service.learn(
      [block(review('Wind farms warm the sea every summer', 'https://fc.example/review/1'))],
      'https://www.fc.example/articles/wind',
    );
    expect(r).toEqual({ added: 1 });
    const [entry] = await learned();
    expect(entry).toMatchObject({ id: 'https://fc.example/review/1', reviewedBy: 'Reuters Fact Check' });
    expect(learnedFrom(entry!)).toBe('www.fc.example');
    // Relearning the same page changes nothing; the site stays recorded.
    expect(
      await service.learn(
        [block(review('Wind farms warm the sea every summer', 'https://fc.example/review/1'))],
        'https://www.fc.example/articles/wind',
      ),
    ).toEqual({ added: 0 });
  });

  it('shows only a well-formed hostname', () => {
    expect(learnedFrom({ learnedFrom: 'fc.example' })).toBe('fc.example');
    expect(learnedFrom({ learnedFrom: '<img src=x onerror=alert(1)>' })).toBeUndefined();
    expect(learnedFrom({ learnedFrom: 42 })).toBeUndefined();
    expect(learnedFrom({})).toBeUndefined();
  });
});

describe('a review on another site', () => {
  it('is rejected and counted as skipped: a page cannot speak for another fact-checker', async () => {
    const spoof = review('Wind farms warm the sea every summer', 'https://www.reuters.com/fact-check/wind');
    expect(await service.learn([block(spoof)], 'https://evil.example/fact-check')).toEqual({ added: 0, skipped: 1 });
    // Nor through its @id, or with the url on this site but the id on another.
    const byId = review('Tides are a radio hoax', undefined, { '@id': 'https://reuters.com/fact-check/tides' });
    const mixedId = review('Rain is a radio hoax', 'https://evil.example/r', { '@id': 'https://reuters.com/r' });
    expect(await service.learn([block(byId, mixedId)], 'https://evil.example/fact-check')).toEqual({
      added: 0,
      skipped: 2,
    });
    expect(await learned()).toEqual([]);
  });

  it('is skipped while the same page’s own reviews (relative url, no url at all) are learned', async () => {
    const page = 'https://factcheck.example/2025/wind';
    const r = await service.learn(
      [
        block(
          review('Claim one about the hollow moon', 'https://other.example/review/1'),
          review('Claim two about the hollow moon', '/review/2'),
          review('Claim three about the hollow moon'),
        ),
      ],
      page,
    );
    expect(r).toEqual({ added: 2, skipped: 1 });
    const urls = (await learned()).map((e) => e.sources[0]!.url).sort();
    expect(urls).toEqual(['https://factcheck.example/2025/wind', 'https://factcheck.example/review/2']);
  });

  it('same site means the same hostname, give or take "www."', () => {
    expect(reviewIsOnSite('https://www.reuters.com/x', 'https://reuters.com/y')).toBe(true);
    expect(reviewIsOnSite('http://reuters.com/x', 'https://www.reuters.com/y')).toBe(true);
    expect(reviewIsOnSite('https://reuters.com/x', 'https://reuters.com.evil.example/y')).toBe(false);
    expect(reviewIsOnSite('https://reuters.com/x', 'https://evilreuters.com/y')).toBe(false);
    expect(reviewIsOnSite('https://fc.reuters.com/x', 'https://reuters.com/y')).toBe(false);
    expect(reviewIsOnSite(undefined, 'https://reuters.com/y')).toBe(false);
    expect(reviewIsOnSite('javascript:alert(1)', 'https://reuters.com/y')).toBe(false);
  });

  it('cannot take over a claim another site taught under the same id', async () => {
    // No url and no @id: the id comes from the claim and its author, which anyone can copy.
    const claim = review('The bridge was sold to a foreign buyer last week');
    expect(await service.learn([block(claim)], 'https://fc.example/bridge')).toEqual({ added: 1 });
    const copied = { ...claim, reviewRating: { '@type': 'Rating', alternateName: 'True' } };
    expect(await service.learn([block(copied)], 'https://evil.example/bridge')).toEqual({ added: 0, skipped: 1 });
    const [entry] = await learned();
    expect(entry).toMatchObject({ verdict: 'false', learnedFrom: 'fc.example' });
  });
});

describe('the per-site cap', () => {
  it('a page with 5,000 reviews cannot evict learned claims from another site', async () => {
    await visit('fc.example', 0, 10);
    const before = (await learned()).map((e) => e.id).sort();
    // One page with 5,000 reviews, then the same site reloading itself with 50 new ones 100 times.
    const huge = Array.from({ length: 5000 }, (_, i) =>
      review(`Flood claim ${i} hollow moon ${i}`, `https://flood.example/r/${i}`),
    );
    clock++;
    await service.learn([block(...huge)], 'https://flood.example/all');
    for (let n = 0; n < 100; n++) {
      clock++;
      await visit('flood.example', 10_000 + n * 50, 50);
    }
    const after = await learned();
    const ids = after.map((e) => e.id);
    expect(ids.filter((id) => before.includes(id)).sort()).toEqual(before);
    const flood = after.filter((e) => learnedFrom(e) === 'flood.example');
    expect(flood).toHaveLength(MAX_LEARNED_PER_SITE);
    // Its newest claims replaced its own oldest ones.
    expect(flood.map((e) => e.id)).toContain('https://flood.example/review/14999');
    expect(flood.map((e) => e.id)).not.toContain('https://flood.example/r/0');
  });

  it('a site offering pages faster than they are stored does not pile up work, nor keep other sites out', async () => {
    const floods = Array.from({ length: 20 }, (_, n) => visit('flood.example', n * 50, 50));
    const fc = visit('fc.example', 0, 5);
    const results = await Promise.all(floods);
    expect((await fc).added).toBe(5);
    // Four are in line; the rest are turned away (counted as skipped), not queued.
    expect(results.filter((r) => r.added > 0)).toHaveLength(4);
    expect(results.filter((r) => r.added === 0 && r.skipped === 50)).toHaveLength(16);
    expect((await learned()).filter((e) => learnedFrom(e) === 'flood.example')).toHaveLength(MAX_LEARNED_PER_SITE);
  });

  it('made-up subdomains share their site’s cap', async () => {
    for (let n = 0; n < 10; n++) {
      clock++;
      await visit(`s${n}.flood.example`, n * 50, 50);
    }
    await visit('fc.example', 0, 5);
    const all = await learned();
    expect(all.filter((e) => learnedFrom(e)!.endsWith('flood.example'))).toHaveLength(MAX_LEARNED_PER_SITE);
    expect(all.filter((e) => learnedFrom(e) === 'fc.example')).toHaveLength(5);
    expect(siteShare('a.b.flood.example')).toBe('flood.example');
    expect(siteShare('www.bbc.co.uk')).toBe('bbc.co.uk');
    expect(siteShare('factcheck.afp.com')).toBe('afp.com');
    expect(siteShare('127.0.0.1')).toBe('127.0.0.1');
    expect(siteShare('localhost')).toBe('localhost');
  });

  it('a full store makes room from the site with the most claims, never from a small one', async () => {
    // 24 sites at their cap, one small site, and older claims learned before sites were recorded.
    const db = await library.db();
    await putSource(db, {
      id: LEARNED_SOURCE_ID,
      kind: 'learned',
      title: LEARNED_TITLE,
      builtin: false,
      enabled: true,
      format: 'learned',
      entryCount: 0,
      skipped: 0,
      intervalHours: 24,
    });
    const claim = (id: string, from?: string): ClaimEntry & { learnedFrom?: string } => ({
      kind: 'claim',
      id,
      claim: `Seeded claim ${id}`,
      verdict: 'false',
      reviewedBy: 'X',
      sources: [{ url: id }],
      ...(from ? { learnedFrom: from } : {}),
    });
    const seeded: ClaimEntry[] = [];
    for (let s = 0; s < 24; s++)
      for (let i = 0; i < MAX_LEARNED_PER_SITE; i++) seeded.push(claim(`https://s${s}.example/${i}`, `s${s}.example`));
    for (let i = 0; i < 10; i++) seeded.push(claim(`https://small.example/${i}`, 'small.example'));
    for (let i = 0; i < 190; i++) seeded.push(claim(`https://legacy.example/${i}`));
    expect(seeded).toHaveLength(MAX_LEARNED);
    await putEntries(db, LEARNED_SOURCE_ID, seeded, clock - 1000);
    await visit('new.example', 0, 50);
    const all = await learned();
    expect(all).toHaveLength(MAX_LEARNED);
    expect(all.filter((e) => learnedFrom(e) === 'small.example')).toHaveLength(10);
    expect(all.filter((e) => learnedFrom(e) === 'new.example')).toHaveLength(50);
  });

  it('plans the drops without touching other shares (pure)', () => {
    const row = (id: string, from: string, addedAt: number): StoredRow => ({
      sourceId: LEARNED_SOURCE_ID,
      entry: {
        kind: 'claim',
        id,
        claim: id,
        verdict: 'false',
        reviewedBy: 'X',
        sources: [],
        learnedFrom: from,
      } as ClaimEntry,
      addedAt,
    });
    const rows = [
      row('other-1', 'other.example', 1),
      ...Array.from({ length: MAX_LEARNED_PER_SITE }, (_, i) => row(`own-${i}`, 'www.own.example', 10 + i)),
    ];
    const found = [
      {
        kind: 'claim',
        id: 'new',
        claim: 'n',
        verdict: 'false',
        reviewedBy: 'X',
        sources: [],
        learnedFrom: 'own.example',
      } as ClaimEntry,
    ];
    const plan = planLearned(rows, found, 'own.example');
    expect(plan).toEqual({ write: found, drop: ['own-0'], refused: 0 });
  });
});
