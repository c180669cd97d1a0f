/**
 * MV3 stops an idle service worker after ~30 s, and a page's text wakes it again: the new worker
 * restores the Matcher its predecessor built from the cache (issue 15), and the page gets exactly
 * the badges it got before.
 */
import { describe, expect, it } from 'vitest';
import type { Page, Worker } from 'playwright-core';
import { extensionWorker, readBadges, stopServiceWorker, waitForBadges, waitForMark, waitForScan } from '../browser';
import { extensionFixture } from './fixture';
import { CACHED_MATCHER_KEY, MATCHER_MEASURE, MATCHER_SAVED } from '../../utils/background/matcher-cache';
import { DB_NAME } from '../../utils/db';

const e2e = extensionFixture();

const badgesOf = async (page: Page) => (await readBadges(page)).map((b) => `${b.id}:${b.label}`).sort();

/** How the worker's Matcher became ready so far ("built", "restored"), from its performance timeline. */
const matcherLoads = (worker: Worker) =>
  worker.evaluate(
    (name) =>
      performance
        .getEntriesByType('measure')
        .filter((e) => e.name.startsWith(name))
        .map((e) => e.name.slice(name.length + 1)),
    MATCHER_MEASURE,
  );

/** Whether the worker's cache holds a built Matcher. */
const cached = (worker: Worker) =>
  worker.evaluate(
    ([db, key]) =>
      new Promise<boolean>((resolve) => {
        const open = indexedDB.open(db);
        open.onerror = () => resolve(false);
        open.onsuccess = () => {
          const get = open.result.transaction('meta').objectStore('meta').get(key);
          get.onsuccess = () => resolve(!!get.result?.matcher);
          get.onerror = () => resolve(false);
        };
      }),
    [DB_NAME, CACHED_MATCHER_KEY] as const,
  );

describe('a restarted service worker', () => {
  it('restores the Matcher from the cache and badges the page as before', async () => {
    const page = await e2e.browser.context.newPage();
    await page.goto(`${e2e.server.url}/seed.html`);
    await waitForBadges(page, 5);
    await waitForScan(page);
    const before = await badgesOf(page);
    const first = await extensionWorker(e2e.browser.context, e2e.browser.extensionId);
    expect(await matcherLoads(first)).toContain('built');
    await waitForMark(first, MATCHER_SAVED);
    expect(await cached(first)).toBe(true);

    await stopServiceWorker(page, e2e.browser.extensionId);
    await page.reload();
    await waitForBadges(page, 5);
    await waitForScan(page);
    expect(await badgesOf(page)).toEqual(before);
    const second = await extensionWorker(e2e.browser.context, e2e.browser.extensionId);
    expect(await matcherLoads(second)).toEqual(['restored']);
    await page.close();
  });
});
