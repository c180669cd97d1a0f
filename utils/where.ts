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

/** Places offered in the options (ISO 3166 codes; names are in _locales as place_XX). Feeds may use others. */
export const PLACES: readonly string[] = [
  'AU',
  'AU-NSW',
  'BE',
  'CA',
  'CN',
  'CZ',
  'DE',
  'DE-BE',
  'EU',
  'IN',
  'IT',
  'KR',
  'NL',
  'NP',
  'TW',
  'US',
  'US-MT',
  'US-NY',
  'US-SD',
  'US-TX',
];

/** Roles offered in the options (names are in _locales as role_xx). */
export const ROLES: readonly string[] = [
  'gov-device',
  'federal-employee',
  'state-employee',
  'military',
  'navy',
  'nasa',
  'us-house',
];

const ROLE_TAGS = new Set([...ROLES, 'nationwide', 'employer']);

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
  return me.roles.some(
    (t) =>
      t === 'gov-device' ||
      t.endsWith('-employee') ||
      t === 'military' ||
      t === 'nasa' ||
      t === 'us-house' ||
      t === 'navy',
  );
}

/** Restrictions of an app that are in force and apply to the user. */
export function restrictionsFor(app: AppEntry, me: WhereIAm): Restriction[] {
  return app.restrictions.filter((r) => ACTIVE_STATUSES.has(r.status) && appliesTo(r, me));
}

export function parseWhere(raw: unknown): WhereIAm {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const codes = (v: unknown) =>
    Array.isArray(v)
      ? [...new Set(v.filter((x): x is string => typeof x === 'string' && /^[A-Za-z0-9-]{1,24}$/.test(x)))].slice(
          0,
          100,
        )
      : [];
  return { places: codes(r.places), roles: codes(r.roles) };
}
