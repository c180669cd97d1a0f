import { t, type MessageKey } from '~/utils/i18n';
import type { Settings } from '~/utils/settings';
import type { SaveSettings } from './DisplaySettings';
import { PLACES, ROLES } from '~/utils/where';

/**
 * "Where I am": places and roles that apply to the user. Restrictions that apply to them are
 * marked "Applies to you" on badges and cards. Stored only in this browser.
 */
export function WhereSettings({ settings, save }: { settings: Settings; save: SaveSettings }) {
  const { places, roles } = settings.where;
  const set = (list: 'places' | 'roles', code: string, on: boolean) =>
    save((cur) => {
      const current = cur.where[list];
      const next = on ? [...current, code] : current.filter((c) => c !== code);
      return { where: { ...cur.where, [list]: next } };
    });
  return (
    <div class="settings-grid">
      <p class="muted wide">{t('optWhereHelp')}</p>
      <fieldset class="wide-field">
        <legend>{t('optPlaces')}</legend>
        <div class="checklist">
          {PLACES.map((code) => (
            <label class="toggle" key={code}>
              <input
                type="checkbox"
                checked={places.includes(code)}
                onChange={(e) => set('places', code, (e.target as HTMLInputElement).checked)}
              />{' '}
              {t(`place_${code.replace('-', '_')}` as MessageKey)}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('optRoles')}</legend>
        {ROLES.map((tag) => (
          <label class="toggle" key={tag}>
            <input
              type="checkbox"
              checked={roles.includes(tag)}
              onChange={(e) => set('roles', tag, (e.target as HTMLInputElement).checked)}
            />{' '}
            {t(`role_${tag.replace('-', '_')}` as MessageKey)}
          </label>
        ))}
      </fieldset>
    </div>
  );
}
