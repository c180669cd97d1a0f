/**
 * Where a page scan gets its mentions from. The match index lives once, in the background
 * (issue 15): a content script sends the text of its blocks in batches and gets back the mentions
 * and the few entries they name. Twenty tabs then hold one index, not twenty copies, and a page
 * never pays for building one.
 *
 * - `matchBatch` is the background's side: it runs the Matcher over a batch and packs the answer.
 * - `RemoteMentionSource` is the content script's side: it numbers the entries it has been told
 *   about in its own table, so the scanner reads `entries[m.entry]` as it always did.
 * - `LocalMentionSource` wraps a Matcher in the same shape (unit tests, the benchmark's in-page
 *   baseline).
 *
 * Pure: no browser APIs, no DOM.
 */
import type { IndexEntry } from './index-data';
import type { Matcher, Mention } from './matcher';
import { nextTask } from '../steps';

/** A batch of blocks as it travels to the background: at most this many texts… */
export const MATCH_LIMITS = {
  texts: 4000,
  /** …each at most this long (the walk cuts blocks at 50,000 characters; one huge text node may pass)… */
  textChars: 1_000_000,
  /** …and this many characters in all. */
  totalChars: 2_000_000,
} as const;

/** What the content script may know of an entry: how to badge and report it (no match data). */
export type BadgeEntry = Omit<IndexEntry, 'aliases' | 'rule'>;

/** The background's answer to a batch: `mentions[i]` are text i's, `entry` indexes `entries`. */
export interface BatchMatches {
  mentions: Mention[][];
  entries: BadgeEntry[];
}

export interface MentionSource {
  /** The mentions in each text, in order (the matcher's order within a text). */
  scanBatch(texts: readonly string[]): Promise<Mention[][]>;
  /** Entries by Mention.entry. */
  readonly entries: readonly BadgeEntry[];
}

/**
 * Runs the matcher over a batch (the background). Only what a badge and a card need crosses over:
 * the model's feature vectors (asked for by `--explain` only) never do.
 */
export function matchBatch(matcher: Matcher, texts: readonly string[]): BatchMatches {
  const packer = new Packer(matcher);
  return { mentions: texts.map((t) => packer.scan(t)), entries: packer.entries };
}

/**
 * matchBatch in steps: between texts, once `sliceMs` of work is done, it waits for `pause` (the
 * next task), so a batch against a list of 100,000 claims never holds the background for long
 * and other tabs' batches and the popup get their turn.
 */
export async function matchBatchInSteps(
  matcher: Matcher,
  texts: readonly string[],
  pause: () => Promise<void> = nextTask,
  sliceMs = 20,
): Promise<BatchMatches> {
  const packer = new Packer(matcher);
  const mentions: Mention[][] = [];
  let deadline = performance.now() + sliceMs;
  for (const text of texts) {
    if (performance.now() > deadline) {
      await pause();
      deadline = performance.now() + sliceMs;
    }
    mentions.push(packer.scan(text));
  }
  return { mentions, entries: packer.entries };
}

/** One answer's mentions, with the entries they name numbered in the order first met. */
class Packer {
  readonly entries: BadgeEntry[] = [];
  private readonly local = new Map<number, number>();

  constructor(private readonly matcher: Matcher) {}

  scan(text: string): Mention[] {
    if (text.length > MATCH_LIMITS.textChars) return [];
    return this.matcher.scan(text).map((m) => {
      let i = this.local.get(m.entry);
      if (i === undefined) {
        i = this.entries.push(this.matcher.entry(m.entry)) - 1;
        this.local.set(m.entry, i);
      }
      const { features: _features, ...rest } = m;
      return { ...rest, entry: i };
    });
  }
}

/**
 * The content script's side. Entries are kept by id in the order first met, so `entries[m.entry]`
 * stays the same for every batch of one scan; a new list means a new source (the content script
 * makes one when the background says the index changed).
 */
export class RemoteMentionSource implements MentionSource {
  private readonly table: BadgeEntry[] = [];
  private readonly byId = new Map<string, number>();

  constructor(private readonly request: (texts: string[]) => Promise<BatchMatches | null | undefined>) {}

  get entries(): readonly BadgeEntry[] {
    return this.table;
  }

  async scanBatch(texts: readonly string[]): Promise<Mention[][]> {
    // A text over the limit (one enormous text node) would get the whole batch refused: it is sent empty.
    const answer = await this.request(texts.map((t) => (t.length > MATCH_LIMITS.textChars ? '' : t)));
    if (!answer || answer.mentions.length !== texts.length) return texts.map(() => []);
    const ours = answer.entries.map((e) => {
      let i = this.byId.get(e.id);
      if (i === undefined) {
        i = this.table.push(e) - 1;
        this.byId.set(e.id, i);
      }
      return i;
    });
    return answer.mentions.map((list) => list.map((m) => ({ ...m, entry: ours[m.entry]! })));
  }
}

/** A Matcher in the page (unit tests, the benchmark's in-page baseline). */
export class LocalMentionSource implements MentionSource {
  constructor(readonly matcher: Matcher) {}

  get entries(): readonly BadgeEntry[] {
    return this.matcher.entries;
  }

  scanBatch(texts: readonly string[]): Promise<Mention[][]> {
    return Promise.resolve(texts.map((t) => this.matcher.scan(t)));
  }
}
