/** User-visible wording of verdicts and statuses, in one place. */
import type { RestrictionStatus, Verdict } from '~/utils/feed/types';

export const VERDICT_TEXT: Record<Verdict, string> = {
  'refuted-by-fact-checker': 'Refuted by a fact-checker',
  'denied-by-subject': 'Denied by the subject',
  misleading: 'Misleading',
  unsubstantiated: 'Unsubstantiated',
  false: 'Rated false',
  mixed: 'Mixed or partly false',
  true: 'Rated true',
  unrated: 'Fact-checked (no rating)',
};

export const STATUS_TEXT: Record<RestrictionStatus, string> = {
  'in-force': 'In force',
  interim: 'Interim',
  temporary: 'Temporary',
  lifted: 'Lifted',
  proposed: 'Proposed',
  planned: 'Planned',
  requested: 'Requested',
  advisory: 'Advisory',
  contested: 'Contested',
  reported: 'Reported',
};

/** Caps any feed string for display (feeds are validated, but the UI never trusts lengths). */
export function clip(s: string | undefined, max = 600): string {
  if (!s) return '';
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}
