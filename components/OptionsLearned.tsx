import { useEffect, useState } from 'preact/hooks';
import { LEARNED_SOURCE_ID } from '~/utils/db-schema';
import type { StoredEntry } from '~/utils/messages';
import { send } from '~/utils/messaging';
import { relativeTime } from '~/utils/relative-time';
import { t } from '~/utils/i18n';
import { clip } from './strings';
import { EntrySummary } from './OptionsMyEntries';

export function Learning({
  enabled,
  version,
  now,
  onChange,
}: {
  enabled: boolean;
  version: number;
  now: number;
  onChange: () => void;
}) {
  const [entries, setEntries] = useState<StoredEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void send({ type: 'getSourceEntries', id: LEARNED_SOURCE_ID }).then(setEntries, () => setEntries([]));
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
            {entries.map(({ entry, addedAt }) => (
              <li key={entry.id} data-entry-id={entry.id}>
                <EntrySummary entry={entry} />
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
