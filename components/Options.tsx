import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { send } from '~/utils/messaging';
import type { SourceRecord } from '~/utils/db-schema';
import { parseBroadcast } from '~/utils/messages';
import type { Settings } from '~/utils/settings';
import { AddSourceForm, SourceList } from './OptionsSources';
import { MyEntries } from './OptionsMyEntries';
import { Learning } from './OptionsLearned';
import { Backup } from './OptionsBackup';
import { DisplaySettings } from './OptionsDisplay';
import { WhereSettings } from './OptionsWhere';
import { t } from '~/utils/i18n';

/** The source manager: lists by URL, the built-in list, My entries, learned claims, backup. */
export function Options() {
  const [sources, setSources] = useState<SourceRecord[] | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [now, setNow] = useState(Date.now());

  const reload = useCallback(() => {
    void Promise.all([send({ type: 'getSources' }), send({ type: 'getSettings' })]).then(
      ([s, st]) => {
        setSources(s);
        setSettings(st);
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

  const save = (patch: Partial<Settings>) => {
    if (settings) setSettings({ ...settings, ...patch }); // shown at once; the background confirms
    void send({ type: 'setSettings', settings: patch }).then(setSettings, (e: unknown) => setError(String(e)));
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
