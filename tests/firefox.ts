/**
 * Launches Firefox with the built Firefox extension (.output/firefox-mv2) installed as a temporary
 * add-on, driven by puppeteer-core over WebDriver BiDi (no geckodriver, no download). Shared by the
 * Firefox end-to-end tests and `npm run demo -- --browser firefox`. Never downloads a browser:
 * FIREFOX_PATH, or Debian's firefox-esr.
 *
 * Firefox has no CDP, so the closed shadow roots of the badges cannot be read the way
 * tests/browser.ts reads them in Chromium. A test-only companion add-on (tests/firefox-probe, never
 * shipped) reads them as any content script may (openOrClosedShadowRoot) when the page under test
 * asks. The shipped build stays as it is: closed roots, no test hooks.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import puppeteer, { ProtocolError, type Browser, type Page } from 'puppeteer-core';
import type { BadgeInfo } from './browser';
import type { ScanState } from '../utils/messages';
import { scanStateInTabs, tabWithFlag, until, untilCardOpen, type BadgeWatch } from './extension-queries';

export const FIREFOX_EXTENSION_DIR = resolve(
  process.env.SF_OUT_DIR ?? resolve(import.meta.dirname, '..', '.output'),
  'firefox-mv2',
);
const PROBE_DIR = resolve(import.meta.dirname, 'firefox-probe');
/** The add-on id of the build (wxt.config.ts, browser_specific_settings.gecko.id). */
export const GECKO_ID = 'source-flags@example.org';
/** Fixed by the extensions.webextensions.uuids pref, so extension pages have a known address. */
const UUID = '5f1a9c2e-7b3d-4e8a-9c61-2d4b8e0f3a17';

export function firefoxPath(): string {
  const candidates = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'];
  const found = candidates.find((p) => p && existsSync(p));
  if (!found) {
    throw new Error(
      'No Firefox found. Install one with `sudo apt-get install -y firefox-esr` (Debian), or set ' +
        'FIREFOX_PATH to a Firefox binary (128 or later). Browser tests never skip silently.',
    );
  }
  return found;
}

export interface FirefoxExtension {
  browser: Browser;
  /** moz-extension:// address of an extension page, e.g. url('popup.html'). */
  url: (path: string) => string;
  /** Opens an extension page in a new tab and waits for `ready` (a selector) to appear. */
  openExtensionPage: (path: string, ready: string) => Promise<Page>;
  close: () => Promise<void>;
}

/** `prefs`: more Firefox preferences for this profile (the demo's colour scheme, for one). */
export async function launchFirefox(prefs: Record<string, unknown> = {}): Promise<FirefoxExtension> {
  if (!existsSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No Firefox build at ${FIREFOX_EXTENSION_DIR}: run \`npm run build:firefox\` first.`);
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    // Opening moz-extension:// pages in a tab over BiDi needs system access.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }),
      // No first-run pages or update checks in a test profile.
      'browser.shell.checkDefaultBrowser': false,
      'app.update.enabled': false,
      // "Add source" asks for access to the list's site inside the click (permissions.request).
      // Headless Firefox cannot show that prompt; this pref answers it "Allow", as a reader would.
      'extensions.webextOptionalPermissionPrompts': false,
      ...prefs,
    },
  });
  try {
    const id = await browser.installExtension(FIREFOX_EXTENSION_DIR);
    if (id !== GECKO_ID) throw new Error(`Installed add-on ${id}, expected ${GECKO_ID}`);
    await browser.installExtension(PROBE_DIR);
  } catch (err) {
    await browser.close();
    throw err;
  }
  const url = (path: string) => `moz-extension://${UUID}/${path}`;
  return {
    browser,
    url,
    openExtensionPage: (path, ready) =>
      // A navigation to a moz-extension page never reports that it finished: wait for the page's
      // own content instead. Firefox's WebDriver BiDi can fail that wait with a protocol error
      // while the new tab is still leaving about:blank, and the tab then stays unreadable: close
      // it and open another, within the deadline.
      until(`${path} to show ${ready}`, 20_000, async (msLeft) => {
        const page = await browser.newPage();
        void page.goto(url(path), { timeout: 0 }).catch(() => undefined);
        try {
          await page.waitForSelector(ready, { timeout: Math.max(1, msLeft) });
          return page;
        } catch (e) {
          if (!causedByProtocolError(e) || msLeft <= 0) throw e;
          await page.close().catch(() => undefined);
          return undefined;
        }
      }),
    close: () => browser.close(),
  };
}

/** Whether `e`, or an error it was caused by, is a protocol error (puppeteer wraps them). */
function causedByProtocolError(e: unknown): boolean {
  for (let x = e; x instanceof Error; x = x.cause) if (x instanceof ProtocolError) return true;
  return false;
}

/** An extension page kept open to ask tabs and the background from (as the popup does). */
const controls = new WeakMap<Browser, Promise<Page>>();
function control(fx: FirefoxExtension): Promise<Page> {
  let page = controls.get(fx.browser);
  if (!page) {
    page = fx.openExtensionPage('popup.html', 'body');
    controls.set(fx.browser, page);
  }
  return page;
}

/** The content script's "scan finished" signal (whenScanned), as tests/browser.ts waits for it. */
export async function waitForScan(fx: FirefoxExtension, page: Page, timeout = 15_000): Promise<ScanState> {
  const ctl = await control(fx);
  const url = page.url();
  return until(`the scan of ${url}`, timeout, async (waitMs) => {
    const answer = await ctl.evaluate(scanStateInTabs, { url, waitMs }).catch(() => null);
    return (answer as ScanState | null) ?? undefined;
  });
}

/** The id of the tab whose page reported `flagId`, or -1 (asked as the popup asks). */
export async function tabIdWithFlag(fx: FirefoxExtension, flagId: string): Promise<number> {
  const ctl = await control(fx);
  return ctl.evaluate(tabWithFlag, flagId);
}

/** Every badge on the page and its card, read by the probe add-on (see the top of this file). */
export async function readBadges(page: Page): Promise<BadgeInfo[]> {
  return (await probe(page)).badges;
}

/** The probe's answer: the badges, and how many changes of the page it had seen by then. */
async function probe(page: Page): Promise<{ version: number; badges: BadgeInfo[] }> {
  const json = await page.evaluate(
    () =>
      new Promise<string>((done, fail) => {
        const timer = setTimeout(() => fail(new Error('The test probe add-on did not answer')), 5_000);
        document.addEventListener(
          'sf-probe-result',
          (e) => {
            clearTimeout(timer);
            done((e as CustomEvent<string>).detail);
          },
          { once: true },
        );
        document.dispatchEvent(new CustomEvent('sf-probe'));
      }),
  );
  return JSON.parse(json) as { version: number; badges: BadgeInfo[] };
}

/** Reads the badges, and hears from the probe when the page changed after a read. */
function watchBadges(page: Page): BadgeWatch {
  let version = 0;
  return {
    read: async () => {
      const answer = await probe(page);
      version = answer.version;
      return answer.badges;
    },
    changed: (ms) =>
      page.evaluate(
        (after, deadline) =>
          new Promise<void>((done) => {
            // The deadline, not a pause: the caller fails when it has passed.
            const timer = setTimeout(done, deadline);
            document.addEventListener(
              'sf-probe-changed',
              () => {
                clearTimeout(timer);
                done();
              },
              { once: true },
            );
            document.dispatchEvent(new CustomEvent('sf-probe-wait', { detail: JSON.stringify({ after }) }));
          }),
        version,
        ms,
      ),
  };
}

/** Opens the card of the `nth` badge of `id` as a keyboard user does (focus, Enter). */
export async function openCard(page: Page, id: string, nth = 0, timeout = 15_000): Promise<BadgeInfo> {
  // Keys go to the focused element of the tab in front only.
  await page.bringToFront();
  await page.evaluate(
    (i, n) => (document.querySelectorAll(`[data-flag-id="${CSS.escape(i)}"]`)[n] as HTMLElement | undefined)?.focus(),
    id,
    nth,
  );
  await page.keyboard.press('Enter');
  const badge = await untilCardOpen(watchBadges(page), id, nth, timeout);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return badge;
}
