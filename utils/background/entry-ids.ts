/**
 * Entry ids are unique within one list, not across lists: two lists may both use "c1" for
 * different claims. The same entry in two lists (the same app or the same claim text) is one entry,
 * the copy from the higher-ranked list; a different entry that reuses an id gets a qualified id
 * naming its list, so neither is lost. Pure.
 */
import type { Entry } from '../feed/types';
import { runSteps } from '../steps';
import { hasReservedSeparator, ID_SEPARATOR as SEPARATOR } from '../feed/sanitize';

export function qualifiedId(id: string, sourceId: string): string {
  return `${id}${SEPARATOR}${sourceId}`;
}

/** The entry id and list of a qualified id, or null for a plain one. */
export function parseQualifiedId(id: string): { id: string; sourceId: string } | null {
  const at = id.lastIndexOf(SEPARATOR);
  if (at <= 0 || at + SEPARATOR.length >= id.length) return null;
  return { id: id.slice(0, at), sourceId: id.slice(at + SEPARATOR.length) };
}

const key = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/** Whether two entries with one id are the same entry (listed twice) rather than two. */
export function sameEntry(a: Entry, b: Entry): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'app' && b.kind === 'app') return key(a.name) === key(b.name);
  if (a.kind === 'claim' && b.kind === 'claim') return key(a.claim) === key(b.claim);
  return false;
}

/**
 * Entries in list priority order, with ids unique: a repeated id keeps its first copy when the
 * entries are the same, and is qualified with its list otherwise. An entry whose own id holds the
 * separator is left out: validation refuses such ids (utils/feed/validate.ts), so one can only be
 * a copy stored by an older version, and kept it would open another list's card (getEntry reads
 * `deepseek@@builtin` as the built-in list's "deepseek"). Only ids made here hold the separator.
 */
export function uniqueIds<T extends { entry: Entry; sourceId: string }>(rows: readonly T[]): T[] {
  return runSteps(uniqueIdsSteps(rows));
}

/** uniqueIds in steps of 1,024 rows (the background reads lists of 100,000 entries). */
export function* uniqueIdsSteps<T extends { entry: Entry; sourceId: string }>(
  rows: readonly T[],
): Generator<void, T[], void> {
  const first = new Map<string, Entry>();
  const out: T[] = [];
  let n = 0;
  for (const row of rows) {
    if ((++n & 1023) === 0) yield;
    if (hasReservedSeparator(row.entry.id)) continue;
    const known = first.get(row.entry.id);
    if (!known) {
      first.set(row.entry.id, row.entry);
      out.push(row);
    } else if (!sameEntry(known, row.entry)) {
      const id = qualifiedId(row.entry.id, row.sourceId);
      if (first.has(id)) continue;
      first.set(id, row.entry);
      out.push({ ...row, entry: { ...row.entry, id } });
    }
  }
  return out;
}
