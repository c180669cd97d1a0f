import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { send } from '~/utils/messaging';
import type { EntryDetails, TabFlags } from '~/utils/messages';
import type { SearchResult } from '~/utils/search';
import { CARD_CSS } from './card-styles';
import { EntryCard } from './EntryCard';
import { clip } from './strings';

/** The tab whose flags to show: ?tab=ID (tests, or a popup opened as a page), else the active tab. */
async function targetTabId(): Promise<number | undefined> {
  const param = new URLSearchParams(location.search).get('tab');
  if (param && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

export function Popup() {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<SearchResult[]>([]);
  const [open, setOpen] = useState<EntryDetails | null>(null);
  const [tabFlags, setTabFlags] = useState<TabFlags | null | undefined>(undefined);

  useEffect(() => {
    void targetTabId()
      .then((id) => (id === undefined ? null : send({ type: 'getTabFlags', tabId: id })))
      .then(setTabFlags, () => setTabFlags(null));
  }, []);

  useEffect(() => {
    let live = true;
    if (!query.trim()) {
      setResults([]);
      return;
    }
    void send({ type: 'search', query, limit: 30 }).then((r) => live && setResults(r));
    return () => {
      live = false;
    };
  }, [query]);

  const show = (id: string) => void send({ type: 'getEntry', id }).then(setOpen);

  return (
    <main class="popup">
      <style>{CARD_CSS}</style>
      <h1>Source Flags</h1>
      {open ? (
        <section aria-label="Details">
          <button class="back" type="button" onClick={() => setOpen(null)}>
            ← Back
          </button>
          <EntryCard details={open} />
        </section>
      ) : (
        <>
          <label class="field" for="q">
            Look up a claim or app
          </label>
          <input
            id="q"
            type="search"
            value={query}
            placeholder="e.g. Alibaba DeepSeek, TikTok"
            autoFocus
            onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
          />
          {query.trim() ? <ResultList results={results} onOpen={show} /> : null}
          <h2 class="section">On this page</h2>
          <PageFlags tabFlags={tabFlags} onOpen={show} />
        </>
      )}
    </main>
  );
}

function ResultList({ results, onOpen }: { results: SearchResult[]; onOpen: (id: string) => void }) {
  if (!results.length) return <p class="muted">No claim or app in your lists matches.</p>;
  return (
    <ul class="results" aria-label="Look-up results">
      {results.map((r) => (
        <li key={r.id}>
          <button type="button" onClick={() => onOpen(r.id)}>
            <span class="result-name">{clip(r.name, 140)}</span>
            <span class={`sf-chip sf-tone-${r.tone}`}>{r.label}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function PageFlags({ tabFlags, onOpen }: { tabFlags: TabFlags | null | undefined; onOpen: (id: string) => void }) {
  if (tabFlags === undefined) return <p class="muted">Loading…</p>;
  if (!tabFlags) return <p class="muted">This page is not checked (only http and https pages are).</p>;
  if (!tabFlags.flags.length) return <p class="muted">{tabFlags.scanned ? 'Checked, nothing found.' : 'Checking…'}</p>;
  return (
    <ul class="results" aria-label="Flags on this page">
      {tabFlags.flags.map((f) => (
        <li key={f.id}>
          <button type="button" onClick={() => onOpen(f.id)}>
            <span class="result-name">
              {clip(f.name, 140)} <span class="muted">×{f.count}</span>
            </span>
            <span class={`sf-chip sf-tone-${f.tone}`}>{f.label}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
