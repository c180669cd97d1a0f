import { dismissalKey, type Dismissal } from '../../utils/dismissals';
import { describe, expect, it } from 'vitest';
import { CONTENT_TYPES, parseBroadcast, parseRequest } from '../../utils/messages';
import { handleMessage, type HandlerDeps } from '../../utils/background/handlers';
import type { SourceService } from '../../utils/background/sources';
import { TabFlagStore } from '../../utils/background/tab-flags';
import { DEFAULT_SETTINGS } from '../../utils/settings';
import { classifySender } from '../../utils/background/sender';

const EXT = 'abcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXT}/`;

describe('classifySender', () => {
  it.each([
    [{ id: EXT, url: `${ORIGIN}popup.html` }, 'page'],
    [{ id: EXT, url: `${ORIGIN}options.html`, tab: { id: 3, url: `${ORIGIN}options.html` } }, 'page'],
    [{ id: EXT, url: 'https://news.example/a', tab: { id: 3 } }, 'content'],
    [{ id: EXT, url: 'http://127.0.0.1:8000/', tab: { id: 3 } }, 'content'],
    [{ id: 'other-extension', url: 'https://news.example/a', tab: { id: 3 } }, null],
    [{ id: EXT, url: 'file:///etc/passwd', tab: { id: 3 } }, null],
    [{ id: EXT, url: 'https://news.example/a' }, null],
    [{ id: EXT, url: 'about:srcdoc', origin: 'https://news.example', tab: { id: 3 } }, 'content'],
    [{ id: EXT, url: 'about:blank', tab: { id: 3, url: 'https://news.example/a' } }, 'content'],
    [{ id: EXT, url: 'about:srcdoc', origin: 'null', tab: { id: 3, url: 'https://news.example/a' } }, null],
    [{ id: EXT, url: 'about:blank', tab: { id: 3, url: `${ORIGIN}options.html` } }, null],
    [{ id: EXT, url: 'about:srcdoc' }, null],
    [{}, null],
  ] as const)('%j → %s', (sender, kind) => {
    expect(classifySender(sender, EXT, ORIGIN)).toBe(kind);
  });
});

describe('parseRequest', () => {
  it.each([
    [{ type: 'getFrameView' }, { type: 'getFrameView' }],
    [
      { type: 'matchBlocks', texts: ['TikTok here.', ''] },
      { type: 'matchBlocks', texts: ['TikTok here.', ''] },
    ],
    [
      { type: 'getEntry', id: 'deepseek' },
      { type: 'getEntry', id: 'deepseek' },
    ],
    [
      { type: 'search', query: 'x', kind: 'app', limit: 5 },
      { type: 'search', query: 'x', kind: 'app', limit: 5 },
    ],
    [
      { type: 'search', query: 'x', kind: 'bogus', limit: 1e9 },
      { type: 'search', query: 'x', kind: undefined, limit: undefined },
    ],
    [
      { type: 'getTabFlags', tabId: 4 },
      { type: 'getTabFlags', tabId: 4 },
    ],
  ])('accepts %j', (msg, parsed) => {
    expect(parseRequest(msg)).toEqual(parsed);
  });

  it.each([
    [null],
    ['getIndex'],
    [{ type: 'deleteEverything' }],
    [{ type: 'getEntry', id: 42 }],
    [{ type: 'getIndex' }],
    [{ type: 'matchBlocks', texts: 'TikTok' }],
    [{ type: 'matchBlocks', texts: [42] }],
    [{ type: 'matchBlocks', texts: Array.from({ length: 4001 }, () => 'x') }],
    [{ type: 'matchBlocks', texts: ['x'.repeat(1_000_001)] }],
    [{ type: 'matchBlocks', texts: ['x'.repeat(900_000), 'x'.repeat(900_000), 'x'.repeat(900_000)] }],
    [{ type: 'getEntry', id: 'x'.repeat(5000) }],
    [{ type: 'search', query: { $gt: '' } }],
    [{ type: 'getTabFlags', tabId: '4' }],
    [{ type: 'reportFlags', flags: [{ id: 'x', kind: 'evil', name: '', label: '', tone: '', count: 1 }] }],
    [{ type: 'reportFlags', flags: 'all' }],
  ])('rejects %j', (msg) => {
    expect(parseRequest(msg)).toBeNull();
  });
});

describe('parseRequest: sources and settings', () => {
  const claimInput = { kind: 'claim', claim: 'c', verdict: 'false', url: 'https://x.example' };
  const appInput = { kind: 'app', name: 'A', where: 'W', scope: 'S', status: 'in-force', url: 'https://x.example' };
  it.each([
    [
      { type: 'addSource', url: 'https://fc.example/a.json' },
      { type: 'addSource', url: 'https://fc.example/a.json' },
    ],
    [
      { type: 'updateSource', id: 'src-1' },
      { type: 'updateSource', id: 'src-1' },
    ],
    [{ type: 'updateAll', extra: 1 }, { type: 'updateAll' }],
    [
      { type: 'removeSource', id: 'learned' },
      { type: 'removeSource', id: 'learned' },
    ],
    [
      { type: 'setSourceEnabled', id: 'builtin', enabled: false },
      { type: 'setSourceEnabled', id: 'builtin', enabled: false },
    ],
    [
      { type: 'setSourceInterval', id: 'src-1', intervalHours: 168 },
      { type: 'setSourceInterval', id: 'src-1', intervalHours: 168 },
    ],
    [
      { type: 'getSourceEntries', id: 'local' },
      { type: 'getSourceEntries', id: 'local' },
    ],
    [
      { type: 'addLocalEntry', entry: { ...claimInput, evil: 1 } },
      { type: 'addLocalEntry', entry: claimInput },
    ],
    [
      { type: 'addLocalEntry', entry: { ...appInput, aliases: ['B'] } },
      { type: 'addLocalEntry', entry: { ...appInput, aliases: ['B'] } },
    ],
    [
      { type: 'deleteEntries', sourceId: 'local', ids: ['a', 'b'] },
      { type: 'deleteEntries', sourceId: 'local', ids: ['a', 'b'] },
    ],
    [{ type: 'getSettings' }, { type: 'getSettings' }],
    [
      { type: 'setSettings', settings: { learnFromPages: true, density: 'every' } },
      { type: 'setSettings', settings: { learnFromPages: true, density: 'every' } },
    ],
    [{ type: 'exportAll' }, { type: 'exportAll' }],
    [
      { type: 'importAll', text: '{}' },
      { type: 'importAll', text: '{}' },
    ],
    [
      { type: 'learnClaimReviews', blocks: ['{"@type":"ClaimReview"}'] },
      { type: 'learnClaimReviews', blocks: ['{"@type":"ClaimReview"}'] },
    ],
  ])('accepts %j', (msg, parsed) => {
    expect(parseRequest(msg)).toEqual(parsed);
  });

  it.each([
    [{ type: 'addSource', url: 42 }],
    [{ type: 'addSource', url: 'x'.repeat(5000) }],
    [{ type: 'updateSource' }],
    [{ type: 'updateSource', id: '' }],
    [{ type: 'removeSource', id: { $ne: 1 } }],
    [{ type: 'setSourceEnabled', id: 'builtin', enabled: 'no' }],
    [{ type: 'setSourceInterval', id: 'src-1', intervalHours: Infinity }],
    [{ type: 'addLocalEntry', entry: { kind: 'claim', claim: 'c', verdict: 'false' } }],
    [{ type: 'addLocalEntry', entry: { ...claimInput, kind: 'other' } }],
    [{ type: 'addLocalEntry', entry: { ...appInput, aliases: 'B' } }],
    [{ type: 'addLocalEntry', entry: { ...claimInput, claim: 'x'.repeat(3000) } }],
    [{ type: 'deleteEntries', sourceId: 'local', ids: 'a' }],
    [{ type: 'setSettings', settings: { learnFromPages: 'yes' } }],
    [{ type: 'setSettings', settings: { pageCap: 0 } }],
    [{ type: 'setSettings', settings: { __proto__: { enabled: false }, admin: true } }],
    [{ type: 'importAll', text: 7 }],
    [{ type: 'learnClaimReviews', blocks: 'x' }],
    [{ type: 'learnClaimReviews', blocks: Array.from({ length: 21 }, () => '{}') }],
    [{ type: 'learnClaimReviews', blocks: ['x'.repeat(1_000_001)] }],
    [{ type: 'learnClaimReviews', blocks: ['x'.repeat(900_000), 'x'.repeat(900_000), 'x'.repeat(900_000)] }],
  ])('rejects %#', (msg) => {
    expect(parseRequest(msg)).toBeNull();
  });

  it('lets content scripts use only matching, read requests and learning', () => {
    expect([...CONTENT_TYPES].sort()).toEqual([
      'dismissClaim',
      'getEntry',
      'getFrameView',
      'learnClaimReviews',
      'matchBlocks',
      'reportFlags',
    ]);
  });
});

describe('parseBroadcast', () => {
  it.each([
    [
      { type: 'indexChanged', revision: 3 },
      { type: 'indexChanged', revision: 3 },
    ],
    [{ type: 'sourcesChanged', x: 1 }, { type: 'sourcesChanged' }],
    [{ type: 'indexChanged' }, null],
    [{ type: 'getIndex' }, null],
    ['indexChanged', null],
  ])('%j', (msg, parsed) => {
    expect(parseBroadcast(msg)).toEqual(parsed);
  });
});

describe('handleMessage routing', () => {
  const calls: string[] = [];
  const sources = new Proxy(
    {},
    {
      get:
        (_t, name: string) =>
        (..._args: unknown[]) => {
          calls.push(name);
          return Promise.resolve({ ok: true });
        },
    },
  ) as unknown as SourceService;
  const deps: HandlerDeps = {
    library: {} as never,
    sources,
    tabFlags: new TabFlagStore(),
    getSettings: async () => DEFAULT_SETTINGS,
    setSettings: async () => undefined,
    setBadge: () => undefined,
    getDismissals: async () => [],
    setDismissals: async () => undefined,
  };

  it.each([
    [{ type: 'addSource', url: 'https://x.example/a.json' }],
    [{ type: 'removeSource', id: 'src-1' }],
    [{ type: 'setSourceEnabled', id: 'builtin', enabled: false }],
    [{ type: 'setSettings', settings: { learnFromPages: true } }],
    [{ type: 'importAll', text: '{}' }],
    [{ type: 'exportAll' }],
    [{ type: 'addLocalEntry', entry: { kind: 'claim', claim: 'c', verdict: 'false', url: 'https://x.example' } }],
  ])('a content script cannot send %j', async (msg) => {
    calls.length = 0;
    expect(await handleMessage(msg, 'content', 1, deps, 'https://news.example/')).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it('learning takes the page URL from the browser, and only from content scripts', async () => {
    calls.length = 0;
    const msg = { type: 'learnClaimReviews', blocks: ['{}'] };
    await handleMessage(msg, 'content', 1, deps, 'https://fc.example/article');
    expect(calls).toEqual(['learn']);
    expect(await handleMessage(msg, 'page', undefined, deps)).toEqual({ added: 0 });
    expect(calls).toEqual(['learn']);
  });

  it('pages reach the source manager', async () => {
    calls.length = 0;
    await handleMessage({ type: 'updateSource', id: 'src-1' }, 'page', undefined, deps);
    await handleMessage({ type: 'removeSource', id: 'src-1' }, 'page', undefined, deps);
    expect(calls).toEqual(['update', 'remove']);
  });

  it('setSettings merges and validates', async () => {
    let stored: unknown;
    const out = await handleMessage({ type: 'setSettings', settings: { learnFromPages: true } }, 'page', undefined, {
      ...deps,
      setSettings: async (s) => void (stored = s),
    });
    expect(out).toEqual({ ...DEFAULT_SETTINGS, learnFromPages: true });
    expect(stored).toEqual(out);
  });
});

describe('"Not this claim" messages', () => {
  const make = () => {
    let stored: Dismissal[] = [];
    const deps: HandlerDeps = {
      library: { revision: 1, appliesTo: async () => [] } as never,
      sources: {} as never,
      tabFlags: new TabFlagStore(),
      getSettings: async () => DEFAULT_SETTINGS,
      setSettings: async () => undefined,
      setBadge: () => undefined,
      getDismissals: async () => stored,
      setDismissals: async (l) => {
        stored = l;
      },
    };
    return { deps, stored: () => stored };
  };

  it('records the site the browser names, never one the message claims, and a frame gets only its site', async () => {
    const { deps, stored } = make();
    const msg = { type: 'dismissClaim', id: 'c1', name: 'A claim', sentence: 'It is so.', site: 'evil.example' };
    expect(await handleMessage(msg, 'content', 1, deps, 'https://news.example/a', 0, 'news.example')).toEqual({
      ok: true,
    });
    await handleMessage({ type: 'dismissClaim', id: 'c2', name: 'B' }, 'content', 1, deps, 'x', 0, 'blog.example');
    expect(stored().map((d) => [d.id, d.site, d.sentence])).toEqual([
      ['c1', 'news.example', 'It is so.'],
      ['c2', 'blog.example', undefined],
    ]);
    const view = (await handleMessage({ type: 'getFrameView' }, 'content', 1, deps, 'x', 0, 'news.example')) as {
      dismissed: unknown;
    };
    expect(view.dismissed).toEqual({ site: [], sentences: [expect.stringMatching(/^c1\u0000it is so\.?$/)] });
    // Without a site (not a web frame) nothing is recorded.
    expect(await handleMessage({ type: 'dismissClaim', id: 'c3', name: 'C' }, 'content', 1, deps, 'x', 0, '')).toEqual({
      ok: false,
    });
  });

  it('only the extension pages list and undo them', async () => {
    const { deps, stored } = make();
    await handleMessage({ type: 'dismissClaim', id: 'c1', name: 'A' }, 'content', 1, deps, 'x', 0, 'news.example');
    expect(await handleMessage({ type: 'getDismissals' }, 'content', 1, deps, 'x', 0, 'news.example')).toBeUndefined();
    const list = (await handleMessage({ type: 'getDismissals' }, 'page', undefined, deps)) as Dismissal[];
    expect(list).toHaveLength(1);
    await handleMessage({ type: 'undoDismissal', key: dismissalKey(list[0]!) }, 'page', undefined, deps);
    expect(stored()).toEqual([]);
  });
});

describe('a frame sees only its view of the settings', () => {
  const settings = {
    ...DEFAULT_SETTINGS,
    pausedSites: ['paused.example'],
    where: { places: ['US', 'US-TX'], roles: ['state-employee'] },
  };
  const app = {
    kind: 'app' as const,
    id: 'zapp',
    name: 'Zapp',
    aliases: ['Zapp'],
    restrictions: [
      {
        where: 'Italy',
        scope: 's',
        status: 'in-force' as const,
        tags: ['IT'],
        sources: [{ url: 'https://a.example' }],
      },
      {
        where: 'Texas',
        scope: 's',
        status: 'in-force' as const,
        tags: ['US-TX'],
        sources: [{ url: 'https://b.example' }],
      },
    ],
  };
  const deps = (topSites: Record<number, string>): HandlerDeps => ({
    library: {
      revision: 4,
      appliesTo: async () => ['zapp'],
      getEntry: async (id: string) => (id === 'zapp' ? { entry: app, source: 'A list' } : null),
    } as never,
    sources: {} as never,
    tabFlags: new TabFlagStore(),
    getSettings: async () => settings,
    setSettings: async () => undefined,
    setBadge: () => undefined,
    getDismissals: async () => [],
    setDismissals: async () => undefined,
    topSiteOf: async (tab) => topSites[tab],
  });
  const viewOf = async (tab: number, frameId: number, site: string) =>
    (await handleMessage(
      { type: 'getFrameView' },
      'content',
      tab,
      deps({ 1: 'paused.example', 2: 'news.example' }),
      `https://${site}/`,
      frameId,
      site,
    )) as unknown as {
      view: Record<string, unknown>;
      appliesToYou: string[];
    };

  it('never carries the paused sites or "Where I am"', async () => {
    const r = await viewOf(2, 0, 'news.example');
    expect(Object.keys(r.view).sort()).toEqual(
      ['active', 'badgeStyle', 'density', 'learnFromPages', 'pageCap', 'showApps', 'showClaims', 'verdicts'].sort(),
    );
    expect(JSON.stringify(r)).not.toMatch(/paused\.example|US-TX|state-employee/);
    expect(r.view.active).toBe(true);
    expect(r.appliesToYou).toEqual(['zapp']);
  });

  it('a pause on the top-level site covers its cross-origin frames', async () => {
    expect((await viewOf(1, 0, 'paused.example')).view.active).toBe(false);
    expect((await viewOf(1, 3, 'ads.example')).view.active).toBe(false);
    expect((await viewOf(2, 3, 'ads.example')).view.active).toBe(true);
    // A paused site framed by another page stays paused.
    expect((await viewOf(2, 3, 'paused.example')).view.active).toBe(false);
  });

  it('getEntry says which restriction rows apply, decided in the background', async () => {
    const r = await handleMessage(
      { type: 'getEntry', id: 'zapp' },
      'content',
      2,
      deps({}),
      'https://news.example/',
      0,
      'news.example',
    );
    expect(r).toMatchObject({ applies: { you: true, rows: [1] } });
  });
});
