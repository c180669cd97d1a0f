/**
 * JSON.parse in steps: a 41 MB list of 100,000 ClaimReviews took half a second in one
 * `JSON.parse`, and the background answered no tab meanwhile (issue 15: no task over 50 ms).
 *
 * The text's structure is walked here, and every value that fits in `leaf` characters is handed
 * to the engine's own JSON.parse, so almost all the work stays native and each step is short.
 * The result is the value JSON.parse(text) gives. On any text JSON.parse would reject (or that
 * this reader does not follow) it throws, and the caller asks JSON.parse itself for the error
 * message, so messages are the engine's. Pure: no wxt, browser or DOM imports.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** The reader gave up: JSON.parse(text) will say why (or parse what this reader did not follow). */
export class NotSteppable extends Error {}

/** The text nests `[`/`{` deeper than the reader's `maxDepth` (jsonTooDeep would say so too). */
export class TooDeep extends Error {}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/**
 * The deepest bracket nesting inside the value valueEnd last measured (0 for a string or number):
 * the depth is checked on the scan the reader makes anyway, not on a pass of its own (that pass
 * was 0.3 s of a 41 MB list).
 */
let scannedDepth = 0;

/**
 * The closing quote of the string whose opening quote is at `i`, when it is before `limit`; else
 * -1. The next quote is found natively (indexOf), then checked for escaping: a quote after an odd
 * run of backslashes is part of the string. Reading every character of a 41 MB list in a loop of
 * our own was a sixth of its parse.
 */
function stringEnd(text: string, i: number, limit: number): number {
  for (let k = i; ; ) {
    k = text.indexOf('"', k + 1);
    if (k < 0 || k >= limit) return -1;
    // The opening quote stops the walk back: it is not a backslash.
    let b = k - 1;
    while (text.charCodeAt(b) === BACKSLASH) b--;
    if ((k - b) % 2 === 1) return k;
  }
}

/**
 * Where the value starting at `i` ends, when it ends before `limit`; else -1. Brackets are only
 * counted here (JSON.parse checks the slice), strings skipped with their escapes.
 */
function valueEnd(text: string, i: number, limit: number): number {
  scannedDepth = 0;
  const n = Math.min(limit, text.length);
  const first = text.charCodeAt(i);
  if (first === QUOTE) {
    const close = stringEnd(text, i, n);
    return close < 0 ? -1 : close + 1;
  }
  if (first === OPEN_OBJECT || first === OPEN_ARRAY) {
    let depth = 0;
    let deepest = 0;
    for (let j = i; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c === QUOTE) {
        j = stringEnd(text, j, n);
        if (j < 0) return -1;
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (++depth > deepest) deepest = depth;
      } else if ((c === CLOSE_OBJECT || c === CLOSE_ARRAY) && --depth === 0) {
        scannedDepth = deepest;
        return j + 1;
      }
    }
    return -1;
  }
  // A number or a literal runs to the next delimiter.
  let j = i;
  for (; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === COMMA || c === CLOSE_ARRAY || c === CLOSE_OBJECT || isSpace(c)) return j;
  }
  return n === text.length ? j : -1;
}

/** A member as JSON.parse sets it: "__proto__" is an own property, not the prototype. */
function setMember(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

type Read = Generator<void, [value: unknown, end: number], void>;

/** How the text is read: values of up to `leaf` characters natively, nesting up to `maxDepth`. */
interface Limits {
  leaf: number;
  maxDepth: number;
}

/** The value at `i`, inside `depth` open brackets. */
function* readValue(text: string, i: number, depth: number, limits: Limits): Read {
  const end = valueEnd(text, i, i + limits.leaf);
  if (end > i) {
    if (depth + scannedDepth > limits.maxDepth) throw new TooDeep();
    const value: unknown = JSON.parse(text.slice(i, end));
    yield;
    return [value, end];
  }
  const c = text.charCodeAt(i);
  if ((c === OPEN_OBJECT || c === OPEN_ARRAY) && depth + 1 > limits.maxDepth) throw new TooDeep();
  if (c === OPEN_OBJECT) return yield* readObject(text, i, depth + 1, limits);
  if (c === OPEN_ARRAY) return yield* readArray(text, i, depth + 1, limits);
  // A string (or number) longer than `leaf`: one piece.
  const whole = valueEnd(text, i, text.length);
  if (whole <= i) throw new NotSteppable();
  return [JSON.parse(text.slice(i, whole)), whole];
}

function* readObject(text: string, i: number, depth: number, limits: Limits): Read {
  const out: Record<string, unknown> = {};
  let j = skipSpace(text, i + 1);
  if (text.charCodeAt(j) === CLOSE_OBJECT) return [out, j + 1];
  for (;;) {
    if (text.charCodeAt(j) !== QUOTE) throw new NotSteppable();
    const keyEnd = valueEnd(text, j, text.length);
    if (keyEnd < 0) throw new NotSteppable();
    const key = JSON.parse(text.slice(j, keyEnd)) as string;
    j = skipSpace(text, keyEnd);
    if (text.charCodeAt(j) !== COLON) throw new NotSteppable();
    const [value, end] = yield* readValue(text, skipSpace(text, j + 1), depth, limits);
    setMember(out, key, value);
    j = skipSpace(text, end);
    const c = text.charCodeAt(j);
    if (c === CLOSE_OBJECT) return [out, j + 1];
    if (c !== COMMA) throw new NotSteppable();
    j = skipSpace(text, j + 1);
  }
}

function* readArray(text: string, i: number, depth: number, limits: Limits): Read {
  const out: unknown[] = [];
  let j = skipSpace(text, i + 1);
  if (text.charCodeAt(j) === CLOSE_ARRAY) return [out, j + 1];
  for (;;) {
    // A run of small elements (a feed's items) is parsed at once: one native call per `leaf`.
    const runEnd = smallRun(text, j, j + limits.leaf);
    let end: number;
    if (runEnd > j) {
      if (depth + runDepth > limits.maxDepth) throw new TooDeep();
      for (const v of JSON.parse(`[${text.slice(j, runEnd)}]`) as unknown[]) out.push(v);
      yield;
      end = runEnd;
    } else {
      const [value, after] = yield* readValue(text, j, depth, limits);
      out.push(value);
      end = after;
    }
    j = skipSpace(text, end);
    const c = text.charCodeAt(j);
    if (c === CLOSE_ARRAY) return [out, j + 1];
    if (c !== COMMA) throw new NotSteppable();
    j = skipSpace(text, j + 1);
  }
}

/** The deepest nesting inside the run smallRun last found. */
let runDepth = 0;

/** The end of the last of the array elements from `i` on that all end before `limit` (or -1). */
function smallRun(text: string, i: number, limit: number): number {
  let last = -1;
  runDepth = 0;
  for (let k = i; ; ) {
    const end = valueEnd(text, k, limit);
    if (end <= k) return last;
    if (scannedDepth > runDepth) runDepth = scannedDepth;
    last = end;
    k = skipSpace(text, end);
    if (text.charCodeAt(k) !== COMMA) return last;
    k = skipSpace(text, k + 1);
  }
}

/**
 * The value JSON.parse(text) gives, read in steps of at most `leaf` characters of native parsing;
 * throws (NotSteppable or the engine's SyntaxError) where JSON.parse would, or might, and TooDeep
 * where the value nests brackets deeper than `maxDepth`.
 */
export function* parseJsonSteps(text: string, leaf = 1 << 16, maxDepth = Infinity): Generator<void, unknown, void> {
  const start = skipSpace(text, 0);
  if (start >= text.length) throw new NotSteppable();
  const [value, end] = yield* readValue(text, start, 0, { leaf, maxDepth });
  if (skipSpace(text, end) !== text.length) throw new NotSteppable();
  return value;
}

/**
 * Whether JSON text nests `[`/`{` deeper than `limit` (strings skipped), in steps of a million
 * characters: a linear scan run before parsing, so later tree walks never meet absurd depths.
 * sanitize.ts's jsonTooDeep is its synchronous form.
 */
export function* jsonTooDeepSteps(text: string, limit: number): Generator<void, boolean, void> {
  let depth = 0;
  let inString = false;
  const STEP = 1 << 20;
  for (let i = 0, next = STEP; i < text.length; i++) {
    if (i >= next) {
      yield;
      next = i + STEP;
    }
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) depth--;
  }
  return false;
}
