/**
 * The match model: a logistic regression over the features of claim-features.ts, trained by
 * `npm run train:claims` (scripts/train-claim-model.ts) and committed as claim-model.json.
 * It turns a candidate (the best free-text claim of a window) into a probability, and that into
 * a tier: "inline" (a badge on the page) or "possible" (listed in the popup only). Curated rules
 * (the bundled list, My entries) and verbatim quotes of short claims do not go through it. Pure.
 */
import { FEATURE_NAMES } from './claim-features';
import trained from './claim-model.json';

export type Tier = 'inline' | 'possible';

/** A small regression tree: [feature index, threshold, left (≤), right (>)]; leaves are numbers. */
export type Tree = [number, number, Tree | number, Tree | number];

/** Split levels of a tree at most (parseClaimModel refuses deeper ones). */
const MAX_DEPTH = 4;

export interface ClaimModel {
  version: 2;
  /** Gradient-boosted trees for the logistic loss: probability = σ(bias + Σ tree values). */
  kind: 'boosted-trees';
  features: readonly string[];
  bias: number;
  trees: Tree[];
  /** Probability at or above which a candidate is badged inline, and listed as possible. */
  inline: number;
  possible: number;
}

function isTree(t: unknown, depth: number): t is Tree | number {
  if (typeof t === 'number') return Number.isFinite(t);
  return (
    depth > 0 &&
    Array.isArray(t) &&
    t.length === 4 &&
    Number.isInteger(t[0]) &&
    t[0] >= 0 &&
    t[0] < FEATURE_NAMES.length &&
    Number.isFinite(t[1]) &&
    isTree(t[2], depth - 1) &&
    isTree(t[3], depth - 1)
  );
}

/** Checks a model read from JSON: the features it was trained on must be ours, in order. */
export function parseClaimModel(data: unknown): ClaimModel {
  const m = data as Partial<ClaimModel> | null;
  const ok =
    !!m &&
    m.version === 2 &&
    m.kind === 'boosted-trees' &&
    Array.isArray(m.features) &&
    m.features.length === FEATURE_NAMES.length &&
    m.features.every((f, i) => f === FEATURE_NAMES[i]) &&
    Number.isFinite(m.bias) &&
    Array.isArray(m.trees) &&
    m.trees.every((t) => Array.isArray(t) && isTree(t, MAX_DEPTH)) &&
    typeof m.inline === 'number' &&
    typeof m.possible === 'number' &&
    m.possible <= m.inline;
  if (!ok)
    throw new Error('claim-model.json does not match the features of claim-features.ts: run npm run train:claims');
  return m as ClaimModel;
}

export const DEFAULT_CLAIM_MODEL: ClaimModel = parseClaimModel(trained);

export function treeValue(t: Tree | number, x: readonly number[]): number {
  while (typeof t !== 'number') t = x[t[0]]! <= t[1] ? t[2] : t[3];
  return t;
}

/**
 * The trees as complete binary trees in flat typed arrays, compiled once per model: every tree
 * gets the model's deepest level count (a leaf above it is repeated below, under splits whose two
 * sides are equal), so that evaluating one is that many steps of index arithmetic. The matcher
 * scores about a thousand windows on a large page, 150 trees each; walking the JSON arrays took
 * about twice as long as child indexes, and those about twice as long as this.
 */
interface FlatTrees {
  /** Levels of splits of every tree (the shipped model's trees have 2). */
  depth: number;
  /** Split s of tree r at r * splits + s (children of s: 2s + 1, 2s + 2); leaf l at r * leaves + l. */
  splits: number;
  leaves: number;
  feature: Int32Array;
  threshold: Float64Array;
  leaf: Float64Array;
  count: number;
}

const flatOf = new WeakMap<ClaimModel, FlatTrees>();

/** The last model flattened (there is one in use; a WeakMap lookup per window showed). */
let last: { model: ClaimModel; flat: FlatTrees } | undefined;

const depthOf = (t: Tree | number): number => (typeof t === 'number' ? 0 : 1 + Math.max(depthOf(t[2]), depthOf(t[3])));

function flatten(model: ClaimModel): FlatTrees {
  if (last?.model === model) return last.flat;
  let flat = flatOf.get(model);
  if (flat) {
    last = { model, flat };
    return flat;
  }
  const count = model.trees.length;
  const depth = Math.max(0, ...model.trees.map(depthOf));
  const splits = (1 << depth) - 1;
  const leaves = 1 << depth;
  flat = {
    depth,
    splits,
    leaves,
    feature: new Int32Array(count * splits),
    threshold: new Float64Array(count * splits),
    leaf: new Float64Array(count * leaves),
    count,
  };
  const { feature, threshold, leaf } = flat;
  const place = (t: Tree | number, r: number, s: number, level: number): void => {
    if (level === depth) {
      leaf[r * leaves + s - splits] = t as number;
      return;
    }
    // A leaf early: a split on feature 0 whose sides both hold it.
    const split = typeof t !== 'number';
    feature[r * splits + s] = split ? t[0] : 0;
    threshold[r * splits + s] = split ? t[1] : 0;
    place(split ? t[2] : t, r, 2 * s + 1, level + 1);
    place(split ? t[3] : t, r, 2 * s + 2, level + 1);
  };
  model.trees.forEach((t, r) => place(t, r, 0, 0));
  flatOf.set(model, flat);
  last = { model, flat };
  return flat;
}

/** The features of the candidate being scored, as a typed array (its reads are the fastest). */
const features = new Float64Array(64);

/** The model's log-odds for features `x` (the same sum as treeValue over the trees). */
export function logOdds(model: ClaimModel, x: readonly number[]): number {
  const { depth, splits, leaves, feature, threshold, leaf, count } = flatten(model);
  const v = x.length <= features.length ? features : new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) v[i] = x[i]!;
  let z = model.bias;
  // Each step goes right when not (x <= threshold), so that a NaN feature goes right as in
  // treeValue. Two levels (the shipped model) are unrolled.
  if (depth === 2) {
    for (let r = 0, base = 0, at = -3; r < count; r++, base += 3, at += 4) {
      const s = v[feature[base]!]! <= threshold[base]! ? 1 : 2;
      z += leaf[at + 2 * s + (v[feature[base + s]!]! <= threshold[base + s]! ? 1 : 2)]!;
    }
    return z;
  }
  for (let r = 0, base = 0, at = -splits; r < count; r++, base += splits, at += leaves) {
    let s = 0;
    for (let level = 0; level < depth; level++) s = 2 * s + (v[feature[base + s]!]! <= threshold[base + s]! ? 1 : 2);
    z += leaf[at + s]!;
  }
  return z;
}

/** Probability that the candidate with features `x` is a mention of its claim. */
export function probability(model: ClaimModel, x: readonly number[]): number {
  return 1 / (1 + Math.exp(-logOdds(model, x)));
}

const F_SHARE = FEATURE_NAMES.indexOf('share');
const F_CHAIN = FEATURE_NAMES.indexOf('orderedChain');
const F_PAIRS = FEATURE_NAMES.indexOf('adjacentPairs');

/**
 * The claim told nearly word for word: every one of its words on the page, in its order, each
 * within three words of the one before. Like a verbatim quote of a short claim (claim-shape.ts),
 * that is the claim whatever the model says (a similar claim in the list lowers the model's
 * confidence, never the evidence of a quote).
 */
export function quotedWhole(x: readonly number[]): boolean {
  return x[F_SHARE]! >= 0.999 && x[F_CHAIN]! >= 0.999 && x[F_PAIRS]! >= 0.999;
}

/** The tier of a probability, or null (not a mention). */
export function tierOf(model: ClaimModel, p: number): Tier | null {
  return p >= model.inline ? 'inline' : p >= model.possible ? 'possible' : null;
}

/**
 * The features that pushed a decision most, for `scan --explain`: each tree's value is shared
 * among the features of the splits on its path. Name and log-odds contribution, largest first.
 */
export function topContributions(model: ClaimModel, x: readonly number[], n = 4): [string, number][] {
  const sum = new Array<number>(FEATURE_NAMES.length).fill(0);
  for (const tree of model.trees) {
    let t: Tree | number = tree;
    const path: number[] = [];
    while (typeof t !== 'number') {
      path.push(t[0]);
      t = x[t[0]]! <= t[1] ? t[2] : t[3];
    }
    for (const f of path) sum[f] = sum[f]! + t / path.length;
  }
  return sum
    .map((v, i) => [FEATURE_NAMES[i]!, Math.round(v * 100) / 100] as [string, number])
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
    .slice(0, n);
}
