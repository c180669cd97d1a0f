/**
 * Badge label, label key (for localisation) and colour tone of an entry. Pure.
 */
import type { Entry, RestrictionStatus, Verdict } from '../feed/types';

export const TONES = [
  'refuted',
  'denied',
  'misleading',
  'unproven',
  'true',
  'restricted',
  'proposed',
  'lifted',
] as const;
export type Tone = (typeof TONES)[number];

const VERDICT_LABEL: Record<Verdict, [label: string, key: string, tone: Tone]> = {
  'refuted-by-fact-checker': ['Refuted', 'verdictRefuted', 'refuted'],
  false: ['False', 'verdictFalse', 'refuted'],
  'denied-by-subject': ['Denied', 'verdictDenied', 'denied'],
  misleading: ['Misleading', 'verdictMisleading', 'misleading'],
  mixed: ['Mixed', 'verdictMixed', 'misleading'],
  unsubstantiated: ['Unsubstantiated', 'verdictUnsubstantiated', 'unproven'],
  unrated: ['Fact-checked', 'verdictUnrated', 'unproven'],
  true: ['Rated true', 'verdictTrue', 'true'],
};

/** The verdict behind a claim's label key (each key belongs to exactly one verdict). */
export function verdictOfLabelKey(labelKey: string): Verdict | undefined {
  for (const [verdict, [, key]] of Object.entries(VERDICT_LABEL)) if (key === labelKey) return verdict as Verdict;
  return undefined;
}

/** Statuses that count as a restriction in place today. */
export const ACTIVE_STATUSES: ReadonlySet<RestrictionStatus> = new Set(['in-force', 'interim', 'temporary']);

export interface EntryDescription {
  label: string;
  labelKey: string;
  count: number;
  tone: Tone;
}

export function describeEntry(entry: Entry): EntryDescription {
  if (entry.kind === 'claim') {
    const [label, labelKey, tone] = VERDICT_LABEL[entry.verdict] ?? VERDICT_LABEL.unrated;
    return { label, labelKey, count: 0, tone };
  }
  const places = new Set(entry.restrictions.filter((r) => ACTIVE_STATUSES.has(r.status)).map((r) => r.where));
  const count = places.size;
  if (count > 0) {
    return {
      label: count === 1 ? 'Restricted in 1 place' : `Restricted in ${count} places`,
      labelKey: count === 1 ? 'restrictedOne' : 'restrictedMany',
      count,
      tone: 'restricted',
    };
  }
  if (entry.restrictions.some((r) => r.status !== 'lifted')) {
    return {
      label: 'Restrictions reported',
      labelKey: 'restrictionsReported',
      count: entry.restrictions.length,
      tone: 'proposed',
    };
  }
  return { label: 'Restriction lifted', labelKey: 'restrictionLifted', count: 0, tone: 'lifted' };
}
