/**
 * One index for every tab (issue 15): ten tabs loading the benchmark's 200 KB page at once all
 * get the badges one tab gets alone, every one of them matched by the background.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readBadges, waitForScan } from '../browser';
import { extensionFixture } from './fixture';
import { newsPage } from '../../scripts/bench/pages';
import defaultList from '../../assets/default-list.json';
import { validateOwnFeed } from '../../utils/feed/validate';

const e2e = extensionFixture();

beforeAll(() => {
  const html = newsPage(200_000, validateOwnFeed(defaultList).entries).html;
  e2e.server.routes.set(
    '/news.html',
    (_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html),
  );
});

/** The page's badges, as entry ids in page order. */
const badgeIds = async (page: Page) => (await readBadges(page)).map((b) => b.id);

describe('many tabs, one index', () => {
  it('ten tabs loading a 200 KB page at once all get the badges one tab gets', async () => {
    const alone = await e2e.browser.context.newPage();
    await alone.goto(`${e2e.server.url}/news.html?tab=alone`);
    const one = await waitForScan(alone, 60_000);
    const expected = await badgeIds(alone);
    expect(one.active).toBe(true);
    expect(expected.length).toBeGreaterThan(10);
    expect(one.badges).toBe(expected.length);
    await alone.close();

    const pages = await Promise.all(Array.from({ length: 10 }, () => e2e.browser.context.newPage()));
    await Promise.all(pages.map((p, i) => p.goto(`${e2e.server.url}/news.html?tab=${i}`)));
    const states = await Promise.all(pages.map((p) => waitForScan(p, 120_000)));
    expect(states.map((s) => s.badges)).toEqual(pages.map(() => expected.length));
    for (const p of pages) expect(await badgeIds(p)).toEqual(expected);
    await Promise.all(pages.map((p) => p.close()));
  });
});
