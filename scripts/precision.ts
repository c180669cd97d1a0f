/**
 * `npm run precision` (also `npm run checkthat`): how the claim matcher does with a real-size
 * list (the 10,375 CheckThat! 2020 verified claims), for the train and the dev split:
 * - precision and recall at the inline tier on CheckThat! tweets (recall with "possible matches"
 *   counted as well);
 * - leave-gold-out: share of tweets badged when their right claims are left out of the list
 *   (every such badge is wrong);
 * - title leave-one-out: share of fact-check headlines badged when their claim and its near
 *   duplicates are left out;
 * - false inline claim badges per 100 AG News items (news that mentions no listed claim).
 *
 *   npm run precision [-- --data DIR] [--json] [--show agnews|titles|leaveGoldOut] [--split dev|train]
 *
 * --show prints the flags behind a figure, to read them (a few may be real).
 */
import { parseArgs } from 'node:util';
import {
  buildIndex,
  DATA_DIR,
  figures,
  loadData,
  scanAll,
  type Figures,
  type SetName,
  type Split,
} from './lib/claim-eval';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: DATA_DIR },
    json: { type: 'boolean', default: false },
    show: { type: 'string' },
    split: { type: 'string', default: 'dev' },
  },
});

function main(): number {
  let data;
  try {
    data = loadData(values.data);
  } catch (e) {
    console.error(`precision: ${(e as Error).message}`);
    return 2;
  }
  const started = performance.now();
  const built = buildIndex(data.claims);
  const results = scanAll(data, built);
  const all = (['train', 'dev'] as const).map((s) => figures(results, s));
  const ms = Math.round(performance.now() - started);
  if (values.json) {
    console.log(JSON.stringify({ claims: data.claims.length, ms, figures: all }));
    return 0;
  }
  console.log(
    `Claim matching with a real-size list: ${data.claims.length} CheckThat! 2020 verified claims (${built.index.entries.length} matchable), ${ms} ms\n`,
  );
  const row = (label: string, f: (x: Figures) => string, target = '') =>
    console.log(`  ${label.padEnd(44)} ${all.map((x) => f(x).padStart(9)).join(' ')}   ${target}`);
  row('', (x) => x.split);
  row('CheckThat! tweets', (x) => String(x.tweets));
  row('precision, inline badges', (x) => x.precision.toFixed(3), 'target ≥ 0.95');
  row('recall, inline badges', (x) => x.recallInline.toFixed(3), 'target ≥ 0.40 (dev)');
  row('recall, with possible matches', (x) => x.recallWithPossible.toFixed(3));
  row('leave-gold-out: tweets badged', (x) => pct(x.leaveGoldOutRate), 'target ≤ 2% (dev)');
  row('title leave-one-out: headlines badged', (x) => pct(x.titleRate));
  row('AG News: false inline badges per 100 items', (x) => x.agPer100.toFixed(2), 'target ≤ 0.5');
  row('AG News: possible matches per 100 items', (x) => x.agPossiblePer100.toFixed(2));
  row('(AG News items, headlines)', (x) => `${x.agItems}/${x.titles}`);
  if (values.show) {
    const set = values.show as SetName;
    const split = values.split as Split;
    console.log(`\nFlags on ${set} (${split}):`);
    for (const { t, flags } of results) {
      if (t.set !== set || t.split !== split || !flags.length) continue;
      for (const f of flags) {
        const claim = data.claims.find((c) => c.id === f.id)?.claim ?? f.id;
        console.log(`- [${f.tier} ${f.score.toFixed(2)}] ${t.key}: "${clip(f.text, 140)}"\n    → ${clip(claim, 140)}`);
      }
    }
  }
  return 0;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

process.exitCode = main();
