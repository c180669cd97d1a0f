import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { send } from '~/utils/send';
import { DISMISSALS_KEY, dismissalKey, type Dismissal } from '~/utils/dismissals';
import { clip } from './strings';
import { t } from '~/utils/i18n';

/**
 * "Hidden matches": every "Not this claim" the reader chose on a card, newest first, each with
 * Undo. Follows storage, so a claim hidden in a tab appears here at once.
 */
export function HiddenMatches() {
  const [list, setList] = useState<Dismissal[] | null>(null);
  useEffect(() => {
    const load = () =>
      void send({ type: 'getDismissals' }).then(
        (l) => setList(Array.isArray(l) ? l : []),
        () => setList([]),
      );
    load();
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && changes[DISMISSALS_KEY]) load();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, []);

  if (list === null) return <p class="muted">{t('loading')}</p>;
  return (
    <>
      <p class="muted">{t('optDismissedIntro')}</p>
      {list.length === 0 ? (
        <p class="muted">{t('optDismissedEmpty')}</p>
      ) : (
        <ul class="dismissed" aria-label={t('optDismissedTitle')}>
          {[...list].reverse().map((d) => {
            const key = dismissalKey(d);
            return (
              <li key={key} data-dismissed-id={d.id}>
                <span>
                  <strong>{clip(d.name, 200)}</strong>
                  <br />
                  <span class="muted">
                    {d.sentence === undefined ? t('optDismissedSite', d.site) : t('optDismissedSentence', d.site)}
                    {d.sentence !== undefined ? ` · “${clip(d.sentence, 160)}”` : ''}
                  </span>
                </span>
                <button
                  type="button"
                  onClick={() => {
                    setList(list.filter((x) => dismissalKey(x) !== key));
                    void send({ type: 'undoDismissal', key });
                  }}
                >
                  {t('optUndo')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
