import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { send } from '~/utils/messaging';
import type { SourceRecord } from '~/utils/db-schema';
import { parseBroadcast } from '~/utils/messages';
import type { Settings } from '~/utils/settings';
import { AddSourceForm, SourceList } from './OptionsSources';
import { MyEntries } from './OptionsMyEntries';
import { Learning } from './OptionsLearned';
import { HiddenMatches } from './OptionsDismissed';
import { Backup } from './OptionsBackup';
import { DisplaySettings, type SaveSettings } from './OptionsDisplay';
import { WhereSettings } from './OptionsWhere';
import { t } from '~/utils/i18n';

/** The source manager: lists by URL, the built-in list, My entries, learned claims, backup. */
export function Options() {
  const [sources, setSources] = useState<SourceRecord[] | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [now, setNow] = useState(Date.now());
  // The settings as last shown, updated at once on every change: two changes in the same tick must
  // build on each other, not both on the settings of the last render.
  const latest = useRef<Settings | null>(null);
  const saves = useRef(0);

  const reload = useCallback(() => {
    void Promise.all([send({ type: 'getSources' }), send({ type: 'getSettings' })]).then(
      ([s, st]) => {
        setSources(s);
        setSettings(st);
        latest.current = st;
        setNow(Date.now());
        setVersion((v) => v + 1);
        setError(null);
      },
      (e: unknown) => setError(String(e)),
    );
  }, []);

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
        <MyEntries version={version} onChange={reload} />
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
        <Learning enabled={settings?.learnFromPages === true} version={version} now={now} onChange={reload} />
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
