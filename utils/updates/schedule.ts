/**
 * When remote sources update: every `intervalHours` after the last success, and after a failure
 * with exponential back-off (5 min, 10 min, 20 min… never later than the regular interval, and at
 * most a day). Pure: times are ms since epoch and `now` is always passed in.
 */
import type { SourceRecord } from '../db-schema';

export const HOUR = 3_600_000;
export const MINUTE = 60_000;
export const DEFAULT_INTERVAL_HOURS = 24;
/** The choices the options page offers (and import accepts). */
export const INTERVAL_CHOICES: readonly number[] = [6, 12, 24, 72, 168];
export const FIRST_RETRY_MS = 5 * MINUTE;
export const MAX_RETRY_MS = 24 * HOUR;
/** Chrome does not fire alarms sooner than 30 s from now. */
export const MIN_ALARM_DELAY_MS = 30_000;

export type ScheduleFields = Pick<
  SourceRecord,
  'kind' | 'enabled' | 'intervalHours' | 'lastSuccess' | 'lastAttempt' | 'failures' | 'updating' | 'nextUpdate'
>;

export function isIntervalChoice(hours: unknown): hours is number {
  return typeof hours === 'number' && INTERVAL_CHOICES.includes(hours);
}

/** Delay before retry number `failures` (1 = after the first failure). */
export function backoffDelay(failures: number, intervalHours = DEFAULT_INTERVAL_HOURS): number {
  if (!(failures >= 1)) return 0;
  const exp = Math.min(failures - 1, 20);
  return Math.min(FIRST_RETRY_MS * 2 ** exp, Math.max(intervalHours, 1) * HOUR, MAX_RETRY_MS);
}

/**
 * When a source should next update, computed from its state after an attempt (or at start-up).
 * Never-fetched sources are due now; failing ones back off; healthy ones wait a full interval.
 */
export function updateAfter(s: ScheduleFields, now: number): number {
  const interval = Math.max(s.intervalHours || DEFAULT_INTERVAL_HOURS, 1) * HOUR;
  const failures = s.failures ?? 0;
  if (failures > 0) return (s.lastAttempt ?? now) + backoffDelay(failures, s.intervalHours);
  if (s.lastSuccess === undefined) return now;
  return s.lastSuccess + interval;
}

/** Remote, enabled sources only: the others never update by themselves. */
export function isScheduled(s: ScheduleFields): boolean {
  return s.kind === 'remote' && s.enabled;
}

/** Sources to update now: scheduled ones whose time has come and that are not already running. */
export function dueSources<T extends ScheduleFields>(sources: readonly T[], now: number): T[] {
  return sources.filter((s) => isScheduled(s) && s.updating === undefined && (s.nextUpdate ?? 0) <= now);
}

/** When to wake up next (the alarm time), or undefined when nothing is scheduled. */
export function nextAlarmAt(sources: readonly ScheduleFields[], now: number): number | undefined {
  let next: number | undefined;
  for (const s of sources) {
    if (!isScheduled(s) || s.updating !== undefined) continue;
    const at = s.nextUpdate ?? now;
    if (next === undefined || at < next) next = at;
  }
  return next === undefined ? undefined : Math.max(next, now + MIN_ALARM_DELAY_MS);
}

/**
 * At start-up, a source still marked `updating` was cut off by a stopped service worker: its old
 * copy is intact (the replacement is one transaction), so it only needs to run again, now.
 * Returns the patch to store, or undefined when the source was not interrupted.
 */
export function recoverInterrupted(s: ScheduleFields, now: number): Partial<SourceRecord> | undefined {
  if (s.updating === undefined) return undefined;
  return { updating: undefined, nextUpdate: now };
}

/** Schedule fields after a successful update (or a 304). */
export function afterSuccess(s: ScheduleFields, now: number): Partial<SourceRecord> {
  const next = { ...s, failures: 0, lastSuccess: now, lastAttempt: now, updating: undefined };
  return {
    failures: 0,
    lastSuccess: now,
    lastAttempt: now,
    lastError: undefined,
    updating: undefined,
    nextUpdate: updateAfter(next, now),
  };
}

/** Schedule fields after a failed update: the copy is kept, the error shown, the retry backed off. */
export function afterFailure(s: ScheduleFields, now: number, error: string): Partial<SourceRecord> {
  const failures = (s.failures ?? 0) + 1;
  return {
    failures,
    lastAttempt: now,
    lastError: error,
    updating: undefined,
    nextUpdate: updateAfter({ ...s, failures, lastAttempt: now }, now),
  };
}
