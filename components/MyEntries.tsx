import { StatusMessage } from './StatusMessage';
import { useEffect, useState } from 'preact/hooks';
import { RESTRICTION_STATUSES, VERDICTS } from '~/utils/feed/types';
import { LOCAL_SOURCE_ID } from '~/utils/db-schema';
import type { LocalEntryInput } from '~/utils/my-entry-input';
import type { StoredEntry } from '~/utils/messages';
import { send } from '~/utils/send';
import { t } from '~/utils/i18n';
import { clip, statusText, verdictText } from './strings';
import { EntrySummary } from './EntrySummary';

const value = (e: Event) => (e.target as HTMLInputElement).value;

export function MyEntries({ version, onChange }: { version: number; onChange: () => void }) {
  const [entries, setEntries] = useState<StoredEntry[] | null>(null);
  const [kind, setKind] = useState<'claim' | 'app'>('claim');
  const [claim, setClaim] = useState<ClaimForm>({ claim: '', verdict: 'false', url: '', reviewedBy: '' });
  const [app, setApp] = useState<AppForm>({
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
    const input = entryInput(kind, claim, app);
    void send({ type: 'addLocalEntry', entry: input }).then(
      (r) => {
        if (!r.ok) return setMessage({ text: r.error, error: true });
        setMessage({ text: t('mineAdded'), error: false });
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
      <form onSubmit={submit} noValidate aria-label={t('mineAdd')}>
        <fieldset class="kind">
          <legend>{t('mineAddLegend')}</legend>
          <label>
            <input type="radio" name="my-kind" checked={kind === 'claim'} onChange={() => setKind('claim')} />{' '}
            {t('mineKindClaim')}
          </label>
          <label>
            <input type="radio" name="my-kind" checked={kind === 'app'} onChange={() => setKind('app')} />{' '}
            {t('mineKindApp')}
          </label>
        </fieldset>
        {kind === 'claim' ? <ClaimFields claim={claim} setClaim={setClaim} /> : <AppFields app={app} setApp={setApp} />}
        <button type="submit">{t('mineAdd')}</button>
        <StatusMessage message={message} />
      </form>
      <MyEntryList entries={entries} onRemove={remove} />
    </div>
  );
}

type ClaimForm = { claim: string; verdict: string; url: string; reviewedBy: string };
type AppForm = {
  name: string;
  aliases: string;
  where: string;
  scope: string;
  status: string;
  url: string;
  date: string;
};

/** What the form holds, as the request the background checks (aliases split on commas). */
function entryInput(kind: 'claim' | 'app', claim: ClaimForm, app: AppForm): LocalEntryInput {
  return kind === 'claim'
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
          .split(/[,，]/)
          .map((a) => a.trim())
          .filter(Boolean),
        where: app.where,
        scope: app.scope,
        status: app.status,
        url: app.url,
        ...(app.date.trim() ? { date: app.date.trim() } : {}),
      };
}

/** A claim: its text, the verdict, the fact-check's address and who checked it. */
function ClaimFields({ claim, setClaim }: { claim: ClaimForm; setClaim: (c: ClaimForm) => void }) {
  return (
    <div class="grid">
      <label for="my-claim">{t('mineClaim')}</label>
      <textarea
        id="my-claim"
        rows={2}
        maxLength={2000}
        value={claim.claim}
        onInput={(e) => setClaim({ ...claim, claim: value(e) })}
      />
      <label for="my-verdict">{t('mineVerdict')}</label>
      <select id="my-verdict" value={claim.verdict} onChange={(e) => setClaim({ ...claim, verdict: value(e) })}>
        {VERDICTS.map((v) => (
          <option key={v} value={v}>
            {verdictText(v)}
          </option>
        ))}
      </select>
      <label for="my-claim-url">{t('mineClaimUrl')}</label>
      <input id="my-claim-url" type="url" value={claim.url} onInput={(e) => setClaim({ ...claim, url: value(e) })} />
      <label for="my-reviewer">{t('mineReviewer')}</label>
      <input
        id="my-reviewer"
        type="text"
        maxLength={200}
        value={claim.reviewedBy}
        onInput={(e) => setClaim({ ...claim, reviewedBy: value(e) })}
      />
    </div>
  );
}

/** An app: its name and other names, where and how it is restricted, since when, and the source. */
function AppFields({ app, setApp }: { app: AppForm; setApp: (a: AppForm) => void }) {
  return (
    <div class="grid">
      <label for="my-app">{t('mineAppName')}</label>
      <input
        id="my-app"
        type="text"
        maxLength={200}
        value={app.name}
        onInput={(e) => setApp({ ...app, name: value(e) })}
      />
      <label for="my-aliases">{t('mineAliases')}</label>
      <input id="my-aliases" type="text" value={app.aliases} onInput={(e) => setApp({ ...app, aliases: value(e) })} />
      <label for="my-where">{t('mineWhere')}</label>
      <input
        id="my-where"
        type="text"
        maxLength={200}
        placeholder={t('mineWherePlaceholder')}
        value={app.where}
        onInput={(e) => setApp({ ...app, where: value(e) })}
      />
      <label for="my-scope">{t('mineScope')}</label>
      <input
        id="my-scope"
        type="text"
        maxLength={2000}
        placeholder={t('mineScopePlaceholder')}
        value={app.scope}
        onInput={(e) => setApp({ ...app, scope: value(e) })}
      />
      <label for="my-status">{t('mineStatus')}</label>
      <select id="my-status" value={app.status} onChange={(e) => setApp({ ...app, status: value(e) })}>
        {RESTRICTION_STATUSES.map((s) => (
          <option key={s} value={s}>
            {statusText(s)}
          </option>
        ))}
      </select>
      <label for="my-date">{t('mineDate')}</label>
      <input id="my-date" type="text" value={app.date} onInput={(e) => setApp({ ...app, date: value(e) })} />
      <label for="my-app-url">{t('mineAppUrl')}</label>
      <input id="my-app-url" type="url" value={app.url} onInput={(e) => setApp({ ...app, url: value(e) })} />
    </div>
  );
}

/** The entries kept so far, each with Delete. */
function MyEntryList({ entries, onRemove }: { entries: StoredEntry[] | null; onRemove: (id: string) => void }) {
  return entries === null ? (
    <p class="muted">{t('loading')}</p>
  ) : entries.length === 0 ? (
    <p class="muted">{t('mineNone')}</p>
  ) : (
    <ul class="entry-list" aria-label={t('optMyEntries')}>
      {entries.map(({ entry }) => (
        <li key={entry.id} data-entry-id={entry.id}>
          <EntrySummary entry={entry} />
          <button
            type="button"
            class="danger"
            aria-label={t('mineDeleteName', clip(entry.kind === 'claim' ? entry.claim : entry.name, 80))}
            onClick={() => onRemove(entry.id)}
          >
            {t('mineDelete')}
          </button>
        </li>
      ))}
    </ul>
  );
}
