// @vitest-environment node
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFeedText } from '../../utils/feed/detect';
import { buildMatcher, fetchText, loadLists, Scanner, type Flag } from '../../scripts/lib/scan-core';

const ROOT = resolve(import.meta.dirname, '../..');
const SEED = 'Alibaba would invest $1 billion in DeepSeek.';

// Fictional fact-check written for these tests.
const REVIEW = {
  '@context': 'https://schema.org',
  '@type': 'ClaimReview',
  url: 'https://checks.example/2025/moon-cheese',
  claimReviewed: 'NASA admitted that the moon is made of green cheese',
  author: { '@type': 'Organization', name: 'Example Checks' },
  datePublished: '2025-02-07',
  reviewRating: { '@type': 'Rating', alternateName: 'False', ratingValue: 1, bestRating: 5, worstRating: 1 },
};
const FEED = JSON.stringify(REVIEW);
const MOON_ID = parseFeedText(FEED).entries[0]!.id;
const PAGE = `<!doctype html><html><head><title>TikTok</title></head><body>
<h1>Weekly roundup</h1>
<p>A viral post insisted that NASA had admitted the moon is made of green cheese.</p>
<p>Meanwhile, more offices restricted <b>Tik</b>Tok on work phones.</p>
<script>document.write('RedNote')</script></body></html>`;

let dir = '';
let server: Server;
let base = '';
let closedPort = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scan-cli-'));
  server = createServer((req, res) => {
    const send = (type: string, body: string) => res.writeHead(200, { 'content-type': type }).end(body);
    if (req.url === '/page.html') send('text/html; charset=utf-8', PAGE);
    else if (req.url === '/feed.jsonld') send('application/ld+json', FEED);
    else if (req.url === '/plain') send('text/plain', `Intro.\n\n${SEED}`);
    else if (req.url === '/huge') send('text/plain', 'x'.repeat(21 * 1024 * 1024));
    else if (req.url === '/slow') setTimeout(() => send('text/plain', 'late'), 5_000);
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
function cli(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    const opts = { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 };
    execFile(process.execPath, ['--import', 'tsx', 'scripts/scan.ts', ...args], opts, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}
const jsonLines = (s: string) =>
  s
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { input: string; flags: Flag[]; error?: string });
const ids = (flags: Flag[]) => flags.map((f) => f.id);

describe('scan core', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    const { items, lists } = await loadLists();
    expect(lists.map((l) => l.error)).toEqual([undefined]);
    scanner = new Scanner(buildMatcher(items));
  });
  afterAll(() => scanner.close());

  const scan = (content: string, kind: 'html' | 'text') => {
    const extracted = scanner.extract(content, kind);
    const flags = scanner.scanText(extracted);
    for (const f of flags) expect(extracted.text.slice(f.start, f.end)).toBe(f.text);
    return { text: extracted.text, flags };
  };

  it.each([
    [
      'seed claim in a paragraph',
      `<p>Intro.</p><p>Reports said ${SEED}</p>`,
      ['alibaba-deepseek-investment', 'deepseek'],
    ],
    ['name split by inline markup', '<div>Users of <b>Tik</b><i>Tok</i> were told.</div>', ['tiktok']],
    ['Chinese app name', '<p>我在小红书上看到的</p>', ['rednote']],
    ['<script>', `<p>Nothing here.</p><script>var s = "${SEED} TikTok";</script>`, []],
    ['<style>', '<style>/* TikTok */</style><p>Nothing.</p>', []],
    ['<textarea>', `<form><textarea>${SEED}</textarea></form><textarea>TikTok</textarea>`, []],
    ['<code> and <pre>', '<p>Run <code>tiktok --ban</code></p><pre>Lemon8 DeepSeek</pre>', []],
    ['contenteditable', '<div contenteditable="true">TikTok draft</div>', []],
    ['hidden and display:none', '<p hidden>TikTok</p><p style="display:none">Lemon8</p>', []],
    ['aria-hidden', '<div aria-hidden="true">DeepSeek</div>', []],
    ['<title> and <head>', '<html><head><title>TikTok</title></head><body><p>x</p></body></html>', []],
  ])('html: %s', (_name, html, expected) => {
    expect(ids(scan(html, 'html').flags)).toEqual(expected);
  });

  it('html: start/end of the seed claim point into the blocks joined by blank lines', () => {
    const { text, flags } = scan(`<h1>Markets</h1><p>Reports said <em>${SEED}</em> Others denied it.</p>`, 'html');
    expect(text.startsWith(`Markets\n\nReports said ${SEED}`)).toBe(true);
    const claim = flags.find((f) => f.id === 'alibaba-deepseek-investment')!;
    expect(claim).toMatchObject({ kind: 'claim', label: expect.any(String) });
    expect(claim.start).toBe('Markets\n\n'.length);
    expect(claim.end).toBe(claim.start + `Reports said ${SEED}`.length);
  });

  it.each([
    ['seed claim after a blank line', `Title\n\nReports said ${SEED}\n`, 'alibaba-deepseek-investment', 7],
    ['Chinese text', '第一段。\n\n\n很多人用小红书。', 'rednote', 11],
    ['CRLF paragraphs', 'One.\r\n\r\nTikTok is here.', 'tiktok', 8],
  ])('txt: %s', (_name, text, id, start) => {
    const r = scan(text, 'text');
    expect(r.text).toBe(text);
    expect(r.flags.find((f) => f.id === id)?.start).toBe(start);
  });

  it('fetchText enforces the size cap and the time limit, and reports HTTP errors', async () => {
    await expect(fetchText(`${base}/huge`)).rejects.toThrow(/too large/);
    await expect(fetchText(`${base}/slow`, 1024, 300)).rejects.toThrow(/no complete answer within 0.3 s/);
    await expect(fetchText(`${base}/missing`)).rejects.toThrow('HTTP 404');
  });
});

describe('scan CLI', () => {
  it('--help prints usage; unknown flags and a missing INPUT are usage errors', async () => {
    const [help, bad, none] = await Promise.all([cli('--help'), cli('--bogus', 'x.txt'), cli()]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage:');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Usage:');
    expect(none.code).toBe(2);
  });

  it('prints a readable report with line numbers and a summary', async () => {
    const txt = file('report.txt', `Draft\n\nReports said ${SEED}\nAlso on TikTok.\n`);
    const r = await cli(txt);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(txt);
    expect(r.stdout).toMatch(/line 3 +claim +\S.* +alibaba-deepseek-investment/);
    expect(r.stdout).toMatch(/line 4 +app +.* +tiktok/);
    expect(r.stdout).toContain('3 flags (1 claims, 2 apps)');
  });

  it('--json lines for a file and a URL; --feed URL adds a ClaimReview claim', async () => {
    const html = file('page.html', PAGE);
    const r = await cli('--json', '--feed', `${base}/feed.jsonld`, html, `${base}/page.html`, `${base}/plain`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines.map((l) => l.input)).toEqual([html, `${base}/page.html`, `${base}/plain`]);
    for (const line of lines.slice(0, 2)) {
      expect(line.error).toBeUndefined();
      expect(ids(line.flags)).toEqual([MOON_ID, 'tiktok']);
      expect(line.flags[0]).toMatchObject({
        kind: 'claim',
        text: expect.stringContaining('moon is made of green cheese'),
      });
    }
    expect(ids(lines[2]!.flags)).toEqual(['alibaba-deepseek-investment', 'deepseek']);
    expect(lines[2]!.flags[0]!.start).toBe('Intro.\n\n'.length);
  });

  it('a local ClaimReview file with relative urls: --base resolves them; without it they are kept as written', async () => {
    const relative = join(dir, 'relative.json');
    writeFileSync(relative, JSON.stringify({ ...REVIEW, url: '/2025/moon-cheese' }));
    const text = join(dir, 'moon.txt');
    writeFileSync(text, 'A viral post insisted that NASA had admitted the moon is made of green cheese.');
    const withBase = await cli('--json', '--no-default', '--base', 'https://checks.example/', '--feed', relative, text);
    expect(ids(jsonLines(withBase.stdout)[0]!.flags)).toEqual(['https://checks.example/2025/moon-cheese']);
    const asWritten = await cli('--json', '--no-default', '--feed', relative, text);
    expect(asWritten.stderr).toBe('');
    expect(ids(jsonLines(asWritten.stdout)[0]!.flags)).toEqual(['/2025/moon-cheese']);
    expect((await cli('--base', 'ftp://x', text)).code).toBe(2);
  });

  it('--explain prints the tier, score, strongest features and shared words of a claim flag', async () => {
    const text = join(dir, 'moon-explain.txt');
    writeFileSync(text, 'A viral post insisted that NASA had admitted the moon is made of green cheese.');
    const feed = join(dir, 'review.json');
    writeFileSync(feed, FEED);
    const run = await cli('--explain', '--no-default', '--feed', feed, text);
    expect(run.stdout).toMatch(/tier (inline|possible) score \d\.\d{3}/);
    expect(run.stdout).toMatch(/shared words: .*cheese/);
  });

  it('--no-default leaves out the bundled list', async () => {
    const r = await cli('--json', '--no-default', '--feed', `${base}/feed.jsonld`, `${base}/page.html`);
    expect(r.code).toBe(0);
    expect(ids(jsonLines(r.stdout)[0]!.flags)).toEqual([MOON_ID]);
  });

  it('an unreadable file and an unreachable URL give an error each; other inputs are still scanned', async () => {
    const good = file('good.txt', `Reports said ${SEED}`);
    const unreachable = `http://127.0.0.1:${closedPort}/draft.html`;
    const missing = join(dir, 'missing.txt');
    const folder = join(dir, 'folder.html');
    mkdirSync(folder);
    const r = await cli('--json', good, missing, unreachable, folder, `${base}/page.html`);
    expect(r.code).toBe(1);
    const lines = jsonLines(r.stdout);
    expect(lines.map((l) => l.error)).toEqual([
      undefined,
      'cannot read file: file not found',
      expect.stringMatching(/^could not fetch: connection refused/),
      'cannot read file: is a directory',
      undefined,
    ]);
    expect(ids(lines[0]!.flags)).toContain('alibaba-deepseek-investment');
    expect(lines[1]!.flags).toEqual([]);
    expect(ids(lines[4]!.flags)).toEqual(['tiktok']);
  });

  it('a bad --feed is reported on stderr and exits 1, but the other lists are still used', async () => {
    const bad = file('bad-feed.json', '{"format": "source-flags-feed", ');
    const r = await cli('--json', '--feed', bad, `${base}/page.html`);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^scan: feed .*bad-feed\.json: The list is not valid JSON/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(ids(jsonLines(r.stdout)[0]!.flags)).toEqual(['tiktok']);
  });

  it('scans 1,000 small .txt files in one call quickly', async () => {
    const many = join(dir, 'many');
    mkdirSync(many);
    const paths = Array.from({ length: 1000 }, (_, i) =>
      file(`many/${i}.txt`, i % 2 ? `Note ${i}.\n\nReports said ${SEED}` : `Note ${i}: nothing to see.`),
    );
    const t0 = performance.now();
    const r = await cli('--json', ...paths);
    const seconds = (performance.now() - t0) / 1000;
    console.log(`scan CLI: 1,000 files in ${seconds.toFixed(2)} s`);
    expect(r.code).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines).toHaveLength(1000);
    expect(lines.map((l) => l.input)).toEqual(paths);
    expect(lines.filter((l) => ids(l.flags).includes('alibaba-deepseek-investment'))).toHaveLength(500);
    expect(seconds).toBeLessThan(60);
  }, 120_000);
});
