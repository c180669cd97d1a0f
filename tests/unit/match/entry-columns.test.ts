/**
 * A restarted worker restores the Matcher's entries from columns and makes each entry object only
 * when a mention names it: what it makes must be the entry that was stored, whichever is asked
 * for first, and a damaged column must be refused before any entry is read.
 */
import { describe, expect, it } from 'vitest';
import { EntryList, toColumnsSteps } from '../../../utils/match/entry-columns';
import type { IndexEntry } from '../../../utils/match/index-data';
import { SnapshotError } from '../../../utils/match/snapshot';
import { runSteps } from '../../../utils/steps';

const entries: IndexEntry[] = Array.from({ length: 300 }, (_, i) => ({
  id: `https://checks.example/${i}${i % 7 === 0 ? '-é' : ''}`,
  kind: i % 5 === 0 ? 'app' : 'claim',
  label: i % 3 === 0 ? 'False' : 'Misleading',
  labelKey: i % 3 === 0 ? 'verdict.false' : 'verdict.misleading',
  count: i % 4,
  tone: i % 3 === 0 ? 'refuted' : 'misleading',
  name: i === 0 ? '' : `Claim number ${i} “quoted” …`,
  source: i % 2 ? 'List A' : 'List B',
  ...(i % 11 === 0 ? { private: true as const } : {}),
}));
/** As IndexedDB reads the columns back. */
const stored = () => structuredClone(runSteps(toColumnsSteps(entries)));

describe('entries restored from columns', () => {
  it('are each the entry stored, in any order of asking, made once', () => {
    const list = EntryList.fromColumns(stored());
    expect(list.length).toBe(entries.length);
    for (const i of [299, 0, 150, 7, 1, 299]) expect(list.get(i)).toEqual(entries[i]);
    expect(list.get(150)).toBe(list.get(150));
    expect(list.all()).toEqual(entries);
    expect(list.all()[7]).toBe(list.get(7));
  });

  it('of a list just built are that list', () => {
    const list = EntryList.of(entries);
    expect(list.get(3)).toBe(entries[3]);
    expect(list.all()).toBe(entries);
  });

  it('are refused whole when a packed column is damaged', () => {
    const damaged = [
      (s: ReturnType<typeof stored>) => (s.name.ends[10] = s.name.ends[9]! - 1),
      (s: ReturnType<typeof stored>) => (s.id.text = s.id.text.slice(1)),
      (s: ReturnType<typeof stored>) => (s.name.ends = s.name.ends.subarray(1)),
    ];
    for (const damage of damaged) {
      const s = stored();
      damage(s);
      expect(() => EntryList.fromColumns(s)).toThrow(SnapshotError);
    }
  });
});
