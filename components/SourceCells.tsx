/** The cells of one row of the sources table (SourceRow in Sources.tsx), and the row's action state. */
import { useEffect, useState } from 'preact/hooks';
import type { SourceRecord } from '~/utils/db-schema';
import { send } from '~/utils/send';
import { relativeTime } from '~/utils/relative-time';
import { safeHttpUrl } from '~/utils/safe-url';
import { INTERVAL_CHOICES } from '~/utils/updates/schedule';
import { t, uiLocale, type MessageKey } from '~/utils/i18n';
import { clip } from './strings';

/** "Every 6 hours", "Daily", "Every 3 days", "Weekly". */
export function intervalName(hours: number): string {
  const n = (x: number) => x.toLocaleString(uiLocale());
  if (hours === 24) return t('intervalDaily');
  if (hours === 168) return t('intervalWeekly');
  if (hours % 24 === 0) return t('intervalDays', n(hours / 24));
  return t('intervalHours', n(hours));
}

const KIND_NOTE: Record<SourceRecord['kind'], MessageKey> = {
  builtin: 'kindBuiltin',
  remote: 'kindRemote',
  local: 'kindLocal',
  learned: 'kindLearned',
};

function nextUpdateText(s: SourceRecord, now: number): string {
  if (s.kind !== 'remote') return t('nextNotDownloaded');
  if (s.updating !== undefined) return t('nextUpdating');
  if (!s.enabled) return t('nextPaused');
  if (s.nextUpdate === undefined || s.nextUpdate <= now) return t('nextDue');
  return relativeTime(s.nextUpdate, now);
}

export type Act = (p: Promise<{ ok: boolean; error?: string; source?: SourceRecord }>) => void;

/** A row's action in flight (its controls wait) and the error it came back with, if any. */
export function useSourceAction(onChange: () => void): { busy: boolean; note: string | null; act: Act } {
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const act: Act = (p) => {
    setBusy(true);
    setNote(null);
    void p.then(
      (r) => {
        setBusy(false);
        // A failed update is stored on the source and shown as its last error: not a second time here.
        if (!r.ok && r.error && r.source?.lastError !== r.error) setNote(r.error);
        onChange();
      },
      (e: unknown) => {
        setBusy(false);
        setNote(String(e));
      },
    );
  };
  return { busy, note, act };
}

/** The list's name, what kind of list it is, and its address (a link only when it is http(s)). */
export function SourceName({ source: s, title }: { source: SourceRecord; title: string }) {
  const href = s.url ? safeHttpUrl(s.url) : undefined;
  return (
    <th scope="row">
      <div class="source-title">{clip(title, 200)}</div>
      <div class="muted">{t(KIND_NOTE[s.kind])}</div>
      {s.url && href ? (
        <a href={href} target="_blank" rel="noopener noreferrer" class="source-url">
          {clip(s.url, 200)}
        </a>
      ) : s.url ? (
        <span class="source-url">{clip(s.url, 200)}</span>
      ) : null}
    </th>
  );
}

/** How many entries the list holds, and what was skipped or noted while reading it. */
export function EntriesCell({ source: s }: { source: SourceRecord }) {
  return (
    <td>
      <span class="entry-count">{s.entryCount.toLocaleString(uiLocale())}</span>
      {/* Notes (dropped links, a newer feed version) come without skipped entries too. */}
      {s.skipped > 0 || s.problems?.length ? (
        <details class="problems">
          <summary>
            {s.skipped > 0
              ? t('srcSkipped', s.skipped.toLocaleString(uiLocale()))
              : t('srcNotes', (s.problems?.length ?? 0).toLocaleString(uiLocale()))}
          </summary>
          <ul>
            {(s.problems ?? []).map((p, i) => (
              <li key={i}>{clip(p, 300)}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </td>
  );
}

/** When the list updates next, and how often (remote lists). */
export function ScheduleCell({
  source: s,
  title,
  now,
  busy,
  act,
}: {
  source: SourceRecord;
  title: string;
  now: number;
  busy: boolean;
  act: Act;
}) {
  return (
    <td>
      <div class="next-update">{nextUpdateText(s, now)}</div>
      {s.kind === 'remote' ? (
        <select
          aria-label={t('srcIntervalLabel', clip(title, 100))}
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
              {intervalName(h)}
            </option>
          ))}
        </select>
      ) : null}
    </td>
  );
}

/** On or off, the last failure (and that the last good copy is kept), and this row's own error. */
export function StatusCell({
  source: s,
  title,
  now,
  busy,
  act,
  note,
}: {
  source: SourceRecord;
  title: string;
  now: number;
  busy: boolean;
  act: Act;
  note: string | null;
}) {
  // Shown at once; the stored value follows when the background answers.
  const [enabled, setEnabled] = useState(s.enabled);
  useEffect(() => setEnabled(s.enabled), [s.enabled]);
  return (
    <td>
      <label class="toggle">
        <input
          type="checkbox"
          checked={enabled}
          disabled={busy}
          aria-label={t('srcEnableLabel', clip(title, 100))}
          onChange={(e) => {
            const on = (e.target as HTMLInputElement).checked;
            setEnabled(on);
            act(send({ type: 'setSourceEnabled', id: s.id, enabled: on }));
          }}
        />{' '}
        {t('srcEnabled')}
      </label>
      {s.lastError ? (
        <p class="error last-error">
          {s.entryCount > 0 && s.lastSuccess
            ? t('srcLastFailedKept', clip(s.lastError, 400), relativeTime(s.lastSuccess, now))
            : t('srcLastFailed', clip(s.lastError, 400))}
        </p>
      ) : null}
      {note ? (
        <p class="error" role="status">
          {note}
        </p>
      ) : null}
    </td>
  );
}
