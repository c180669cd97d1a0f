import { useEffect, useState } from 'preact/hooks';
import { LEARNED_SOURCE_ID } from '~/utils/db-schema';
import type { StoredEntry } from '~/utils/messages';
import { send } from '~/utils/messaging';
import { relativeTime } from '~/utils/relative-time';
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
        Learn claims from fact-check pages I visit
      </label>
      <p class="muted">
        Off by default. When a page you visit carries ClaimReview data (as fact-check articles do), its claims are kept
        in the local source “Learned from pages you visited” and badged on other pages. Nothing leaves your device.
        Applies to pages loaded after you switch it on.
      </p>
      {error ? (
        <p class="error" role="status">
          {error}
        </p>
      ) : null}
      {entries && entries.length ? (
        <>
          <ul class="entry-list" aria-label="Learned claims">
            {entries.map(({ entry, addedAt }) => (
              <li key={entry.id} data-entry-id={entry.id}>
                <EntrySummary entry={entry} />
                {addedAt ? <span class="muted"> · learned {relativeTime(addedAt, now)}</span> : null}
                <button
                  type="button"
                  class="danger"
                  aria-label={`Remove ${clip(entry.kind === 'claim' ? entry.claim : entry.name, 80)}`}
                  onClick={() => remove([entry.id])}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
          <button type="button" class="danger" onClick={removeAll}>
            Remove all learned claims
          </button>
        </>
      ) : entries ? (
        <p class="muted">No claims learned yet.</p>
      ) : null}
    </div>
  );
}
