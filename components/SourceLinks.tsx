import type { SourceLink } from '~/utils/feed/types';
import { hostOf, safeHttpUrl } from '~/utils/safe-url';
import { clip } from './strings';
import { formatDate } from '~/utils/i18n';

/** Source links: http(s) only, new tab, no opener or referrer. Other URLs are not rendered. */
export function SourceLinks({ sources, compact }: { sources: readonly SourceLink[]; compact?: boolean }) {
  const safe = sources.map((s) => ({ ...s, href: safeHttpUrl(s.url) })).filter((s) => s.href);
  if (!safe.length) return null;
  return (
    <ul class={compact ? 'sf-links sf-links-compact' : 'sf-links'}>
      {safe.map((s, i) => (
        <li key={i}>
          <a href={s.href} target="_blank" rel="noopener noreferrer">
            {compact
              ? `[${i + 1}] ${clip(s.publisher || hostOf(s.href!), 40)}`
              : clip(s.title || s.publisher || hostOf(s.href!), 120)}
          </a>
          {!compact && s.date ? <span class="sf-muted"> · {formatDate(clip(s.date, 40))}</span> : null}
        </li>
      ))}
    </ul>
  );
}
