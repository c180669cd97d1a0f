/**
 * Every user-visible string goes through t(), backed by browser.i18n (public/_locales: English and
 * Simplified Chinese). Where the i18n API is missing (unit tests, the CLI) the English messages are
 * used, with the same $PLACEHOLDER$ substitution rules.
 */
import { browser } from 'wxt/browser';
import en from '~/public/_locales/en/messages.json';

export type MessageKey = keyof typeof en;

interface MessageSpec {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

function substitute(spec: MessageSpec, subs: string[]): string {
  return spec.message.replace(/\$([A-Za-z_]+)\$/g, (m, name: string) => {
    const content = spec.placeholders?.[name.toLowerCase()]?.content;
    if (!content) return m;
    return content.replace(/\$(\d)/g, (_, d: string) => subs[Number(d) - 1] ?? '');
  });
}

export function t(key: MessageKey, ...subs: (string | number)[]): string {
  const strings = subs.map(String);
  try {
    // WXT types getMessage for its own keys only; ours come from public/_locales.
    const getMessage = browser.i18n?.getMessage as ((name: string, subs?: string[]) => string) | undefined;
    const localized = getMessage?.(key, strings);
    if (localized) return localized;
  } catch {
    // No i18n API here (tests, CLI): fall back to English below.
  }
  return substitute((en as Record<string, MessageSpec>)[key]!, strings);
}

/** The UI language, for dates and numbers ("en", "zh-CN"). */
export function uiLocale(): string {
  try {
    return browser.i18n?.getUILanguage() || 'en';
  } catch {
    return 'en';
  }
}

/** An ISO date as the user's locale writes it; other date text is shown as given. */
export function formatDate(value: string | undefined, locale = uiLocale()): string {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return value;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    date,
  );
}

/** Badge label of an index entry, localised from its labelKey and count. */
export function badgeLabel(entry: { labelKey: string; count: number; label: string }): string {
  const key = entry.labelKey as MessageKey;
  if (!(key in en)) return entry.label;
  return t(key, entry.count);
}
