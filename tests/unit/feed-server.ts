/**
 * The test fixtures server with every feed route (tests/feed-fixtures.ts), started once for the
 * test file that calls this at its top level, and closed after its last test.
 */
import { afterAll, beforeAll } from 'vitest';
import { resolve } from 'node:path';
import { startServer, type TestServer } from '../server';
import { installFeedRoutes, type FeedRoutes } from '../feed-fixtures';

export function feedServer(opts: { bigBytes?: number } = {}): {
  readonly server: TestServer;
  readonly routes: FeedRoutes;
} {
  const feeds = {} as { server: TestServer; routes: FeedRoutes };
  beforeAll(async () => {
    feeds.server = await startServer(resolve(import.meta.dirname, '..', 'fixtures'));
    feeds.routes = installFeedRoutes(feeds.server, opts);
  });
  afterAll(async () => {
    feeds.routes.close();
    feeds.server.server.closeAllConnections();
    await feeds.server.close();
  });
  return feeds;
}
