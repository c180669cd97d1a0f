import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  isPausedOn,
  migrateSettings,
  parseSettings,
  parseSettingsPatch,
  SETTINGS_MIGRATIONS,
  SETTINGS_VERSION,
} from '../../utils/settings';

describe('settings', () => {
  it('reads version 1 settings, keeping what was set and adding the new defaults', () => {
    const v1 = { version: 1, enabled: false, density: 'every', pageCap: 50, showClaims: true, showApps: false };
    expect(parseSettings(v1)).toEqual({
      ...DEFAULT_SETTINGS,
      enabled: false,
      density: 'every',
      pageCap: 50,
      showApps: false,
    });
  });

  it('falls back to defaults for wrong types', () => {
    expect(parseSettings({ enabled: 'yes', density: 'all', pageCap: -1, verdicts: ['bogus'], where: 'US' })).toEqual(
      DEFAULT_SETTINGS,
    );
    expect(parseSettings(null)).toEqual(DEFAULT_SETTINGS);
  });

  it('does not flag claims rated true by default', () => {
    expect(DEFAULT_SETTINGS.verdicts).not.toContain('true');
  });

  it.each([
    [{ density: 'first' }, { density: 'first' }],
    [{ pausedSites: ['news.example', 'example.org:8080'] }, { pausedSites: ['news.example', 'example.org:8080'] }],
    [
      { where: { places: ['US', 'US-TX'], roles: ['state-employee'] } },
      { where: { places: ['US', 'US-TX'], roles: ['state-employee'] } },
    ],
    [{ badgeStyle: 'compact' }, { badgeStyle: 'compact' }],
  ])('accepts the patch %j', (patch, parsed) => {
    expect(parseSettingsPatch(patch)).toEqual(parsed);
  });

  it.each([
    [{ density: 'all' }],
    [{ pausedSites: ['<script>'] }],
    [{ where: { places: ['US', 7] } }],
    [{ version: 3 }],
    [JSON.parse('{"__proto__": {"enabled": false}}')],
    [{ constructor: 1 }],
    [['enabled']],
  ])('refuses the patch %j', (patch) => {
    expect(parseSettingsPatch(patch)).toBeNull();
  });

  it('pauses a site and its subdomains', () => {
    const s = { ...DEFAULT_SETTINGS, pausedSites: ['example.org'] };
    expect(isPausedOn(s, 'example.org')).toBe(true);
    expect(isPausedOn(s, 'news.example.org')).toBe(true);
    expect(isPausedOn(s, 'badexample.org')).toBe(false);
  });

  it('has one migration step per version, and each step brings settings one version up', () => {
    expect(SETTINGS_MIGRATIONS).toHaveLength(SETTINGS_VERSION - 1);
    SETTINGS_MIGRATIONS.forEach((step, i) => expect(step({ version: i + 1 }).version).toBe(i + 2));
  });

  it('migrates version 1 (and settings with no version) through every step, and leaves the current version alone', () => {
    expect(migrateSettings({ version: 1, pageCap: 12.7, density: 'every' })).toEqual({
      version: SETTINGS_VERSION,
      pageCap: 12,
      density: 'every',
    });
    expect(migrateSettings({ pageCap: 3.2 })).toEqual({ version: SETTINGS_VERSION, pageCap: 3 });
    const current = { version: SETTINGS_VERSION, pageCap: 40 };
    expect(migrateSettings(current)).toBe(current);
    expect(parseSettings({ version: 1, pageCap: 12.7 }).pageCap).toBe(12);
  });
});
