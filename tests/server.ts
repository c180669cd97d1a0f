/** A tiny static HTTP server on 127.0.0.1 for test and demo pages (no other network exists). */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.txt': 'text/plain; charset=utf-8',
};

export interface TestServer {
  url: string;
  server: Server;
  /** Extra routes: path → handler result. */
  routes: Map<string, (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void>;
  close: () => Promise<void>;
}

export async function startServer(root: string): Promise<TestServer> {
  const base = resolve(root);
  const routes: TestServer['routes'] = new Map();
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const route = routes.get(path);
    if (route) return route(req, res);
    if (path === '/favicon.ico') {
      res.writeHead(204).end(); // keeps browsers' automatic favicon requests out of console errors
      return;
    }
    const file = normalize(join(base, path === '/' ? 'index.html' : path));
    if (!file.startsWith(base)) {
      res.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => {
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        res.end(body);
      },
      () => res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    routes,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
