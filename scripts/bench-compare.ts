/**
 * `npm run bench:compare -- --baseline REV`: this checkout's page scan against another revision's,
 * measured in the same run. The machine is shared and noisy, so two separate `npm run bench` runs
 * differ by more than the change being judged; here both builds scan the same generated pages with
 * the same lists in one headless Chromium, round after round, alternating which goes first, and
 * the ratios of their medians are reported.
 *
 * Each side's benchmark page script (scripts/bench/page-entry.ts, and its background worker when
 * it has one) is bundled from its own sources; the pages and lists come from this checkout's
 * generators. The baseline is checked out with `git worktree` into a temporary folder and uses
 * this checkout's node_modules and generated .wxt/tsconfig (its bench page needs only what is
 * bundled into it).
 *
 * Measured per side, page and list (medians of --rounds):
 *   find        wall time of a scan that chooses badges and inserts none
 *   find+badge  wall time of a scan to its last badge inserted
 *   rendered    the same, until the browser has rendered the next frame (a scan that lets frames
 *               run while it waits for answers pays for that rendering inside its wall time; one
 *               that runs to its end at once pays for it after: this counts both alike)
 *
 *   npm run bench:compare -- --baseline ce3f9a0 [--sizes 200k,2m] [--lists 50,1000,20000] [--rounds 11]
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { chromePath } from '../tests/browser';
import { startServer } from '../tests/server';
import { benchEntries } from './bench/lists';
import { bundleBenchScripts, writeBenchPage } from './bench/setup';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    baseline: { type: 'string' },
    sizes: { type: 'string', default: '200k,2m' },
    lists: { type: 'string', default: '50,1000,20000' },
    rounds: { type: 'string', default: '11' },
    out: { type: 'string', default: resolve(ROOT, 'bench-output', 'compare') },
  },
});
if (!values.baseline) {
  console.error('Usage: npm run bench:compare -- --baseline REV [--sizes 200k,2m] [--lists 50,1000,20000]');
  process.exit(2);
}
const ROUNDS = Math.max(5, Number(values.rounds));
const sizes = values.sizes!.split(',').map((s) => s.trim().toLowerCase());
const lists = values.lists!.split(',').map((s) => Number(s.trim()));
const OUT = resolve(values.out!);
const log = (s: string) => process.stderr.write(s + '\n');
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round1 = (x: number) => Math.round(x * 10) / 10;

interface Side {
  name: string;
  dir: string;
  page?: Page;
  find: number[];
  badge: number[];
  rendered: number[];
}

/** One scan in the page: wall time, and the time until the next frame has rendered. */
async function scanOnce(page: Page, mode: 'find' | 'badge'): Promise<{ ms: number; rendered: number }> {
  await page.evaluate('window.__sfBench.fresh()');
  return page.evaluate(`(async () => {
    const t = performance.now();
    const r = await window.__sfBench.scan('${mode}', false);
    const ms = r.ms;
    await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
    return { ms, rendered: performance.now() - t };
  })()`);
}

async function main(): Promise<void> {
  let rev: string;
  try {
    rev = execFileSync('git', ['rev-parse', '--short', '--verify', `${values.baseline!}^{commit}`], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    console.error(`bench:compare: "${values.baseline}" is not a commit of this repository.`);
    process.exit(2);
  }
  const work = mkdtempSync(join(tmpdir(), 'sf-baseline-'));
  const base = join(work, 'src');
  execFileSync('git', ['worktree', 'add', '--detach', base, rev], { cwd: ROOT, stdio: 'ignore' });
  try {
    symlinkSync(join(ROOT, 'node_modules'), join(base, 'node_modules'), 'dir');
    // The generated tsconfig (path aliases, relative to itself) that `wxt prepare` would write there.
    cpSync(join(ROOT, '.wxt'), join(base, '.wxt'), { recursive: true });
    const sides: Side[] = [
      { name: `baseline ${rev}`, dir: join(OUT, 'baseline'), find: [], badge: [], rendered: [] },
      { name: 'this checkout', dir: join(OUT, 'head'), find: [], badge: [], rendered: [] },
    ];
    await bundleBenchScripts(base, sides[0]!.dir);
    await bundleBenchScripts(ROOT, sides[1]!.dir);
    const all = benchEntries(Math.max(50, ...lists));
    for (const side of sides) {
      for (const n of lists) writeFileSync(join(side.dir, `entries-${n}.json`), JSON.stringify(all.slice(0, n)));
      for (const size of sizes) writeBenchPage(side.dir, size, all.slice(0, 50));
    }
    const servers = await Promise.all(sides.map((s) => startServer(s.dir)));
    const browser = await chromium.launch({
      executablePath: chromePath(),
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--js-flags=--expose-gc'],
    });
    const rows: Record<string, unknown>[] = [];
    try {
      for (const size of sizes) {
        for (const n of lists) {
          for (const [i, side] of sides.entries()) {
            side.find = [];
            side.badge = [];
            side.rendered = [];
            side.page ??= await browser.newPage();
            side.page.setDefaultTimeout(0);
            await side.page.goto(`${servers[i]!.url}/news-${size}.html`);
            await side.page.evaluate(
              `fetch('/entries-${n}.json').then((r) => r.text()).then((t) => window.__sfBench.setEntries(t))`,
            );
            await side.page.evaluate('window.__sfBench.buildIndex()');
            // Revisions from issue 15 on match in a worker standing for the background.
            await side.page.evaluate('window.__sfBench.startBackground?.()');
          }
          // One warm-up round, then ROUNDS rounds, the side that goes first alternating.
          for (let r = 0; r <= ROUNDS; r++) {
            for (const side of r % 2 ? [...sides].reverse() : sides) {
              await side.page!.bringToFront();
              const found = await scanOnce(side.page!, 'find');
              const badged = await scanOnce(side.page!, 'badge');
              if (r === 0) continue;
              side.find.push(found.ms);
              side.badge.push(badged.ms);
              side.rendered.push(badged.rendered);
            }
          }
          const [a, b] = sides as [Side, Side];
          const row = {
            page: size,
            entries: n,
            baseline: { find: median(a.find), badge: median(a.badge), rendered: median(a.rendered) },
            head: { find: median(b.find), badge: median(b.badge), rendered: median(b.rendered) },
            ratio: {
              find: median(b.find) / median(a.find),
              badge: median(b.badge) / median(a.badge),
              rendered: median(b.rendered) / median(a.rendered),
            },
          };
          rows.push(row);
          log(
            `${size} × ${n}: find ${round1(row.baseline.find)} → ${round1(row.head.find)} ms (${row.ratio.find.toFixed(2)}x), ` +
              `find+badge ${round1(row.baseline.badge)} → ${round1(row.head.badge)} ms (${row.ratio.badge.toFixed(2)}x), ` +
              `rendered ${round1(row.baseline.rendered)} → ${round1(row.head.rendered)} ms (${row.ratio.rendered.toFixed(2)}x)`,
          );
        }
      }
    } finally {
      await browser.close();
      await Promise.all(servers.map((s) => s.close()));
    }
    writeFileSync(join(OUT, 'results.json'), JSON.stringify({ baseline: rev, rounds: ROUNDS, rows }, null, 2));
    console.log(`\nThis checkout against ${rev}, medians of ${ROUNDS} interleaved rounds (ratio: this / baseline)\n`);
    console.log('| page | entries | find | find + badge | until rendered |');
    console.log('|---|---|---|---|---|');
    for (const r of rows as {
      page: string;
      entries: number;
      ratio: Record<string, number>;
      head: Record<string, number>;
    }[]) {
      const cell = (k: string) => `${round1(r.head[k]!)} ms (${r.ratio[k]!.toFixed(2)}x)`;
      console.log(`| ${r.page} | ${r.entries} | ${cell('find')} | ${cell('badge')} | ${cell('rendered')} |`);
    }
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', base], { cwd: ROOT, stdio: 'ignore' });
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
