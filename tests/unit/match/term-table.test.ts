/**
 * The compiled index holds each term once: terms written differently that fold to the same thing
 * share one id, and terms that differ (a prefix, an amount, a case-sensitive alias) do not.
 */
import { describe, expect, it } from 'vitest';
import { compileIndex } from '../../../utils/match/index-data';
import type { Entry } from '../../../utils/feed/types';

const app = (id: string, aliases: (string | { text: string; caseSensitive: boolean })[]): Entry => ({
  kind: 'app',
  id,
  name: id,
  aliases,
  restrictions: [],
});

describe('term table', () => {
  it('keeps one id per distinct term', () => {
    const index = compileIndex(
      [
        app('a', ['Moon', 'moon', 'MOON', ' moon ', 'moon*', 'Moon*', 'moon**', 'moon＊']),
        app('b', ['$1 billion', 'US$1bn', '$1 Billion', { text: 'Moon', caseSensitive: true }]),
        app('c', [{ text: 'Moon', caseSensitive: true }, { text: 'MOON', caseSensitive: true }, 'moo n', 'Mo-on']),
      ].map((entry) => ({ entry, source: 'test' })),
    );
    const keys = index.terms.map((t) => JSON.stringify(t));
    // Every term once.
    expect(new Set(keys).size).toBe(keys.length);
    const idOf = (alias: number, entry: number) => index.entries[entry]!.aliases![alias]!.term;
    // "Moon", "moon", "MOON" and " moon " are one term; "moon*" and "Moon*" another.
    expect(new Set([0, 1, 2, 3].map((k) => idOf(k, 0))).size).toBe(1);
    expect(idOf(4, 0)).toBe(idOf(5, 0));
    expect(idOf(4, 0)).not.toBe(idOf(0, 0));
    // Case-sensitive "Moon" is its own term, shared by both entries; "MOON" another.
    expect(idOf(3, 1)).toBe(idOf(0, 2));
    expect(idOf(0, 2)).not.toBe(idOf(1, 2));
    expect(idOf(0, 2)).not.toBe(idOf(0, 0));
  });
});
