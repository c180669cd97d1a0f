/**
 * Glue between the pure schedule (utils/updates/schedule.ts) and the alarms API: one alarm, set to
 * the earliest due source. Alarms survive service worker restarts, so updates run even when the
 * background was stopped; start-up also runs anything overdue.
 */
export const UPDATE_ALARM = 'source-flags-update';

export interface AlarmsLike {
  create(name: string, info: { when: number }): void | Promise<void>;
  clear(name: string): Promise<boolean> | Promise<void> | void;
}

/** A `schedule(when)` function for SourceService: sets the alarm, or clears it when nothing is due. */
export function alarmScheduler(alarms: AlarmsLike): (when: number | undefined) => void {
  return (when) => {
    try {
      const done = when === undefined ? alarms.clear(UPDATE_ALARM) : alarms.create(UPDATE_ALARM, { when });
      void Promise.resolve(done).catch(() => undefined);
    } catch {
      // no alarms API (should not happen: the "alarms" permission is declared)
    }
  };
}
