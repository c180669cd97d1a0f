/**
 * The Matcher's entries (what badges and reports show) as columns, for the cache: one array per
 * field instead of one object per entry, which IndexedDB reads back many times faster (an
 * object's field names are stored with every object). Pure.
 */
import { TONES, type Tone } from './describe';
import type { IndexEntry } from './index-data';
import {
  checkArrays,
  checkPacked,
  checkStrings,
  packedAt,
  packStringsSteps,
  record,
  SnapshotError,
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

/**
 * A Matcher's entries by index. Restored from columns, each entry object is made when first asked
 * for: making all 20,000 (and their 40,000 id and name strings) was a third of what a restarted
 * worker did before it could answer, and a page names a handful.
 */
export class EntryList {
  private readonly made: IndexEntry[];
  private complete: boolean;

  private constructor(
    readonly length: number,
    private readonly make: (i: number) => IndexEntry,
    made?: IndexEntry[],
  ) {
    this.made = made ?? new Array<IndexEntry>(length);
    this.complete = made !== undefined;
  }

  /** The entries of a Matcher just built (already objects). */
  static of(entries: IndexEntry[]): EntryList {
    return new EntryList(entries.length, (i) => entries[i]!, entries);
  }

  /** Entry `i` (0 ≤ i < length: a caller's index comes from the same Matcher's own arrays). */
  get(i: number): IndexEntry {
    return (this.made[i] ??= this.make(i));
  }

  /** Every entry, as an array (made once). */
  all(): readonly IndexEntry[] {
    if (!this.complete) {
      for (let i = 0; i < this.length; i++) this.get(i);
      this.complete = true;
    }
    return this.made;
  }

  /** The entries the columns hold (without match data); a SnapshotError if they are unusable. */
  static fromColumns(x: unknown): EntryList {
    const s = record(x, 'entries');
    const id = checkPacked(s.id, 'entries.id');
    const n = id.ends.length;
    const name = checkPacked(s.name, 'entries.name', n);
    const words = checkStrings(s.words, 'entries.words');
    const c = checkArrays(s, COLUMNS, 'entries');
    for (const name of Object.keys(COLUMNS) as (keyof typeof COLUMNS)[])
      if (c[name].length !== n) throw new SnapshotError('entries columns differ in length');
    const { kind, count, mine, label, labelKey, tone, source } = c;
    // One indexed loop over the columns, no per-entry objects: this runs as a restarted worker
    // wakes, in code not yet optimised (for…of over four columns was 20 ms at 100,000 entries).
    const nWords = words.length;
    const isTone = Uint8Array.from(words, (w) => ((TONES as readonly string[]).includes(w) ? 1 : 0));
    const isWord = (w: number) => w >= 0 && w < nWords;
    for (let i = 0; i < n; i++) {
      const t = tone[i]!;
      if (!(isWord(label[i]!) && isWord(labelKey[i]!) && isWord(t) && isWord(source[i]!)))
        throw new SnapshotError('entries refer to a missing word');
      if (isTone[t] !== 1) throw new SnapshotError(`entries hold an unknown tone (${words[t]})`);
    }
    return new EntryList(n, (i) => {
      const e: IndexEntry = {
        id: packedAt(id, i),
        kind: kind[i] === 1 ? 'app' : 'claim',
        label: words[label[i]!]!,
        labelKey: words[labelKey[i]!]!,
        count: count[i]!,
        tone: words[tone[i]!] as Tone,
        name: packedAt(name, i),
        source: words[source[i]!]!,
      };
      if (mine[i] === 1) e.private = true;
      return e;
    });
  }
}
