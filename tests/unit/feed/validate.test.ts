import { describe, expect, it } from 'vitest';
import { validateOwnFeed } from '../../../utils/feed/validate';
import type { AppEntry, ClaimEntry, Entry } from '../../../utils/feed/types';

const src = (url = 'https://checks.example/a') => ({ url });
const claim = (over: Record<string, unknown> = {}) => ({
  kind: 'claim',
  id: 'moon-cheese',
  claim: 'The moon is made of cheese',
  verdict: 'refuted-by-fact-checker',
  reviewedBy: 'Example Checks',
  sources: [src()],
  ...over,
});
const restriction = (over: Record<string, unknown> = {}) => ({
  where: 'Ruritania',
  scope: 'Banned on government phones',
  status: 'in-force',
  sources: [src('https://news.example/ban')],
  ...over,
});
const app = (over: Record<string, unknown> = {}) => ({
  kind: 'app',
  id: 'chatterbox',
  name: 'Chatterbox',
  aliases: ['Chatterbox', { text: 'CBX', caseSensitive: true }],
  restrictions: [restriction()],
  ...over,
});
const feed = (entries: unknown[], over: Record<string, unknown> = {}) => ({
  format: 'source-flags-feed',
  version: 1,
  title: 'Test list',
  entries,
  ...over,
});

describe('validateOwnFeed: feed-level problems', () => {
  it.each([
    ['null', null, /not a JSON object/],
    ['a string', 'hello', /not a JSON object/],
    ['an array', [], /not a JSON object/],
    ['no format', { entries: [] }, /no "format" field/],
    ['wrong format', { format: 'other-feed', entries: [] }, /format is "other-feed"/],
    ['no entries', { format: 'source-flags-feed' }, /no "entries" array/],
    ['entries not an array', { format: 'source-flags-feed', entries: { a: 1 } }, /no "entries" array/],
  ])('%s is a clear error', (_name, input, message) => {
    const r = validateOwnFeed(input);
    expect(r.error).toMatch(message);
    expect(r.entries).toEqual([]);
    expect(r.format).toBe('source-flags');
  });
});

describe('validateOwnFeed: good entries', () => {
  it('keeps a valid claim and app exactly', () => {
    const r = validateOwnFeed(feed([claim(), app()]));
    expect(r.error).toBeUndefined();
    expect(r.title).toBe('Test list');
    expect(r.skipped).toBe(0);
    expect(r.problems).toEqual([]);
    expect(r.entries).toEqual([
      {
        kind: 'claim',
        id: 'moon-cheese',
        claim: 'The moon is made of cheese',
        verdict: 'refuted-by-fact-checker',
        reviewedBy: 'Example Checks',
        sources: [{ url: 'https://checks.example/a' }],
      },
      {
        kind: 'app',
        id: 'chatterbox',
        name: 'Chatterbox',
        aliases: ['Chatterbox', { text: 'CBX', caseSensitive: true }],
        restrictions: [
          {
            where: 'Ruritania',
            scope: 'Banned on government phones',
            status: 'in-force',
            sources: [{ url: 'https://news.example/ban' }],
          },
        ],
      },
    ]);
  });

  it('keeps optional fields and a match rule', () => {
    const input = claim({
      ratingText: 'Pants on Fire',
      reviewDate: "'Friday'",
      medium: 'Blog post',
      origin: 'A forum, 2025',
      summary: 'No.',
      caveat: 'Disputed by some.',
      match: { all: [['moon'], ['cheese']], support: [['made of']], minSupport: 1, none: ['cheesecake'] },
      sources: [{ url: 'https://checks.example/a', title: 'T', publisher: 'P', date: 'undated' }],
    });
    const [entry] = validateOwnFeed(feed([input])).entries as ClaimEntry[];
    expect(entry).toEqual({ ...input, sources: input.sources });
  });

  it('trims, strips tags and invisible characters, collapses whitespace', () => {
    const r = validateOwnFeed(
      feed([
        claim({ id: ' \u200Bmoon ', claim: '  The <b>moon</b>\u202E is\n\tcheese\u0007 ', reviewedBy: '<i>EC</i>' }),
      ]),
    );
    const e = r.entries[0] as ClaimEntry;
    expect(e.id).toBe('moon');
    expect(e.claim).toBe('The moon is cheese');
    expect(e.reviewedBy).toBe('EC');
  });

  it('accepts verdicts and statuses in any case, and a bare URL string as a source', () => {
    const r = validateOwnFeed(feed([claim({ verdict: ' FALSE ', sources: ['https://checks.example/b'] })]));
    expect(r.entries[0]).toMatchObject({ verdict: 'false', sources: [{ url: 'https://checks.example/b' }] });
  });

  it('treats a missing title as "Untitled list" and notes a newer version', () => {
    const r = validateOwnFeed(feed([], { title: 42, version: 2 }));
    expect(r.title).toBe('Untitled list');
    expect(r.problems[0]).toMatch(/version 2/);
  });
});

describe('validateOwnFeed: bad entries are skipped with reasons', () => {
  it.each([
    ['not an object', 'oops', /entry 1: is not an object/],
    ['no id', claim({ id: undefined }), /entry 1: has no id/],
    ['empty id', claim({ id: '  ' }), /entry 1: has an empty or non-text id/],
    ['numeric id', claim({ id: 7 }), /non-text id/],
    ['long id', claim({ id: 'x'.repeat(201) }), /longer than 200/],
    ['unknown kind', claim({ kind: 'rumour' }), /id "moon-cheese"\): has an unknown kind "rumour"/],
    ['no claim text', claim({ claim: '<b></b>' }), /has no claim text/],
    ['claim of wrong type', claim({ claim: ['a'] }), /has no claim text/],
    ['unknown verdict', claim({ verdict: 'probably' }), /unknown verdict "probably"/],
    ['no reviewer', claim({ reviewedBy: undefined }), /reviewedBy/],
    ['no sources', claim({ sources: [] }), /has no source with an http or https link/],
    ['sources not a list', claim({ sources: 'https://a.example' }), /has no source/],
    ['only unsafe sources', claim({ sources: [{ url: 'javascript:alert(1)' }, 'data:text/html,x'] }), /has no source/],
    ['app without name', app({ name: '' }), /has no name/],
    ['app without aliases', app({ aliases: 'Chatterbox' }), /has no "aliases" list/],
    ['app without restrictions', app({ restrictions: undefined }), /has no "restrictions" list/],
  ])('%s', (_name, entry, reason) => {
    const r = validateOwnFeed(feed([entry, claim({ id: 'good' })]));
    expect(r.skipped).toBe(1);
    expect(r.entries.map((e) => e.id)).toEqual(['good']);
    expect(r.problems.join('\n')).toMatch(reason);
  });

  it('skips duplicate ids, keeping the first', () => {
    const r = validateOwnFeed(feed([claim({ claim: 'first' }), claim({ claim: 'second' })]));
    expect(r.entries).toHaveLength(1);
    expect((r.entries[0] as ClaimEntry).claim).toBe('first');
    expect(r.problems).toEqual(['entry 2 (id "moon-cheese"): duplicate id (first used by entry 1)']);
  });

  it('an id first used by a skipped entry is still free', () => {
    const r = validateOwnFeed(feed([claim({ verdict: 'x' }), claim()]));
    expect(r.entries).toHaveLength(1);
    expect(r.skipped).toBe(1);
  });
});

describe('validateOwnFeed: rows and optional fields', () => {
  it('drops a restriction without sources and says so in plain words', () => {
    const r = validateOwnFeed(
      feed([app({ restrictions: [restriction(), restriction({ sources: [{ url: 'ftp://x.example/a' }] })] })]),
    );
    const e = r.entries[0] as AppEntry;
    expect(e.restrictions).toHaveLength(1);
    expect(r.skipped).toBe(0);
    expect(r.problems).toContain('entry 1 (id "chatterbox"): restriction 2 has no sources');
  });

  it.each([
    ['no where', restriction({ where: 3 }), /restriction 1 does not say where/],
    ['no scope', restriction({ scope: '' }), /restriction 1 has no scope/],
    ['bad status', restriction({ status: 'banned' }), /restriction 1 has an unknown status "banned"/],
    ['not an object', 'Italy', /restriction 1 is not an object/],
  ])('drops a restriction with %s', (_name, row, reason) => {
    const r = validateOwnFeed(feed([app({ restrictions: [row] })]));
    expect((r.entries[0] as AppEntry).restrictions).toEqual([]);
    expect(r.problems.join('\n')).toMatch(reason);
  });

  it('drops optional fields of the wrong type', () => {
    const r = validateOwnFeed(
      feed([
        claim({ ratingText: 5, summary: {}, caveat: null, match: 'moon', medium: ['x'] }),
        app({
          description: false,
          aliases: ['A', { text: 'B', caseSensitive: 'yes', typo: 1, requireContext: 'x' }, 7, {}],
          restrictions: [restriction({ date: '2025-13-45', tags: ['IT', 5, ''], authority: 9 })],
        }),
      ]),
    );
    expect(r.entries[0]).toEqual(claim());
    const a = r.entries[1] as AppEntry;
    expect(a.description).toBeUndefined();
    expect(a.aliases).toEqual(['A', { text: 'B' }]);
    expect(a.restrictions[0]).toEqual({ ...restriction(), tags: ['IT'] });
    expect(r.problems.join('\n')).toMatch(/date "2025-13-45" dropped/);
    expect(r.problems.join('\n')).toMatch(/match rule dropped/);
  });

  it('keeps a valid ISO restriction date', () => {
    const r = validateOwnFeed(feed([app({ restrictions: [restriction({ date: '2025-02-07' })] })]));
    expect((r.entries[0] as AppEntry).restrictions[0]!.date).toBe('2025-02-07');
  });

  it('drops unsafe source URLs but keeps the safe ones, de-duplicated', () => {
    const r = validateOwnFeed(
      feed([
        claim({
          sources: [
            { url: 'javascript:alert(1)' },
            { url: 'https://a.example/x' },
            { url: 'vbscript:msgbox' },
            { url: 'https://a.example/x' },
            { url: 'http://b.example/' },
          ],
        }),
      ]),
    );
    expect((r.entries[0] as ClaimEntry).sources.map((s) => s.url)).toEqual([
      'https://a.example/x',
      'http://b.example/',
    ]);
  });
});

describe('validateOwnFeed: caps', () => {
  it.each([
    [
      'aliases',
      () => app({ aliases: Array.from({ length: 150 }, (_, i) => `a${i}`) }),
      (e: Entry) => (e as AppEntry).aliases,
      100,
    ],
    [
      'restrictions',
      () => app({ restrictions: Array.from({ length: 250 }, () => restriction()) }),
      (e: Entry) => (e as AppEntry).restrictions,
      200,
    ],
    [
      'sources',
      () => claim({ sources: Array.from({ length: 60 }, (_, i) => src(`https://a.example/${i}`)) }),
      (e: Entry) => (e as ClaimEntry).sources,
      50,
    ],
    [
      'match groups',
      () => claim({ match: { all: Array.from({ length: 30 }, (_, i) => [`t${i}`]) } }),
      (e: Entry) => (e as ClaimEntry).match!.all,
      20,
    ],
    [
      'terms per group',
      () => claim({ match: { all: [Array.from({ length: 150 }, (_, i) => `t${i}`)] } }),
      (e: Entry) => (e as ClaimEntry).match!.all[0],
      100,
    ],
  ])('caps %s', (_name, make, pick, max) => {
    const r = validateOwnFeed(feed([make()]));
    expect(pick(r.entries[0]!)).toHaveLength(max);
  });

  it.each([
    ['claim', 2000],
    ['reviewedBy', 200],
    ['summary', 2000],
  ])('caps the %s text at %i characters', (field, max) => {
    const e = validateOwnFeed(feed([claim({ [field]: 'word '.repeat(10_000) })])).entries[0] as unknown as Record<
      string,
      string
    >;
    expect(e[field]!.length).toBeLessThanOrEqual(max);
    expect(e[field]!.length).toBeGreaterThan(max - 10);
  });

  it('keeps the first 200,000 entries and reports the rest', () => {
    const entries = new Array(200_005).fill(0);
    const r = validateOwnFeed(feed(entries));
    expect(r.skipped).toBe(200_005);
    expect(r.problems[0]).toBe('5 entries past the first 200000 were skipped');
    expect(r.problems).toHaveLength(50);
  });
});

describe('validateOwnFeed: prototype safety', () => {
  it('never copies __proto__ or constructor and never pollutes Object.prototype', () => {
    const text = JSON.stringify(feed([claim()])).replace(
      '"kind":"claim"',
      '"__proto__":{"polluted":1,"verdict":"true"},"constructor":{"prototype":{"polluted":2}},"kind":"claim"',
    );
    const r = validateOwnFeed(JSON.parse(text));
    const e = r.entries[0]!;
    expect(Object.getPrototypeOf(e)).toBe(Object.prototype);
    expect(Object.keys(e)).not.toContain('__proto__');
    expect(Object.keys(e)).not.toContain('constructor');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((e as ClaimEntry).verdict).toBe('refuted-by-fact-checker');
  });

  it('does not read inherited fields', () => {
    const proto = { id: 'inherited', kind: 'claim' };
    const entry = Object.assign(Object.create(proto), {
      claim: 'x',
      verdict: 'false',
      reviewedBy: 'y',
      sources: [src()],
    });
    const r = validateOwnFeed(feed([entry]));
    expect(r.entries).toEqual([]);
    expect(r.problems[0]).toMatch(/has no id/);
  });
});

describe('validateOwnFeed: an app without a restrictions list', () => {
  it('is skipped with that one reason, without notes on its aliases', () => {
    const r = validateOwnFeed({
      format: 'source-flags-feed',
      version: 1,
      entries: [{ kind: 'app', id: 'a', name: 'Zorblax', aliases: ['', 'Zorblax', 42] }],
    });
    expect(r.entries).toEqual([]);
    expect(r.problems).toEqual(['entry 1 (id "a"): has no "restrictions" list']);
  });
});
