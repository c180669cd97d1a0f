/**
 * The background keeps its built Matcher in IndexedDB as a snapshot, so a restarted service
 * worker matches at once (issue 15): a restored Matcher must find exactly what the one it was
 * taken from finds, and a snapshot this code did not write must be refused, not half-used.
 */
import { describe, expect, it } from 'vitest';
import { Matcher, type MatcherSnapshot } from '../../../utils/match/matcher';
import { SnapshotError } from '../../../utils/match/snapshot';
import { compileIndex } from '../../../utils/match/index-data';
import { syntheticEntries } from '../../../scripts/bench/synthetic-entries';
import { newsPage } from '../../../scripts/bench/pages';
import { defaultFeed } from '../default-index';
import type { ClaimEntry } from '../../../utils/feed/types';

const mine: ClaimEntry = {
  kind: 'claim',
  id: 'my-claim',
  claim: 'The world is flat',
  verdict: 'false',
  reviewedBy: 'Me',
  sources: [{ url: 'https://example.org/mine' }],
};
const synthetic = syntheticEntries(2_000, 7);
const items = [
  { entry: mine, source: 'My entries', private: true },
  ...defaultFeed.entries.map((entry) => ({ entry, source: 'Source Flags default list' })),
  ...synthetic.map((entry) => ({ entry, source: 'Bench list' })),
];
const original = new Matcher(compileIndex(items));
/** As IndexedDB stores and reads it back: a structured clone. */
const stored = (): MatcherSnapshot => structuredClone(original.snapshot());

const texts = [
  'Reports said Alibaba would invest US$1bn in DeepSeek. Then it was over.',
  'Nepal blocked TikTok; Texas barred RedNote (小红书) and Lemon8. #DeleteTikTokApp',
  'My uncle says the world is flat, and that Congress has officially banned TikTok!',
  newsPage(60_000, synthetic, 3).html.replace(/<[^>]+>/g, '\n'),
];

describe('a restored Matcher', () => {
  const restored = Matcher.restore(stored());

  it('finds exactly what the Matcher it was taken from finds', () => {
    let mentions = 0;
    for (const text of texts) {
      const want = original.scan(text);
      mentions += want.length;
      expect(restored.scan(text)).toEqual(want);
    }
    // The texts exercise apps, hand-written and derived claims and a verbatim one.
    expect(mentions).toBeGreaterThan(20);
    const kinds = new Set(texts.flatMap((t) => original.scan(t).map((m) => `${m.kind}:${m.tier ?? ''}`)));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['app:', 'claim:inline']));
  });

  it('names in its mentions the entries the original names, made one by one', () => {
    const fresh = Matcher.restore(stored());
    const text = texts[3]!;
    const named = original.scan(text).map((m) => m.entry);
    expect(named.length).toBeGreaterThan(5);
    expect(fresh.scan(text).map((m) => fresh.entry(m.entry))).toEqual(named.map((i) => original.entry(i)));
    expect(fresh.entryCount).toBe(original.entries.length);
  });

  it('gives back the snapshot it was restored from', () => {
    expect(Matcher.restore(stored()).snapshot()).toEqual(original.snapshot());
  });

  it('keeps the entries as they were, the reader’s own marked private', () => {
    expect(restored.entries).toEqual(original.entries);
    expect(restored.entries.find((e) => e.id === 'my-claim')?.private).toBe(true);
    expect(restored.entries.find((e) => e.id === 'deepseek')?.private).toBeUndefined();
  });

  it('leaves claims out for evaluation as the original does', () => {
    const text = texts[3]!;
    const claims = original.scan(text).filter((m) => m.kind === 'claim');
    expect(claims.length).toBeGreaterThan(0);
    const exclude = claims.map((m) => m.entry);
    expect(restored.scan(text, exclude)).toEqual(original.scan(text, exclude));
  });

  it('is typed arrays and a few long strings, which storage copies whole', () => {
    const s = stored();
    const json = JSON.stringify(compileIndex(items)).length;
    expect(Object.values(s).filter((v) => ArrayBuffer.isView(v))).toHaveLength(5);
    expect(typeof s.entries.id.text).toBe('string');
    expect(typeof s.phrases.texts.text).toBe('string');
    expect(s.entries.id.text.length + s.entries.name.text.length).toBeLessThan(json / 5);
  });
});

/** A snapshot as arbitrary data, to be damaged at any depth. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the damage is deliberately untyped
type Loose = Record<string, any>;

describe('a snapshot this code did not write', () => {
  const damaged: [string, (s: Loose) => void][] = [
    ['another version', (s) => (s.version = 0)],
    ['no entries', (s) => delete s.entries],
    ['a column of the wrong type', (s) => (s.entries.count = [1, 2, 3])],
    ['columns of different lengths', (s) => (s.entries.kind = new Uint8Array(1))],
    ['an unknown tone', (s) => (s.entries.words = s.entries.words.map(() => 'purple'))],
    ['a label past the words', (s) => (s.entries.label[3] = s.entries.words.length)],
    ['a list name before the words', (s) => (s.entries.source[5] = -1)],
    ['claim arrays that do not fit', (s) => (s.claimTermStart = new Int32Array(3))],
    ['a start array that does not span its values', (s) => (s.trigClaims = new Int32Array(0))],
    ['phrases of another list', (s) => (s.phrases.prefix = new Uint8Array(2))],
    ['a damaged hash table', (s) => (s.phrases.buckets[3].mask = 7)],
    ['a bucket of a phrase past the terms', (s) => (s.phrases.buckets[3].items[0] = 1e6)],
    ['derived claims of another list', (s) => (s.derived.postStart = new Int32Array(4))],
    ['an alias of a missing entry', (s) => (s.aliasUses.entry[0] = 1e9)],
    ['alias columns of different lengths', (s) => (s.aliasUses.entry = s.aliasUses.entry.subarray(1))],
    ['a rule that is not one', (s) => (s.written[0][1] = 'all')],
    ['an amount term out of range', (s) => (s.amountText[0][0] = -1)],
    ['packed strings that overrun their text', (s) => (s.entries.name.ends[0] = 1e9)],
    ['packed strings that stop short of their text', (s) => (s.phrases.texts.text += 'x')],
    ['packed strings without their text', (s) => delete s.entries.id.text],
    ['null', (s) => Object.keys(s).forEach((k) => delete s[k])],
  ];
  it.each(damaged)('is refused: %s', (_what, damage) => {
    const s = stored() as unknown as Loose;
    damage(s);
    expect(() => Matcher.restore(s)).toThrow(SnapshotError);
  });

  it('is refused when it is not an object at all', () => {
    for (const x of [undefined, null, 42, 'snapshot']) expect(() => Matcher.restore(x)).toThrow(SnapshotError);
  });
});
