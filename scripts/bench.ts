/**
 * `npm run bench`: the content script at web scale, in real headless Chromium.
 *
 * Generated news-like pages (~200 KB and ~2 MB of visible text, with links, inline formatting,
 * scripts, code blocks, a form and hidden blocks to skip) against lists of 50, 1,000 and 20,000
 * entries (the bundled list, then made-up apps and claims; most absent from the page). Each
 * method runs on a fresh copy of the page's DOM (rendered before timing: layout is not counted),
 * one warm-up and then --runs runs; medians are reported with ratios to the floor measured in
 * the same runs:
 *   (a) floor       a TreeWalker reading every text node's text
 *   (b) mark.js     highlighting the same names (stopped after --mark-limit seconds: ">limit")
 *   (c) find        our scanner (same code as the content script, bundled with esbuild), find only
 *   (d) find+badge  our scanner, find and insert badges
 * Also: index build time (term statistics + compileIndex in the background, new Matcher in the
 * content script), the heap a content script holds for the index, the longest slice and the long
 * tasks (PerformanceObserver 'longtask') of (d) in sliced mode, the cost of a visibility check
 * per element, and on demo/index.html with the real extension the time from DOMContentLoaded to
 * the first badge. Writes the table and bench-output/results.json.
 *
 *   npm run bench [-- --runs 5] [--mark-limit 60] [--sizes 200k,2m] [--lists 50,1000,20000]
 *                 [--no-mark] [--no-demo] [--out DIR]
 * Honours SF_OUT_DIR (the built extension) and CHROME_PATH.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import { chromePath, launchWithExtension } from '../tests/browser';
import { startServer } from '../tests/server';
import { benchEntries, markKeywords } from './bench/lists';
import { newsPage } from './bench/pages';
import type { ScanResult } from './bench/page-entry';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'mark-limit': { type: 'string', default: '60' },
    sizes: { type: 'string', default: '200k,2m' },
    lists: { type: 'string', default: '50,1000,20000' },
    'no-mark': { type: 'boolean', default: false },
    'no-demo': { type: 'boolean', default: false },
    out: { type: 'string', default: resolve(ROOT, 'bench-output') },
  },
});
const RUNS = Math.max(5, Number(values.runs));
const MARK_LIMIT_MS = Number(values['mark-limit']) * 1000;
const SIZES: Record<string, number> = { '200k': 200_000, '2m': 2_000_000 };
const sizes = values.sizes!.split(',').map((s) => s.trim().toLowerCase());
const listSizes = values.lists!.split(',').map(Number);
const OUT = resolve(values.out!);
const PAGES = resolve(OUT, 'pages');

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const log = (s: string) => process.stderr.write(s + '\n');

/** Calls window.__sfBench[fn](...args) in the page (string form: no transpiler helpers cross over). */
function call<T>(page: Page, fn: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(`window.__sfBench.${fn}(${args.map((a) => JSON.stringify(a)).join(',')})`) as Promise<T>;
}

interface Row {
  page: string;
  visibleChars: number;
  textNodes: number;
  elements: number;
  entries: number;
  floorMs: number;
  markMs: number | null;
  markLimited: boolean;
  markRuns: number;
  findMs: number;
  badgeMs: number;
  findX: number;
  badgeX: number;
  markX: number | null;
  markVsBadge: number | null;
  mentions: number;
  badges: number;
  sliced: { maxSliceMs: number; slices: number; longTasks: number; longestTask: number; wallMs: number };
  raw: { floor: number[]; find: number[]; badge: number[]; mark: number[] };
}

interface IndexRow {
  entries: number;
  compileMs: number;
  matcherMs: number;
  /** The first Matcher built in the page (code not yet optimised, as in a content script). */
  firstMatcherMs: number;
  buildMs: number;
  parseMs: number;
  heapBytes: number;
  peakHeapBytes: number;
  indexJsonBytes: number;
}

async function bundle(): Promise<void> {
  mkdirSync(PAGES, { recursive: true });
  await build({
    entryPoints: [resolve(ROOT, 'scripts/bench/page-entry.ts')],
    bundle: true,
    format: 'iife',
    target: 'es2022',
    outfile: resolve(PAGES, 'bench.js'),
    tsconfig: resolve(ROOT, 'tsconfig.json'),
    logLevel: 'warning',
  });
  copyFileSync(resolve(ROOT, 'node_modules/mark.js/dist/mark.min.js'), resolve(PAGES, 'mark.min.js'));
}

async function main(): Promise<void> {
  const started = Date.now();
  await bundle();
  const maxList = Math.max(...listSizes);
  const all = benchEntries(maxList);
  for (const n of listSizes) writeFileSync(resolve(PAGES, `entries-${n}.json`), JSON.stringify(all.slice(0, n)));
  const pages: Record<string, { visibleChars: number; mentions: number }> = {};
  for (const size of sizes) {
    const p = newsPage(SIZES[size] ?? Number(size), all.slice(0, 50));
    const html = p.html.replace(
      '</title>',
      '</title><script src="mark.min.js"></script><script src="bench.js"></script>',
    );
    writeFileSync(resolve(PAGES, `news-${size}.html`), html);
    pages[size] = { visibleChars: p.visibleChars, mentions: p.mentions };
  }

  const server = await startServer(PAGES);
  const browser = await chromium.launch({
    executablePath: chromePath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--enable-precise-memory-info',
      '--js-flags=--expose-gc',
    ],
  });
  const rows: Row[] = [];
  const indexRows: IndexRow[] = [];
  const walks: Record<string, Record<string, number>> = {};
  let sentenceRules = { checked: 0, differences: -1 };
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(0);
    // Index build and heap do not depend on the page: measured once per list, on the smallest page.
    await page.goto(`${server.url}/news-${sizes[0]}.html`);
    sentenceRules = await call(page, 'checkSentenceRules', 50_000);
    log(
      `sentence rules vs this browser's Intl.Segmenter: ${sentenceRules.differences} differences in ${sentenceRules.checked} texts`,
    );
    for (const n of listSizes) {
      await page.evaluate(
        `fetch('/entries-${n}.json').then((r) => r.text()).then((t) => window.__sfBench.setEntries(t))`,
      );
      const builds: { compileMs: number; matcherMs: number; json: number }[] = [];
      for (let r = 0; r <= RUNS; r++) builds.push(await call(page, 'buildIndex'));
      const heaps: { bytes: number; peakBytes: number; parseMs: number; matcherMs: number }[] = [];
      for (let r = 0; r <= RUNS; r++) heaps.push(await call(page, 'indexHeap'));
      const b = builds.slice(1);
      const h = heaps.slice(1);
      const row: IndexRow = {
        entries: n,
        compileMs: round(median(b.map((x) => x.compileMs))),
        matcherMs: round(median(b.map((x) => x.matcherMs))),
        firstMatcherMs: round(builds[0]!.matcherMs),
        buildMs: round(median(b.map((x) => x.compileMs + x.matcherMs))),
        parseMs: round(median(h.map((x) => x.parseMs))),
        heapBytes: Math.round(median(h.map((x) => x.bytes))),
        peakHeapBytes: Math.round(median(h.map((x) => x.peakBytes))),
        indexJsonBytes: b[0]!.json,
      };
      indexRows.push(row);
      log(
        `index ${n}: build ${row.buildMs} ms (compile ${row.compileMs}, matcher ${row.matcherMs}), heap ${mb(row.heapBytes)} MB (${mb(row.peakHeapBytes)} MB while building)`,
      );
    }

    for (const size of sizes) {
      await page.goto(`${server.url}/news-${size}.html`);
      const elements = await call<number>(page, 'fresh');
      const w: Record<string, number[]> = {
        'computed-style': [],
        'check-visibility': [],
        'blocks-styled': [],
        blocks: [],
      };
      for (let r = 0; r <= RUNS; r++) {
        for (const kind of Object.keys(w)) {
          await call(page, 'fresh');
          const x = await call<{ ms: number }>(page, 'walk', kind);
          if (r > 0) w[kind]!.push(x.ms);
        }
      }
      walks[size] = Object.fromEntries(Object.entries(w).map(([k, v]) => [k, round(median(v))]));
      for (const n of listSizes) {
        await page.evaluate(
          `fetch('/entries-${n}.json').then((r) => r.text()).then((t) => window.__sfBench.setEntries(t))`,
        );
        await call(page, 'buildIndex');
        const raw = { floor: [] as number[], find: [] as number[], badge: [] as number[], mark: [] as number[] };
        let floorInfo = { nodes: 0, chars: 0 };
        let found: ScanResult | undefined;
        let badged: ScanResult | undefined;
        for (let r = 0; r <= RUNS; r++) {
          await call(page, 'fresh');
          const f = await call<{ ms: number; nodes: number; chars: number }>(page, 'floor');
          await call(page, 'fresh');
          found = await call<ScanResult>(page, 'scan', 'find', false);
          await call(page, 'fresh');
          badged = await call<ScanResult>(page, 'scan', 'badge', false);
          floorInfo = f;
          if (r === 0) continue;
          raw.floor.push(f.ms);
          raw.find.push(found.ms);
          raw.badge.push(badged.ms);
        }
        const sliced: ScanResult[] = [];
        for (let r = 0; r <= RUNS; r++) {
          await call(page, 'fresh');
          const s = await call<ScanResult>(page, 'scan', 'badge', true);
          if (r > 0) sliced.push(s);
        }
        let markLimited = false;
        if (!values['no-mark']) {
          const keywords = markKeywords(all.slice(0, n));
          for (let r = 0; r <= RUNS; r++) {
            await call(page, 'fresh');
            const m = await call<{ ms: number; marks: number; done: boolean }>(page, 'mark', keywords, MARK_LIMIT_MS);
            if (!m.done) {
              markLimited = true;
              break;
            }
            if (r > 0) raw.mark.push(m.ms);
          }
        }
        const floorMs = median(raw.floor);
        const markMs = raw.mark.length && !markLimited ? median(raw.mark) : null;
        const badgeMs = median(raw.badge);
        const row: Row = {
          page: size,
          visibleChars: floorInfo.chars,
          textNodes: floorInfo.nodes,
          elements,
          entries: n,
          floorMs: round(floorMs),
          markMs: markMs === null ? null : round(markMs),
          markLimited,
          markRuns: raw.mark.length,
          findMs: round(median(raw.find)),
          badgeMs: round(badgeMs),
          findX: round(median(raw.find) / floorMs, 2),
          badgeX: round(badgeMs / floorMs, 2),
          markX: markMs === null ? null : round(markMs / floorMs, 1),
          markVsBadge: markMs === null ? null : round(markMs / badgeMs, 1),
          mentions: found!.mentions,
          badges: badged!.badges,
          sliced: {
            maxSliceMs: round(Math.max(...sliced.map((s) => s.maxSliceMs))),
            slices: Math.round(median(sliced.map((s) => s.slices))),
            longTasks: Math.max(...sliced.map((s) => s.longTasks)),
            longestTask: round(Math.max(...sliced.map((s) => s.longestTask))),
            wallMs: round(median(sliced.map((s) => s.ms))),
          },
          raw,
        };
        rows.push(row);
        log(
          `${size} × ${n}: floor ${row.floorMs} ms, find ${row.findMs} (${row.findX}x), badge ${row.badgeMs} (${row.badgeX}x), ` +
            `mark.js ${markMs === null ? (values['no-mark'] ? 'skipped' : '>limit') : `${row.markMs} (${row.markX}x)`}, ` +
            `sliced max ${row.sliced.maxSliceMs} ms, long tasks ${row.sliced.longTasks}`,
        );
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }

  const demo = values['no-demo'] ? null : await demoTiming();
  const result = {
    date: new Date().toISOString(),
    chromium: chromePath(),
    runs: RUNS,
    markLimitMs: MARK_LIMIT_MS,
    pages,
    rows,
    index: indexRows,
    visibilityWalkMs: walks,
    sentenceRules,
    demo,
    targets: targets(rows, indexRows),
    seconds: Math.round((Date.now() - started) / 1000),
  };
  mkdirSync(OUT, { recursive: true });
  writeFileSync(resolve(OUT, 'results.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(table(rows, indexRows, walks, demo, result.targets));
  console.log(`\nJSON: ${resolve(OUT, 'results.json')}`);
}

const mb = (b: number) => round(b / 1024 / 1024, 2);

/** DOMContentLoaded → first badge on the demo page, with the real extension loaded. */
async function demoTiming(): Promise<{ medianMs: number; runs: number[] }> {
  const server = await startServer(resolve(ROOT, 'demo'));
  const ext = await launchWithExtension();
  try {
    const page = await ext.context.newPage();
    await page.addInitScript(`(() => {
      const mark = () => { if (!window.__firstBadge && document.querySelector('[data-flag-id]')) window.__firstBadge = performance.now(); };
      new MutationObserver(mark).observe(document, { childList: true, subtree: true });
    })()`);
    const runs: number[] = [];
    for (let r = 0; r <= RUNS; r++) {
      await page.goto(`${server.url}/index.html?run=${r}`);
      await page.waitForFunction('window.__firstBadge !== undefined', undefined, { timeout: 30_000 });
      const ms = (await page.evaluate(
        `window.__firstBadge - performance.getEntriesByType('navigation')[0].domContentLoadedEventStart`,
      )) as number;
      if (r > 0) runs.push(round(ms));
    }
    return { medianMs: round(median(runs)), runs };
  } finally {
    await ext.close();
    await server.close();
  }
}

interface Target {
  name: string;
  value: string;
  target: string;
  met: boolean;
}

function targets(rows: Row[], index: IndexRow[]): Target[] {
  const out: Target[] = [];
  const big = rows.find((r) => r.page === '2m' && r.entries === 20000);
  const i20 = index.find((r) => r.entries === 20000);
  if (big) {
    out.push({ name: '2 MB × 20,000: find only', value: `${big.findX}x floor`, target: '≤ 2x', met: big.findX <= 2 });
    out.push({
      name: '2 MB × 20,000: find and badge',
      value: `${big.badgeX}x floor`,
      target: '≤ 3x',
      met: big.badgeX <= 3,
    });
  }
  if (i20) {
    out.push({ name: '20,000: index build', value: `${i20.buildMs} ms`, target: '≤ 100 ms', met: i20.buildMs <= 100 });
    out.push({
      name: '20,000: content-script heap for the index',
      value: `${mb(i20.heapBytes)} MB`,
      target: '≤ 10 MB',
      met: i20.heapBytes <= 10 * 1024 * 1024,
    });
  }
  const slicedRows = rows.filter((r) => r.entries === 20000);
  if (slicedRows.length) {
    const lt = Math.max(...slicedRows.map((r) => r.sliced.longTasks));
    out.push({ name: 'long tasks during sliced scans (20,000)', value: String(lt), target: '0', met: lt === 0 });
  }
  for (const r of rows.filter((x) => x.entries === 50)) {
    out.push({
      name: `${r.page} × 50: mark.js / find and badge`,
      value: r.markVsBadge === null ? (r.markLimited ? '>limit' : 'not run') : `${r.markVsBadge}x`,
      target: '≥ 50x',
      met: r.markVsBadge === null ? r.markLimited : r.markVsBadge >= 50,
    });
  }
  return out;
}

function table(
  rows: Row[],
  index: IndexRow[],
  walks: Record<string, Record<string, number>>,
  demo: { medianMs: number } | null,
  tg: Target[],
): string {
  const lines: string[] = [];
  const n = (x: number) => x.toLocaleString('en-US');
  lines.push(
    '| page | entries | (a) floor | (b) mark.js | (c) find | (d) find + badge | mentions / badges | sliced (d): longest slice, long tasks |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const r of rows) {
    const mark =
      r.markMs === null ? (r.markLimited ? `>${MARK_LIMIT_MS / 1000} s` : '—') : `${r.markMs} ms (${r.markX}x)`;
    lines.push(
      `| ${r.page === '2m' ? '2 MB' : '200 KB'} (${n(r.textNodes)} text nodes) | ${n(r.entries)} | ${r.floorMs} ms (1x) | ${mark} | ` +
        `${r.findMs} ms (${r.findX}x) | ${r.badgeMs} ms (${r.badgeX}x) | ${r.mentions} / ${r.badges} | ` +
        `${r.sliced.maxSliceMs} ms, ${r.sliced.longTasks} |`,
    );
  }
  lines.push(
    '',
    '| entries | index build (stats + compile + Matcher) | of which Matcher (first, cold) | index message size | JSON.parse of it | content-script heap (while building) |',
  );
  lines.push('|---:|---:|---:|---:|---:|---:|');
  for (const i of index) {
    lines.push(
      `| ${n(i.entries)} | ${i.buildMs} ms | ${i.matcherMs} ms (${i.firstMatcherMs} ms) | ${mb(i.indexJsonBytes)} MB | ${i.parseMs} ms | ${mb(i.heapBytes)} MB (${mb(i.peakHeapBytes)} MB) |`,
    );
  }
  lines.push(
    '',
    '| page | TreeWalker + getComputedStyle per element | TreeWalker + checkVisibility per element | block walk, checkVisibility per element | block walk, style checked at mentions only |',
  );
  lines.push('|---|---:|---:|---:|---:|');
  for (const [page, w] of Object.entries(walks)) {
    lines.push(
      `| ${page === '2m' ? '2 MB' : '200 KB'} | ${w['computed-style']} ms | ${w['check-visibility']} ms | ${w['blocks-styled']} ms | ${w.blocks} ms |`,
    );
  }
  if (demo) lines.push('', `Demo page, DOMContentLoaded → first badge (real extension): ${demo.medianMs} ms (median)`);
  lines.push('', '| target | measured | goal | met |', '|---|---:|---:|:---:|');
  for (const t of tg) lines.push(`| ${t.name} | ${t.value} | ${t.target} | ${t.met ? 'yes' : 'NO'} |`);
  return lines.join('\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
