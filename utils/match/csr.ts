/** Compressed sparse rows: many small lists in two flat arrays (a fraction of the heap of arrays). */

import { runSteps } from '../steps';

/** Lists indexed by key → [start offsets (length n + 1), flat values]. */
export function csr(lists: (number[] | undefined)[], n: number): [Int32Array, Int32Array] {
  return runSteps(csrSteps(lists, n));
}

/** csr in steps of 8,192 lists (the 100,000 claims of a large list were one 50 ms task). */
export function* csrSteps(lists: (number[] | undefined)[], n: number): Generator<void, [Int32Array, Int32Array], void> {
  const start = new Int32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    start[i] = total;
    total += lists[i]?.length ?? 0;
  }
  start[n] = total;
  const values = new Int32Array(total);
  for (let i = 0; i < n; i++) {
    if ((i & 8191) === 8191) yield;
    const l = lists[i];
    if (l) values.set(l, start[i]!);
  }
  return [start, values];
}
