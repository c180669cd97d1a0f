/**
 * Launches Debian's Chromium with the built extension loaded (shared by end-to-end tests, the
 * demo and the benchmark). Never downloads a browser: CHROME_PATH or /usr/bin/chromium.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

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
  links: { href: string; target: string; rel: string }[];
}

/**
 * Reads badges through the DevTools protocol, which sees closed shadow roots (page scripts
 * cannot). The badges' hosts are found by their data-flag-id attribute.
 */
export async function readBadges(page: Page): Promise<BadgeInfo[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
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
      if (dialog) {
        walk(dialog, (c) => {
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
        links,
      });
    });
    return out;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
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
