/**
 * Work in steps: a list's parse, compile and build pause in tasks of the lowest priority where the
 * browser has them, so that pages' messages are answered first (issue 15).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { laterTask, nextTask, runInSteps } from '../../utils/steps';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('laterTask', () => {
  it('asks the browser for a background-priority task when it has a scheduler', async () => {
    const queued: (() => void)[] = [];
    const postTask = vi.fn((callback: () => void, _options: { priority: string }) => {
      return new Promise<void>((resolve) => queued.push(() => resolve(callback())));
    });
    vi.stubGlobal('scheduler', { postTask });
    let resumed = false;
    const later = laterTask().then(() => (resumed = true));
    expect(postTask).toHaveBeenCalledWith(expect.any(Function), { priority: 'background' });
    await nextTask();
    // Not before the browser runs the task.
    expect(resumed).toBe(false);
    queued.shift()!();
    await later;
    expect(resumed).toBe(true);
  });

  it('is a plain new task without one (Node, older Firefox)', async () => {
    vi.stubGlobal('scheduler', undefined);
    const order: string[] = [];
    const later = laterTask().then(() => order.push('later'));
    void Promise.resolve().then(() => order.push('microtask'));
    await later;
    expect(order).toEqual(['microtask', 'later']);
  });

  it('paces runInSteps', async () => {
    const postTask = vi.fn((callback: () => void) => Promise.resolve().then(callback));
    vi.stubGlobal('scheduler', { postTask });
    function* slow(): Generator<void, string, void> {
      for (let i = 0; i < 3; i++) {
        const until = performance.now() + 3;
        while (performance.now() < until);
        yield;
      }
      return 'done';
    }
    expect(await runInSteps(slow(), laterTask, 1)).toBe('done');
    expect(postTask.mock.calls.length).toBeGreaterThanOrEqual(2);
  });
});
