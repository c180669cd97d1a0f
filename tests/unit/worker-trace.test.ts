/**
 * The benchmarks' reading of a Chrome trace: the service worker's tasks, the longest, and which of
 * those over 50 ms were mostly the garbage collector's.
 */
import { describe, expect, it } from 'vitest';
import { summarize } from '../../scripts/lib/worker-trace';

const SW = { pid: 1, tid: 7 };
const PAGE = { pid: 2, tid: 3 };
const task = (at: number, ms: number, where = SW) => ({
  name: 'ThreadControllerImpl::RunTask',
  ph: 'X',
  ...where,
  ts: at * 1000,
  dur: ms * 1000,
});
const gc = (name: string, at: number, ms: number) => ({ name, ph: 'X', ...SW, ts: at * 1000, dur: ms * 1000 });

describe('summarize', () => {
  it('reads the service worker thread’s tasks only, and the garbage collector’s share of each', () => {
    const s = summarize([
      { name: 'thread_name', ph: 'M', ...SW, ts: 0, args: { name: 'ServiceWorker thread' } },
      { name: 'thread_name', ph: 'M', ...PAGE, ts: 0, args: { name: 'CrRendererMain' } },
      task(0, 30),
      task(100, 60),
      gc('MajorGC', 105, 45),
      task(200, 70),
      gc('MinorGC', 210, 10),
      task(300, 500, PAGE),
    ]);
    expect(s).toEqual({
      tasks: 3,
      longest: 70,
      longestWithoutGc: 60,
      over50: [
        { ms: 60, gcMs: 45 },
        { ms: 70, gcMs: 10 },
      ],
    });
  });

  it('finds nothing in a trace without the worker', () => {
    expect(summarize([task(0, 80, PAGE)])).toEqual({ tasks: 0, longest: 0, longestWithoutGc: 0, over50: [] });
  });
});
