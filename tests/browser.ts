/**
 * Launches Debian's Chromium with the built extension loaded (shared by end-to-end tests, the
 * demo and the benchmark). Never downloads a browser: CHROME_PATH or /usr/bin/chromium.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Frame, type Page, type Worker } from 'playwright-core';
import type { ScanState } from '../utils/messages';
import { scanStateInTabs, tabWithFlag, until, untilCardOpen, type BadgeWatch } from './extension-queries';

export const EXTENSION_DIR = resolve(
  process.env.SF_OUT_DIR ?? resolve(import.meta.dirname, '..', '.output'),
  'chrome-mv3',
);

export function chromePath(): string {
  const candidates = [
    process.env.CHROME_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  const found = candidates.find((p) => p && existsSync(p));
  if (!found) {
    throw new Error(
      'No Chromium found. Install one with `sudo apt-get install -y chromium` (Debian/Ubuntu), ' +
        'or set CHROME_PATH to a Chromium or Chrome binary. Browser tests never skip silently.',
    );
  }
  return found;
}

/** The extension id of each browser launchWithExtension() started. */
const extensionIds = new WeakMap<BrowserContext, string>();

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  close: () => Promise<void>;
}

export async function launchWithExtension(extraArgs: string[] = []): Promise<ExtensionBrowser> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No built extension at ${EXTENSION_DIR}: run \`npm run build\` first.`);
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'source-flags-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromePath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      ...extraArgs,
    ],
  });
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 30_000 });
  const extensionId = new URL(worker.url()).host;
  extensionIds.set(context, extensionId);
  return {
    context,
    extensionId,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface BadgeInfo {
  id: string;
  kind: string;
  /** The badge button's visible label and accessible name. */
  label: string;
  ariaLabel: string;
  /** Text of the card (empty while closed or not yet rendered). */
  cardText: string;
  cardOpen: boolean;
  /** The card is open but still shows "Loading…" (its entry is being fetched). */
  cardLoading: boolean;
  /** Text of the words the card highlights (<mark>: the words a page shares with a claim). */
  marked: string[];
  links: { href: string; target: string; rel: string }[];
}

/**
 * Reads badges through the DevTools protocol, which sees closed shadow roots (page scripts
 * cannot). The badges' hosts are found by their data-flag-id attribute.
 */
export async function readBadges(page: Page): Promise<BadgeInfo[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    return await readBadgesWith(cdp);
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

async function readBadgesWith(cdp: CDPSession): Promise<BadgeInfo[]> {
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
  const out: BadgeInfo[] = [];
  walk(root, (n) => {
    const attrs = attrMap(n);
    if (attrs['data-flag-id'] === undefined || !n.shadowRoots?.length) return;
    const shadow = n.shadowRoots[0]!;
    let button: CdpNode | undefined;
    let dialog: CdpNode | undefined;
    walk(shadow, (c) => {
      if (c.nodeName === 'BUTTON' && !button) button = c;
      if (attrMap(c).role === 'dialog' && !dialog) dialog = c;
    });
    const links: BadgeInfo['links'] = [];
    let cardLoading = false;
    const marked: string[] = [];
    if (dialog) {
      walk(dialog, (c) => {
        if (c.nodeName === 'MARK') marked.push(textOf(c));
        if (/(^|\s)sf-loading(\s|$)/.test(attrMap(c).class ?? '')) cardLoading = true;
        if (c.nodeName === 'A') {
          const a = attrMap(c);
          links.push({ href: a.href ?? '', target: a.target ?? '', rel: a.rel ?? '' });
        }
      });
    }
    out.push({
      id: attrs['data-flag-id']!,
      kind: attrs['data-flag-kind'] ?? '',
      label: button ? textOf(button) : '',
      ariaLabel: button ? (attrMap(button)['aria-label'] ?? '') : '',
      cardText: dialog ? textOf(dialog) : '',
      cardOpen: dialog ? attrMap(dialog).hidden === undefined : false,
      cardLoading,
      marked,
      links,
    });
  });
  return out;
}

/** The DevTools protocol reports every change to the nodes it has sent, closed shadow roots too. */
const DOM_CHANGES = [
  'DOM.attributeModified',
  'DOM.attributeRemoved',
  'DOM.characterDataModified',
  'DOM.childNodeCountUpdated',
  'DOM.childNodeInserted',
  'DOM.childNodeRemoved',
  'DOM.documentUpdated',
  'DOM.shadowRootPopped',
  'DOM.shadowRootPushed',
] as const;

/** Reads the badges over one DevTools session, and hears of every DOM change after each read. */
async function watchBadges(page: Page): Promise<BadgeWatch & { close(): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  let dirty = false;
  let wake = () => {};
  for (const event of DOM_CHANGES) {
    cdp.on(event as 'DOM.attributeModified', () => {
      dirty = true;
      wake();
    });
  }
  await cdp.send('DOM.enable');
  return {
    read: () => {
      dirty = false;
      return readBadgesWith(cdp);
    },
    changed: (ms) =>
      new Promise<void>((done) => {
        if (dirty) return done();
        // The deadline, not a pause: the caller fails when it has passed.
        const timer = setTimeout(done, ms);
        wake = () => {
          clearTimeout(timer);
          done();
        };
      }),
    close: () => cdp.detach().catch(() => undefined),
  };
}

interface CdpNode {
  nodeId: number;
  nodeType: number;
  nodeName: string;
  nodeValue?: string;
  attributes?: string[];
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
  contentDocument?: CdpNode;
}

function walk(node: CdpNode, visit: (n: CdpNode) => void): void {
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    visit(n);
    if (n.contentDocument) stack.push(n.contentDocument);
    for (const s of n.shadowRoots ?? []) stack.push(s);
    for (let i = (n.children?.length ?? 0) - 1; i >= 0; i--) stack.push(n.children![i]!);
  }
}

function attrMap(n: CdpNode): Record<string, string> {
  const out: Record<string, string> = {};
  const a = n.attributes ?? [];
  for (let i = 0; i + 1 < a.length; i += 2) out[a[i]!] = a[i + 1]!;
  return out;
}

function textOf(n: CdpNode): string {
  let s = '';
  walk(n, (c) => {
    if (c.nodeType === 3) s += ' ' + (c.nodeValue ?? '');
    if (c.nodeName === 'STYLE') c.children = [];
  });
  return s.replace(/\s+/g, ' ').trim();
}

/** Waits until the page has at least `min` badges (the scan is asynchronous). */
export async function waitForBadges(page: Page, min: number, timeout = 15_000): Promise<void> {
  await page.waitForFunction((n) => document.querySelectorAll('[data-flag-id]').length >= n, min, { timeout });
}

/**
 * Stops the extension's service worker, as Chromium does after ~30 s idle (MV3), and waits until
 * it has. The next message from a page starts it again.
 */
export async function stopServiceWorker(page: Page, extensionId: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const stopped = new Promise<void>((done) =>
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      const ours = versions.find((v) => v.scriptURL.startsWith(`chrome-extension://${extensionId}/`));
      if (ours?.runningStatus === 'stopped') done();
    }),
  );
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await stopped;
  await cdp.detach();
}

/**
 * The extension's running service worker; wakes it (by opening an extension page) when stopped.
 * A stopped worker may still be listed for a moment after the browser stops it: only one that
 * answers is returned.
 */
export async function extensionWorker(context: BrowserContext, extensionId: string): Promise<Worker> {
  const answering = async (): Promise<Worker | undefined> => {
    for (const w of context.serviceWorkers()) {
      if (!w.url().startsWith(`chrome-extension://${extensionId}/`)) continue;
      // The question is also a set-up: functions evaluated in the worker are serialised from
      // source, and run by tsx (the benchmarks, the demo) esbuild wraps inner functions in a
      // `__name(...)` helper that only exists in Node. Defined here as the identity.
      if (
        await w.evaluate('globalThis.__name ??= (f) => f').then(
          () => true,
          () => false,
        )
      )
        return w;
    }
    return undefined;
  };
  const running = await answering();
  if (running) return running;
  const wake = await context.newPage();
  try {
    const started = context.waitForEvent('serviceworker', { timeout: 10_000 }).catch(() => undefined);
    await wake.goto(`chrome-extension://${extensionId}/popup.html`);
    const worker = (await answering()) ?? (await started);
    if (!worker) throw new Error('The extension has no service worker that answers');
    return worker;
  } finally {
    await wake.close();
  }
}

/**
 * Waits until the content script in `target` (a page, or one of its frames) reports that it has
 * finished scanning the page as it is now: no scan running or queued, and no page change waiting
 * to be scanned. This is the content script's own "scan finished" signal (whenScanned), asked for
 * by the background; tests wait on it before checking that something did *not* happen.
 */
export async function waitForScan(target: Page | Frame, timeout = 15_000): Promise<ScanState> {
  const page = 'page' in target ? target.page() : target;
  const context = page.context();
  const url = target.url();
  const extensionId = extensionIds.get(context);
  if (!extensionId) throw new Error('waitForScan needs a browser started by launchWithExtension()');
  return until(`the scan of ${url}`, timeout, async (waitMs) => {
    const worker = await extensionWorker(context, extensionId);
    // Asks every tab: only the frame showing `url` answers. A content script not running yet
    // (the page is still loading) cannot answer: ask again when that frame next sends a message.
    // A worker stopped meanwhile fails the call: ask again (the next call wakes it).
    const answer = await worker.evaluate(scanStateInTabs, { url, waitMs }).catch(() => null);
    return (answer as ScanState | null) ?? undefined;
  });
}

/**
 * Opens the card of the `nth` badge of entry `id` the way a keyboard user does (Tab to it, Enter),
 * and resolves with the badge once its card is open, loaded and laid out. Shared by the demo and
 * the end-to-end tests.
 */
export async function openCard(page: Page, id: string, nth = 0, timeout = 15_000): Promise<BadgeInfo> {
  const host = page.locator(`[data-flag-id="${id}"]`).nth(nth);
  await host.focus({ timeout });
  await page.keyboard.press('Enter');
  const watch = await watchBadges(page);
  const badge = await untilCardOpen(watch, id, nth, timeout).finally(() => watch.close());
  // The card is placed in the next frame after it renders: wait two frames before anyone looks.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return badge;
}

/**
 * Sends `message` to the background from the content script of `page`'s top frame, as that script
 * would (the background answers some messages only from a page, for the site it is on), and
 * resolves with the answer. The script's isolated world is reached over the DevTools protocol.
 */
export async function sendFromContentScript(page: Page, message: object): Promise<unknown> {
  const extensionId = extensionIds.get(page.context());
  if (!extensionId) throw new Error('sendFromContentScript needs a browser started by launchWithExtension()');
  const cdp = await page.context().newCDPSession(page);
  try {
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const worlds: { id: number; origin: string; auxData?: { frameId?: string } }[] = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) => worlds.push(context));
    // Reports the worlds that exist already before it answers.
    await cdp.send('Runtime.enable');
    const world = worlds.find(
      (w) => w.origin === `chrome-extension://${extensionId}` && w.auxData?.frameId === frameTree.frame.id,
    );
    if (!world) throw new Error(`No content script of the extension runs in ${page.url()}`);
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      contextId: world.id,
      expression: `chrome.runtime.sendMessage(${JSON.stringify(message)})`,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/**
 * The id of the tab whose page reported `flagId` (tab URLs would need the "tabs" permission), or
 * -1. Asked from an extension page, as the popup asks.
 */
export async function tabIdWithFlag(b: ExtensionBrowser, flagId: string): Promise<number> {
  const ext = await b.context.newPage();
  await ext.goto(`chrome-extension://${b.extensionId}/popup.html`);
  const id = await ext.evaluate(tabWithFlag, flagId);
  await ext.close();
  return id;
}

/**
 * Resolves when the extension's worker has made a User Timing mark named `name` (the background
 * marks, for example, that it stored its Matcher): a signal, not a pause.
 */
export function waitForMark(worker: Worker, name: string): Promise<void> {
  return worker.evaluate(
    (mark) =>
      new Promise<void>((resolve) => {
        if (performance.getEntriesByName(mark).length) return resolve();
        new PerformanceObserver((list, observer) => {
          if (!list.getEntriesByName(mark).length) return;
          observer.disconnect();
          resolve();
        }).observe({ type: 'mark' });
      }),
    name,
  );
}
