import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { send } from '~/utils/send';
import { LEARNED_SOURCE_ID, LOCAL_SOURCE_ID, type SourceRecord } from '~/utils/db-schema';
import { parseBroadcast } from '~/utils/messages';
import type { Settings } from '~/utils/settings';
import { AddSourceForm, SourceList } from './Sources';
import { MyEntries } from './MyEntries';
import { Learning } from './Learning';
import { HiddenMatches } from './HiddenMatches';
import { Backup } from './Backup';
import { DisplaySettings, type SaveSettings } from './DisplaySettings';
import { WhereSettings } from './WhereSettings';
import { t } from '~/utils/i18n';

/**
 * Runs `load` now, or once more after the run in progress: requests that arrive meanwhile are
 * merged into that one follow-up. A burst of any size costs at most two loads, and the last one
 * starts after the last request, so it sees every change that was announced.
 */
export function coalesce(load: () => Promise<unknown>): () => void {
  let running = false;
  let again = false;
  const run = () => {
    running = true;
    void load()
      .catch(() => undefined)
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          run();
        }
      });
  };
  return () => {
    if (running) again = true;
    else run();
  };
}

/** What changes whenever a source's entries are written or the source is removed. */
function entriesStamp(sources: readonly SourceRecord[], id: string): string {
  const s = sources.find((x) => x.id === id);
  return s ? `${s.contentStamp ?? ''}|${s.entryCount}|${s.addedAt ?? ''}` : '';
}

/** The source manager: lists by URL, the built-in list, My entries, learned claims, backup. */
export function Options() {
  const [sources, setSources] = useState<SourceRecord[] | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Bumped only when that source's entries changed: the lists of My entries and of learned claims
  // (up to 5,000 each) are fetched again then, not on every change of any source (issue 17 item 8).
  const [versions, setVersions] = useState({ local: 0, learned: 0 });
  const stamps = useRef<{ local: string; learned: string } | null>(null);
  const [now, setNow] = useState(Date.now());
  // The settings as last shown, updated at once on every change: two changes in the same tick must
  // build on each other, not both on the settings of the last render.
  const latest = useRef<Settings | null>(null);
  const saves = useRef(0);

  // Coalesced: while learning from pages, "sources changed" can arrive twice a second, and each
  // reload must not start before the last has finished (nor be lost: one more runs after it).
  const reload = useMemo(
    () =>
      coalesce(() =>
        Promise.all([send({ type: 'getSources' }), send({ type: 'getSettings' })]).then(
          ([s, st]) => {
            setSources(s);
            setSettings(st);
            latest.current = st;
            setNow(Date.now());
            const next = { local: entriesStamp(s, LOCAL_SOURCE_ID), learned: entriesStamp(s, LEARNED_SOURCE_ID) };
            const prev = stamps.current;
            stamps.current = next;
            // The first answer counts as a change (version 1): the learned list waits for it.
            if (!prev || prev.local !== next.local || prev.learned !== next.learned) {
              setVersions((v) => ({
                local: v.local + (prev?.local !== next.local ? 1 : 0),
                learned: v.learned + (prev?.learned !== next.learned ? 1 : 0),
              }));
            }
            setError(null);
          },
          (e: unknown) => setError(String(e)),
        ),
      ),
    [],
  );

  useEffect(() => {
    reload();
    // The background says when sources change (updates finish, claims are learned).
    const onMessage = (message: unknown, sender: { id?: string }) => {
      if (sender.id === browser.runtime.id && parseBroadcast(message)?.type === 'sourcesChanged') reload();
      return undefined;
    };
    browser.runtime.onMessage.addListener(onMessage);
    // Keeps "3 hours ago" and "in 5 hours" current.
    const tick = setInterval(() => setNow(Date.now()), 30_000);
    return () => {
      browser.runtime.onMessage.removeListener(onMessage);
      clearInterval(tick);
    };
  }, [reload]);

  const save: SaveSettings = (change) => {
    const current = latest.current;
    if (!current) return;
    const patch = typeof change === 'function' ? change(current) : change;
    latest.current = { ...current, ...patch };
    setSettings(latest.current); // shown at once; the background confirms
    const n = ++saves.current;
    void send({ type: 'setSettings', settings: patch }).then(
      (confirmed) => {
        // The background applies changes in order, so the last answer includes every earlier change;
        // an earlier answer would undo the later changes on screen until theirs arrive.
        if (n !== saves.current) return;
        latest.current = confirmed;
        setSettings(confirmed);
      },
      (e: unknown) => setError(String(e)),
    );
  };

  return (
    <main class="options">
      <h1>{t('optionsTitle')}</h1>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}

      <section aria-labelledby="h-sources">
        <h2 class="section" id="h-sources">
          {t('optSources')}
        </h2>
        <AddSourceForm onDone={reload} />
        {sources === null ? (
          <p class="muted">{t('loading')}</p>
        ) : (
          <SourceList sources={sources} now={now} onChange={reload} />
        )}
      </section>

      <section aria-labelledby="h-display">
        <h2 class="section" id="h-display">
          {t('optDisplay')}
        </h2>
        {settings ? <DisplaySettings settings={settings} save={save} /> : null}
        <p class="muted">{t('optLanguage')}</p>
      </section>

      <section aria-labelledby="h-where">
        <h2 class="section" id="h-where">
          {t('optWhere')}
        </h2>
        {settings ? <WhereSettings settings={settings} save={save} /> : null}
      </section>

      <section aria-labelledby="h-mine">
        <h2 class="section" id="h-mine">
          {t('optMyEntries')}
        </h2>
        <MyEntries version={versions.local} onChange={reload} />
      </section>

      <section aria-labelledby="h-dismissed">
        <h2 class="section" id="h-dismissed">
          {t('optDismissedTitle')}
        </h2>
        <HiddenMatches />
      </section>

      <section aria-labelledby="h-learning">
        <h2 class="section" id="h-learning">
          {t('optLearning')}
        </h2>
        <Learning enabled={settings?.learnFromPages === true} version={versions.learned} now={now} onChange={reload} />
      </section>

      <section aria-labelledby="h-backup">
        <h2 class="section" id="h-backup">
          {t('optBackup')}
        </h2>
        <Backup onChange={reload} />
      </section>
    </main>
  );
}
