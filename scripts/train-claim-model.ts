/**
 * `npm run train:claims`: trains the match model (utils/match/claim-model.json), gradient-boosted
 * depth-2 trees (150 rounds, shrinkage 0.1) over the features of utils/match/claim-features.ts.
 *
 * Every window's best free-text claim is a candidate (scripts/lib/claim-eval.ts says where the
 * texts come from). Labels: a CheckThat! tweet's candidate is positive when it is one of the
 * tweet's gold claims, and so is a train headline's own claim (titlePairs below); every other
 * candidate is negative (a wrong claim on a tweet or headline, anything on a tweet whose gold
 * claims were left out, on a headline whose claim was left out, on AG News).
 *
 * The weights are fitted on the train split only. The thresholds are then chosen on dev: the
 * inline threshold is the lowest at which dev meets every target, with room on the ones that
 * allow it (precision ≥ 0.96, leave-gold-out ≤ 2%, AG News ≤ 0.3 false badges per 100 items,
 * headlines ≤ 1%);
 * the possible-match threshold the lowest at which possible matches stay at most 1.5 per 100 AG
 * News items and precision with them at least 0.85. Both splits' figures are printed.
 *
 *   npm run train:claims [-- --data DIR] [--dry-run] [--table] [--negatives tweets|leaveGoldOut|titles|agnews]
 *
 * --table prints every measure at thresholds 0.05–0.99; --negatives prints the negatives scored
 * highest in a set, to read them.
 */
import { writeFileSync } from 'node:fs';
import * as prettier from 'prettier';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FEATURE_NAMES } from '../utils/match/claim-features';
import { probability, quotedWhole, treeValue, type ClaimModel, type Tree } from '../utils/match/claim-model';
import {
  buildIndex,
  DATA_DIR,
  excluded,
  loadData,
  matcherFor,
  nearDuplicates,
  type Data,
  type Split,
  type Text,
} from './lib/claim-eval';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: DATA_DIR },
    'dry-run': { type: 'boolean', default: false },
    rounds: { type: 'string', default: '150' },
    table: { type: 'boolean', default: false },
    negatives: { type: 'string' },
    rate: { type: 'string', default: '0.1' },
    'min-possible': { type: 'string', default: '0' },
  },
});

const MODEL_PATH = resolve(import.meta.dirname, '..', 'utils', 'match', 'claim-model.json');

interface Row {
  t: Text;
  id: string;
  x: number[];
  y: 0 | 1;
  /** Verbatim quotes are inline whatever the model says. */
  fixed?: boolean;
}

/**
 * Train headlines scanned with the whole list: their own claim (or a near duplicate) is a
 * positive, any other candidate a negative. With the same headline scanned without its claim
 * (the titles set), these are contrastive pairs: they teach the model the difference between the
 * right claim told in other words and its closest wrong neighbour, which tweets alone (about 800
 * positives) teach too rarely. Weighted TITLE_PAIR_WEIGHT: headlines are not the text readers
 * see, and there are ten times more of them than tweets. Measured on dev (the README): inline
 * recall 0.376 -> 0.421 at the same leave-gold-out rate.
 */
function titlePairs(data: Data): Text[] {
  const dups = nearDuplicates(data.claims);
  return data.claims
    .filter((c) => c.title.trim() && Number(c.id) % 5 !== 0)
    .map((c) => ({
      set: 'titlePairs' as const,
      split: 'train' as const,
      key: `title pair ${c.id}`,
      text: c.title,
      gold: new Set([c.id, ...(dups.get(c.id) ?? [])]),
      exclude: new Set<string>(),
    }));
}

/** Chosen on dev among 0.05, 0.1, 0.2, 0.3, 1: the middle of the ones that met every target. */
const TITLE_PAIR_WEIGHT = 0.1;

function collect(data: Data): Row[] {
  const built = buildIndex(data.claims);
  const rows: Row[] = [];
  let current: Text | undefined;
  const matcher = matcherFor(built.index, {
    onCandidate: ({ entry, features }) => {
      const t = current!;
      const id = built.index.entries[entry]!.id;
      rows.push({ t, id, x: features, y: t.gold.has(id) ? 1 : 0 });
    },
  });
  for (const t of data.texts) {
    current = t;
    for (const m of matcher.scan(t.text, excluded(t, built.entryOf))) {
      if (m.kind === 'claim' && !m.features && m.score === 1 && !m.shared) {
        rows.push({ t, id: m.id, x: [], y: t.gold.has(m.id) ? 1 : 0, fixed: true });
      }
    }
  }
  return rows;
}

/**
 * Gradient-boosted depth-2 trees for the logistic loss (Newton leaves), class-balanced weights.
 * Candidate split points are feature quantiles; a leaf needs MIN_LEAF weight of examples.
 */
function fitTrees(rows: Row[], rounds: number, rate: number): { bias: number; trees: Tree[] } {
  const d = FEATURE_NAMES.length;
  const pos = rows.filter((r) => r.y === 1).length;
  const neg = rows.length - pos;
  const w = rows.map(
    (r) =>
      (r.y === 1 ? rows.length / (2 * pos) : rows.length / (2 * neg)) *
      (r.t.set === 'titlePairs' ? TITLE_PAIR_WEIGHT : 1),
  );
  const cuts: number[][] = [];
  for (let f = 0; f < d; f++) {
    const vals = [...new Set(rows.map((r) => r.x[f]!))].sort((a, b) => a - b);
    const qs = new Set<number>();
    for (let q = 1; q < 32; q++) qs.add(vals[Math.floor((q / 32) * (vals.length - 1))]!);
    cuts.push([...qs]);
  }
  const MIN_LEAF = 15;
  const F = rows.map(() => 0);
  const trees: Tree[] = [];
  /** Sums of gradients and hessians over `idx`: a leaf's Newton value and a split's gain. */
  const sums = (idx: number[], g: number[], h: number[]) => {
    let sg = 0;
    let sh = 0;
    for (const i of idx) {
      sg += g[i]!;
      sh += h[i]!;
    }
    return [sg, sh] as const;
  };
  const leaf = (idx: number[], g: number[], h: number[]) => {
    const [sg, sh] = sums(idx, g, h);
    return -sg / (sh + 1);
  };
  const gain = (idx: number[], g: number[], h: number[]) => {
    const [sg, sh] = sums(idx, g, h);
    return (sg * sg) / (sh + 1);
  };
  const weightOf = (idx: number[]) => idx.reduce((s, i) => s + w[i]!, 0);
  const best = (idx: number[], g: number[], h: number[]) => {
    let top: { f: number; t: number; l: number[]; r: number[]; gain: number } | undefined;
    const base = gain(idx, g, h);
    for (let f = 0; f < d; f++) {
      for (const t of cuts[f]!) {
        const l: number[] = [];
        const r: number[] = [];
        for (const i of idx) (rows[i]!.x[f]! <= t ? l : r).push(i);
        if (weightOf(l) < MIN_LEAF || weightOf(r) < MIN_LEAF) continue;
        const gn = gain(l, g, h) + gain(r, g, h) - base;
        if (!top || gn > top.gain) top = { f, t, l, r, gain: gn };
      }
    }
    return top;
  };
  for (let round = 0; round < rounds; round++) {
    const g = rows.map((r, i) => w[i]! * (1 / (1 + Math.exp(-F[i]!)) - r.y));
    const h = rows.map((_, i) => {
      const p = 1 / (1 + Math.exp(-F[i]!));
      return w[i]! * p * (1 - p);
    });
    const all = rows.map((_, i) => i);
    const s = best(all, g, h);
    if (!s) break;
    const sub = (idx: number[]): Tree | number => {
      const s2 = best(idx, g, h);
      if (!s2) return round4(rate * leaf(idx, g, h));
      return [s2.f, s2.t, round4(rate * leaf(s2.l, g, h)), round4(rate * leaf(s2.r, g, h))];
    };
    const tree: Tree = [s.f, s.t, sub(s.l), sub(s.r)];
    trees.push(tree);
    rows.forEach((r, i) => (F[i] = F[i]! + treeValue(tree, r.x)));
  }
  return { bias: 0, trees };
}

const round4 = (x: number) => Math.round(x * 10000) / 10000;

interface At {
  precision: number;
  recall: number;
  recallAny: number;
  lgo: number;
  titles: number;
  ag: number;
  agPossible: number;
  precisionAny: number;
}

/** The measures at thresholds (inline, possible), from the candidates (as precision.ts counts them). */
function measure(rows: (Row & { p: number })[], split: Split, inline: number, possible: number): At {
  const texts = new Map<Text, (Row & { p: number })[]>();
  for (const r of rows) if (r.t.split === split) (texts.get(r.t) ?? texts.set(r.t, []).get(r.t)!).push(r);
  let tweets = 0;
  let flags = 0;
  let right = 0;
  let flagsAny = 0;
  let rightAny = 0;
  let found = 0;
  let foundAny = 0;
  let lgo = 0;
  let lgoN = 0;
  let titles = 0;
  let titlesN = 0;
  let ag = 0;
  let agPossible = 0;
  let agN = 0;
  // Counts come from the texts that had candidates; totals from loadData's text counts.
  for (const [t, rs] of texts) {
    const inl = new Set(rs.filter((r) => r.fixed || r.p >= inline).map((r) => r.id));
    const any = new Set(rs.filter((r) => r.fixed || r.p >= possible).map((r) => r.id));
    if (t.set === 'tweets') {
      flags += inl.size;
      flagsAny += any.size;
      const ok = [...inl].filter((id) => t.gold.has(id)).length;
      right += ok;
      rightAny += [...any].filter((id) => t.gold.has(id)).length;
      if (ok) found++;
      if ([...any].some((id) => t.gold.has(id))) foundAny++;
    } else if (t.set === 'leaveGoldOut') lgo += inl.size ? 1 : 0;
    else if (t.set === 'titles') titles += inl.size ? 1 : 0;
    else if (t.set === 'agnews') {
      ag += rs.filter((r) => r.fixed || r.p >= inline).length;
      agPossible += rs.filter((r) => !r.fixed && r.p >= possible && r.p < inline).length;
    }
  }
  tweets = totals[split].tweets;
  lgoN = totals[split].tweets;
  titlesN = totals[split].titles;
  agN = totals[split].ag;
  return {
    precision: flags ? right / flags : 1,
    precisionAny: flagsAny ? rightAny / flagsAny : 1,
    recall: found / tweets,
    recallAny: foundAny / tweets,
    lgo: lgo / lgoN,
    titles: titles / titlesN,
    ag: (100 * ag) / agN,
    agPossible: (100 * agPossible) / agN,
  };
}

/** One split's measures on one line. */
function line(split: Split, m: At): string {
  return (
    `${split.padEnd(5)} precision ${m.precision.toFixed(3)} recall ${m.recall.toFixed(3)} (with possible ${m.recallAny.toFixed(3)}) ` +
    `leave-gold-out ${(100 * m.lgo).toFixed(1)}% headlines ${(100 * m.titles).toFixed(1)}% ` +
    `AG News ${m.ag.toFixed(2)}/100 (possible ${m.agPossible.toFixed(2)}/100)`
  );
}

const totals = { train: { tweets: 0, titles: 0, ag: 0 }, dev: { tweets: 0, titles: 0, ag: 0 } };

async function main(): Promise<number> {
  let rows: Row[];
  let data: Data;
  try {
    data = loadData(values.data);
    for (const t of data.texts) {
      if (t.set === 'tweets') totals[t.split].tweets++;
      if (t.set === 'titles') totals[t.split].titles++;
      if (t.set === 'agnews') totals[t.split].ag++;
    }
    data.texts.push(...titlePairs(data));
    rows = collect(data);
  } catch (e) {
    console.error(`train:claims: ${(e as Error).message}`);
    return 2;
  }
  // A flag on a near duplicate of the right claim (the same claim told again) is neither clearly
  // right nor wrong: such candidates are left out of the fit (they still count as wrong in every
  // figure below).
  const dups = nearDuplicates(data.claims);
  const ambiguous = (r: Row) =>
    [...(r.t.set === 'leaveGoldOut' ? r.t.exclude : r.t.gold)].some((g) => dups.get(g)?.includes(r.id));
  const train = rows.filter(
    (r) =>
      r.t.split === 'train' &&
      !r.fixed &&
      !(r.y === 0 && (r.t.set === 'tweets' || r.t.set === 'leaveGoldOut') && ambiguous(r)),
  );
  console.log(
    `candidates: ${rows.length} (train ${train.length}: ${train.filter((r) => r.y).length} positive, ` +
      `${train.filter((r) => !r.y).length} negative)`,
  );
  const { bias, trees } = fitTrees(train, Number(values.rounds), Number(values.rate));
  const fitted: ClaimModel = {
    version: 2,
    kind: 'boosted-trees',
    features: [...FEATURE_NAMES],
    bias,
    trees,
    inline: 1,
    possible: 1,
  };
  const scored = rows.map((r) => ({ ...r, p: r.fixed || quotedWhole(r.x) ? 1 : probability(fitted, r.x) }));

  if (values.negatives) {
    // The negatives the model scores highest, to read them (a few may be real mentions).
    const claimOf = new Map(data.claims.map((c) => [c.id, c.claim]));
    const negs = scored.filter((r) => !r.y && !r.fixed && r.t.set === values.negatives).sort((a, b) => b.p - a.p);
    for (const r of negs.slice(0, 25))
      console.log(`${r.p.toFixed(3)} ${r.t.key}: ${r.t.text.slice(0, 160)}\n     → ${claimOf.get(r.id)}`);
  }
  const grid = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);
  if (values.table) {
    // Every measure at thresholds from 0.05 to 0.99, both splits.
    for (const th of grid.filter((_, i) => i % 5 === 4 || i > 90))
      console.log(
        `${th.toFixed(2)}  ${line('dev', measure(scored, 'dev', th, th))}  |  ${line('train', measure(scored, 'train', th, th))}`,
      );
  }
  const inline = grid.find((th) => {
    const m = measure(scored, 'dev', th, th);
    return m.precision >= 0.96 && m.lgo <= 0.02 && m.ag <= 0.3 && m.titles <= 0.01;
  });
  if (inline === undefined) {
    console.error('train:claims: no threshold meets the dev targets; the model was not written.');
    return 1;
  }
  const possible =
    grid.find((th) => {
      if (th > inline || th < Number(values['min-possible'])) return false;
      const m = measure(scored, 'dev', inline, th);
      return m.agPossible <= 1.5 && m.precisionAny >= 0.85;
    }) ?? inline;

  const model: ClaimModel = { ...fitted, inline, possible };
  // How often each feature is split on: which meanings the model leans on.
  const uses = new Array<number>(FEATURE_NAMES.length).fill(0);
  const count = (t: Tree | number): void => {
    if (typeof t === 'number') return;
    uses[t[0]]!++;
    count(t[2]);
    count(t[3]);
  };
  trees.forEach(count);
  console.log(`\n${trees.length} trees; splits per feature:`);
  FEATURE_NAMES.forEach((f, i) => console.log(`  ${f.padEnd(20)} ${String(uses[i]).padStart(4)}`));
  console.log(`\nthresholds: inline ≥ ${inline}, possible ≥ ${possible}\n`);
  for (const split of ['train', 'dev'] as const) console.log(line(split, measure(scored, split, inline, possible)));
  if (!values['dry-run']) {
    // Formatted as the repository's Prettier check expects it.
    const options = (await prettier.resolveConfig(MODEL_PATH)) ?? {};
    writeFileSync(MODEL_PATH, await prettier.format(JSON.stringify(model), { ...options, parser: 'json' }));
    console.log(`\nwrote ${MODEL_PATH}`);
  }
  return 0;
}

process.exitCode = await main();
