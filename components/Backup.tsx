import { useState } from 'preact/hooks';
import { importCaps } from '~/utils/backup';
import type { ImportReport } from '~/utils/messages';
import { MAX_IMPORT_CHARS } from '~/utils/messages';
import { send } from '~/utils/send';
import { t, uiLocale } from '~/utils/i18n';
import { clip } from './strings';

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function ReportView({ report }: { report: ImportReport }) {
  if (!report.ok)
    return (
      <p class="error" role="status">
        {t('backupFailed', clip(report.error, 300))}
      </p>
    );
  const n = (x: number) => x.toLocaleString(uiLocale());
  const imported = t(
    'backupImported',
    report.addedSources === 1 ? t('backupSourcesAddedOne') : t('backupSourcesAddedMany', n(report.addedSources)),
    t('backupUpdated', n(report.updatedSources)),
    t('backupMyEntries', n(report.myEntries)),
    report.settings ? t('backupSettingsRestored') : t('backupSettingsUnchanged'),
  );
  // Limits the import ran into come first, in the reader's language: they can leave out thousands
  // of entries, which the per-item reasons below would not show.
  const caps = importCaps(report).map((c) =>
    t(c.part === 'myEntries' ? 'backupCapMyEntries' : 'backupCapSources', n(c.skipped), n(c.max)),
  );
  return (
    <div role="status" class="import-report">
      <p class="ok">{imported}</p>
      {report.skippedCount ? (
        <>
          <p>{t('backupSkipped', n(report.skippedCount))}</p>
          <ul>
            {caps.map((s, i) => (
              <li key={`cap-${i}`}>{s}</li>
            ))}
            {report.skipped.map((s, i) => (
              <li key={i}>{clip(s, 300)}</li>
            ))}
          </ul>
        </>
      ) : (
        <p class="muted">{t('backupNoneSkipped')}</p>
      )}
      {report.addedSources ? <p class="muted">{t('backupUpdateHint')}</p> : null}
    </div>
  );
}

export function Backup({ onChange }: { onChange: () => void }) {
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState(false);

  const exportAll = () =>
    void send({ type: 'exportAll' }).then((data) =>
      download(`source-flags-backup-${data.exportedAt.slice(0, 10)}.json`, JSON.stringify(data, null, 2)),
    );

  const importFile = (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    if (file.size > MAX_IMPORT_CHARS) {
      setReport({ ok: false, error: t('backupTooLarge') });
      return;
    }
    setBusy(true);
    void file
      .text()
      .then((text) => send({ type: 'importAll', text }))
      .then(
        (r) => setReport(r),
        (e: unknown) => setReport({ ok: false, error: String(e) }),
      )
      .finally(() => {
        setBusy(false);
        input.value = '';
        onChange();
      });
  };

  return (
    <div class="backup">
      <p class="muted">{t('backupHelp')}</p>
      <div class="actions">
        <button type="button" onClick={exportAll}>
          {t('backupExport')}
        </button>
        <label class="file">
          {t('backupImport')}{' '}
          <input
            type="file"
            accept="application/json,.json"
            disabled={busy}
            onChange={(e) => importFile(e.target as HTMLInputElement)}
          />
        </label>
      </div>
      {report ? <ReportView report={report} /> : null}
    </div>
  );
}
