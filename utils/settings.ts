/**
 * User settings (stored with browser.storage.local under "settings"), versioned: stored
 * settings of any earlier version are read through parseSettings, which fills what is new
 * with defaults. Pure.
 */
import { VERDICTS, type Verdict } from './feed/types';
import { parseWhere, type WhereIAm } from './where';

export type Density = 'paragraph' | 'every' | 'first';
export type BadgeStyle = 'labelled' | 'compact';

export const SETTINGS_VERSION = 2;
/** The storage.local key the settings live under (read and written by the background only). */
export const SETTINGS_KEY = 'settings';

/** Every verdict, in the order readers see them (one definition: feed/types.ts). */
export const ALL_VERDICTS: readonly Verdict[] = VERDICTS;

export interface Settings {
  version: typeof SETTINGS_VERSION;
  enabled: boolean;
  density: Density;
  /** At most this many badges on one page. */
  pageCap: number;
  showClaims: boolean;
  showApps: boolean;
  /** Opt-in: keep ClaimReview claims found on visited pages in a local source (absent = off). */
  learnFromPages?: boolean;
  /** Claims with these verdicts get badges (claims rated true are not flagged by default). */
  verdicts: Verdict[];
  badgeStyle: BadgeStyle;
  /** Hostnames where the extension is paused. */
  pausedSites: string[];
  /** "Where I am": places and roles, so restrictions that apply are marked. */
  where: WhereIAm;
}

export const DEFAULT_SETTINGS: Settings = {
  version: SETTINGS_VERSION,
  enabled: true,
  density: 'paragraph',
  pageCap: 200,
  showClaims: true,
  showApps: true,
  learnFromPages: false,
  verdicts: ALL_VERDICTS.filter((v) => v !== 'true'),
  badgeStyle: 'labelled',
  pausedSites: [],
  where: { places: [], roles: [] },
};

const HOST = /^[a-z0-9.-]{1,253}(:\d{1,5})?$/;

/** Each field's check: the valid value, or undefined. Shared by parseSettings and message checks. */
const FIELDS: { [K in keyof Settings]?: (v: unknown) => Settings[K] | undefined } = {
  enabled: (v) => (typeof v === 'boolean' ? v : undefined),
  showClaims: (v) => (typeof v === 'boolean' ? v : undefined),
  showApps: (v) => (typeof v === 'boolean' ? v : undefined),
  learnFromPages: (v) => (typeof v === 'boolean' ? v : undefined),
  density: (v) => (v === 'paragraph' || v === 'every' || v === 'first' ? v : undefined),
  pageCap: (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 10_000 ? v : undefined),
  badgeStyle: (v) => (v === 'labelled' || v === 'compact' ? v : undefined),
  verdicts: (v) =>
    Array.isArray(v) && v.length <= ALL_VERDICTS.length && v.every((x) => ALL_VERDICTS.includes(x as Verdict))
      ? [...new Set(v as Verdict[])]
      : undefined,
  pausedSites: (v) =>
    Array.isArray(v) && v.length <= 1000 && v.every((x) => typeof x === 'string' && HOST.test(x))
      ? [...new Set(v as string[])]
      : undefined,
  where: (v) => {
    if (typeof v !== 'object' || v === null) return undefined;
    const parsed = parseWhere(v);
    const r = v as Record<string, unknown>;
    const sameLength = (a: unknown, b: string[]) => Array.isArray(a) && a.length === b.length;
    return sameLength(r.places, parsed.places) && sameLength(r.roles, parsed.roles) ? parsed : undefined;
  },
};

type StoredSettings = Record<string, unknown>;

/**
 * The steps from each stored version to the next, in order: SETTINGS_MIGRATIONS[i] takes version
 * i + 1 to i + 2. A new version adds a step here (and a test); fields it only adds need none, since
 * parseSettings fills what is missing with defaults.
 */
export const SETTINGS_MIGRATIONS: readonly ((stored: StoredSettings) => StoredSettings)[] = [
  // 1 → 2: version 1 did not check pageCap's type, and a fractional cap was read floored. Version 2
  // added verdicts, badge style, paused sites and "Where I am" (their defaults fill them in).
  (r) => ({
    ...r,
    ...(typeof r.pageCap === 'number' && r.pageCap >= 1 && r.pageCap <= 10_000
      ? { pageCap: Math.floor(r.pageCap) }
      : {}),
    version: 2,
  }),
];

/** Stored settings of any earlier version (none stored: version 1), brought to SETTINGS_VERSION. */
export function migrateSettings(stored: StoredSettings): StoredSettings {
  const v = stored.version;
  let version = typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : 1;
  let r = stored;
  for (; version < SETTINGS_VERSION; version++) r = SETTINGS_MIGRATIONS[version - 1]!(r);
  return r;
}

/** Reads stored settings defensively: unknown or wrong-typed fields fall back to defaults. */
export function parseSettings(raw: unknown): Settings {
  const s: Settings = { ...DEFAULT_SETTINGS, verdicts: [...DEFAULT_SETTINGS.verdicts] };
  if (typeof raw !== 'object' || raw === null) return s;
  const r = migrateSettings(raw as StoredSettings);
  for (const key of Object.keys(FIELDS) as (keyof Settings)[]) {
    const value = FIELDS[key]!(r[key]);
    if (value !== undefined) (s as unknown as Record<string, unknown>)[key] = value;
  }
  return s;
}

/** A partial update sent by an extension page: every field must be known and valid, else null. */
export function parseSettingsPatch(v: unknown): Partial<Settings> | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const out: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(v)) {
    const check = FIELDS[k as keyof Settings];
    if (!check || !Object.prototype.hasOwnProperty.call(FIELDS, k)) return null;
    const parsed = check(value);
    if (parsed === undefined) return null;
    out[k] = parsed;
  }
  return out as Partial<Settings>;
}

/** Whether the extension is paused on this hostname (or a parent domain the user paused). */
/** The settings a page's scan reads: how many badges, of which kinds and verdicts, how they look. */
export type ScanSettings = Pick<
  Settings,
  'density' | 'pageCap' | 'showClaims' | 'showApps' | 'verdicts' | 'badgeStyle'
>;

/**
 * What one frame is told of the settings. Never the paused sites or "Where I am": a content script
 * runs inside the page's process, so it holds only what it must. The background decides `active`
 * (on, and not paused on this frame's site or its tab's top-level site).
 */
export interface FrameView extends ScanSettings {
  active: boolean;
  /** The top frame offers the page's ClaimReview blocks only when the reader opted in. */
  learnFromPages: boolean;
}

/** The frame view of `settings` for a frame on `sites` (its own site and its tab's top site). */
export function frameView(settings: Settings, sites: readonly string[]): FrameView {
  const { density, pageCap, showClaims, showApps, verdicts, badgeStyle } = settings;
  return {
    active: settings.enabled && !sites.some((site) => site && isPausedOn(settings, site)),
    learnFromPages: settings.learnFromPages === true,
    density,
    pageCap,
    showClaims,
    showApps,
    verdicts: [...verdicts],
    badgeStyle,
  };
}

export function isPausedOn(settings: Settings, hostname: string): boolean {
  const host = hostname.toLowerCase();
  return settings.pausedSites.some((s) => host === s || host.endsWith(`.${s}`));
}
