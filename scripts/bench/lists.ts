/**
 * Deterministic entry lists for the benchmark: the bundled default list first, then made-up apps
 * (brand names with aliases, some case-sensitive, some needing context, some with a CJK name) and
 * claims (mostly free text whose rules are derived, as from a ClaimReview feed; a fifth hand-written).
 * Claims use the same news vocabulary as the generated pages, so their words are everywhere
 * on a page while the claims themselves are mostly absent.
 */
import defaultList from '../../assets/default-list.json';
import type { AppEntry, ClaimEntry, Entry } from '../../utils/feed/types';
import { validateOwnFeed } from '../../utils/feed/validate';
import { ADJECTIVES, APP_SUFFIXES, FIRST_NAMES, LAST_NAMES, NOUNS, ORG_WORDS, PLACES, SYLLABLES, VERBS } from './words';

/** A small seeded PRNG so every run benchmarks the same lists and pages. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = () => number;
export const pick = <T>(r: Rand, a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
export const cap = (s: string): string => s[0]!.toUpperCase() + s.slice(1);

const CJK = '云星光海龙风雪花山天明华金安乐信通达快新';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'September', 'October', 'November'];

export function brandName(r: Rand): string {
  const parts = 2 + (r() < 0.3 ? 1 : 0);
  let s = '';
  for (let i = 0; i < parts; i++) s += pick(r, SYLLABLES);
  s = cap(s);
  const roll = r();
  if (roll < 0.35) return `${s} ${pick(r, APP_SUFFIXES)}`;
  if (roll < 0.45) return `${s}${Math.floor(r() * 20)}`;
  if (roll < 0.55) return s.slice(0, 3) + cap(s.slice(3) || 'io');
  return s;
}

export const personName = (r: Rand): string => `${pick(r, FIRST_NAMES)} ${pick(r, LAST_NAMES)}`;
export const orgName = (r: Rand): string => `${pick(r, ORG_WORDS)} ${pick(r, ORG_WORDS)}`;

function syntheticApp(r: Rand, i: number, used: Set<string>): AppEntry {
  let name = brandName(r);
  while (used.has(name.toLowerCase())) name = brandName(r);
  used.add(name.toLowerCase());
  const aliases: AppEntry['aliases'] = [];
  const roll = r();
  if (roll < 0.05) aliases.push({ text: name, caseSensitive: true });
  else if (roll < 0.1) aliases.push({ text: name, requireContext: ['app', 'apps', 'banned', 'download*'] });
  else aliases.push(name);
  if (name.includes(' ')) aliases.push(name.replace(/ /g, ''));
  if (r() < 0.1) aliases.push(pick(r, [...CJK]) + pick(r, [...CJK]) + pick(r, [...CJK]));
  if (r() < 0.05) aliases.push({ text: name.replace(/[^A-Z]/g, '') + 'X', caseSensitive: true });
  return {
    kind: 'app',
    id: `bench-app-${i}`,
    name,
    aliases,
    restrictions: [
      {
        where: pick(r, PLACES),
        scope: 'Government devices',
        status: r() < 0.8 ? 'in-force' : 'proposed',
        sources: [{ url: `https://example.org/restrictions/${i}` }],
      },
    ],
  };
}

/** One made-up claim: its text, and the parts a hand-written rule would use. */
export interface ClaimParts {
  text: string;
  subject: string;
  verb: string;
  object: string;
  place: string;
  year: number;
}

export function claimParts(r: Rand, appNames: readonly string[]): ClaimParts {
  const subject = pick(r, [
    () => `${cap(pick(r, ['senator', 'governor', 'mayor', 'minister']))} ${personName(r)}`,
    () => orgName(r),
    () => (appNames.length ? pick(r, appNames) : orgName(r)),
    () => `the ${pick(r, NOUNS)} ${pick(r, ['ministry', 'agency', 'council', 'regulator'])}`,
  ])();
  const verb = pick(r, VERBS);
  const object = `${pick(r, ADJECTIVES)} ${pick(r, NOUNS)}`;
  const place = pick(r, PLACES);
  const year = 1995 + Math.floor(r() * 31);
  const template = Math.floor(r() * 5);
  const text =
    template === 0
      ? `${cap(subject)} ${verb} ${object} in ${place} in ${year}.`
      : template === 1
        ? `Photo shows ${subject} after ${verb.replace(/ed$/, 'ing')} the ${object} near ${place}.`
        : template === 2
          ? `${cap(subject)} will pay $${2 + Math.floor(r() * 90)} million to ${orgName(r)} for ${object}.`
          : template === 3
            ? `${cap(subject)} ${verb} that ${pick(r, NOUNS)} in ${place} will be ${pick(r, VERBS)} by ${pick(r, MONTHS)} ${year}.`
            : `Viral post says ${subject} ${verb} ${object} across ${place} and ${pick(r, PLACES)}.`;
  return { text, subject, verb, object, place, year };
}

/** A fact-check headline about the claim (its words count at half weight in derived rules). */
function headline(r: Rand, p: ClaimParts): string | undefined {
  const roll = r();
  if (roll < 0.3) return undefined;
  if (roll < 0.5) return `Fact check: ${p.text.replace(/[.]$/, '')}`;
  if (roll < 0.8) return `No, ${p.subject} did not ${p.verb.replace(/ed$/, '')} ${p.object} in ${p.place}`;
  return `${cap(p.subject)} and the ${p.object}: what we know`;
}

function syntheticClaim(r: Rand, i: number, appNames: readonly string[]): ClaimEntry {
  const p = claimParts(r, appNames);
  const entry: ClaimEntry = {
    kind: 'claim',
    id: `bench-claim-${i}`,
    claim: p.text,
    verdict: r() < 0.5 ? 'false' : 'misleading',
    reviewedBy: 'Example Checks',
    sources: [{ url: `https://example.org/checks/${i}`, title: headline(r, p) }],
  };
  if (r() < 0.05) {
    // Hand-written rules name the entity and the object; the action and the place support them
    // (the shape of the bundled list's rules).
    entry.match = {
      all: [[p.subject.replace(/^the /, '')], [p.object]],
      support: [[p.verb.replace(/ed$/, '') + '*'], [p.place], [String(p.year)]],
      none: ['satire'],
    };
  }
  return entry;
}

/**
 * `count` entries: the bundled default list, then made-up entries (half apps, half claims), so
 * every list contains the smaller lists as its prefix.
 */
export function benchEntries(count: number, seed = 7): Entry[] {
  const base = validateOwnFeed(defaultList).entries.slice(0, count);
  const r = rng(seed);
  const used = new Set<string>();
  const appNames: string[] = [];
  const out: Entry[] = [...base];
  for (let i = out.length; i < count; i++) {
    if (i % 2 === 0) {
      const app = syntheticApp(r, i, used);
      appNames.push(app.name);
      out.push(app);
    } else out.push(syntheticClaim(r, i, appNames));
  }
  return out;
}

/** The phrases mark.js is given: every alias of an app, and each claim's text. */
export function markKeywords(entries: readonly Entry[]): string[] {
  const out: string[] = [];
  for (const e of entries) {
    if (e.kind === 'app') for (const a of e.aliases) out.push(typeof a === 'string' ? a : a.text);
    else out.push(e.claim.replace(/[.!?]+$/, ''));
  }
  return out;
}
