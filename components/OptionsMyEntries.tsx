import { useEffect, useState } from 'preact/hooks';
import type { Entry, RestrictionStatus, Verdict } from '~/utils/feed/types';
import { LOCAL_SOURCE_ID } from '~/utils/db-schema';
import type { LocalEntryInput } from '~/utils/local-entry';
import type { StoredEntry } from '~/utils/messages';
import { send } from '~/utils/messaging';
import { clip, statusText, verdictText } from './strings';
import { SourceLinks } from './SourceLinks';

const VERDICTS: Verdict[] = [
  'false',
  'refuted-by-fact-checker',
  'misleading',
  'mixed',
  'unsubstantiated',
  'denied-by-subject',
  'true',
  'unrated',
];
const STATUSES: RestrictionStatus[] = [
  'in-force',
  'interim',
  'temporary',
  'proposed',
  'planned',
  'requested',
  'advisory',
  'contested',
  'reported',
  'lifted',
];

/** One stored entry as text: a claim with its verdict, or an app with its restrictions. */
export function EntrySummary({ entry }: { entry: Entry }) {
  if (entry.kind === 'claim') {
    return (
      <div class="entry-summary">
        <span class="entry-name">{clip(entry.claim, 300)}</span>{' '}
        <span class="muted">
          {verdictText(entry.verdict)}
          {entry.ratingText ? ` (“${clip(entry.ratingText, 60)}”)` : ''} · {clip(entry.reviewedBy, 100)}
        </span>
        <SourceLinks sources={entry.sources} compact />
      </div>
    );
  }
  return (
    <div class="entry-summary">
      <span class="entry-name">{clip(entry.name, 200)}</span>{' '}
      <span class="muted">
        {entry.restrictions
          .map((r) => `${statusText(r.status)}: ${clip(r.where, 60)}, ${clip(r.scope, 120)}`)
          .join('; ')}
      </span>
      <SourceLinks sources={entry.restrictions.flatMap((r) => r.sources)} compact />
    </div>
  );
}

const value = (e: Event) => (e.target as HTMLInputElement).value;

export function MyEntries({ version, onChange }: { version: number; onChange: () => void }) {
  const [entries, setEntries] = useState<StoredEntry[] | null>(null);
  const [kind, setKind] = useState<'claim' | 'app'>('claim');
  const [claim, setClaim] = useState({ claim: '', verdict: 'false', url: '', reviewedBy: '' });
  const [app, setApp] = useState({
    name: '',
    aliases: '',
    where: '',
    scope: '',
    status: 'in-force',
    url: '',
    date: '',
  });
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  useEffect(() => {
    void send({ type: 'getSourceEntries', id: LOCAL_SOURCE_ID }).then(setEntries, () => setEntries([]));
  }, [version]);

  const submit = (e: Event) => {
    e.preventDefault();
    const input: LocalEntryInput =
      kind === 'claim'
        ? {
            kind: 'claim',
            claim: claim.claim,
            verdict: claim.verdict,
            url: claim.url,
            ...(claim.reviewedBy.trim() ? { reviewedBy: claim.reviewedBy } : {}),
          }
        : {
            kind: 'app',
            name: app.name,
            aliases: app.aliases
              .split(',')
              .map((a) => a.trim())
              .filter(Boolean),
            where: app.where,
            scope: app.scope,
            status: app.status,
            url: app.url,
            ...(app.date.trim() ? { date: app.date.trim() } : {}),
          };
    void send({ type: 'addLocalEntry', entry: input }).then(
      (r) => {
        if (!r.ok) return setMessage({ text: r.error, error: true });
        setMessage({ text: 'Added to My entries.', error: false });
        if (kind === 'claim') setClaim({ claim: '', verdict: claim.verdict, url: '', reviewedBy: '' });
        else setApp({ name: '', aliases: '', where: '', scope: '', status: app.status, url: '', date: '' });
        onChange();
      },
      (err: unknown) => setMessage({ text: String(err), error: true }),
    );
  };

  const remove = (id: string) =>
    void send({ type: 'deleteEntries', sourceId: LOCAL_SOURCE_ID, ids: [id] }).then((r) => {
      if (!r.ok) setMessage({ text: r.error, error: true });
      onChange();
    });

  return (
    <div class="my-entries">
      <form onSubmit={submit} noValidate aria-label="Add to My entries">
        <fieldset class="kind">
          <legend>Add</legend>
          <label>
            <input type="radio" name="my-kind" checked={kind === 'claim'} onChange={() => setKind('claim')} /> A claim
          </label>
          <label>
            <input type="radio" name="my-kind" checked={kind === 'app'} onChange={() => setKind('app')} /> An app with a
            restriction
          </label>
        </fieldset>
        {kind === 'claim' ? (
          <div class="grid">
            <label for="my-claim">Claim</label>
            <textarea
              id="my-claim"
              rows={2}
              maxLength={2000}
              value={claim.claim}
              onInput={(e) => setClaim({ ...claim, claim: value(e) })}
            />
            <label for="my-verdict">Verdict</label>
            <select id="my-verdict" value={claim.verdict} onChange={(e) => setClaim({ ...claim, verdict: value(e) })}>
              {VERDICTS.map((v) => (
                <option key={v} value={v}>
                  {verdictText(v)}
                </option>
              ))}
            </select>
            <label for="my-claim-url">Link to the fact-check</label>
            <input
              id="my-claim-url"
              type="url"
              value={claim.url}
              onInput={(e) => setClaim({ ...claim, url: value(e) })}
            />
            <label for="my-reviewer">Reviewed by (optional)</label>
            <input
              id="my-reviewer"
              type="text"
              maxLength={200}
              value={claim.reviewedBy}
              onInput={(e) => setClaim({ ...claim, reviewedBy: value(e) })}
            />
          </div>
        ) : (
          <div class="grid">
            <label for="my-app">App name</label>
            <input
              id="my-app"
              type="text"
              maxLength={200}
              value={app.name}
              onInput={(e) => setApp({ ...app, name: value(e) })}
            />
            <label for="my-aliases">Other names (comma-separated, optional)</label>
            <input
              id="my-aliases"
              type="text"
              value={app.aliases}
              onInput={(e) => setApp({ ...app, aliases: value(e) })}
            />
            <label for="my-where">Where</label>
            <input
              id="my-where"
              type="text"
              maxLength={200}
              placeholder="Italy; US, Texas; NASA"
              value={app.where}
              onInput={(e) => setApp({ ...app, where: value(e) })}
            />
            <label for="my-scope">Restriction</label>
            <input
              id="my-scope"
              type="text"
              maxLength={2000}
              placeholder="Banned on government devices"
              value={app.scope}
              onInput={(e) => setApp({ ...app, scope: value(e) })}
            />
            <label for="my-status">Status</label>
            <select id="my-status" value={app.status} onChange={(e) => setApp({ ...app, status: value(e) })}>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {statusText(s)}
                </option>
              ))}
            </select>
            <label for="my-date">Date (YYYY-MM-DD, optional)</label>
            <input id="my-date" type="text" value={app.date} onInput={(e) => setApp({ ...app, date: value(e) })} />
            <label for="my-app-url">Link to the source</label>
            <input id="my-app-url" type="url" value={app.url} onInput={(e) => setApp({ ...app, url: value(e) })} />
          </div>
        )}
        <button type="submit">Add to My entries</button>
        {message ? (
          <p class={message.error ? 'error' : 'ok'} role="status">
            {message.text}
          </p>
        ) : null}
      </form>
      {entries === null ? (
        <p class="muted">Loading…</p>
      ) : entries.length === 0 ? (
        <p class="muted">No entries of your own yet.</p>
      ) : (
        <ul class="entry-list" aria-label="My entries">
          {entries.map(({ entry }) => (
            <li key={entry.id} data-entry-id={entry.id}>
              <EntrySummary entry={entry} />
              <button
                type="button"
                class="danger"
                aria-label={`Delete ${clip(entry.kind === 'claim' ? entry.claim : entry.name, 80)}`}
                onClick={() => remove(entry.id)}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
