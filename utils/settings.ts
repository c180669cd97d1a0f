/** User settings (stored with browser.storage.local under "settings"). Pure. */

export type Density = 'paragraph' | 'every' | 'first';

export interface Settings {
  version: 1;
  enabled: boolean;
  density: Density;
  /** At most this many badges on one page. */
  pageCap: number;
  showClaims: boolean;
  showApps: boolean;
  /** Opt-in: keep ClaimReview claims found on visited pages in a local source (absent = off). */
  learnFromPages?: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  version: 1,
  enabled: true,
  density: 'paragraph',
  pageCap: 200,
  showClaims: true,
  showApps: true,
  learnFromPages: false,
};

/** Reads stored settings defensively: unknown or wrong-typed fields fall back to defaults. */
export function parseSettings(raw: unknown): Settings {
  const s = { ...DEFAULT_SETTINGS };
  if (typeof raw !== 'object' || raw === null) return s;
  const r = raw as Record<string, unknown>;
  if (typeof r.enabled === 'boolean') s.enabled = r.enabled;
  if (r.density === 'paragraph' || r.density === 'every' || r.density === 'first') s.density = r.density;
  if (typeof r.pageCap === 'number' && r.pageCap >= 1 && r.pageCap <= 10_000) s.pageCap = Math.floor(r.pageCap);
  if (typeof r.showClaims === 'boolean') s.showClaims = r.showClaims;
  if (typeof r.showApps === 'boolean') s.showApps = r.showApps;
  if (typeof r.learnFromPages === 'boolean') s.learnFromPages = r.learnFromPages;
  return s;
}
