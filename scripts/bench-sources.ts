/**
 * Benchmark: a 100,000-entry ClaimReview DataFeed is fetched, validated and stored by the built
 * extension in headless Chromium (the "Add source" path of the options page, through the same
 * message), with the options and popup pages open.
 *
 *   npm run build && npx tsx scripts/bench-sources.ts [--entries 100000] [--runs 2] [--rate MB/s]
 *
 * Reports, for each run:
 *   - the update's wall time as the options page sees it, and its phases inside the service worker
 *     (download, parse and validate, IndexedDB transaction);
 *   - a baseline measured in the same run in the same service worker: fetch + JSON.parse of the same
 *     body, and the ratio update / baseline;
 *   - responsiveness meanwhile: the longest gap between timer ticks on the options page and on the
 *     popup, and the slowest answer of the background to a message sent every 250 ms;
 *   - the time until the background matches with the new list (index compiled in steps, begun
 *     while the list is stored), and the total of store and index against 5 s;
 *   - the background's tasks meanwhile, from a Chrome trace of the worker: how many, the longest,
 *     the longest that ran script less the garbage collection inside it, and every one over 50 ms
 *     with its garbage collection (or as the network loader's, when it ran no script); and how late a 5 ms timer inside the worker fired (which also counts the wait behind
 *     queued tasks).
 * Exits non-zero when an update takes more than the 10 s budget. Honours SF_OUT_DIR and CHROME_PATH.
 */
import { readLag, startLagProbe, stopLagProbe } from './lib/worker-lag';
import { connectTracer, TRACE_PORT, type TaskSummary } from './lib/worker-trace';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page, Worker } from 'playwright-core';
import { extensionWorker, launchWithExtension, stopServiceWorker, waitForMark } from '../tests/browser';
import { startServer } from '../tests/server';
import { dataFeed } from '../tests/feed-fixtures';
import { BACKGROUND_STARTED, MATCHER_MEASURE, MATCHER_SAVED } from '../utils/background/matcher-cache';

/** The extension API inside evaluate() callbacks (they run in the extension's pages and worker). */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

const BUDGET_MS = 10_000;
const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '2' },
    rate: { type: 'string', default: '0' },
  },
});
const ENTRIES = Number(values.entries);
/**
 * MB per second the test server sends the list at (0: as fast as it can). Sent from this machine
 * at memory speed, the body arrives faster than Chrome's network loader hands it on, and the
 * loader reads all of it in one task of the worker before any script sees it.
 */
const RATE = Math.max(0, Number(values.rate));
const RUNS = Math.max(1, Number(values.runs));

interface Probe {
  maxGap: number;
  maxMessage: number;
}

/** Starts measuring a page's main-thread gaps (and, optionally, background message latency). */
async function startProbe(page: Page, pingBackground: boolean): Promise<void> {
  // tsx keeps function names with a `__name` helper that pages do not have.
  await page.evaluate('globalThis.__name ??= (f) => f');
  await page.evaluate((ping) => {
    const w = window as unknown as { __probe: Probe & { stop: () => void } };
    const probe = { maxGap: 0, maxMessage: 0, stop: () => undefined };
    let last = performance.now();
    const tick = setInterval(() => {
      const t = performance.now();
      probe.maxGap = Math.max(probe.maxGap, t - last);
      last = t;
    }, 16);
    let pings: ReturnType<typeof setInterval> | undefined;
    if (ping) {
      pings = setInterval(() => {
        const t = performance.now();
        void chrome.runtime.sendMessage({ type: 'getSettings' }).then(() => {
          probe.maxMessage = Math.max(probe.maxMessage, performance.now() - t);
        });
      }, 250);
    }
    probe.stop = () => {
      clearInterval(tick);
      if (pings) clearInterval(pings);
    };
    w.__probe = probe;
  }, pingBackground);
}

async function stopProbe(page: Page): Promise<Probe> {
  return page.evaluate(() => {
    const p = (window as unknown as { __probe: Probe & { stop: () => void } }).__probe;
    p.stop();
    return { maxGap: p.maxGap, maxMessage: p.maxMessage };
  });
}

async function baseline(worker: Worker, url: string): Promise<number> {
  await worker.evaluate('globalThis.__name ??= (f) => f');
  return worker.evaluate(async (u) => {
    const t = performance.now();
    const res = await fetch(u, { cache: 'no-store' });
    const text = await res.text();
    const json = JSON.parse(text) as { dataFeedElement: unknown[] };
    if (!json.dataFeedElement.length) throw new Error('empty');
    return performance.now() - t;
  }, url);
}

function describeTasks(t: TaskSummary): string {
  const over = t.over50.length
    ? t.over50
        .map((x) =>
          x.network
            ? `${ms(x.ms)} (the browser's network loader receiving the list; no script)`
            : `${ms(x.ms)} (garbage collection ${ms(x.gcMs)})`,
        )
        .join(', ')
    : 'none';
  return `${t.tasks.toLocaleString('en')} tasks, the longest ${ms(t.longest)}, the longest running script less its garbage collection ${ms(t.longestScript)}; over 50 ms: ${over}`;
}

const ms = (n: number) => `${Math.round(n).toLocaleString('en')} ms`;

async function main(): Promise<void> {
  const body = Buffer.from(JSON.stringify(dataFeed(ENTRIES, `Benchmark feed, ${ENTRIES} ClaimReviews`)));
  const server = await startServer(resolve(import.meta.dirname, '..', 'tests', 'fixtures'));
  for (let run = 1; run <= RUNS; run++) {
    server.routes.set(`/big-${run}.json`, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/ld+json', 'content-length': String(body.length) });
      if (!RATE) {
        res.end(body);
        return;
      }
      const piece = 256 * 1024;
      const send = (from: number) => {
        if (from >= body.length) return void res.end();
        res.write(body.subarray(from, from + piece));
        setTimeout(() => send(from + piece), (piece / (RATE * 1024 * 1024)) * 1000);
      };
      send(0);
    });
  }
  const browser = await launchWithExtension([`--remote-debugging-port=${TRACE_PORT}`]);
  const tracer = await connectTracer();
  let failed = false;
  try {
    let worker = browser.context.serviceWorkers()[0]!;
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.locator('tr[data-source-id="builtin"]').waitFor();
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);

    console.log(
      `Source update benchmark: ${ENTRIES.toLocaleString('en')} ClaimReviews, ${(body.length / 1024 / 1024).toFixed(1)} MB`,
    );
    for (let run = 1; run <= RUNS; run++) {
      const url = `${server.url}/big-${run}.json`;
      await baseline(worker, url); // warm-up
      const base = await baseline(worker, url);
      await startProbe(options, true);
      await startProbe(popup, false);
      await startLagProbe(worker);
      // The save waited for below is the new list's: an earlier one (the bundled list's, at
      // start-up) left its mark too.
      await worker.evaluate((mark) => performance.clearMarks(mark), MATCHER_SAVED);
      const trace = await tracer.start();
      const result = await options.evaluate(async (u) => {
        const t = performance.now();
        const r = await chrome.runtime.sendMessage({ type: 'addSource', url: u });
        return { wall: performance.now() - t, r };
      }, url);

      const outcome = (
        result.r as {
          outcome?: {
            ok: boolean;
            error?: string;
            entryCount?: number;
            skipped?: number;
            timings?: Record<string, number>;
          };
        }
      ).outcome;
      if (!outcome?.ok) throw new Error(`update failed: ${outcome?.error ?? JSON.stringify(result.r)}`);
      const storeLag = await readLag(worker);
      const indexMs = await options.evaluate(async () => {
        const t = performance.now();
        await chrome.runtime.sendMessage({
          type: 'matchBlocks',
          texts: ['Reports said Alibaba would invest in DeepSeek.'],
        });
        return performance.now() - t;
      });
      const tasks = await trace.stop();
      const o = await stopProbe(options);
      const p = await stopProbe(popup);
      const lag = await stopLagProbe(worker);
      // MV3 stops a worker after ~30 s idle; here it is stopped as soon as the Matcher is stored
      // (the worker marks it), and the next page's text wakes it: it restores the Matcher.
      await waitForMark(worker, MATCHER_SAVED);
      await stopServiceWorker(options, browser.extensionId);
      const restartMs = await options.evaluate(async () => {
        const t = performance.now();
        await chrome.runtime.sendMessage({
          type: 'matchBlocks',
          texts: ['Reports said Alibaba would invest in DeepSeek.'],
        });
        return performance.now() - t;
      });
      worker = await extensionWorker(browser.context, browser.extensionId);
      const wake = await matcherMeasure(worker);
      const t = outcome.timings ?? {};
      const within = result.wall <= BUDGET_MS;
      failed ||= !within;
      console.log(`\nRun ${run}`);
      console.log(
        `  update (fetch + validate + store), as the options page sees it: ${ms(result.wall)}  ${within ? 'within' : 'OVER'} the 10 s budget`,
      );
      console.log(
        `    download ${ms(t.fetch ?? 0)}, parse and validate ${ms(t.parse ?? 0)}, IndexedDB transaction ${ms(t.store ?? 0)}`,
      );
      console.log(`    stored ${outcome.entryCount?.toLocaleString('en')} entries, skipped ${outcome.skipped ?? 0}`);
      console.log(`  baseline (fetch + JSON.parse of the same body, same worker): ${ms(base)}`);
      console.log(`  ratio update / baseline: ${(result.wall / base).toFixed(1)}x`);
      console.log(
        `  options page: longest gap between 16 ms ticks ${ms(o.maxGap)}; slowest background answer ${ms(o.maxMessage)}`,
      );
      console.log(`  popup: longest gap between 16 ms ticks ${ms(p.maxGap)}`);
      console.log(
        `  the background's tasks (Chrome trace of the worker, until the first batch was answered): ${describeTasks(tasks)}`,
      );
      console.log(
        `  how late a 5 ms timer in the background fired (queued tasks and garbage collection included): while storing ${ms(storeLag)}; while compiling and building the Matcher ${ms(lag)}`,
      );
      console.log(
        `  then ready to match (the index, begun while the list was stored, compiled in steps, Matcher built, first batch answered): ${ms(indexMs)}`,
      );
      console.log(
        `  stored, indexed and matching: ${ms(result.wall + indexMs)}  ${result.wall + indexMs <= 5000 ? 'within' : 'OVER'} 5 s`,
      );
      console.log(
        `  after a worker restart, ready to match (woken worker included): ${ms(restartMs)} (${(indexMs / restartMs).toFixed(1)}x faster than the rebuild)`,
      );
      console.log(
        wake
          ? `    the browser started the worker, and ${ms(wake.script)} later its script ran; the Matcher was ${wake.how} ${ms(wake.start + wake.duration - wake.script)} after that (in ${ms(wake.duration)})`
          : `    the restarted worker recorded no Matcher load`,
      );
      // Remove it again so every run starts from the same state.
      const id = (result.r as { source?: { id: string } }).source?.id;
      if (id) await options.evaluate((i) => chrome.runtime.sendMessage({ type: 'removeSource', id: i }), id);
    }
  } finally {
    await tracer.close();
    await browser.close();
    await server.close();
  }
  if (failed) process.exitCode = 1;
}

/** How the worker's Matcher became ready (Library's User Timing measure), relative to its start. */
async function matcherMeasure(
  worker: Worker,
): Promise<{ how: string; script: number; start: number; duration: number } | undefined> {
  return worker.evaluate(
    ([measure, started]) => {
      const script = performance.getEntriesByName(started)[0]?.startTime;
      const load = performance.getEntriesByType('measure').find((e) => e.name.startsWith(measure));
      if (script === undefined || !load) return undefined;
      return { how: load.name.slice(measure.length + 1), script, start: load.startTime, duration: load.duration };
    },
    [MATCHER_MEASURE, BACKGROUND_STARTED] as const,
  );
}

await main();
