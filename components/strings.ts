/** User-visible wording of verdicts and statuses (localised through t()). */
import type { RestrictionStatus, Verdict } from '~/utils/feed/types';
import { t, type MessageKey } from '~/utils/i18n';

const VERDICT_KEY: Record<Verdict, MessageKey> = {
  'refuted-by-fact-checker': 'longRefuted',
  'denied-by-subject': 'longDenied',
  misleading: 'longMisleading',
  unsubstantiated: 'longUnsubstantiated',
  false: 'longFalse',
  mixed: 'longMixed',
  true: 'longTrue',
  unrated: 'longUnrated',
};

const STATUS_KEY: Record<RestrictionStatus, MessageKey> = {
  'in-force': 'statusInForce',
  interim: 'statusInterim',
  temporary: 'statusTemporary',
  lifted: 'statusLifted',
  proposed: 'statusProposed',
  planned: 'statusPlanned',
  requested: 'statusRequested',
  advisory: 'statusAdvisory',
  contested: 'statusContested',
  reported: 'statusReported',
};

export const verdictText = (v: Verdict): string => t(VERDICT_KEY[v] ?? 'longUnrated');
export const statusText = (s: RestrictionStatus): string => t(STATUS_KEY[s] ?? 'statusReported');

/** Caps any feed string for display (feeds are validated, but the UI never trusts lengths). */
export function clip(s: string | undefined, max = 600): string {
  if (!s) return '';
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}
