import { useEffect, useState } from 'preact/hooks';
import { send } from '~/utils/messaging';
import type { SourceRecord } from '~/utils/db-schema';
import { relativeTime } from '~/utils/relative-time';
import { clip } from './strings';

const FORMAT_NAMES: Record<string, string> = {
  'source-flags': 'Source Flags feed',
  claimreview: 'ClaimReview JSON-LD',
  'factcheck-tools': 'Fact Check Tools',
  'html-claimreview': 'Fact-check page (ClaimReview)',
};

export function Options() {
  const [sources, setSources] = useState<SourceRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    send({ type: 'getSources' }).then(setSources, (e: unknown) => setError(String(e)));
  }, []);

  return (
    <main class="options">
      <h1>Source Flags options</h1>
      <h2 class="section">Sources</h2>
      {error ? <p class="error">{error}</p> : null}
      {sources === null ? (
        <p class="muted">Loading…</p>
      ) : (
        <table class="sources" aria-label="Sources">
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Format</th>
              <th scope="col">Entries</th>
              <th scope="col">Last update</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {sources.map((s) => (
              <tr key={s.id} data-source-id={s.id}>
                <th scope="row">
                  {clip(s.title, 200)}
                  {s.builtin ? <div class="muted">Built in</div> : <div class="muted">{clip(s.url, 200)}</div>}
                </th>
                <td>{FORMAT_NAMES[s.format] ?? s.format}</td>
                <td>
                  {s.entryCount}
                  {s.skipped ? <div class="muted">{s.skipped} skipped</div> : null}
                </td>
                <td>{s.lastSuccess ? relativeTime(s.lastSuccess) : 'never'}</td>
                <td>
                  {s.enabled ? 'Enabled' : 'Disabled'}
                  {s.lastError ? <div class="error">{clip(s.lastError, 300)}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
