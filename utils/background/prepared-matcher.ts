/**
 * The Matcher for lists about to be stored (issue 15): an update has read a source's new list,
 * and storing it takes about a second at 100,000 entries. The Matcher with it is built meanwhile,
 * in steps, from the entries in memory and the other enabled lists, and the Library adopts it once
 * the list is stored, or cancels it when the list is not stored or the lists change meanwhile.
 */
import type { Entry } from '../feed/types';
import { compileIndexSliced, type SourcedEntry } from '../match/index-data';
import { Matcher } from '../match/matcher';
import { laterTask, runInSteps } from '../steps';
import { enabledEntries, type Db, type UpcomingList } from '../db';
import { LEARNED_SOURCE_ID, LOCAL_SOURCE_ID } from '../db-schema';
import { uniqueIdsSteps } from './entry-ids';

/**
 * The enabled lists' rows as the index takes them, in source priority order (My entries first;
 * uniqueIdsSteps: the first copy of an entry wins, another entry reusing its id in another list
 * is kept under a qualified id). The reader's own lists are marked private.
 */
function sourcedEntries(rows: readonly { entry: Entry; source: string; sourceId: string }[]): SourcedEntry[] {
  return rows.map(({ entry, source, sourceId }) =>
    sourceId === LOCAL_SOURCE_ID || sourceId === LEARNED_SOURCE_ID
      ? { entry, source, private: true }
      : { entry, source },
  );
}

/**
 * The enabled lists as the index takes them (with `upcoming`, as they will be once it is stored).
 * The read is begun by the call itself, before its first pause.
 */
export async function readSourcedEntries(
  db: Db,
  upcoming?: UpcomingList,
  pause: () => Promise<void> = laterTask,
  sliceMs = 20,
): Promise<SourcedEntry[]> {
  const rows = await enabledEntries(db, upcoming);
  return sourcedEntries(await runInSteps(uniqueIdsSteps(rows), pause, sliceMs));
}

export interface PreparedMatcher {
  sourceId: string;
  /** When the build began (the User Timing measure of an adopted Matcher starts there). */
  started: number;
  /** The entries the Matcher is built from (the Library's items once adopted). */
  items: Promise<SourcedEntry[]>;
  matcher: Promise<Matcher>;
  /** Stops the build at its next step (its promises then reject). */
  cancel(): void;
}

/**
 * The build's steps are shorter than the usual 20 ms: the list's write puts its next chunk in
 * between two steps, and with 20 ms steps a 100,000-entry list took 3 s to store instead of 0.9 s.
 */
const SLICE_MS = 8;

/** The build of a prepared Matcher was given up. */
class Cancelled extends Error {}

export function prepareMatcher(db: Db, list: UpcomingList): PreparedMatcher {
  const started = performance.now();
  let cancelled = false;
  const check = () => {
    if (cancelled) throw new Cancelled();
  };
  const pause = async () => {
    await laterTask();
    check();
  };
  // Begun now, before the list's own write: the other lists are read first, not after it.
  const items = readSourcedEntries(db, list, pause, SLICE_MS);
  const matcher = items.then(async (all) => {
    check();
    const index = await compileIndexSliced(all, pause, SLICE_MS);
    check();
    return Matcher.create(index, undefined, pause, SLICE_MS);
  });
  // Awaited only when adopted.
  matcher.catch(() => undefined);
  return { sourceId: list.sourceId, started, items, matcher, cancel: () => void (cancelled = true) };
}
