// @vitest-environment node
/**
 * Matching in the background (issue 15): what a content script gets through messages is what a
 * Matcher in the page would have found, entry for entry, across batches and a JSON round trip
 * (Chromium serialises extension messages as JSON).
 */
import { describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import {
  LocalMentionSource,
  MATCH_LIMITS,
  matchBatch,
  matchBatchInSteps,
  RemoteMentionSource,
  type BatchMatches,
} from '../../../utils/match/mention-source';
import type { Mention } from '../../../utils/match/matcher';
import { Library } from '../../../utils/background/library';
import { defaultMatcher } from '../default-index';

const TEXTS = [
  'DeepSeek was banned on Texas state devices, and TikTok too.',
  'Nothing to see in this sentence about the weather.',
  'Reports said Alibaba would invest $1 billion in DeepSeek.',
  'RedNote and Lemon8 are on the Texas list; TikTok again.',
];

/** A mention with its entry resolved, so two sources numbering entries apart can be compared. */
const resolved = (source: { entries: readonly { id: string; name: string }[] }, list: Mention[][]) =>
  list.map((ms) => ms.map((m) => ({ ...m, entry: source.entries[m.entry]!.id, features: undefined })));

describe('RemoteMentionSource', () => {
  it('finds what a Matcher in the page finds, entries included, batch after batch', async () => {
    const local = new LocalMentionSource(defaultMatcher);
    const requests: string[][] = [];
    const remote = new RemoteMentionSource(async (texts) => {
      requests.push(texts);
      return JSON.parse(JSON.stringify(matchBatch(defaultMatcher, texts))) as BatchMatches;
    });
    const expected = resolved(local, await local.scanBatch(TEXTS));
    expect(expected.flat().length).toBeGreaterThan(4);
    // Two batches: the second names entries the first already numbered.
    const first = await remote.scanBatch(TEXTS.slice(0, 2));
    const second = await remote.scanBatch(TEXTS.slice(2));
    expect(resolved(remote, [...first, ...second])).toEqual(expected);
    expect(requests).toEqual([TEXTS.slice(0, 2), TEXTS.slice(2)]);
    // One table entry per entry met, with no match data.
    const ids = remote.entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of remote.entries) expect(e).not.toHaveProperty('rule');
    for (const e of remote.entries) expect(e).not.toHaveProperty('aliases');
  });

  it('sends a text over the limit empty instead of losing the whole batch', async () => {
    const seen: string[][] = [];
    const remote = new RemoteMentionSource(async (texts) => {
      seen.push(texts);
      return matchBatch(defaultMatcher, texts);
    });
    const huge = 'TikTok '.repeat(MATCH_LIMITS.textChars / 7 + 1);
    const out = await remote.scanBatch([huge, TEXTS[0]!]);
    expect(seen[0]![0]).toBe('');
    expect(out[0]).toEqual([]);
    expect(out[1]!.map((m) => remote.entries[m.entry]!.id)).toContain('deepseek');
  });

  it('finds nothing when the background cannot answer (the extension was reloaded)', async () => {
    const remote = new RemoteMentionSource(async () => null);
    expect(await remote.scanBatch(TEXTS)).toEqual(TEXTS.map(() => []));
  });
});

describe('matchBatchInSteps', () => {
  it('answers what matchBatch answers, pausing between texts', async () => {
    let pauses = 0;
    const stepped = await matchBatchInSteps(defaultMatcher, TEXTS, () => (pauses++, Promise.resolve()), 0);
    expect(pauses).toBe(TEXTS.length);
    expect(stepped).toEqual(matchBatch(defaultMatcher, TEXTS));
  });
});

describe('matchBatch', () => {
  it('numbers entries per answer and leaves out the model features', () => {
    const answer = matchBatch(defaultMatcher, [TEXTS[0]!, TEXTS[0]!]);
    expect(answer.mentions[0]).toEqual(answer.mentions[1]);
    expect(answer.entries.map((e) => e.id).sort()).toEqual(['deepseek', 'tiktok']);
    for (const m of answer.mentions.flat()) expect(m).not.toHaveProperty('features');
  });
});

describe('Library.match (the background)', () => {
  it('matches with the index of the lists, and with the new one once they change', async () => {
    globalThis.indexedDB = new IDBFactory();
    const library = new Library();
    await library.ensureDefaults();
    const a = await library.match([TEXTS[0]!]);
    expect(a.mentions[0]!.map((m) => a.entries[m.entry]!.id)).toEqual(['deepseek', 'tiktok']);
    const m1 = await library.matcher();
    expect(await library.matcher()).toBe(m1);
    library.invalidate();
    expect(await library.matcher()).not.toBe(m1);
  });
});
