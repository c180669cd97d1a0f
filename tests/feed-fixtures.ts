/**
 * Lists in every supported format, and misbehaving responses, served by the real HTTP test server
 * (tests/server.ts) for the updater's unit tests, the end-to-end tests and the benchmark.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TestServer } from './server';
import { gzipSync } from 'node:zlib';

export const CLAIM_A = 'Eating raw garlic every morning cures diabetes within two weeks';
export const CLAIM_B = 'The city water supply was replaced with recycled seawater last spring';
export const APP_NAME = 'Zorblax Messenger';

export function ownFeed(title = 'Test own feed', extra: unknown[] = []) {
  return {
    format: 'source-flags-feed',
    version: 1,
    title,
    entries: [
      {
        kind: 'claim',
        id: 'garlic-diabetes',
        claim: CLAIM_A,
        verdict: 'false',
        reviewedBy: 'Example Checks',
        sources: [{ url: 'https://fc.example/garlic', title: 'Garlic does not cure diabetes' }],
      },
      {
        kind: 'app',
        id: 'zorblax',
        name: APP_NAME,
        aliases: [APP_NAME],
        restrictions: [
          {
            where: 'Freedonia',
            scope: 'Banned on government devices',
            status: 'in-force',
            sources: [{ url: 'https://gov.example/zorblax' }],
          },
        ],
      },
      // Invalid: no verdict. Skipped and counted.
      { kind: 'claim', id: 'broken', claim: 'No verdict here', reviewedBy: 'X', sources: ['https://x.example'] },
      ...extra,
    ],
  };
}

export function claimReview(n: number, claim = `Claim number ${n} about the moon being made of cheese ${n}`) {
  return {
    '@type': 'ClaimReview',
    url: `https://fc.example/review/${n}`,
    claimReviewed: claim,
    author: { '@type': 'Organization', name: 'Example Checks' },
    datePublished: '2025-01-02',
    reviewRating: { '@type': 'Rating', alternateName: n % 2 ? 'False' : 'Misleading' },
    itemReviewed: { '@type': 'Claim', author: { '@type': 'Person', name: 'Someone' }, datePublished: '2025-01-01' },
  };
}

export const claimReviewSingle = () => ({ '@context': 'https://schema.org', ...claimReview(1, CLAIM_A) });
export const claimReviewArray = () => [claimReview(1, CLAIM_A), claimReview(2, CLAIM_B)];
export const claimReviewGraph = () => ({ '@context': 'https://schema.org', '@graph': claimReviewArray() });

export function dataFeed(count: number, name = 'Example DataFeed') {
  const items = [];
  for (let i = 0; i < count; i++) items.push({ '@type': 'DataFeedItem', item: [claimReview(i)] });
  return { '@context': 'https://schema.org', '@type': 'DataFeed', name, dataFeedElement: items };
}

/** The Fact Check Tools shape: one claim with a valid review, one without any link (skipped). */
export const factCheckTools = () => ({
  claims: [
    {
      text: CLAIM_B,
      claimant: 'A viral post',
      claimDate: '2025-03-01T00:00:00Z',
      claimReview: [
        {
          publisher: { name: 'Example Checks', site: 'fc.example' },
          url: 'https://fc.example/seawater',
          title: 'No, the water was not replaced',
          reviewDate: '2025-03-03T00:00:00Z',
          textualRating: 'False',
          languageCode: 'en',
        },
      ],
    },
    { text: 'A claim without a review link', claimReview: [{ textualRating: 'False' }] },
  ],
});

export const factCheckPage = () => `<!doctype html><html><head><title>Fact check</title>
<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', ...claimReview(7, CLAIM_A) })}</script>
</head><body><h1>Garlic does not cure diabetes</h1></body></html>`;

export const htmlErrorPage = `<!doctype html><html><head><title>502 Bad Gateway</title></head>
<body><h1>Something went wrong</h1><p>Please try again later.</p></body></html>`;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface FeedRoutes {
  /** Requests seen, by path, with the conditional headers they carried. */
  log: { path: string; ifNoneMatch?: string; ifModifiedSince?: string }[];
  /** What `/mutable.json` serves next. */
  mutable: { mode: 'ok' | '500' | 'truncated' | 'html' | 'stall'; body: unknown };
  close: () => void;
}

const json = (body: unknown, type = 'application/json'): Handler => {
  const text = JSON.stringify(body);
  return (_req, res) => {
    res.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
};

/** Installs every route on the server; `bigBytes` sizes the oversized bodies. */
export function installFeedRoutes(server: TestServer, opts: { bigBytes?: number } = {}): FeedRoutes {
  const bigBytes = opts.bigBytes ?? 2 * 1024 * 1024;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const state: FeedRoutes = {
    log: [],
    mutable: { mode: 'ok', body: ownFeed('Mutable feed') },
    close: () => timers.forEach((t) => clearTimeout(t)),
  };
  const later = (fn: () => void, ms: number) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  const r = server.routes;
  // A gzip bomb: a few hundred KB on the wire that inflate to 64 MB of JSON text.
  let bomb: Buffer | undefined;
  r.set('/gzip-bomb.json', (_req, res) => {
    bomb ??= gzipSync(
      Buffer.concat([
        Buffer.from('{"format":"source-flags-feed","version":1,"title":"'),
        Buffer.alloc(64 * 1024 * 1024, 97),
        Buffer.from('","entries":[]}'),
      ]),
    );
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      'content-length': bomb.length,
    });
    res.end(bomb);
  });
  // Invalid UTF-8 inside a string: decoded with replacement characters, never a crash.
  r.set('/invalid-utf8.json', (_req, res) => {
    const text = JSON.stringify(ownFeed('Broken bytes here'));
    const [head, tail] = text.split('Broken bytes here');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      Buffer.concat([Buffer.from(head! + 'Broken '), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(' bytes' + tail!)]),
    );
  });
  const logged =
    (h: Handler): Handler =>
    (req, res) => {
      state.log.push({
        path: new URL(req.url ?? '/', 'http://x').pathname,
        ifNoneMatch: req.headers['if-none-match'],
        ifModifiedSince: req.headers['if-modified-since'],
      });
      h(req, res);
    };
  const add = (path: string, h: Handler) => r.set(path, logged(h));

  add('/own.json', json(ownFeed()));
  add('/claimreview-single.json', json(claimReviewSingle(), 'application/ld+json'));
  add('/claimreview-array.json', json(claimReviewArray(), 'application/ld+json; charset=utf-8'));
  add('/claimreview-graph.json', json(claimReviewGraph()));
  add('/datafeed.json', json(dataFeed(3)));
  add('/factcheck-tools.json', json(factCheckTools()));
  add('/factcheck.html', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(factCheckPage());
  });
  add('/no-type.json', (_req, res) => {
    res.writeHead(200);
    res.end(JSON.stringify(ownFeed('Untyped')));
  });
  add('/etag.json', (req, res) => {
    if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304, { etag: '"v1"' }).end();
    res.writeHead(200, { 'content-type': 'application/json', etag: '"v1"' });
    res.end(JSON.stringify(ownFeed('ETag feed')));
  });
  const modified = 'Wed, 01 Jan 2025 00:00:00 GMT';
  add('/last-modified.json', (req, res) => {
    if (req.headers['if-modified-since'] === modified) return void res.writeHead(304).end();
    res.writeHead(200, { 'content-type': 'application/json', 'last-modified': modified });
    res.end(JSON.stringify(ownFeed('Last-Modified feed')));
  });
  add('/error500', (_req, res) => void res.writeHead(500, { 'content-type': 'text/html' }).end(htmlErrorPage));
  add('/error503', (_req, res) => void res.writeHead(503).end());
  add('/forbidden', (_req, res) => void res.writeHead(403).end());
  add('/missing', (_req, res) => void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'));
  add('/html-error', (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(htmlErrorPage));
  add('/truncated.json', (_req, res) => {
    const text = JSON.stringify(ownFeed());
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(text.slice(0, Math.floor(text.length / 2)));
  });
  add('/image.png', (_req, res) => void res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(64)));
  add(
    '/feed.rss',
    (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss version="2.0"></rss>'),
  );
  add('/empty-claims.json', json({ claims: [{ text: 'no link', claimReview: [] }] }));
  // Headers come only after a long wait.
  add('/slow-headers', (_req, res) => later(() => void res.writeHead(200).end('{}'), 10_000));
  // Headers at once, then the body stalls half-way.
  add('/slow-body', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"format":"source-flags-feed","version":1,"title":"Slow","entries":[');
    later(() => res.end(']}'), 10_000);
  });
  // Oversized, declared up front.
  add('/huge-declared.json', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(bigBytes + 1) });
    res.end();
  });
  // Oversized, streamed without a length: must be cut off while reading.
  add('/huge-stream.json', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent <= bigBytes * 2) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('error', () => undefined);
    pump();
  });
  add('/redirect', (_req, res) => void res.writeHead(302, { location: '/claimreview-graph.json' }).end());
  add('/mutable.json', (_req, res) => {
    const { mode, body } = state.mutable;
    if (mode === '500') return void res.writeHead(500, { 'content-type': 'text/html' }).end(htmlErrorPage);
    if (mode === 'html') return void res.writeHead(200, { 'content-type': 'text/html' }).end(htmlErrorPage);
    if (mode === 'stall') {
      // Half a list, then nothing until the client gives up or the server closes.
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.write(JSON.stringify(body).slice(0, 40));
    }
    const text = JSON.stringify(body);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(mode === 'truncated' ? text.slice(0, Math.floor(text.length / 2)) : text);
  });
  return state;
}
