/** "3 hours ago", "in 2 days": for source freshness. Pure. */
export function relativeTime(ms: number, now = Date.now(), locale = 'en'): string {
  const diff = ms - now;
  const abs = Math.abs(diff);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
  ];
  for (const [unit, size] of units) if (abs >= size) return rtf.format(Math.round(diff / size), unit);
  return rtf.format(0, 'minute') === 'this minute' ? 'just now' : rtf.format(0, 'minute');
}
