import type { AppEntry, ClaimEntry } from '~/utils/feed/types';
import type { EntryDetails } from '~/utils/messages';
import { describeEntry } from '~/utils/match/describe';
import { SourceLinks } from './SourceLinks';
import { STATUS_TEXT, VERDICT_TEXT, clip } from './strings';

/** The evidence card: shown by a badge on a page and by a look-up result in the popup. */
export function EntryCard({ details, headingId }: { details: EntryDetails; headingId?: string }) {
  const { entry, source } = details;
  const d = describeEntry(entry);
  return (
    <article class={`sf-card sf-tone-${d.tone}`}>
      <header>
        <span class={`sf-chip sf-tone-${d.tone}`}>{d.label}</span>
        <h2 id={headingId}>{entry.kind === 'app' ? clip(entry.name, 200) : clip(entry.claim, 400)}</h2>
      </header>
      {entry.kind === 'claim' ? <ClaimBody entry={entry} /> : <AppBody entry={entry} />}
      <footer class="sf-muted">From: {clip(source, 120)}</footer>
    </article>
  );
}

function Caveat({ text }: { text?: string }) {
  return text ? (
    <p class="sf-caveat">
      <strong>Caveat:</strong> {clip(text)}
    </p>
  ) : null;
}

function ClaimBody({ entry }: { entry: ClaimEntry }) {
  return (
    <div class="sf-body">
      <p class="sf-verdict">
        <strong>{VERDICT_TEXT[entry.verdict]}</strong>
        {entry.ratingText ? <span> (“{clip(entry.ratingText, 80)}”)</span> : null}
      </p>
      <dl>
        <dt>Who said so</dt>
        <dd>{clip(entry.reviewedBy, 200)}</dd>
        {entry.reviewDate ? (
          <>
            <dt>When</dt>
            <dd>{clip(entry.reviewDate, 60)}</dd>
          </>
        ) : null}
        {entry.medium ? (
          <>
            <dt>Where</dt>
            <dd>{clip(entry.medium, 300)}</dd>
          </>
        ) : null}
        {entry.origin ? (
          <>
            <dt>Claim origin</dt>
            <dd>{clip(entry.origin, 300)}</dd>
          </>
        ) : null}
      </dl>
      {entry.summary ? <p>{clip(entry.summary)}</p> : null}
      <Caveat text={entry.caveat} />
      <h3>Sources</h3>
      <SourceLinks sources={entry.sources} />
    </div>
  );
}

function AppBody({ entry }: { entry: AppEntry }) {
  return (
    <div class="sf-body">
      {entry.description ? <p>{clip(entry.description, 300)}</p> : null}
      <Caveat text={entry.caveat} />
      <table class="sf-restrictions">
        <caption>Restrictions</caption>
        <thead>
          <tr>
            <th scope="col">Where</th>
            <th scope="col">Scope</th>
            <th scope="col">Status</th>
            <th scope="col">Date</th>
            <th scope="col">Sources</th>
          </tr>
        </thead>
        <tbody>
          {entry.restrictions.slice(0, 200).map((r, i) => (
            <tr key={i} class={`sf-status-${r.status}`}>
              <th scope="row">{clip(r.where, 120)}</th>
              <td>
                {clip(r.scope, 400)}
                {r.authority ? <div class="sf-muted">By: {clip(r.authority, 200)}</div> : null}
                {r.caveat ? (
                  <div class="sf-caveat">
                    <strong>Caveat:</strong> {clip(r.caveat, 400)}
                  </div>
                ) : null}
              </td>
              <td>{STATUS_TEXT[r.status]}</td>
              <td>
                {clip(r.date, 40)}
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
