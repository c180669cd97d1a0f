import { useEffect, useState } from 'preact/hooks';
import type { SourceRecord } from '~/utils/db-schema';
import { send } from '~/utils/messaging';
import { relativeTime } from '~/utils/relative-time';
import { safeHttpUrl } from '~/utils/safe-url';
import { FETCH_ERRORS } from '~/utils/fetch-classify';
import { hostLabel, normalizeSourceUrl } from '~/utils/source-url';
import { INTERVAL_CHOICES } from '~/utils/update-schedule';
import type { UpdateOutcome } from '~/utils/background/updater';
import { requestHostAccess } from './options-access';
import { clip } from './strings';

export const FORMAT_NAMES: Record<string, string> = {
  'source-flags': 'Source Flags feed',
  claimreview: 'ClaimReview JSON-LD',
  'factcheck-tools': 'Google Fact Check Tools response',
  'html-claimreview': 'Fact-check page (ClaimReview)',
  local: 'Edited here',
  learned: 'Learned from pages',
};

const INTERVAL_NAMES: Record<number, string> = {
  6: 'Every 6 hours',
  12: 'Every 12 hours',
  24: 'Daily',
  72: 'Every 3 days',
  168: 'Weekly',
};

const KIND_NOTE: Record<SourceRecord['kind'], string> = {
  builtin: 'Built in: can be disabled, not removed',
  remote: 'Added by URL',
  local: 'Edited on this page',
  learned: 'Learned from pages you visited',
};

/** After the user grants access, a download that failed for lack of it is tried again. */
function retryWhenGranted(access: Promise<boolean>, outcome: Promise<UpdateOutcome>, url: string, id: string) {
  void Promise.all([access, outcome]).then(([granted, result]) => {
    if (granted && !result.ok && result.error?.includes(FETCH_ERRORS.noPermission(hostLabel(url))))
      void send({ type: 'updateSource', id });
  });
}

export function AddSourceForm({ onDone }: { onDone: () => void }) {
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  const submit = (e: Event) => {
    e.preventDefault();
    const checked = normalizeSourceUrl(value);
    if (!checked.ok) {
      setMessage({ text: checked.error, error: true });
      return;
    }
    // Inside the gesture, before anything is awaited.
    const access = requestHostAccess([checked.url]);
    setBusy(true);
    setMessage({ text: `Adding ${hostLabel(checked.url)}…`, error: false });
    const added = send({ type: 'addSource', url: checked.url });
    void added.then(
      (r) => {
        setBusy(false);
        if (!r.ok) {
          setMessage({ text: r.error, error: true });
          return;
        }
        setValue('');
        const o = r.outcome;
        const title = r.source?.title ?? hostLabel(checked.url);
        setMessage(
          o?.ok
            ? { text: `Added “${clip(title, 100)}”: ${o.entryCount ?? 0} entries.`, error: false }
            : {
                text: `Added ${clip(title, 100)}, but the first download failed: ${o?.error ?? 'unknown error'}`,
                error: true,
              },
        );
        if (o && r.source) retryWhenGranted(access, Promise.resolve(o), checked.url, r.source.id);
        onDone();
      },
      (err: unknown) => {
        setBusy(false);
        setMessage({ text: `Could not add the list (${String(err)}).`, error: true });
      },
    );
  };

  return (
    <form class="add-source" onSubmit={submit} noValidate>
      <label class="field" for="source-url">
        Source URL
      </label>
      <div class="row">
        <input
          id="source-url"
          type="url"
          inputMode="url"
          autoComplete="off"
          placeholder="https://example.org/claims.json"
          value={value}
          onInput={(e) => setValue((e.target as HTMLInputElement).value)}
        />
        <button type="submit" disabled={busy}>
          Add source
        </button>
      </div>
      <p class="muted">
        A Source Flags feed, ClaimReview JSON-LD (single, list, @graph or DataFeed), a Google Fact Check Tools response,
        or a fact-check page with ClaimReview data. Your browser asks to let Source Flags read that site.
      </p>
      {message ? (
        <p class={message.error ? 'error' : 'ok'} role="status">
          {message.text}
        </p>
      ) : null}
    </form>
  );
}

function nextUpdateText(s: SourceRecord, now: number): string {
  if (s.kind !== 'remote') return 'Not downloaded';
  if (s.updating !== undefined) return 'Updating now…';
  if (!s.enabled) return 'Paused (disabled)';
  if (s.nextUpdate === undefined || s.nextUpdate <= now) return 'Due now';
  return relativeTime(s.nextUpdate, now);
}

export function SourceRow({ source: s, now, onChange }: { source: SourceRecord; now: number; onChange: () => void }) {
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  // Shown at once; the stored value follows when the background answers.
  const [enabled, setEnabled] = useState(s.enabled);
  useEffect(() => setEnabled(s.enabled), [s.enabled]);
  const href = s.url ? safeHttpUrl(s.url) : undefined;
  const fixed = s.kind === 'builtin' || s.kind === 'local';

  const act = (p: Promise<{ ok: boolean; error?: string }>) => {
    setBusy(true);
    setNote(null);
    void p.then(
      (r) => {
        setBusy(false);
        if (!r.ok && r.error) setNote(r.error);
        onChange();
      },
      (e: unknown) => {
        setBusy(false);
        setNote(String(e));
      },
    );
  };

  const updateNow = () => {
    if (!s.url) return;
    const access = requestHostAccess([s.url]);
    const outcome = send({ type: 'updateSource', id: s.id });
    retryWhenGranted(access, outcome, s.url, s.id);
    act(outcome);
  };

  return (
    <tr class="source" data-source-id={s.id}>
      <th scope="row">
        <div class="source-title">{clip(s.title, 200)}</div>
        <div class="muted">{KIND_NOTE[s.kind]}</div>
        {s.url && href ? (
          <a href={href} target="_blank" rel="noopener noreferrer" class="source-url">
            {clip(s.url, 200)}
          </a>
        ) : s.url ? (
          <span class="source-url">{clip(s.url, 200)}</span>
        ) : null}
      </th>
      <td>{s.format ? (FORMAT_NAMES[s.format] ?? clip(s.format, 40)) : 'Not known yet'}</td>
      <td>
        <span class="entry-count">{s.entryCount}</span>
        {s.skipped > 0 ? (
          <details class="problems">
            <summary>{s.skipped} skipped</summary>
            <ul>
              {(s.problems ?? []).map((p, i) => (
                <li key={i}>{clip(p, 300)}</li>
              ))}
            </ul>
          </details>
        ) : null}
      </td>
      <td class="last-success">
        {s.kind === 'local' || s.kind === 'learned' ? '—' : s.lastSuccess ? relativeTime(s.lastSuccess, now) : 'Never'}
      </td>
      <td>
        <div class="next-update">{nextUpdateText(s, now)}</div>
        {s.kind === 'remote' ? (
          <select
            aria-label={`Update interval of ${clip(s.title, 100)}`}
            value={String(s.intervalHours)}
            disabled={busy}
            onChange={(e) =>
              act(
                send({
                  type: 'setSourceInterval',
                  id: s.id,
                  intervalHours: Number((e.target as HTMLSelectElement).value),
                }),
              )
            }
          >
            {INTERVAL_CHOICES.map((h) => (
              <option key={h} value={String(h)}>
                {INTERVAL_NAMES[h] ?? `Every ${h} hours`}
              </option>
            ))}
          </select>
        ) : null}
      </td>
      <td>
        <label class="toggle">
          <input
            type="checkbox"
            checked={enabled}
            disabled={busy}
            aria-label={`Enable ${clip(s.title, 100)}`}
            onChange={(e) => {
              const on = (e.target as HTMLInputElement).checked;
              setEnabled(on);
              act(send({ type: 'setSourceEnabled', id: s.id, enabled: on }));
            }}
          />{' '}
          Enabled
        </label>
        {s.lastError ? (
          <p class="error last-error">
            Last update failed: {clip(s.lastError, 400)}
            {s.entryCount > 0 && s.lastSuccess
              ? ` The copy from ${relativeTime(s.lastSuccess, now)} is still used.`
              : ''}
          </p>
        ) : null}
        {note ? (
          <p class="error" role="status">
            {note}
          </p>
        ) : null}
      </td>
      <td class="actions-cell">
        {s.kind === 'remote' ? (
          <button type="button" disabled={busy || s.updating !== undefined} onClick={updateNow}>
            Update now
          </button>
        ) : null}
        {!fixed ? (
          <button
            type="button"
            class="danger"
            disabled={busy}
            onClick={() => act(send({ type: 'removeSource', id: s.id }))}
          >
            Remove
          </button>
        ) : null}
      </td>
    </tr>
  );
}

export function SourceList({ sources, now, onChange }: { sources: SourceRecord[]; now: number; onChange: () => void }) {
  const [busy, setBusy] = useState(false);
  const remote = sources.filter((s) => s.kind === 'remote' && s.enabled);
  const updateAll = () => {
    requestHostAccess(remote.map((s) => s.url ?? '')).catch(() => false);
    setBusy(true);
    void send({ type: 'updateAll' }).finally(() => {
      setBusy(false);
      onChange();
    });
  };
  return (
    <>
      <div class="actions">
        <button type="button" disabled={busy || remote.length === 0} onClick={updateAll}>
          Update all
        </button>
      </div>
      <table class="sources" aria-label="Sources">
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col">Format</th>
            <th scope="col">Entries</th>
            <th scope="col">Last successful update</th>
            <th scope="col">Next update</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span class="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sources.map((s) => (
            <SourceRow key={s.id} source={s} now={now} onChange={onChange} />
          ))}
        </tbody>
      </table>
    </>
  );
}
