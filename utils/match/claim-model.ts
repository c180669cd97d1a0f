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
    m.trees.every((t) => Array.isArray(t) && isTree(t, 4)) &&
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

/** The model's log-odds for features `x`. */
/**
 * The trees as flat typed arrays (one node per slot, children by index), compiled once per model:
 * the content script scores up to a thousand windows per page, and walking the JSON arrays cost
 * about twice as long.
 */
interface FlatTrees {
  /** Feature index of a split, -1 for a leaf. */
  feature: Int16Array;
  /** A split's threshold, or a leaf's value. */
  value: Float64Array;
  left: Int32Array;
  right: Int32Array;
  roots: Int32Array;
}

const flatOf = new WeakMap<ClaimModel, FlatTrees>();

function flatten(model: ClaimModel): FlatTrees {
  let flat = flatOf.get(model);
  if (flat) return flat;
  const nodes: [number, number, number, number][] = [];
  const add = (t: Tree | number): number => {
    const i = nodes.length;
    if (typeof t === 'number') {
      nodes.push([-1, t, -1, -1]);
      return i;
    }
    nodes.push([t[0], t[1], -1, -1]);
    nodes[i]![2] = add(t[2]);
    nodes[i]![3] = add(t[3]);
    return i;
  };
  const roots = Int32Array.from(model.trees, add);
  flat = {
    feature: Int16Array.from(nodes, (n) => n[0]),
    value: Float64Array.from(nodes, (n) => n[1]),
    left: Int32Array.from(nodes, (n) => n[2]),
    right: Int32Array.from(nodes, (n) => n[3]),
    roots,
  };
  flatOf.set(model, flat);
  return flat;
}

export function logOdds(model: ClaimModel, x: readonly number[]): number {
  const { feature, value, left, right, roots } = flatten(model);
  let z = model.bias;
  for (let r = 0; r < roots.length; r++) {
    let n = roots[r]!;
    for (let f = feature[n]!; f >= 0; f = feature[n]!) n = x[f]! <= value[n]! ? left[n]! : right[n]!;
    z += value[n]!;
  }
  return z;
}

/**
 * The highest log-odds any values of the unknown features (NaN in `x`) could give: at a split on
 * an unknown feature, the better of both sides. Exact for the trees, so a candidate whose bound
 * is below a threshold is below it whatever the unknown features are.
 */
export function maxLogOdds(model: ClaimModel, x: readonly number[]): number {
  const flat = flatten(model);
  let z = model.bias;
  for (let r = 0; r < flat.roots.length; r++) z += bestValue(flat, flat.roots[r]!, x);
  return z;
}

function bestValue(flat: FlatTrees, n: number, x: readonly number[]): number {
  const f = flat.feature[n]!;
  if (f < 0) return flat.value[n]!;
  const v = x[f]!;
  if (v !== v) return Math.max(bestValue(flat, flat.left[n]!, x), bestValue(flat, flat.right[n]!, x));
  return bestValue(flat, v <= flat.value[n]! ? flat.left[n]! : flat.right[n]!, x);
}

/** The log-odds of a probability. */
export const logit = (p: number): number => Math.log(p / (1 - p));

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
