/**
 * A built Matcher as plain data, for the cache: typed arrays and arrays of strings, which
 * IndexedDB stores and reads back as fast as memory copies, where the compiled index (objects of
 * arrays per entry) takes hundreds of milliseconds to read and to build into a Matcher again in a
 * restarted service worker (issue 15: ready to match within 100 ms). Pure.
 */
type TypedArrayClass =
  | Int32ArrayConstructor
  | Int16ArrayConstructor
  | Uint8ArrayConstructor
  | Uint16ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor;

/** A class's typed-array fields by name, with the class each must be. */
export type ArraySpec = Record<string, TypedArrayClass>;
type InstanceOf<C> = C extends Int32ArrayConstructor
  ? Int32Array
  : C extends Int16ArrayConstructor
    ? Int16Array
    : C extends Uint8ArrayConstructor
      ? Uint8Array
      : C extends Uint16ArrayConstructor
        ? Uint16Array
        : C extends Float32ArrayConstructor
          ? Float32Array
          : Float64Array;
export type ArraysOf<S extends ArraySpec> = { [K in keyof S]: InstanceOf<S[K]> };

/** A cached snapshot that is not one this code wrote: the Matcher is built from the lists instead. */
export class SnapshotError extends Error {
  constructor(what: string) {
    super(`Unusable cached matcher: ${what}`);
    this.name = 'SnapshotError';
  }
}

/** The fields of `spec` read off `owner` (shared, not copied: storing the snapshot copies them). */
export function takeArrays<S extends ArraySpec>(owner: object, spec: S): ArraysOf<S> {
  const fields = owner as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(spec)) out[name] = fields[name];
  return out as ArraysOf<S>;
}

/** The fields of `spec` in `x` (only those), each of its class; a SnapshotError otherwise. */
export function checkArrays<S extends ArraySpec>(x: unknown, spec: S, where: string): ArraysOf<S> {
  const fields = record(x, where);
  const out: Record<string, unknown> = {};
  for (const [name, cls] of Object.entries(spec)) {
    if (!(fields[name] instanceof cls)) throw new SnapshotError(`${where}.${name} is not a ${cls.name}`);
    out[name] = fields[name];
  }
  return out as ArraysOf<S>;
}

export function record(x: unknown, where: string): Record<string, unknown> {
  if (!x || typeof x !== 'object') throw new SnapshotError(`${where} is missing`);
  return x as Record<string, unknown>;
}

export function checkStrings(x: unknown, where: string, length?: number): string[] {
  if (!Array.isArray(x) || (length !== undefined && x.length !== length))
    throw new SnapshotError(`${where} is not a list of ${length ?? 'some'} strings`);
  for (const s of x) if (typeof s !== 'string') throw new SnapshotError(`${where} holds a non-string`);
  return x as string[];
}

/**
 * Many strings as one string and where each ends: stored and read back as one copy, where
 * 100,000 separate strings take a quarter of a second to store (a long task) and to read.
 */
export interface PackedStrings {
  text: string;
  ends: Int32Array;
}

/**
 * `list` packed, in steps of 8,192 strings: joining 100,000 ids cut out of a 41 MB feed copies
 * each of them, and was one task of over 100 ms in the background.
 */
export function* packStringsSteps(list: readonly string[]): Generator<void, PackedStrings, void> {
  const ends = new Int32Array(list.length);
  const pieces: string[] = [];
  let at = 0;
  for (let from = 0; from < list.length; from += PACK_STEP) {
    const to = Math.min(list.length, from + PACK_STEP);
    for (let i = from; i < to; i++) ends[i] = at += list[i]!.length;
    pieces.push(list.slice(from, to).join(''));
    yield;
  }
  return { text: pieces.join(''), ends };
}
const PACK_STEP = 8192;

/** A packed list of strings checked whole (its strings are read with packedAt). */
export function checkPacked(x: unknown, where: string, length?: number): PackedStrings {
  const { ends } = checkArrays(x, { ends: Int32Array }, where);
  const text = (x as { text?: unknown }).text;
  if (typeof text !== 'string') throw new SnapshotError(`${where}.text is not a string`);
  if (length !== undefined && ends.length !== length) throw new SnapshotError(`${where} holds ${ends.length} strings`);
  let from = 0;
  for (let i = 0; i < ends.length; i++) {
    const to = ends[i]!;
    if (!(to >= from && to <= text.length)) throw new SnapshotError(`${where} is not a packed list`);
    from = to;
  }
  if (from !== text.length) throw new SnapshotError(`${where} is not a packed list`);
  return { text, ends };
}

/** String `i` of a list checkPacked accepted. */
export function packedAt({ text, ends }: PackedStrings, i: number): string {
  return text.slice(i === 0 ? 0 : ends[i - 1], ends[i]);
}

export function checkNumber(x: unknown, where: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new SnapshotError(`${where} is not a number`);
  return x;
}

/** A CSR start array must rise from 0 to the length of its values. */
export function checkStarts(start: Int32Array, values: { length: number }, where: string): void {
  if (!start.length || start[0] !== 0 || start[start.length - 1] !== values.length)
    throw new SnapshotError(`${where} does not span its values`);
}

/** A Map is stored as its pairs (`[...map]`): checked more simply than a Map read back. */
export function checkPairs(x: unknown, where: string): [unknown, unknown][] {
  if (!Array.isArray(x) || x.some((p) => !Array.isArray(p) || p.length !== 2))
    throw new SnapshotError(`${where} is not a list of pairs`);
  return x as [unknown, unknown][];
}

export function isIntList(x: unknown): x is number[] {
  return Array.isArray(x) && x.every((n) => Number.isInteger(n));
}
