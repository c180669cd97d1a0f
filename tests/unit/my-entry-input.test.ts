import { describe, expect, it } from 'vitest';
import { buildLocalEntry, type LocalEntryInput } from '../../utils/my-entry-input';

describe('buildLocalEntry', () => {
  it('builds a claim with its verdict and link; the reviewer defaults to the link host', () => {
    const r = buildLocalEntry(
      { kind: 'claim', claim: '  The moon is made of cheese ', verdict: 'false', url: 'https://www.fc.example/moon' },
      'my-1',
    );
    expect(r).toEqual({
      ok: true,
      entry: {
        kind: 'claim',
        id: 'my-1',
        claim: 'The moon is made of cheese',
        verdict: 'false',
        reviewedBy: 'fc.example',
        sources: [{ url: 'https://www.fc.example/moon' }],
      },
    });
  });

  it('builds an app with one restriction and its other names', () => {
    const r = buildLocalEntry(
      {
        kind: 'app',
        name: 'Zorblax',
        aliases: ['Zorb', 'Zorblax', ' '],
        where: 'Freedonia',
        scope: 'Banned on government phones',
        status: 'in-force',
        url: 'https://gov.example/z',
        date: '2025-02-03',
      },
      'my-2',
    );
    expect(r.ok && r.entry).toEqual({
      kind: 'app',
      id: 'my-2',
      name: 'Zorblax',
      aliases: ['Zorblax', 'Zorb'],
      restrictions: [
        {
          where: 'Freedonia',
          scope: 'Banned on government phones',
          status: 'in-force',
          date: '2025-02-03',
          sources: [{ url: 'https://gov.example/z' }],
        },
      ],
    });
  });

  it.each<[LocalEntryInput, RegExp]>([
    [{ kind: 'claim', claim: ' ', verdict: 'false', url: 'https://x.example' }, /no claim text/],
    [{ kind: 'claim', claim: 'x', verdict: 'spicy', url: 'https://x.example' }, /unknown verdict "spicy"/],
    [{ kind: 'claim', claim: 'x', verdict: 'false', url: 'javascript:alert(1)' }, /http or https link/],
    [{ kind: 'app', name: '', where: 'a', scope: 'b', status: 'in-force', url: 'https://x.example' }, /no name/],
    [{ kind: 'app', name: 'A', where: 'a', scope: 'b', status: 'maybe', url: 'https://x.example' }, /unknown status/],
    [{ kind: 'app', name: 'A', where: 'a', scope: 'b', status: 'in-force', url: 'ftp://x' }, /no sources/],
    [{ kind: 'app', name: 'A', where: '', scope: 'b', status: 'in-force', url: 'https://x.example' }, /where/],
  ])('refuses %j', (input, error) => {
    const r = buildLocalEntry(input, 'my-x');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^Not added: /);
    expect(!r.ok && r.error).toMatch(error);
  });
});

describe('My entries ids', () => {
  it('say nothing about when the entry was made', async () => {
    const { randomId } = await import('../../utils/background/source-context');
    const a = randomId('my');
    const b = randomId('my');
    expect(a).toMatch(/^my-[0-9a-z]{24}$/);
    expect(a).not.toBe(b);
    // The time in base 36 (what newId puts first) is not in it.
    expect(a).not.toContain(Date.now().toString(36).slice(0, 6));
  });
});
