/** Deterministic synthetic entries for benchmarks: realistic-looking app names and claims. */
import type { Entry } from '../../utils/feed/types';
import { rng } from './lists';

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ze',
  'tru',
  'vex',
  'nor',
  'pli',
  'qua',
  'sen',
  'dor',
  'fin',
  'gal',
  'hex',
  'jor',
  'bry',
];
const PLACES = [
  'Italy',
  'Texas',
  'Taiwan',
  'India',
  'Nepal',
  'Canada',
  'Brazil',
  'Kenya',
  'Norway',
  'Chile',
  'Peru',
  'Japan',
];
const SUBJECTS = ['the mayor', 'a senator', 'the ministry', 'a celebrity', 'the company', 'scientists', 'the governor'];
const ACTIONS = [
  'banned',
  'approved',
  'funded',
  'cancelled',
  'invented',
  'sold',
  'closed',
  'hid',
  'doubled',
  'secretly tested',
];
const OBJECTS = ['vaccines', 'bridges', 'elections', 'coffee imports', 'solar panels', 'school lunches', 'river water'];

export function syntheticEntries(count: number, seed = 1): Entry[] {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)]!;
  const out: Entry[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      const name = pick(SYLLABLES) + pick(SYLLABLES) + pick(SYLLABLES) + (r() < 0.3 ? String(i % 97) : '');
      const cap = name[0]!.toUpperCase() + name.slice(1);
      out.push({
        kind: 'app',
        id: `app-${i}`,
        name: cap,
        aliases: [cap, `${cap} App`],
        restrictions: [
          {
            where: pick(PLACES),
            scope: 'Government devices',
            status: 'in-force',
            sources: [{ url: `https://example.org/s/${i}` }],
          },
        ],
      });
    } else {
      const claim = `${pick(SUBJECTS)} ${pick(ACTIONS)} ${pick(OBJECTS)} in ${pick(PLACES)} ${1990 + (i % 35)} case ${i}`;
      out.push({
        kind: 'claim',
        id: `claim-${i}`,
        claim: claim[0]!.toUpperCase() + claim.slice(1),
        verdict: r() < 0.5 ? 'false' : 'misleading',
        reviewedBy: 'Example Checks',
        sources: [{ url: `https://example.org/c/${i}` }],
      });
    }
  }
  return out;
}
