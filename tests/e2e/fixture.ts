/**
 * The set-up every end-to-end file shares: a page server and Chromium with the built extension,
 * started before the file's tests and closed after them. A file's own beforeAll (registered
 * after this) may use both, and add routes to the server (they are read at request time); its
 * own afterAll runs before this one closes them (vitest runs after-hooks in reverse).
 */
import { afterAll, beforeAll } from 'vitest';
import { resolve } from 'node:path';
import { launchWithExtension, type ExtensionBrowser } from '../browser';
import { startServer, type TestServer } from '../server';

export const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures');

export interface ExtensionFixture {
  readonly browser: ExtensionBrowser;
  readonly server: TestServer;
}

export function extensionFixture(
  opts: {
    /** The folder served (default tests/fixtures). */
    root?: string;
    /** Extra Chromium arguments. */
    args?: string[];
  } = {},
): ExtensionFixture {
  let browser: ExtensionBrowser | undefined;
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startServer(opts.root ?? FIXTURES);
    browser = await launchWithExtension(opts.args);
  });
  afterAll(async () => {
    await browser?.close();
    // A route that holds its answer (a download a test stalls) would keep close() waiting.
    server?.server.closeAllConnections();
    await server?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error('the extension fixture is used before its beforeAll ran');
      return browser;
    },
    get server() {
      if (!server) throw new Error('the extension fixture is used before its beforeAll ran');
      return server;
    },
  };
}
