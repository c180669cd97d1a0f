import { useEffect, useRef, useState } from 'preact/hooks';
import { LEARNED_SOURCE_ID } from '~/utils/db-schema';
import type { StoredEntry } from '~/utils/messages';
import { send } from '~/utils/send';
import { relativeTime } from '~/utils/relative-time';
import { t, uiLocale } from '~/utils/i18n';
import { learnedFrom } from '~/utils/learn';
import { clip } from './strings';
import { EntrySummary } from './EntrySummary';

/** Learned claims shown at first, and added per "Show more": up to 5,000 rows would take seconds. */
export const LEARNED_PAGE = 100;

export function Learning({
  enabled,
  version,
  now,
  onChange,
}: {
  enabled: boolean;
  /** Changes when the learned claims do; 0 until the page knows the sources (nothing is fetched). */
  version: number;
  now: number;
  onChange: () => void;
}) {
  const [entries, setEntries] = useState<StoredEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState(LEARNED_PAGE);
  // Only the answer to the latest request is shown: an older one may arrive after it.
  const asked = useRef(0);

  useEffect(() => {
    if (version <= 0) return;
    const n = ++asked.current;
    const show = (list: StoredEntry[]) => n === asked.current && setEntries(list);
    void send({ type: 'getSourceEntries', id: LEARNED_SOURCE_ID }).then(show, () => show([]));
  }, [version]);

  const toggle = (on: boolean) =>
    void send({ type: 'setSettings', settings: { learnFromPages: on } }).then(onChange, (e: unknown) =>
      setError(String(e)),
    );
  const remove = (ids: string[]) =>
    void send({ type: 'deleteEntries', sourceId: LEARNED_SOURCE_ID, ids }).then((r) => {
      if (!r.ok) setError(r.error);
      onChange();
    });
  const removeAll = () =>
    void send({ type: 'removeSource', id: LEARNED_SOURCE_ID }).then((r) => {
      if (!r.ok) setError(r.error);
      onChange();
    });

  return (
    <div class="learning">
      <label class="toggle">
        <input type="checkbox" checked={enabled} onChange={(e) => toggle((e.target as HTMLInputElement).checked)} />{' '}
        {t('learnToggle')}
      </label>
      <p class="muted">{t('learnHelp')}</p>
      {error ? (
        <p class="error" role="status">
          {error}
        </p>
      ) : null}
      {entries && entries.length ? (
        <>
          <ul class="entry-list" aria-label={t('learnList')}>
            {entries.slice(0, shown).map(({ entry, addedAt }) => (
              <li key={entry.id} data-entry-id={entry.id}>
                <EntrySummary entry={entry} />
                {learnedFrom(entry) ? (
                  <span class="muted learned-from"> · {t('learnedFromSite', clip(learnedFrom(entry)!, 120))}</span>
                ) : null}
                {addedAt ? <span class="muted"> · {t('learnedAt', relativeTime(addedAt, now))}</span> : null}
                <button
                  type="button"
                  class="danger"
                  aria-label={t('optRemoveName', clip(entry.kind === 'claim' ? entry.claim : entry.name, 80))}
                  onClick={() => remove([entry.id])}
                >
                  {t('optRemove')}
                </button>
              </li>
            ))}
          </ul>
          {entries.length > shown ? (
            <button type="button" onClick={() => setShown((n) => n + LEARNED_PAGE)}>
              {t('learnShowMore', shown.toLocaleString(uiLocale()), entries.length.toLocaleString(uiLocale()))}
            </button>
          ) : null}{' '}
          <button type="button" class="danger" onClick={removeAll}>
            {t('learnRemoveAll')}
          </button>
        </>
      ) : entries ? (
        <p class="muted">{t('learnNone')}</p>
      ) : null}
    </div>
  );
}
