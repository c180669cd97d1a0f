import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  afterSuccess,
  backoffDelay,
  dueSources,
  FIRST_RETRY_MS,
  HOUR,
  MIN_ALARM_DELAY_MS,
  MINUTE,
  nextAlarmAt,
  recoverInterrupted,
  updateAfter,
  type ScheduleFields,
} from '../../../utils/updates/schedule';

const NOW = 1_750_000_000_000;
const remote = (patch: Partial<ScheduleFields> = {}): ScheduleFields => ({
  kind: 'remote',
  enabled: true,
  intervalHours: 24,
  failures: 0,
  ...patch,
});

describe('backoffDelay', () => {
  it.each([
    [0, 24, 0],
    [1, 24, 5 * MINUTE],
    [2, 24, 10 * MINUTE],
    [3, 24, 20 * MINUTE],
    [5, 24, 80 * MINUTE],
    [9, 24, 1280 * MINUTE], // 5 min × 256
    [10, 24, 24 * HOUR], // 5 min × 512 > a day: capped
    [50, 24, 24 * HOUR],
    [4, 6, 40 * MINUTE],
    [8, 6, 6 * HOUR], // never later than the regular interval
    [10, 168, 24 * HOUR], // nor more than a day
  ])('failure %i, every %i h → %i ms', (failures, interval, delay) => {
    expect(backoffDelay(failures, interval)).toBe(delay);
  });
});

describe('updateAfter', () => {
  it.each<[string, Partial<ScheduleFields>, number]>([
    ['never fetched: now', {}, NOW],
    ['healthy: a full interval after the last success', { lastSuccess: NOW - HOUR }, NOW + 23 * HOUR],
    ['weekly', { lastSuccess: NOW, intervalHours: 168 }, NOW + 168 * HOUR],
    [
      'first failure: 5 min after the attempt',
      { lastSuccess: NOW - HOUR, failures: 1, lastAttempt: NOW },
      NOW + 5 * MINUTE,
    ],
    ['third failure', { failures: 3, lastAttempt: NOW - MINUTE }, NOW - MINUTE + 20 * MINUTE],
    ['zero interval is treated as an hour', { lastSuccess: NOW, intervalHours: 0 }, NOW + 24 * HOUR],
  ])('%s', (_name, patch, at) => {
    expect(updateAfter(remote(patch), NOW)).toBe(at);
  });
});

describe('afterSuccess / afterFailure', () => {
  it('a success resets the failures and schedules a full interval', () => {
    expect(afterSuccess(remote({ failures: 4, lastError: 'x' } as Partial<ScheduleFields>), NOW)).toEqual({
      failures: 0,
      lastSuccess: NOW,
      lastAttempt: NOW,
      lastError: undefined,
      updating: undefined,
      nextUpdate: NOW + 24 * HOUR,
    });
  });

  it('failures back off exponentially', () => {
    let s = remote({ lastSuccess: NOW - HOUR });
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const patch = afterFailure(s, NOW, 'boom');
      s = { ...s, ...patch };
      delays.push(patch.nextUpdate! - NOW);
      expect(patch.lastError).toBe('boom');
    }
    expect(delays).toEqual([1, 2, 4, 8].map((k) => k * FIRST_RETRY_MS));
  });
});

describe('dueSources and nextAlarmAt', () => {
  const table: [string, ScheduleFields][] = [
    ['due', remote({ nextUpdate: NOW - 1 })],
    ['later', remote({ nextUpdate: NOW + HOUR })],
    ['disabled', remote({ nextUpdate: NOW - 1, enabled: false })],
    ['builtin', { ...remote({ nextUpdate: NOW - 1 }), kind: 'builtin' }],
    ['local', { ...remote({ nextUpdate: NOW - 1 }), kind: 'local' }],
    ['running', remote({ nextUpdate: NOW - 1, updating: NOW - 5 })],
    ['never scheduled', remote({ nextUpdate: undefined })],
  ];

  it('only enabled remote sources whose time has come and that are not running', () => {
    const due = dueSources(
      table.map(([name, s]) => ({ ...s, name })),
      NOW,
    ).map((s) => s.name);
    expect(due).toEqual(['due', 'never scheduled']);
  });

  it.each<[string, ScheduleFields[], number | undefined]>([
    ['nothing scheduled', [table[2]![1], table[3]![1]], undefined],
    [
      'the earliest, at least 30 s away',
      [remote({ nextUpdate: NOW + HOUR }), remote({ nextUpdate: NOW - HOUR })],
      NOW + MIN_ALARM_DELAY_MS,
    ],
    ['a future one', [remote({ nextUpdate: NOW + 2 * HOUR }), remote({ nextUpdate: NOW + HOUR })], NOW + HOUR],
  ])('%s', (_n, sources, at) => {
    expect(nextAlarmAt(sources, NOW)).toBe(at);
  });
});

describe('recoverInterrupted', () => {
  it('reschedules a source a stopped worker left "updating"', () => {
    expect(recoverInterrupted(remote({ updating: NOW - MINUTE, nextUpdate: NOW + HOUR }), NOW)).toEqual({
      updating: undefined,
      nextUpdate: NOW,
    });
  });
  it('leaves others alone', () => {
    expect(recoverInterrupted(remote({ nextUpdate: NOW + HOUR }), NOW)).toBeUndefined();
  });
});
