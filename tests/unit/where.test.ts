import { describe, expect, it } from 'vitest';
import { appliesTo, parseWhere, restrictionsFor, type WhereIAm } from '../../utils/where';
import { defaultFeed } from './default-index';
import type { AppEntry } from '../../utils/feed/types';

const me = (places: string[], roles: string[] = []): WhereIAm => ({ places, roles });

describe('appliesTo', () => {
  it.each([
    [['US', 'US-TX', 'gov-device', 'state-employee'], me(['US', 'US-TX'], ['state-employee']), true],
    [['US', 'US-TX', 'gov-device', 'state-employee'], me(['US'], ['state-employee']), false], // not in Texas
    [['US', 'US-TX', 'gov-device', 'state-employee'], me(['US', 'US-TX']), false], // not a state employee
    [['IT', 'nationwide'], me(['IT']), true],
    [['IT', 'nationwide'], me(['FR']), false],
    [['AU', 'gov-device', 'federal-employee'], me(['AU'], ['federal-employee']), true],
    [['TW', 'gov-device'], me(['TW'], ['state-employee']), true], // any government worker
    [['TW', 'gov-device'], me(['TW']), false],
    [['US', 'nasa', 'gov-device', 'federal-employee'], me(['US'], ['nasa']), true],
    [['US', 'US-MT'], me(['US', 'US-MT']), true],
    [[], me(['US'], ['gov-device']), false],
  ])('%j for %j → %s', (tags, who, expected) => {
    expect(appliesTo({ tags }, who)).toBe(expected);
  });
});

describe('restrictionsFor', () => {
  const deepseek = defaultFeed.entries.find((e) => e.id === 'deepseek') as AppEntry;
  it('finds the Texas state-device ban for a Texas state employee', () => {
    const rows = restrictionsFor(deepseek, me(['US', 'US-TX'], ['state-employee']));
    expect(rows.map((r) => r.where)).toContain('US, Texas');
  });
  it('finds Italy for anyone in Italy', () => {
    expect(restrictionsFor(deepseek, me(['IT'])).map((r) => r.where)).toEqual(['Italy']);
  });
  it('finds nothing for someone who said nothing', () => {
    expect(restrictionsFor(deepseek, me([]))).toEqual([]);
  });
});

describe('parseWhere', () => {
  it('keeps only short codes', () => {
    expect(parseWhere({ places: ['US', 'US-TX', 'US', '<script>', 5], roles: ['nasa', { a: 1 }] })).toEqual({
      places: ['US', 'US-TX'],
      roles: ['nasa'],
    });
    expect(parseWhere(null)).toEqual({ places: [], roles: [] });
  });
});
