/**
 * Popup look-up speed: 100,000 cached entries, a query typed one key at a time. Figures are
 * medians over the keystrokes, with the ratio to a baseline measured in the same run (a plain
 * linear substring scan over every entry's folded text, the simplest possible search).
 *
 *   npx tsx scripts/bench-search.ts [--entries 100000] [--json]
 */
import { parseArgs } from 'node:util';
import { SearchIndex } from '../utils/search';
import { foldPhrase } from '../utils/match/normalize';
import { syntheticEntries } from './bench/synthetic-entries';
import defaultList from '../assets/default-list.json';
import { validateOwnFeed } from '../utils/feed/validate';

const { values } = parseArgs({
  options: { entries: { type: 'string', default: '100000' }, json: { type: 'boolean', default: false } },
});
const count = Number(values.entries);
const entries = [...validateOwnFeed(defaultList).entries, ...syntheticEntries(count)];
const items = entries.map((entry) => ({ entry, source: 'bench' }));

const t0 = performance.now();
const index = new SearchIndex(items);
const buildMs = performance.now() - t0;

const texts = entries.map((e) => foldPhrase(e.kind === 'app' ? `${e.name} ${e.aliases.join(' ')}` : e.claim));
const linear = (q: string) => {
  const f = foldPhrase(q);
  const out: number[] = [];
  for (let i = 0; i < texts.length; i++) if (texts[i]!.includes(f)) out.push(i);
  return out.length;
};

const queries = ['alibaba deepseek invest', 'tiktok nepal', 'senator banned vaccines', 'kalomi', 'deepsek'];
const ours: number[] = [];
const base: number[] = [];
for (const q of queries) {
  for (let i = 1; i <= q.length; i++) {
    const typed = q.slice(0, i);
    let t = performance.now();
    index.search(typed, { limit: 30 });
    ours.push(performance.now() - t);
    t = performance.now();
    linear(typed);
    base.push(performance.now() - t);
  }
}
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
const max = (a: number[]) => Math.max(...a);
const p95 = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length * 0.95)]!;
const result = {
  entries: entries.length,
  keystrokes: ours.length,
  buildMs: Math.round(buildMs),
  medianMs: +median(ours).toFixed(2),
  p95Ms: +p95(ours).toFixed(2),
  maxMs: +max(ours).toFixed(2),
  baselineMedianMs: +median(base).toFixed(2),
  ratioToBaseline: +(median(ours) / median(base)).toFixed(2),
  heapMB: Math.round(process.memoryUsage().heapUsed / 1e6),
};
if (values.json) console.log(JSON.stringify(result));
else {
  console.log(
    `Look-up over ${result.entries} entries, ${result.keystrokes} keystrokes (index built in ${result.buildMs} ms)`,
  );
  console.log(
    `  per keystroke: median ${result.medianMs} ms, p95 ${result.p95Ms} ms, max ${result.maxMs} ms (target ≤ 50 ms)`,
  );
  console.log(
    `  baseline linear substring scan: median ${result.baselineMedianMs} ms → ours is ${result.ratioToBaseline}x the baseline`,
  );
}
