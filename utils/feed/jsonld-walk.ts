/**
 * Finds ClaimReview nodes anywhere in parsed JSON-LD (arrays, `@graph`, DataFeed items, nested
 * wrappers) with an iterative, depth- and size-limited walk. Pure: no wxt, browser or DOM imports.
 */
import { asArray, CAPS, cleanText, isRecord, own } from './sanitize';
import { runSteps } from '../steps';

type Node = Record<string, unknown>;

const MAX_DEPTH = 200;
const MAX_NODES = 5_000_000;

/** Lower-cased type names without a vocabulary prefix ("schema:ClaimReview", "https://schema.org/ClaimReview"). */
function typesOf(node: Node): string[] {
  const out: string[] = [];
  for (const t of [...asArray(own(node, '@type')), ...asArray(own(node, 'type'))]) {
    if (typeof t === 'string')
      out.push(
        t
          .replace(/^.*[/#:]/, '')
          .trim()
          .toLowerCase(),
      );
  }
  return out;
}

/** A ClaimReview node: typed as one, or untyped but carrying `claimReviewed`. */
export function isClaimReviewNode(v: unknown): v is Node {
  if (!isRecord(v)) return false;
  const types = typesOf(v);
  return types.includes('claimreview') || (types.length === 0 && own(v, 'claimReviewed') !== undefined);
}

export interface FoundReviews {
  reviews: Node[];
  /** Nodes with an `@id` and other fields, for resolving references such as `"author": {"@id": "#org"}`. */
  byId: Map<string, Node>;
  /** A DataFeed's name, when there is one. */
  title?: string;
}

/** Finds every ClaimReview anywhere in a JSON value, in document order, without recursion. */
export function findClaimReviews(json: unknown): FoundReviews {
  return runSteps(findClaimReviewsSteps(json));
}

/** findClaimReviews in steps of 4,096 nodes (a feed of 100,000 reviews has millions). */
export function* findClaimReviewsSteps(json: unknown): Generator<void, FoundReviews, void> {
  const found: FoundReviews = { reviews: [], byId: new Map() };
  const stack: [unknown, number][] = [[json, 0]];
  let visited = 0;
  while (stack.length && visited++ < MAX_NODES) {
    if ((visited & 4095) === 0) yield;
    const [value, depth] = stack.pop()!;
    if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) continue;
    const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
    if (!Array.isArray(value)) {
      const node = value as Node;
      const id = own(node, '@id');
      if (typeof id === 'string' && Object.keys(node).length > 1 && !found.byId.has(id)) found.byId.set(id, node);
      if (isClaimReviewNode(node)) {
        found.reviews.push(node);
        continue;
      }
      if (found.title === undefined && typesOf(node).includes('datafeed'))
        found.title = cleanText(own(node, 'name'), CAPS.name);
    }
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i];
      if (typeof c === 'object' && c !== null) stack.push([c, depth + 1]);
    }
  }
  return found;
}
