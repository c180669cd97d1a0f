import { describe, expect, it } from 'vitest';
import { BACKUP_FORMAT, buildBackup, parseBackup } from '../../utils/backup';
import { DEFAULT_SETTINGS } from '../../utils/settings';
import { ownFeed } from '../feed-fixtures';

const good = {
  format: BACKUP_FORMAT,
  version: 1,
  exportedAt: '2025-06-01T00:00:00.000Z',
  settings: { ...DEFAULT_SETTINGS, density: 'every', learnFromPages: true },
  builtin: { enabled: false },
  myEntries: { enabled: true, entries: ownFeed().entries.slice(0, 2) },
  sources: [
    { url: 'https://fc.example/a.json', title: 'A', enabled: true, intervalHours: 24 },
    { url: 'https://fc.example/b.json', enabled: false, intervalHours: 168 },
  ],
};

describe('parseBackup', () => {
  it('round-trips an export', () => {
    const file = buildBackup(
      {
        settings: good.settings as typeof DEFAULT_SETTINGS,
        builtin: good.builtin,
        myEntries: good.myEntries as never,
        sources: good.sources,
      },
      Date.parse(good.exportedAt),
    );
    expect(file).toEqual(good);
    const parsed = parseBackup(JSON.stringify(file));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.backup).toMatchObject({
      builtinEnabled: false,
      myEntriesEnabled: true,
      skipped: [],
      skippedCount: 0,
      sources: good.sources,
    });
    expect(parsed.backup.settings).toMatchObject({ density: 'every', learnFromPages: true });
    expect(parsed.backup.myEntries.map((e) => e.id)).toEqual(['garlic-diabetes', 'zorblax']);
  });

  it.each([
    ['', /empty/],
    ['{', /not valid JSON/],
    ['[]', /not a Source Flags backup/],
    [JSON.stringify({ format: 'other' }), /not a Source Flags backup/],
    [JSON.stringify(ownFeed()), /add it as a source instead/],
    ['['.repeat(500) + ']'.repeat(500), /nested too deeply/],
  ])('refuses %#', (text, error) => {
    const r = parseBackup(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(error);
  });

  it('skips bad parts, keeps good ones, and says what it skipped', () => {
    const text = JSON.stringify({
      format: BACKUP_FORMAT,
      version: 2,
      settings: { density: 'loud', pageCap: 50, bogus: 1 },
      sources: [
        { url: 'javascript:alert(1)' },
        'https://fc.example/not-an-object.json',
        { url: 'https://fc.example/a.json', intervalHours: 5 },
        { url: 'https://fc.example/a.json' },
        { url: 'https://user:pw@fc.example/x.json' },
        { url: 'fc.example/c.json', enabled: false, title: '  C  ' },
      ],
      myEntries: [ownFeed().entries[0], { kind: 'claim', id: 'no-verdict', claim: 'x' }, 'nonsense'],
    });
    const r = parseBackup(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const b = r.backup;
    expect(b.sources).toEqual([
      { url: 'https://fc.example/a.json', enabled: true, intervalHours: 24 },
      { url: 'https://fc.example/c.json', enabled: false, intervalHours: 24, title: 'C' },
    ]);
    expect(b.settings).toMatchObject({ density: 'paragraph', pageCap: 50 });
    expect(b.myEntries.map((e) => e.id)).toEqual(['garlic-diabetes']);
    const report = b.skipped.join('\n');
    for (const expected of [
      /version 2/,
      /density "loud" is not valid/,
      /unknown setting "bogus"/,
      /source 1: Only http and https/,
      /source 2: not an object/,
      /source 3: update interval 5 is not offered/,
      /source 4: .* listed twice/,
      /source 5: Remove the user name/,
      /My entries: entry 2 .*verdict/,
      /My entries: entry 3: is not an object/,
    ])
      expect(report).toMatch(expected);
    expect(b.skippedCount).toBe(b.skipped.length);
  });
});
