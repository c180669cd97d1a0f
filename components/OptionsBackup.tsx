import { useState } from 'preact/hooks';
import type { ImportReport } from '~/utils/messages';
import { MAX_IMPORT_CHARS } from '~/utils/messages';
import { send } from '~/utils/messaging';
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
        Nothing was imported: {clip(report.error, 300)}
      </p>
    );
  const parts = [
    `${report.addedSources} ${report.addedSources === 1 ? 'source' : 'sources'} added`,
    `${report.updatedSources} updated`,
    `${report.myEntries} of My entries`,
    report.settings ? 'settings restored' : 'settings unchanged',
  ];
  return (
    <div role="status" class="import-report">
      <p class="ok">Imported: {parts.join(', ')}.</p>
      {report.skippedCount ? (
        <>
          <p>Skipped or changed ({report.skippedCount}):</p>
          <ul>
            {report.skipped.map((s, i) => (
              <li key={i}>{clip(s, 300)}</li>
            ))}
          </ul>
        </>
      ) : (
        <p class="muted">Nothing was skipped.</p>
      )}
      {report.addedSources ? (
        <p class="muted">New sources download now; if one fails for lack of access, press its “Update now”.</p>
      ) : null}
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
      setReport({ ok: false, error: 'The file is too large to be a backup (over 20 MB).' });
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
      <p class="muted">
        One JSON file with your sources (addresses, on/off, intervals), the built-in list's switch, your settings and My
        entries. Learned claims are not included.
      </p>
      <div class="actions">
        <button type="button" onClick={exportAll}>
          Export
        </button>
        <label class="file">
          Import a backup file{' '}
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
