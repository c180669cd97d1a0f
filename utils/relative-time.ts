import { t, uiLocale } from './i18n';

/**
 * "3 hours ago", "in 2 days": for source freshness, in the UI language unless a locale is given.
 * Under a minute is "just now" (localised through t() when the locale is the UI's).
 */
export function relativeTime(ms: number, now = Date.now(), locale = uiLocale()): string {
  const diff = ms - now;
  const abs = Math.abs(diff);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
  ];
  for (const [unit, size] of units) if (abs >= size) return rtf.format(Math.round(diff / size), unit);
  if (locale === uiLocale()) return t('justNow');
  return rtf.format(0, 'minute') === 'this minute' ? 'just now' : rtf.format(0, 'minute');
}
