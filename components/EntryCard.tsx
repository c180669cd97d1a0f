import type { AppEntry, ClaimEntry } from '~/utils/feed/types';
import type { EntryDetails } from '~/utils/messages';
import { describeEntry } from '~/utils/match/describe';
import { SourceLinks } from './SourceLinks';
import { clip, statusText, verdictText } from './strings';
import { badgeLabel, formatDate, t } from '~/utils/i18n';
import { highlightShared } from '~/utils/match/highlight';
import type { MatchWhy } from '~/utils/dom/badge-types';
import { useState } from 'preact/hooks';
import { learnedFrom } from '~/utils/learn';

export interface CardProps {
  details: EntryDetails;
  headingId?: string;
  /** Shown by a badge: why it matched here. */
  why?: MatchWhy;
  /** The page's site, and "Not this claim" (badges on pages only). */
  site?: string;
  onDismiss?: (scope: 'sentence' | 'site') => Promise<void> | void;
}

/** The evidence card: shown by a badge on a page and by a look-up result in the popup. */
export function EntryCard({ details, headingId, why, site, onDismiss }: CardProps) {
  const { entry, source } = details;
  const taughtBy = learnedFrom(entry);
  const d = describeEntry(entry);
  const label = badgeLabel(d);
  // What "Where I am" says of this app, decided by the background (details.applies).
  const mine = details.applies?.you ?? false;
  return (
    <article class={`sf-card sf-tone-${d.tone}`}>
      <header>
        <span class="sf-chips">
          {mine ? <span class="sf-chip sf-applies">{t('appliesToYou')}</span> : null}
          <span class={`sf-chip sf-tone-${d.tone}`}>{label}</span>
        </span>
        <h2 id={headingId}>
          {entry.kind === 'app' ? (
            clip(entry.name, 200)
          ) : why?.shared ? (
            <Highlighted text={clip(entry.claim, 400)} shared={why.shared} />
          ) : (
            clip(entry.claim, 400)
          )}
        </h2>
      </header>
      {entry.kind === 'claim' && why ? <Why why={why} site={site} onDismiss={onDismiss} /> : null}
      {entry.kind === 'claim' ? <ClaimBody entry={entry} /> : <AppBody entry={entry} rows={details.applies?.rows} />}
      <footer class="sf-muted">
        {/* A learned claim names the site that taught it (as the browser reported it): its author
            and links are the page's own word, so the reader can judge where it came from. */}
        {taughtBy ? t('cardLearnedFrom', clip(taughtBy, 120)) : t('cardFrom', clip(source, 120))}
      </footer>
    </article>
  );
}

/** The claim's text with the words the page shares marked (rendered as text, never as markup). */
function Highlighted({ text, shared }: { text: string; shared: string[] }) {
  return <>{highlightShared(text, shared).map((r, i) => (r.shared ? <mark key={i}>{r.text}</mark> : r.text))}</>;
}

/** Why the badge is here, and "Not this claim". */
function Why({ why, site, onDismiss }: { why: MatchWhy; site?: string; onDismiss?: CardProps['onDismiss'] }) {
  const [done, setDone] = useState(false);
  const tier = why.tier === 'possible' ? t('tierPossible') : why.tier === 'inline' ? t('tierStrong') : t('tierRule');
  const hide = (scope: 'sentence' | 'site') => {
    void Promise.resolve(onDismiss?.(scope)).then(() => setDone(true));
  };
  return (
    <div class="sf-why">
      <p>
        <strong>{tier}</strong>
        {why.shared ? <span class="sf-muted"> · {t('whyShared')}</span> : null}
      </p>
      {onDismiss ? (
        done ? (
          <p class="sf-muted" role="status">
            {t('dismissedDone')}
          </p>
        ) : (
          <p class="sf-dismiss">
            <span>{t('notThisClaim')}</span>{' '}
            <button type="button" onClick={() => hide('sentence')}>
              {t('hideInSentence')}
            </button>{' '}
            {site ? (
              <button type="button" onClick={() => hide('site')}>
                {t('hideOnSite', clip(site, 80))}
              </button>
            ) : null}
          </p>
        )
      ) : null}
    </div>
  );
}

function Caveat({ text }: { text?: string }) {
  return text ? (
    <p class="sf-caveat">
      <strong>{t('cardCaveat')}</strong> {clip(text)}
    </p>
  ) : null;
}

function ClaimBody({ entry }: { entry: ClaimEntry }) {
  return (
    <div class="sf-body">
      <p class="sf-verdict">
        <strong>{verdictText(entry.verdict)}</strong>
        {entry.ratingText ? <span> (“{clip(entry.ratingText, 80)}”)</span> : null}
      </p>
      <dl>
        <dt>{t('cardWho')}</dt>
        <dd>{clip(entry.reviewedBy, 200)}</dd>
        {entry.reviewDate ? (
          <>
            <dt>{t('cardWhen')}</dt>
            <dd>{formatDate(clip(entry.reviewDate, 60))}</dd>
          </>
        ) : null}
        {entry.medium ? (
          <>
            <dt>{t('cardWhere')}</dt>
            <dd>{clip(entry.medium, 300)}</dd>
          </>
        ) : null}
        {entry.origin ? (
          <>
            <dt>{t('cardOrigin')}</dt>
            <dd>{clip(entry.origin, 300)}</dd>
          </>
        ) : null}
      </dl>
      {entry.summary ? <p>{clip(entry.summary)}</p> : null}
      <Caveat text={entry.caveat} />
      <h3>{t('cardSources')}</h3>
      <SourceLinks sources={entry.sources} />
    </div>
  );
}

/** `rows`: the restriction rows that apply to the reader ("Where I am"), by index. */
function AppBody({ entry, rows }: { entry: AppEntry; rows?: readonly number[] }) {
  const mine = (i: number) => rows?.includes(i) ?? false;
  return (
    <div class="sf-body">
      {entry.description ? <p>{clip(entry.description, 300)}</p> : null}
      <Caveat text={entry.caveat} />
      <table class="sf-restrictions">
        <caption>{t('cardRestrictions')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('cardColWhere')}</th>
            <th scope="col">{t('cardColScope')}</th>
            <th scope="col">{t('cardColStatus')}</th>
            <th scope="col">{t('cardColDate')}</th>
            <th scope="col">{t('cardColSources')}</th>
          </tr>
        </thead>
        <tbody>
          {entry.restrictions.slice(0, 200).map((r, i) => (
            <tr key={i} class={`sf-status-${r.status}${mine(i) ? ' sf-mine' : ''}`}>
              <th scope="row">
                {clip(r.where, 120)}
                {mine(i) ? <div class="sf-applies-note">{t('appliesToYou')}</div> : null}
              </th>
              <td>
                {clip(r.scope, 400)}
                {r.authority ? <div class="sf-muted">{t('cardBy', clip(r.authority, 200))}</div> : null}
                {r.caveat ? (
                  <div class="sf-caveat">
                    <strong>{t('cardCaveat')}</strong> {clip(r.caveat, 400)}
                  </div>
                ) : null}
              </td>
              <td>{statusText(r.status)}</td>
              <td>
                {formatDate(clip(r.date, 40))}
                {r.dateNote ? <div class="sf-muted">{clip(r.dateNote, 200)}</div> : null}
              </td>
              <td>
                <SourceLinks sources={r.sources} compact />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
