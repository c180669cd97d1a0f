import { useRef, useState } from 'preact/hooks';
import type { SourceRecord } from '~/utils/db-schema';
import { send } from '~/utils/send';
import { relativeTime } from '~/utils/relative-time';
import { FETCH_ERRORS } from '~/utils/fetch-classify';
import { hostLabel, normalizeSourceUrl } from '~/utils/source-url';
import type { UpdateOutcome } from '~/utils/updates/update-source';
import { t, uiLocale, type MessageKey } from '~/utils/i18n';
import { requestHostAccess } from './options-access';
import { clip } from './strings';
import { StatusMessage } from './StatusMessage';
import { EntriesCell, ScheduleCell, SourceName, StatusCell, useSourceAction } from './SourceCells';

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

/** The extension names its own sources; their English titles are stored, the UI shows them localised. */
function sourceTitle(s: SourceRecord): string {
  if (s.kind === 'builtin') return t('builtinTitle');
  if (s.kind === 'local') return t('optMyEntries');
  if (s.kind === 'learned') return t('learnedTitle');
  return s.title;
}

/**
 * Whether a download may have failed for want of host access: the browser withheld it, or it
 * failed as a plain network error while the access prompt was still being answered (Firefox
 * rejects the fetch until the grant lands, and by the time the failure is explained the
 * permission is held, so it reads as "could not reach").
 */
function mayLackAccess(result: UpdateOutcome, url: string): boolean {
  if (result.ok || !result.error) return false;
  const host = hostLabel(url);
  return result.error.includes(FETCH_ERRORS.noPermission(host)) || result.error.includes(FETCH_ERRORS.network(host));
}

/**
 * After the user grants access, a download that may have failed for lack of it is tried once
 * more. Resolves to that second outcome, or undefined when there was none.
 */
function retryWhenGranted(
  access: Promise<boolean>,
  outcome: Promise<UpdateOutcome>,
  url: string,
  id: string,
): Promise<UpdateOutcome | undefined> {
  return Promise.all([access, outcome]).then(([granted, result]) =>
    granted && mayLackAccess(result, url) ? send({ type: 'updateSource', id }) : undefined,
  );
}

/** What "Add source" says about a list's first download. */
function addedMessage(title: string, o: UpdateOutcome | undefined): { text: string; error: boolean } {
  const count = o?.entryCount ?? 0;
  return o?.ok
    ? {
        text:
          count === 1
            ? t('srcAddedOne', clip(title, 100))
            : t('srcAddedMany', clip(title, 100), count.toLocaleString(uiLocale())),
        error: false,
      }
    : { text: t('srcAddedFailed', clip(title, 100), o?.error ?? t('srcUnknownError')), error: true };
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
        const shown = addedMessage(title, o);
        setMessage(shown);
        if (o && r.source) {
          // The second try's outcome replaces the first's, unless something else was said since.
          void retryWhenGranted(access, Promise.resolve(o), checked.url, r.source.id).then((again) => {
            if (!again) return;
            setMessage((current) => (current === shown ? addedMessage(title, again) : current));
            onDone();
          });
        }
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

export function SourceRow({ source: s, now, onChange }: { source: SourceRecord; now: number; onChange: () => void }) {
  const { busy, note, act } = useSourceAction(onChange);
  const fixed = s.kind === 'builtin' || s.kind === 'local';
  const title = sourceTitle(s);

  const updateNow = () => {
    if (!s.url) return;
    const access = requestHostAccess([s.url]);
    const outcome = send({ type: 'updateSource', id: s.id });
    act(outcome);
    void retryWhenGranted(access, outcome, s.url, s.id).then((again) => again && act(Promise.resolve(again)));
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
