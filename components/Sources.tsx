import { useEffect, useRef, useState } from 'preact/hooks';
import type { SourceRecord } from '~/utils/db-schema';
import { send } from '~/utils/send';
import { relativeTime } from '~/utils/relative-time';
import { safeHttpUrl } from '~/utils/safe-url';
import { FETCH_ERRORS } from '~/utils/fetch-classify';
import { hostLabel, normalizeSourceUrl } from '~/utils/source-url';
import { INTERVAL_CHOICES } from '~/utils/updates/schedule';
import type { UpdateOutcome } from '~/utils/updates/update-source';
import { t, uiLocale, type MessageKey } from '~/utils/i18n';
import { requestHostAccess } from './options-access';
import { clip } from './strings';
import { StatusMessage } from './StatusMessage';

const FORMAT_KEYS: Record<string, MessageKey> = {
  'source-flags': 'fmtSourceFlags',
  claimreview: 'fmtClaimReview',
  'factcheck-tools': 'fmtFactCheckTools',
  'html-claimreview': 'fmtHtmlClaimReview',
  local: 'fmtLocal',
  learned: 'fmtLearned',
};

/** A feed format as the user reads it; unknown formats are shown as given (clipped). */
export function formatName(format: string | undefined): string {
  if (!format) return t('srcFormatUnknown');
  const key = Object.hasOwn(FORMAT_KEYS, format) ? FORMAT_KEYS[format] : undefined;
  return key ? t(key) : clip(format, 40);
}

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

/** The extension names its own sources; their English titles are stored, the UI shows them localised. */
function sourceTitle(s: SourceRecord): string {
  if (s.kind === 'builtin') return t('builtinTitle');
  if (s.kind === 'local') return t('optMyEntries');
  if (s.kind === 'learned') return t('learnedTitle');
  return s.title;
}

/** After the user grants access, a download that failed for lack of it is tried again. */
function retryWhenGranted(access: Promise<boolean>, outcome: Promise<UpdateOutcome>, url: string, id: string) {
  void Promise.all([access, outcome]).then(([granted, result]) => {
    if (granted && !result.ok && result.error?.includes(FETCH_ERRORS.noPermission(hostLabel(url))))
      void send({ type: 'updateSource', id });
  });
}

export function AddSourceForm({ onDone }: { onDone: () => void }) {
  const [value, setValue] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  // Lists being added. A slow download (up to 30 s) must not block adding another one, but the
  // same address is not sent twice.
  const pending = useRef(new Set<string>());

  const submit = (e: Event) => {
    e.preventDefault();
    const typed = value;
    const checked = normalizeSourceUrl(typed);
    if (!checked.ok) {
      setMessage({ text: checked.error, error: true });
      return;
    }
    if (pending.current.has(checked.url)) {
      setMessage({ text: t('srcAdding', hostLabel(checked.url)), error: false });
      return;
    }
    // Inside the gesture, before anything is awaited.
    const access = requestHostAccess([checked.url]);
    pending.current.add(checked.url);
    setMessage({ text: t('srcAdding', hostLabel(checked.url)), error: false });
    const added = send({ type: 'addSource', url: checked.url });
    void added.then(
      (r) => {
        pending.current.delete(checked.url);
        if (!r.ok) {
          setMessage({ text: r.error, error: true });
          return;
        }
        // Only the address that was added is cleared: one typed meanwhile stays.
        setValue((current) => (current === typed ? '' : current));
        const o = r.outcome;
        const title = r.source?.title ?? hostLabel(checked.url);
        const count = o?.entryCount ?? 0;
        setMessage(
          o?.ok
            ? {
                text:
                  count === 1
                    ? t('srcAddedOne', clip(title, 100))
                    : t('srcAddedMany', clip(title, 100), count.toLocaleString(uiLocale())),
                error: false,
              }
            : {
                text: t('srcAddedFailed', clip(title, 100), o?.error ?? t('srcUnknownError')),
                error: true,
              },
        );
        if (o && r.source) retryWhenGranted(access, Promise.resolve(o), checked.url, r.source.id);
        onDone();
      },
      (err: unknown) => {
        pending.current.delete(checked.url);
        setMessage({ text: t('srcAddError', String(err)), error: true });
      },
    );
  };

  return (
    <form class="add-source" onSubmit={submit} noValidate>
      <label class="field" for="source-url">
        {t('srcUrlLabel')}
      </label>
      <div class="row">
        <input
          id="source-url"
          type="url"
          inputMode="url"
          autoComplete="off"
          placeholder={t('srcUrlPlaceholder')}
          value={value}
          onInput={(e) => setValue((e.target as HTMLInputElement).value)}
        />
        <button type="submit">{t('srcAdd')}</button>
      </div>
      <p class="muted">{t('srcAddHelp')}</p>
      <StatusMessage message={message} />
    </form>
  );
}

function nextUpdateText(s: SourceRecord, now: number): string {
  if (s.kind !== 'remote') return t('nextNotDownloaded');
  if (s.updating !== undefined) return t('nextUpdating');
  if (!s.enabled) return t('nextPaused');
  if (s.nextUpdate === undefined || s.nextUpdate <= now) return t('nextDue');
  return relativeTime(s.nextUpdate, now);
}

export function SourceRow({ source: s, now, onChange }: { source: SourceRecord; now: number; onChange: () => void }) {
  const { busy, note, act } = useSourceAction(onChange);
  const fixed = s.kind === 'builtin' || s.kind === 'local';
  const title = sourceTitle(s);

  const updateNow = () => {
    if (!s.url) return;
    const access = requestHostAccess([s.url]);
    const outcome = send({ type: 'updateSource', id: s.id });
    retryWhenGranted(access, outcome, s.url, s.id);
    act(outcome);
  };

  return (
    <tr class="source" data-source-id={s.id}>
      <SourceName source={s} title={title} />
      <td>{formatName(s.format)}</td>
      <EntriesCell source={s} />
      <td class="last-success">
        {s.kind === 'local' || s.kind === 'learned'
          ? '—'
          : s.lastSuccess
            ? relativeTime(s.lastSuccess, now)
            : t('srcNever')}
      </td>
      <ScheduleCell source={s} title={title} now={now} busy={busy} act={act} />
      <StatusCell source={s} title={title} now={now} busy={busy} act={act} note={note} />
      <td class="actions-cell">
        {s.kind === 'remote' ? (
          <button type="button" disabled={busy || s.updating !== undefined} onClick={updateNow}>
            {t('srcUpdateNow')}
          </button>
        ) : null}
        {!fixed ? (
          <button
            type="button"
            class="danger"
            disabled={busy}
            onClick={() => act(send({ type: 'removeSource', id: s.id }))}
          >
            {t('optRemove')}
          </button>
        ) : null}
      </td>
    </tr>
  );
}

type Act = (p: Promise<{ ok: boolean; error?: string; source?: SourceRecord }>) => void;

/** A row's action in flight (its controls wait) and the error it came back with, if any. */
function useSourceAction(onChange: () => void): { busy: boolean; note: string | null; act: Act } {
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
function SourceName({ source: s, title }: { source: SourceRecord; title: string }) {
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
function EntriesCell({ source: s }: { source: SourceRecord }) {
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
function ScheduleCell({
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
function StatusCell({
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
          {t('srcUpdateAll')}
        </button>
      </div>
      <table class="sources" aria-label={t('optSources')}>
        <thead>
          <tr>
            <th scope="col">{t('colSource')}</th>
            <th scope="col">{t('colFormat')}</th>
            <th scope="col">{t('colEntries')}</th>
            <th scope="col">{t('colLastSuccess')}</th>
            <th scope="col">{t('colNextUpdate')}</th>
            <th scope="col">{t('colStatus')}</th>
            <th scope="col">
              <span class="sr-only">{t('colActions')}</span>
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
