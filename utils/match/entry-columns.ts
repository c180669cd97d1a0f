/**
 * The Matcher's entries (what badges and reports show) as columns, for the cache: one array per
 * field instead of one object per entry, which IndexedDB reads back many times faster (an
 * object's field names are stored with every object). Pure.
 */
import { TONES, type Tone } from './describe';
import type { IndexEntry } from './index-data';
import {
  checkArrays,
  checkStrings,
  packStringsSteps,
  record,
  SnapshotError,
  unpackStrings,
  type PackedStrings,
} from './snapshot';

const COLUMNS = {
  kind: Uint8Array,
  count: Int32Array,
  mine: Uint8Array,
  label: Int32Array,
  labelKey: Int32Array,
  tone: Int32Array,
  source: Int32Array,
};

export interface EntryColumns {
  id: PackedStrings;
  name: PackedStrings;
  /** 0: claim, 1: app. */
  kind: Uint8Array;
  count: Int32Array;
  /** 1: from the reader's own lists (IndexEntry.private). */
  mine: Uint8Array;
  /** Labels, label keys, tones and list names repeat: each is an index into `words`. */
  words: string[];
  label: Int32Array;
  labelKey: Int32Array;
  tone: Int32Array;
  source: Int32Array;
}

/** The entries as columns, in steps of 8,192 entries: 100,000 at once were a 50 ms task. */
export function* toColumnsSteps(entries: readonly IndexEntry[]): Generator<void, EntryColumns, void> {
  const n = entries.length;
  const words: string[] = [];
  const ids = new Map<string, number>();
  const word = (s: string): number => {
    let i = ids.get(s);
    if (i === undefined) ids.set(s, (i = words.push(s) - 1));
    return i;
  };
  const id = new Array<string>(n);
  const name = new Array<string>(n);
  const c: Omit<EntryColumns, 'id' | 'name'> = {
    kind: new Uint8Array(n),
    count: new Int32Array(n),
    mine: new Uint8Array(n),
    words,
    label: new Int32Array(n),
    labelKey: new Int32Array(n),
    tone: new Int32Array(n),
    source: new Int32Array(n),
  };
  for (let i = 0; i < n; i++) {
    if ((i & 8191) === 8191) yield;
    const e = entries[i]!;
    id[i] = e.id;
    name[i] = e.name;
    c.kind[i] = e.kind === 'app' ? 1 : 0;
    c.count[i] = e.count;
    c.mine[i] = e.private ? 1 : 0;
    c.label[i] = word(e.label);
    c.labelKey[i] = word(e.labelKey);
    c.tone[i] = word(e.tone);
    c.source[i] = word(e.source);
  }
  yield;
  return { ...c, id: yield* packStringsSteps(id), name: yield* packStringsSteps(name) };
}

/** The entries the columns hold (without match data); a SnapshotError if they are unusable. */
export function fromColumns(x: unknown): IndexEntry[] {
  const s = record(x, 'entries');
  const id = unpackStrings(s.id, 'entries.id');
  const n = id.length;
  const name = unpackStrings(s.name, 'entries.name', n);
  const words = checkStrings(s.words, 'entries.words');
  const c = checkArrays(s, COLUMNS, 'entries');
  for (const name of Object.keys(COLUMNS) as (keyof typeof COLUMNS)[])
    if (c[name].length !== n) throw new SnapshotError('entries columns differ in length');
  // Checked once per column and word, not per entry: this runs as a restarted worker wakes.
  for (const name of ['label', 'labelKey', 'tone', 'source'] as const) {
    for (const w of c[name])
      if (!(w >= 0 && w < words.length)) throw new SnapshotError('entries refer to a missing word');
  }
  const isTone = words.map((w) => (TONES as readonly string[]).includes(w));
  for (const t of c.tone) if (!isTone[t]) throw new SnapshotError(`entries hold an unknown tone (${words[t]})`);
  const { kind, count, mine, label, labelKey, tone, source } = c;
  const entries: IndexEntry[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const e: IndexEntry = {
      id: id[i]!,
      kind: kind[i] === 1 ? 'app' : 'claim',
      label: words[label[i]!]!,
      labelKey: words[labelKey[i]!]!,
      count: count[i]!,
      tone: words[tone[i]!] as Tone,
      name: name[i]!,
      source: words[source[i]!]!,
    };
    if (mine[i] === 1) e.private = true;
    entries[i] = e;
  }
  return entries;
}
