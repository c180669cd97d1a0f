import { useState } from 'preact/hooks';
import type { Verdict } from '~/utils/feed/types';
import { t, uiLocale } from '~/utils/i18n';
import { ALL_VERDICTS, type Density, type Settings } from '~/utils/settings';
import { verdictText } from './strings';
import { StatusMessage } from './StatusMessage';
import { Toggle } from './Toggle';

/**
 * Saves a change. A function gets the latest settings, including changes not yet confirmed, so
 * two quick edits of the same list (verdicts, paused sites) do not undo each other.
 */
export type SaveSettings = (change: Partial<Settings> | ((current: Settings) => Partial<Settings>)) => void;

const PAGE_CAP_MIN = 1;
const PAGE_CAP_MAX = 10_000; // the range parseSettings accepts

/** What gets a badge and how badges look. Every change is saved at once. */
export function DisplaySettings({ settings, save }: { settings: Settings; save: SaveSettings }) {
  const [capMessage, setCapMessage] = useState<string | null>(null);
  // What is being typed in the page cap box: a re-render meanwhile (the page refreshes every so
  // often) must not put the saved value back under the user's fingers.
  const [capDraft, setCapDraft] = useState<string | null>(null);
  const toggleVerdict = (v: Verdict, on: boolean) =>
    save((cur) => ({ verdicts: on ? [...cur.verdicts, v] : cur.verdicts.filter((x) => x !== v) }));
  // The box always ends up showing what is saved: out-of-range numbers are clamped, anything else
  // keeps the saved value, and either way the user is told.
  const changePageCap = (box: HTMLInputElement) => {
    const typed = box.value.trim() === '' ? NaN : Number(box.value);
    const valid = Number.isFinite(typed);
    const cap = valid ? Math.min(PAGE_CAP_MAX, Math.max(PAGE_CAP_MIN, Math.floor(typed))) : settings.pageCap;
    box.value = String(cap); // also when cap equals the shown value, which Preact would not re-render
    setCapDraft(null);
    const fmt = (x: number) => x.toLocaleString(uiLocale());
    setCapMessage(cap === typed ? null : t('optPageCapRange', fmt(PAGE_CAP_MIN), fmt(PAGE_CAP_MAX), fmt(cap)));
    if (valid) save({ pageCap: cap });
  };
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
            min={PAGE_CAP_MIN}
            max={PAGE_CAP_MAX}
            step={1}
            value={capDraft ?? settings.pageCap}
            onInput={(e) => setCapDraft((e.target as HTMLInputElement).value)}
            onChange={(e) => changePageCap(e.target as HTMLInputElement)}
          />
        </label>
        <StatusMessage message={capMessage ? { text: capMessage, error: true } : null} />
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
                  onClick={() => save((cur) => ({ pausedSites: cur.pausedSites.filter((s) => s !== site) }))}
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
