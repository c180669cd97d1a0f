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
  it('reads the service worker thread’s tasks only, the garbage collector’s share of each, and the network loader’s', () => {
    const s = summarize([
      { name: 'thread_name', ph: 'M', ...SW, ts: 0, args: { name: 'ServiceWorker thread' } },
      { name: 'thread_name', ph: 'M', ...PAGE, ts: 0, args: { name: 'CrRendererMain' } },
      task(0, 30),
      task(100, 60),
      gc('MajorGC', 105, 45),
      task(200, 70),
      gc('MinorGC', 210, 10),
      { name: 'FunctionCall', ph: 'X', ...SW, ts: 201_000, dur: 5000 },
      task(300, 55),
      { name: 'ResourceReceivedData', ph: 'I', ...SW, ts: 301_000 },
      { name: 'ResourceReceivedData', ph: 'I', ...SW, ts: 340_000 },
      task(400, 500, PAGE),
    ]);
    expect(s).toEqual({
      tasks: 4,
      longest: 70,
      longestScript: 60,
      over50: [
        { ms: 60, gcMs: 45, network: false },
        { ms: 70, gcMs: 10, network: false },
        { ms: 55, gcMs: 0, network: true },
      ],
    });
  });

  it('finds nothing in a trace without the worker', () => {
    expect(summarize([task(0, 80, PAGE)])).toEqual({ tasks: 0, longest: 0, longestScript: 0, over50: [] });
  });
});
