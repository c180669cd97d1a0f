import { describe, expect, it } from 'vitest';
import en from '../../public/_locales/en/messages.json';
import zh from '../../public/_locales/zh_CN/messages.json';
import { badgeLabel, formatDate, t } from '../../utils/i18n';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const placeholdersOf = (m: Messages[string]) => Object.keys(m.placeholders ?? {}).sort();

describe('locales', () => {
  it('Chinese has every English message, with the same placeholders', () => {
    const e = en as Messages;
    const z = zh as Messages;
    expect(Object.keys(z).sort()).toEqual(Object.keys(e).sort());
    for (const key of Object.keys(e)) {
      expect(placeholdersOf(z[key]!), key).toEqual(placeholdersOf(e[key]!));
      for (const name of placeholdersOf(e[key]!)) expect(z[key]!.message, key).toContain(`$${name.toUpperCase()}$`);
      expect(z[key]!.message.trim(), key).not.toBe('');
    }
  });

  it('substitutes placeholders in the English fallback', () => {
    expect(t('restrictedMany', 12)).toBe('Restricted in 12 places');
    expect(t('badgeName', 'DeepSeek', 'Restricted in 12 places')).toBe(
      'DeepSeek: Restricted in 12 places, open details',
    );
    expect(badgeLabel({ labelKey: 'restrictedMany', count: 3, label: 'x' })).toBe('Restricted in 3 places');
    expect(badgeLabel({ labelKey: 'unknownKey', count: 3, label: 'As given' })).toBe('As given');
  });

  it('formats ISO dates for the locale and leaves other date text alone', () => {
    expect(formatDate('2025-02-07', 'en')).toBe('Feb 7, 2025');
    expect(formatDate('2025-02-07', 'zh-CN')).toBe('2025年2月7日');
    expect(formatDate("'Friday'", 'en')).toBe("'Friday'");
  });
});
