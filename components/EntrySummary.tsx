/** One stored entry as text, in the options page's lists (My entries, learned claims). */
import type { Entry } from '~/utils/feed/types';
import { t } from '~/utils/i18n';
import { clip, statusText, verdictText } from './strings';
import { SourceLinks } from './SourceLinks';

/** A claim with its verdict, or an app with its restrictions. */
export function EntrySummary({ entry }: { entry: Entry }) {
  if (entry.kind === 'claim') {
    return (
      <div class="entry-summary">
        <span class="entry-name">{clip(entry.claim, 300)}</span>{' '}
        <span class="muted">
          {entry.ratingText
            ? t('entryVerdictRated', verdictText(entry.verdict), clip(entry.ratingText, 60))
            : verdictText(entry.verdict)}{' '}
          · {clip(entry.reviewedBy, 100)}
        </span>
        <SourceLinks sources={entry.sources} compact />
      </div>
    );
  }
  return (
    <div class="entry-summary">
      <span class="entry-name">{clip(entry.name, 200)}</span>{' '}
      <span class="muted">
        {entry.restrictions
          .map((r) => t('entryRestriction', statusText(r.status), clip(r.where, 60), clip(r.scope, 120)))
          .join(t('entryRestrictionSep'))}
      </span>
      <SourceLinks sources={entry.restrictions.flatMap((r) => r.sources)} compact />
    </div>
  );
}
