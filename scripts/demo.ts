/**
 * `npm run demo`: opens the bundled demo article (demo/index.html) in headless Chromium with the
 * built extension, saves screenshots to demo-output/ and prints every badge it found.
 * `npm run demo -- --browser firefox` does the same with the Firefox build in Firefox ESR
 * (screenshots in demo-output/firefox/).
 * Exits non-zero when a seed item is not badged, a control sentence is badged, the Moonshot
 * near-miss gets the claim badge, the form field or code block changes, or the card does not open.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import {
  launchWithExtension,
  openCard,
  readBadges,
  waitForScan,
  type BadgeInfo,
  type ExtensionBrowser,
} from '../tests/browser';
import * as firefox from '../tests/firefox';
import { startServer, type TestServer } from '../tests/server';

const ROOT = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({ options: { browser: { type: 'string', default: 'chromium' } } });
if (args.browser !== 'chromium' && args.browser !== 'firefox') {
  console.error(`--browser must be chromium or firefox, not ${args.browser}`);
  process.exit(2);
}
const FIREFOX = args.browser === 'firefox';
const OUT = resolve(ROOT, process.env.SF_DEMO_OUT ?? 'demo-output', FIREFOX ? 'firefox' : '');
/** SF_SCHEME=dark takes the screenshots with prefers-color-scheme: dark. */
const SCHEME = process.env.SF_SCHEME === 'dark' ? 'dark' : 'light';
const SEED_IDS = ['alibaba-deepseek-investment', 'deepseek', 'rednote', 'lemon8', 'tiktok'];
const CLAIM_ID = 'alibaba-deepseek-investment';
/** Other claims the article is worded to match (reported, but not required). */
const OTHER_CLAIMS = ['deepseek-r2-release-march-17', 'deepseek-crypto-token', 'deepseek-download-crime-20-years']
  .concat(['deepseek-apology-wang-yibo', 'tiktok-banned-march-13-2024', 'tiktok-congress-banned-march-2023'])
  .concat(['alibaba-pla-support-2025']);
/** The demo page's form field value and code block text, which must stay as written. */
const FORM_VALUE = 'DeepSeek restrictions in Europe';
const CODE_TEXT = '{ "blockedApps": ["TikTok", "Lemon8"], "scope": "state-issued" }';

/** The last `n` characters (the text just before a badge). */
const tail = (s: string, n: number): string => (s.length <= n ? s : `…${s.slice(s.length - n + 1)}`);
const head = (s: string, n: number): string => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

/** What the demo's checks read from a page: Playwright's and Puppeteer's pages both do this. */
interface Evaluates {
  evaluate<R>(fn: () => R | Promise<R>): Promise<R>;
}

/** Every badge host in document order, with the text of its paragraph just before it. */
function placements(page: Evaluates) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-flag-id]')].map((host) => {
      const block = host.parentElement?.closest('p, li, h1, h2, h3, h4, blockquote, div') ?? document.body;
      const range = document.createRange();
      range.setStart(block, 0);
      range.setEndBefore(host);
      return {
        id: host.getAttribute('data-flag-id') ?? '',
        kind: host.getAttribute('data-flag-kind') ?? '',
        before: range.toString().replace(/\s+/g, ' ').trim(),
      };
    }),
  );
}

/** Badges inside the controls and the near-miss, and the form field and code block as they are now. */
function pageChecks(page: Evaluates) {
  // No named helpers inside evaluate(): tsx's keepNames would reference a missing __name there.
  return page.evaluate(() => ({
    controls: [...document.querySelectorAll('.control')].map((c) => ({
      id: c.id,
      text: (c.querySelector('p')?.textContent ?? '').trim(),
      badges: [...c.querySelectorAll('[data-flag-id]')].map((x) => x.getAttribute('data-flag-id') ?? ''),
    })),
    nearMiss: [...(document.getElementById('near-miss')?.querySelectorAll('[data-flag-id]') ?? [])].map(
      (x) => x.getAttribute('data-flag-id') ?? '',
    ),
    formValue: (document.getElementById('archive-q') as HTMLInputElement).value,
    code: document.getElementById('snippet')?.textContent ?? '',
  }));
}

async function shotCard(page: Page, path: string): Promise<BadgeInfo | undefined> {
  const host = page.locator(`[data-flag-id="${CLAIM_ID}"]`).first();
  // Leave room below the badge so the card opens underneath it.
  await host.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.evaluate(() => window.scrollBy(0, -160));
  const card = await openCard(page, CLAIM_ID).catch((err: unknown) => {
    console.error(String(err));
    return undefined;
  });
  await page.screenshot({ path });
  return card;
}

async function shotPopup(b: ExtensionBrowser, pageUrl: string, path: string): Promise<void> {
  const popup = await b.context.newPage();
  await popup.emulateMedia({ colorScheme: SCHEME });
  await popup.setViewportSize({ width: 400, height: 600 });
  const base = `chrome-extension://${b.extensionId}/popup.html`;
  await popup.goto(base);
  // Without the "tabs" permission tab.url is hidden from the extension, so when it is missing
  // pick the tab the background has recorded flags for.
  const tabId = await popup.evaluate(async (url) => {
    type Tab = { id?: number; url?: string };
    type Chrome = {
      tabs: { query: (q: object) => Promise<Tab[]> };
      runtime: { sendMessage: (m: object) => Promise<{ flags?: unknown[] } | null> };
    };
    const c = (globalThis as unknown as { chrome: Chrome }).chrome;
    const tabs = await c.tabs.query({});
    const byUrl = tabs.find((t) => t.url?.startsWith(url));
    if (byUrl) return byUrl.id;
    for (const t of tabs) {
      const flags = await c.runtime.sendMessage({ type: 'getTabFlags', tabId: t.id });
      if (flags?.flags?.length) return t.id;
    }
    return undefined;
  }, pageUrl);
  if (tabId === undefined) throw new Error(`No tab found for ${pageUrl}`);
  await popup.goto(`${base}?tab=${tabId}`);
  // Selectors that do not depend on the UI language (SF_LANG screenshots).
  await popup.locator('ul.results').first().waitFor({ timeout: 10_000 });
  await popup.locator('#q').fill('alibaba');
  await popup.locator('ul.results').nth(1).waitFor({ timeout: 10_000 });
  await popup.screenshot({ path });
  await popup.close();
}

async function shotOptions(b: ExtensionBrowser, path: string): Promise<void> {
  const options = await b.context.newPage();
  await options.emulateMedia({ colorScheme: SCHEME });
  await options.setViewportSize({ width: 1000, height: 700 });
  await options.goto(`chrome-extension://${b.extensionId}/options.html`);
  await options.locator('tr[data-source-id="builtin"]').waitFor({ timeout: 10_000 });
  await options.screenshot({ path });
  await options.close();
}

/** What one browser's run of the demo saw; the checks and the report are the same for both. */
interface Seen {
  found: Awaited<ReturnType<typeof placements>>;
  labels: BadgeInfo[];
  checks: Awaited<ReturnType<typeof pageChecks>>;
  card: BadgeInfo | undefined;
}

async function inChromium(url: string, out: (name: string) => string): Promise<Seen> {
  const browser = await launchWithExtension();
  try {
    const page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme: SCHEME });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(url);
    // The content script's own "scan finished" signal: every badge is in place.
    await waitForScan(page);
    const found = await placements(page);
    const labels = await readBadges(page);
    const checks = await pageChecks(page);
    await page.screenshot({ path: out('page.png'), fullPage: true });
    const card = await shotCard(page, out('card.png'));
    await shotPopup(browser, new URL(url).origin, out('popup.png'));
    await shotOptions(browser, out('options.png'));
    return { found, labels, checks, card };
  } finally {
    await browser.close();
  }
}

/** The Firefox build in Firefox ESR: the same page, card, popup and options screenshots. */
async function inFirefox(url: string, out: (name: string) => string): Promise<Seen> {
  // Firefox over BiDi has no media emulation: the profile's colour scheme is a preference
  // (0 dark, 1 light).
  const fx = await firefox.launchFirefox({
    'layout.css.prefers-color-scheme.content-override': SCHEME === 'dark' ? 0 : 1,
  });
  try {
    const page = await fx.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(url);
    await firefox.waitForScan(fx, page);
    const found = await placements(page);
    const labels = await firefox.readBadges(page);
    const checks = await pageChecks(page);
    await page.screenshot({ path: out('page.png'), fullPage: true });
    await page.evaluate((id) => {
      document.querySelector(`[data-flag-id="${id}"]`)?.scrollIntoView({ block: 'start' });
      window.scrollBy(0, -160);
    }, CLAIM_ID);
    const card = await firefox.openCard(page, CLAIM_ID).catch((err: unknown) => {
      console.error(String(err));
      return undefined;
    });
    await page.screenshot({ path: out('card.png') });

    const tab = await firefox.tabIdWithFlag(fx, CLAIM_ID);
    const popup = await fx.openExtensionPage(`popup.html?tab=${tab}`, 'ul.results');
    await popup.setViewport({ width: 400, height: 600 });
    await popup.focus('#q');
    await popup.keyboard.type('alibaba');
    await popup.waitForFunction(() => document.querySelectorAll('ul.results').length > 1, { timeout: 10_000 });
    await popup.screenshot({ path: out('popup.png') });
    await popup.close();

    const options = await fx.openExtensionPage('options.html', 'tr[data-source-id="builtin"]');
    await options.setViewport({ width: 1000, height: 700 });
    await options.screenshot({ path: out('options.png') });
    await options.close();
    return { found, labels, checks, card };
  } finally {
    await fx.close();
  }
}

async function main(): Promise<number> {
  mkdirSync(OUT, { recursive: true });
  const out = (name: string) => resolve(OUT, name);
  let server: TestServer | undefined;
  try {
    if (FIREFOX) {
      // `npm run demo` builds for Chromium; the Firefox build is made here.
      execFileSync(resolve(ROOT, 'node_modules', '.bin', 'wxt'), ['build', '-b', 'firefox'], { stdio: 'ignore' });
    }
    server = await startServer(resolve(ROOT, 'demo'));
    const url = `${server.url}/index.html`;
    const { found, labels, checks, card } = await (FIREFOX ? inFirefox : inChromium)(url, out);

    console.log(`\nSource Flags demo (${args.browser}): ${found.length} badges on ${url}\n`);
    const width = Math.max(...found.map((f) => f.id.length));
    for (const f of found) {
      const label = labels.find((l) => l.id === f.id)?.label ?? '?';
      console.log(`  ${f.id.padEnd(width)}  ${f.kind.padEnd(5)}  ${label.padEnd(24)}  "${tail(f.before, 60)}"`);
    }
    console.log('');

    const failures: string[] = [];
    const check = (ok: boolean, pass: string, fail: string) => {
      console.log(ok ? `${pass} ✓` : `${fail} ✗`);
      if (!ok) failures.push(fail);
    };
    const ids = new Set(found.map((f) => f.id));
    const missing = SEED_IDS.filter((id) => !ids.has(id));
    check(!missing.length, `seed ids: all ${SEED_IDS.length} badged`, `seed ids: MISSING ${missing.join(', ')}`);
    const unmatched = OTHER_CLAIMS.filter((id) => !ids.has(id));
    console.log(
      `other claims: ${OTHER_CLAIMS.length - unmatched.length} of ${OTHER_CLAIMS.length} badged` +
        (unmatched.length ? ` ⚠ (informational) not badged: ${unmatched.join(', ')}` : ' ✓'),
    );
    const badged = checks.controls.filter((c) => c.badges.length);
    check(
      !badged.length,
      `controls: 0 badges (${checks.controls.map((c) => `"${head(c.text, 36)}"`).join('; ')})`,
      `controls BADGED: ${badged.map((c) => `#${c.id} got ${c.badges.join(', ')}: "${c.text}"`).join('; ')}`,
    );
    check(
      !checks.nearMiss.includes(CLAIM_ID),
      `near-miss (Alibaba's real Moonshot AI round): no claim badge (app badges: ${checks.nearMiss.join(', ') || 'none'})`,
      `near-miss (Alibaba's real Moonshot AI round) got the ${CLAIM_ID} badge`,
    );
    check(
      checks.formValue === FORM_VALUE && checks.code === CODE_TEXT,
      'form field and code block: untouched',
      'form field or code block CHANGED',
    );
    check(!!card?.cardOpen, `card: open, "${head(card?.cardText ?? '', 80)}"`, 'card: DID NOT OPEN');

    console.log('\nscreenshots:');
    for (const f of ['page.png', 'card.png', 'popup.png', 'options.png']) console.log(`  ${relative(ROOT, out(f))}`);
    if (failures.length) {
      console.error(`\nFAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
      return 1;
    }
    console.log('\nAll checks passed.');
    return 0;
  } finally {
    await server?.close();
  }
}

process.exit(
  await main().catch((err: unknown) => {
    console.error(err);
    return 1;
  }),
);
