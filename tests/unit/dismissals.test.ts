import { describe, expect, it } from 'vitest';
import {
  addDismissal,
  dismissalKey,
  DismissedSet,
  dismissedOn,
  MAX_DISMISSALS,
  parseDismissals,
  removeDismissal,
  type Dismissal,
} from '../../utils/dismissals';

const d = (patch: Partial<Dismissal> = {}): Dismissal => ({
  id: 'c1',
  name: 'A claim',
  site: 'news.example',
  at: 1,
  ...patch,
});

describe('"Not this claim"', () => {
  it('hides a claim in one sentence (however it is spaced or cased), or on a whole site', () => {
    const list = [d({ sentence: 'The world  is FLAT, they said.' }), d({ id: 'c2', site: 'blog.example' })];
    const here = new DismissedSet(dismissedOn(list, 'news.example'));
    expect(here.hides('c1', 'the world is flat, they said.')).toBe(true);
    expect(here.hides('c1', 'Another sentence.')).toBe(false);
    expect(here.hides('c2', 'Anything')).toBe(false);
    const blog = new DismissedSet(dismissedOn(list, 'blog.example'));
    expect(blog.hides('c2', 'Anything at all')).toBe(true);
    expect(blog.hides('c1', 'The world is flat, they said.')).toBe(false);
  });

  it('a frame learns only its own site', () => {
    const list = [d({ site: 'a.example' }), d({ site: 'b.example', id: 'secret' })];
    expect(dismissedOn(list, 'a.example')).toEqual({ site: ['c1'], sentences: [] });
  });

  it('adding the same one twice keeps one; Undo removes it; the oldest go past the cap', () => {
    let list = addDismissal([], d());
    list = addDismissal(list, d({ at: 2 }));
    expect(list).toHaveLength(1);
    expect(removeDismissal(list, dismissalKey(d()))).toEqual([]);
    let many: Dismissal[] = [];
    for (let i = 0; i < MAX_DISMISSALS + 5; i++) many = addDismissal(many, d({ id: `c${i}` }));
    expect(many).toHaveLength(MAX_DISMISSALS);
    expect(many[0]!.id).toBe('c5');
  });

  it('reads back only well-formed items from storage', () => {
    expect(parseDismissals('nope')).toEqual([]);
    expect(parseDismissals([d(), { id: 5 }, null, d({ site: '' }), d({ sentence: 'x'.repeat(10_000) })])).toEqual([
      d(),
    ]);
  });
});
