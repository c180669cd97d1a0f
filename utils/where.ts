/**
 * "Where I am": the places and roles a user says apply to them, and whether a restriction
 * applies to them. Restrictions carry tags: ISO 3166 place codes ("US", "US-TX") and role tags
 * ("gov-device", "state-employee", "nationwide"…). Pure.
 */
import type { AppEntry, Restriction } from './feed/types';
import { ACTIVE_STATUSES } from './match/describe';

export interface WhereIAm {
  places: string[];
  roles: string[];
}

export const NOBODY: WhereIAm = { places: [], roles: [] };

/** Places offered in the options (code, English name). Other codes can still appear in feeds. */
export const PLACES: readonly [code: string, name: string][] = [
  ['AU', 'Australia'],
  ['AU-NSW', 'Australia: New South Wales'],
  ['BE', 'Belgium'],
  ['CA', 'Canada'],
  ['CN', 'China'],
  ['CZ', 'Czech Republic'],
  ['DE', 'Germany'],
  ['DE-BE', 'Germany: Berlin'],
  ['EU', 'European Union institutions'],
  ['IN', 'India'],
  ['IT', 'Italy'],
  ['KR', 'South Korea'],
  ['NL', 'Netherlands'],
  ['NP', 'Nepal'],
  ['TW', 'Taiwan'],
  ['US', 'United States'],
  ['US-MT', 'United States: Montana'],
  ['US-NY', 'United States: New York'],
  ['US-SD', 'United States: South Dakota'],
  ['US-TX', 'United States: Texas'],
];

/** Roles offered in the options (tag, English name). */
export const ROLES: readonly [tag: string, name: string][] = [
  ['gov-device', 'I use a government-issued device or work for a government'],
  ['federal-employee', 'Federal or national government employee'],
  ['state-employee', 'State or regional government employee'],
  ['military', 'Military or defence'],
  ['navy', 'US Navy'],
  ['nasa', 'NASA'],
  ['us-house', 'US House of Representatives staff'],
];

const ROLE_TAGS = new Set(ROLES.map(([tag]) => tag).concat(['nationwide', 'employer']));

/** Whether one restriction row applies to the user. Rows without tags never do (unknown scope). */
export function appliesTo(r: Pick<Restriction, 'tags'>, me: WhereIAm): boolean {
  const tags = r.tags ?? [];
  if (!tags.length || !me.places.length) return false;
  const places = tags.filter((t) => !ROLE_TAGS.has(t));
  if (!places.length) return false;
  // The most specific place counts: a Texas rule needs Texas, not just the United States.
  const specific = places.filter((p) => p.includes('-'));
  const needed = specific.length ? specific : places;
  if (!needed.some((p) => me.places.includes(p))) return false;
  const roles = tags.filter((t) => ROLE_TAGS.has(t));
  if (!roles.length || roles.includes('nationwide')) return true;
  const specificRoles = roles.filter((t) => t !== 'gov-device');
  if (specificRoles.length) return specificRoles.some((t) => me.roles.includes(t));
  // A generic government-device rule applies to anyone who said they work for a government.
  return me.roles.some((t) => t === 'gov-device' || t.endsWith('-employee') || t === 'military' || t === 'nasa' || t === 'us-house' || t === 'navy');
}

/** Restrictions of an app that are in force and apply to the user. */
export function restrictionsFor(app: AppEntry, me: WhereIAm): Restriction[] {
  return app.restrictions.filter((r) => ACTIVE_STATUSES.has(r.status) && appliesTo(r, me));
}

export function parseWhere(raw: unknown): WhereIAm {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const codes = (v: unknown) =>
    Array.isArray(v) ? [...new Set(v.filter((x): x is string => typeof x === 'string' && /^[A-Za-z0-9-]{1,24}$/.test(x)))].slice(0, 100) : [];
  return { places: codes(r.places), roles: codes(r.roles) };
}
