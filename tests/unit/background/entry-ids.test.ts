// @vitest-environment node
/**
 * Entry ids are unique per list: the same entry in two lists counts once, a different entry that
 * reuses an id in another list is kept under a qualified id (and its card still opens).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { parseQualifiedId, qualifiedId, uniqueIds } from '../../../utils/background/entry-ids';
import { Library } from '../../../utils/background/library';
import { putEntries } from '../../../utils/db';
import { BUILTIN_SOURCE_ID, LOCAL_SOURCE_ID } from '../../../utils/db-schema';
import type { AppEntry, ClaimEntry, Entry } from '../../../utils/feed/types';

const claim = (id: string, text: string): ClaimEntry => ({
  kind: 'claim',
  id,
  claim: text,
  verdict: 'false',
  reviewedBy: 'Me',
  sources: [{ url: 'https://example.org/c' }],
});
const app = (id: string, name: string): AppEntry => ({ kind: 'app', id, name, aliases: [name], restrictions: [] });
const rows = (...list: [Entry, string][]) => list.map(([entry, sourceId]) => ({ entry, sourceId }));
const ids = (list: { entry: Entry }[]) => list.map((r) => r.entry.id);

describe('uniqueIds', () => {
  it.each([
    [
      'different ids stay as they are',
      rows([claim('a', 'Moon is cheese'), 's1'], [claim('b', 'Sun is cold'), 's2']),
      ['a', 'b'],
    ],
    [
      'the same claim in two lists counts once',
      rows([claim('a', 'Moon is cheese'), 's1'], [claim('a', ' moon  IS cheese'), 's2']),
      ['a'],
    ],
    ['the same app in two lists counts once', rows([app('x', 'DeepSeek'), 's1'], [app('x', 'deepseek'), 's2']), ['x']],
    [
      'another claim under the same id is qualified',
      rows([claim('a', 'Moon is cheese'), 's1'], [claim('a', 'Penguins fly'), 's2']),
      ['a', 'a@@s2'],
    ],
    [
      'an app and a claim sharing an id are both kept',
      rows([app('a', 'Quuxly'), 's1'], [claim('a', 'Quuxly is banned'), 's2']),
      ['a', 'a@@s2'],
    ],
    [
      'a repeat within the second list counts once',
      rows([claim('a', 'One'), 's1'], [claim('a', 'Two'), 's2'], [claim('a', 'Three'), 's2']),
      ['a', 'a@@s2'],
    ],
  ])('%s', (_, input, want) => {
    expect(ids(uniqueIds(input))).toEqual(want);
  });

  it('qualified ids name the entry and its list', () => {
    expect(parseQualifiedId(qualifiedId('c1', 'src-9'))).toEqual({ id: 'c1', sourceId: 'src-9' });
    expect(parseQualifiedId('plain-id')).toBeNull();
    expect(parseQualifiedId('@@x')).toBeNull();
    expect(parseQualifiedId('x@@')).toBeNull();
  });
});

describe('the library keeps both entries of a reused id', () => {
  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
  });

  it('badges and opens each', async () => {
    const library = new Library(undefined, '1.0.0');
    await library.ensureDefaults(1_750_000_000_000);
    const db = await library.db();
    // "My entries" ranks first: its entry keeps the plain id, the default list's is qualified.
    await putEntries(db, LOCAL_SOURCE_ID, [claim('alibaba-deepseek-investment', 'Penguins fly over the harbour')], 1);
    await putEntries(db, LOCAL_SOURCE_ID, [app('deepseek', 'DeepSeek')], 1);
    library.invalidate();
    const index = await library.getIndex();
    const entryIds = index.entries.map((e) => e.id);
    expect(entryIds).toContain('alibaba-deepseek-investment');
    expect(entryIds).toContain(`alibaba-deepseek-investment@@${BUILTIN_SOURCE_ID}`);
    // The same app in both lists: once.
    expect(entryIds.filter((id) => id === 'deepseek' || id.startsWith('deepseek@@'))).toEqual(['deepseek']);
    const mine = await library.getEntry('alibaba-deepseek-investment');
    expect(mine?.entry.kind === 'claim' && mine.entry.claim).toBe('Penguins fly over the harbour');
    const theirs = await library.getEntry(`alibaba-deepseek-investment@@${BUILTIN_SOURCE_ID}`);
    expect(theirs?.entry.id).toBe(`alibaba-deepseek-investment@@${BUILTIN_SOURCE_ID}`);
    expect(theirs?.entry.kind === 'claim' && theirs.entry.claim).toMatch(/Alibaba/);
  });
});
