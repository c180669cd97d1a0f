import { useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { send } from '~/utils/send';
import type { EntryDetails, TabFlags } from '~/utils/messages';
import type { SearchResult } from '~/utils/search';
import type { Verdict } from '~/utils/feed/types';
import { badgeLabel, t } from '~/utils/i18n';
import { CARD_CSS } from './card-styles';
import { EntryCard } from './EntryCard';
import { Toggle } from './Toggle';
import { clip, verdictText } from './strings';
import { ALL_VERDICTS, isPausedOn, type Settings } from '~/utils/settings';
import { relativeTime } from '~/utils/relative-time';
import {
  useFocusFollowsCard,
  useLookup,
  usePollWhileChecking,
  useSettings,
  useTabFlags,
  type KindFilter,
  type ListName,
} from './popup-hooks';

const VERDICTS = ALL_VERDICTS;

export function Popup() {
  const [query, setQuery] = useState(() => new URLSearchParams(location.search).get('q') ?? '');
  const [kind, setKind] = useState<KindFilter>('all');
  const [verdict, setVerdict] = useState<Verdict | ''>('');
  const [open, setOpen] = useState<EntryDetails | null>(null);
  const mainRef = useRef<HTMLElement>(null);
  const openedFrom = useRef<{ list: ListName; id: string } | null>(null);
  const { settings, save, freshness } = useSettings();
  const { tabId, tabFlags, setTabFlags } = useTabFlags(setQuery);
  const results = useLookup(query, kind, verdict);

  /**
   * Verdicts exist only for claims. Choosing one selects Claims; All and Apps clear it. So the
   * filters on screen are the ones applied, and Apps never lists claims.
   */
  const chooseKind = (k: KindFilter) => {
    setKind(k);
    if (k !== 'claim') setVerdict('');
  };
  const chooseVerdict = (v: Verdict | '') => {
    setVerdict(v);
    if (v) setKind('claim');
  };

  // Switched off, or paused on this site: the content script then reports no flags, unscanned,
  // which must not read as "Checking…".
  const idle: Idle | undefined = !settings
    ? undefined
    : !settings.enabled
      ? 'off'
      : tabFlags?.host && isPausedOn(settings, tabFlags.host)
        ? 'paused'
        : undefined;
  usePollWhileChecking(!!tabFlags && !tabFlags.scanned && !idle, tabId, setTabFlags);

  const show = (id: string, list: ListName) =>
    send({ type: 'getEntry', id }).then(
      (details) => {
        if (!details) return;
        openedFrom.current = { list, id };
        setOpen(details);
      },
      () => undefined,
    );
  /** A flag of this page: scroll the page to its first badge, and show its card here. */
  const reveal = (id: string) => {
    if (tabId !== undefined) void browser.tabs.sendMessage(tabId, { type: 'reveal', id }).catch(() => undefined);
    void show(id, 'flags');
  };
  useFocusFollowsCard(mainRef, open, openedFrom);

  return (
    <main class="popup" ref={mainRef}>
      <style>{CARD_CSS}</style>
      <div class="popup-head">
        <h1>{t('extName')}</h1>
        <button class="link-button" type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('popupOptions')}
        </button>
      </div>
      {open ? (
        <section aria-label={t('popupDetails')}>
          <button class="back" type="button" onClick={() => setOpen(null)}>
            {t('popupBack')}
          </button>
          <EntryCard details={open} />
        </section>
      ) : (
        <>
          <label class="field" for="q">
            {t('popupLookup')}
          </label>
          <input
            id="q"
            type="search"
            value={query}
            placeholder={t('popupPlaceholder')}
            autoFocus
            autoComplete="off"
            onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
          />
          <Filters kind={kind} verdict={verdict} onKind={chooseKind} onVerdict={chooseVerdict} />
          {query.trim() ? <ResultList results={results} onOpen={(id) => void show(id, 'results')} /> : null}
          <h2 class="section">{t('popupOnPage')}</h2>
          <PageFlags tabFlags={tabFlags} idle={idle} onOpen={reveal} />
          {settings ? <Controls settings={settings} host={tabFlags?.host} save={save} freshness={freshness} /> : null}
        </>
      )}
    </main>
  );
}

/** Kind (all, claims, apps) and verdict filters of the look-up. */
function Filters({
  kind,
  verdict,
  onKind,
  onVerdict,
}: {
  kind: KindFilter;
  verdict: Verdict | '';
  onKind: (k: KindFilter) => void;
  onVerdict: (v: Verdict | '') => void;
}) {
  return (
    <div class="filters">
      <fieldset class="segmented">
        <legend class="sr-only">{t('popupFilterKind')}</legend>
        {(['all', 'claim', 'app'] as const).map((k) => (
          <label key={k}>
            <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => onKind(k)} />
            <span>{t(k === 'all' ? 'popupFilterAll' : k === 'claim' ? 'popupFilterClaims' : 'popupFilterApps')}</span>
          </label>
        ))}
      </fieldset>
      <label class="sr-only" for="verdict">
        {t('popupFilterVerdict')}
      </label>
      <select
        id="verdict"
        value={verdict}
        onChange={(e) => onVerdict((e.target as HTMLSelectElement).value as Verdict | '')}
      >
        <option value="">{t('popupAnyVerdict')}</option>
        {VERDICTS.map((v) => (
          <option key={v} value={v}>
            {verdictText(v)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Global on/off, pause on this site, and how fresh the lists are. */
function Controls({
  settings,
  host,
  save,
  freshness,
}: {
  settings: Settings;
  host?: string;
  save: (patch: Partial<Settings>) => void;
  freshness?: number;
}) {
  const paused = host ? isPausedOn(settings, host) : false;
  return (
    <div class="controls">
      <Toggle checked={settings.enabled} onChange={(on) => save({ enabled: on })}>
        {t('popupEnabled')}
      </Toggle>
      {host ? (
        <button
          type="button"
          class="link-button"
          onClick={() =>
            save({
              pausedSites: paused
                ? settings.pausedSites.filter((s) => host !== s && !host.endsWith(`.${s}`))
                : [...settings.pausedSites, host],
            })
          }
        >
          {paused ? t('popupResumeSite') : t('popupPauseSite')} <span class="muted">({host})</span>
        </button>
      ) : null}
      {freshness ? <p class="muted">{t('popupLists', relativeTime(freshness))}</p> : null}
    </div>
  );
}

function ResultList({ results, onOpen }: { results: SearchResult[]; onOpen: (id: string) => void }) {
  if (!results.length) return <p class="muted">{t('popupNoResults')}</p>;
  return (
    <ul class="results" data-list="results" aria-label={t('popupResults')}>
      {results.map((r) => (
        <li key={r.id}>
          <button type="button" data-entry-id={r.id} onClick={() => onOpen(r.id)}>
            <span class="result-name">{clip(r.name, 140)}</span>
            <span class={`sf-chip sf-tone-${r.tone}`}>{badgeLabel(r)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Why a checkable page is not being checked: the user switched Source Flags off, or paused it there. */
type Idle = 'off' | 'paused';

function PageFlags({
  tabFlags,
  idle,
  onOpen,
}: {
  tabFlags: TabFlags | null | undefined;
  idle?: Idle;
  onOpen: (id: string) => void;
}) {
  if (tabFlags === undefined) return <p class="muted">{t('loading')}</p>;
  if (!tabFlags) return <p class="muted">{t('popupNotChecked')}</p>;
  if (idle) return <p class="muted">{t(idle === 'off' ? 'popupOff' : 'popupPaused')}</p>;
  if (!tabFlags.flags.length) return <p class="muted">{tabFlags.scanned ? t('popupNothing') : t('popupChecking')}</p>;
  const badged = tabFlags.flags.filter((f) => f.tier !== 'possible');
  const possible = tabFlags.flags.filter((f) => f.tier === 'possible');
  return (
    <>
      {badged.length ? (
        <FlagList flags={badged} list="flags" label={t('popupFlagsOnPage')} onOpen={onOpen} />
      ) : (
        <p class="muted">{tabFlags.scanned ? t('popupNothing') : t('popupChecking')}</p>
      )}
      {possible.length ? (
        <section aria-labelledby="h-possible">
          <h3 id="h-possible" class="possible-title">
            {t('popupPossible')}
          </h3>
          <p class="muted">{t('popupPossibleHint')}</p>
          <FlagList flags={possible} list="possible" label={t('popupPossible')} onOpen={onOpen} />
        </section>
      ) : null}
    </>
  );
}

/** A list of flags, each opening its card. */
function FlagList({
  flags,
  list,
  label,
  onOpen,
}: {
  flags: TabFlags['flags'];
  list: ListName;
  label: string;
  onOpen: (id: string) => void;
}) {
  return (
    <ul class="results" data-list={list} aria-label={label}>
      {flags.map((f) => (
        <li key={f.id}>
          <button type="button" data-entry-id={f.id} onClick={() => onOpen(f.id)}>
            <span class="result-name">
              {clip(f.name, 140)} <span class="muted">{t('popupCount', f.count)}</span>
            </span>
            <span class={`sf-chip sf-tone-${f.tone}`}>
              {badgeLabel({ label: f.label, labelKey: f.labelKey ?? '', count: f.labelCount ?? 0 })}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
