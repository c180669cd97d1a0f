import type { Verdict } from '~/utils/feed/types';
import { t } from '~/utils/i18n';
import { ALL_VERDICTS, type Density, type Settings } from '~/utils/settings';
import { verdictText } from './strings';
import { Toggle } from './Toggle';

/** What gets a badge and how badges look. Every change is saved at once. */
export function DisplaySettings({ settings, save }: { settings: Settings; save: (patch: Partial<Settings>) => void }) {
  const toggleVerdict = (v: Verdict, on: boolean) =>
    save({ verdicts: on ? [...settings.verdicts, v] : settings.verdicts.filter((x) => x !== v) });
  return (
    <div class="settings-grid">
      <fieldset>
        <legend>{t('optShow')}</legend>
        <Toggle checked={settings.enabled} onChange={(on) => save({ enabled: on })}>
          {t('optEnabled')}
        </Toggle>
        <Toggle checked={settings.showClaims} onChange={(on) => save({ showClaims: on })}>
          {t('optShowClaims')}
        </Toggle>
        <Toggle checked={settings.showApps} onChange={(on) => save({ showApps: on })}>
          {t('optShowApps')}
        </Toggle>
      </fieldset>
      <fieldset>
        <legend>{t('optVerdicts')}</legend>
        {ALL_VERDICTS.map((v) => (
          <label class="toggle" key={v}>
            <input
              type="checkbox"
              checked={settings.verdicts.includes(v)}
              onChange={(e) => toggleVerdict(v, (e.target as HTMLInputElement).checked)}
            />{' '}
            {verdictText(v)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('optDensity')}</legend>
        {(
          [
            ['paragraph', 'optDensityParagraph'],
            ['first', 'optDensityFirst'],
            ['every', 'optDensityEvery'],
          ] as const
        ).map(([value, key]) => (
          <label class="toggle" key={value}>
            <input
              type="radio"
              name="density"
              checked={settings.density === value}
              onChange={() => save({ density: value as Density })}
            />{' '}
            {t(key)}
          </label>
        ))}
        <label class="field-inline">
          {t('optPageCap')}{' '}
          <input
            type="number"
            min={1}
            max={10000}
            value={settings.pageCap}
            onChange={(e) => {
              const n = Math.floor(Number((e.target as HTMLInputElement).value));
              if (n >= 1 && n <= 10_000) save({ pageCap: n });
            }}
          />
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('optBadgeStyle')}</legend>
        <label class="toggle">
          <input
            type="radio"
            name="badge-style"
            checked={settings.badgeStyle === 'labelled'}
            onChange={() => save({ badgeStyle: 'labelled' })}
          />{' '}
          {t('optBadgeLabelled')}
        </label>
        <label class="toggle">
          <input
            type="radio"
            name="badge-style"
            checked={settings.badgeStyle === 'compact'}
            onChange={() => save({ badgeStyle: 'compact' })}
          />{' '}
          {t('optBadgeCompact')}
        </label>
      </fieldset>
      {settings.pausedSites.length ? (
        <fieldset>
          <legend>{t('optPaused')}</legend>
          <ul class="entry-list">
            {settings.pausedSites.map((site) => (
              <li key={site}>
                {site}{' '}
                <button
                  type="button"
                  onClick={() => save({ pausedSites: settings.pausedSites.filter((s) => s !== site) })}
                >
                  {t('optResume')}
                </button>
              </li>
            ))}
          </ul>
        </fieldset>
      ) : null}
    </div>
  );
}
