/**
 * The background's tasks as Chrome's own tracing records them (used by the benchmarks, never by
 * the extension). The 5 ms timer of worker-lag.ts says how late the worker answers, which also
 * counts the wait behind queued tasks; a trace gives each task's own length, and which of them
 * were the garbage collector's.
 *
 * The browser must be started with --remote-debugging-port: the trace is taken over a second CDP
 * connection to it (a persistent context has no browser-level session of its own).
 */
import { chromium, type CDPSession } from 'playwright-core';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
}

export interface TaskSummary {
  /** Tasks the service worker's thread ran. */
  tasks: number;
  /** The longest, in ms. */
  longest: number;
  /** Each task over 50 ms: its length, and how much of it the garbage collector took. */
  over50: { ms: number; gcMs: number }[];
  /** The longest task less the garbage collection inside it, in ms: the work of the code itself. */
  longestWithoutGc: number;
}

/** The port to pass as --remote-debugging-port (a fixed range: the benchmarks run one browser). */
export const TRACE_PORT = 9321;

export interface WorkerTrace {
  stop(): Promise<TaskSummary>;
  close(): Promise<void>;
}

/** Connects to the browser started with TRACE_PORT and returns a function that traces a span. */
export async function connectTracer(
  port = TRACE_PORT,
): Promise<{ start(): Promise<WorkerTrace>; close(): Promise<void> }> {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const close = () => browser.close();
  return {
    close,
    start: async () => {
      const session: CDPSession = await browser.newBrowserCDPSession();
      const events: TraceEvent[] = [];
      session.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
      const complete = new Promise<void>((resolve) => session.once('Tracing.tracingComplete', () => resolve()));
      await session.send('Tracing.start', {
        traceConfig: { includedCategories: ['toplevel', 'v8', '__metadata'] },
        transferMode: 'ReportEvents',
      });
      return {
        stop: async () => {
          await session.send('Tracing.end');
          await complete;
          await session.detach();
          return summarize(events);
        },
        close,
      };
    },
  };
}

/** The service worker's tasks in a trace (exported for its test). */
export function summarize(events: readonly TraceEvent[]): TaskSummary {
  const workerThreads = new Set(
    events
      .filter((e) => e.name === 'thread_name' && /ServiceWorker/i.test(e.args?.name ?? ''))
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const onWorker = (e: TraceEvent) => workerThreads.has(`${e.pid}:${e.tid}`);
  const tasks = events.filter((e) => onWorker(e) && e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask');
  const gcs = events.filter((e) => onWorker(e) && e.ph === 'X' && (e.name === 'MajorGC' || e.name === 'MinorGC'));
  const gcTimeIn = (t: TraceEvent) =>
    gcs
      .filter((g) => g.ts >= t.ts && g.ts + (g.dur ?? 0) <= t.ts + (t.dur ?? 0))
      .reduce((sum, g) => sum + (g.dur ?? 0), 0);
  const ms = (us: number) => Math.round(us / 100) / 10;
  let longest = 0;
  let longestWithoutGc = 0;
  const over50: TaskSummary['over50'] = [];
  for (const t of tasks) {
    const dur = t.dur ?? 0;
    const gc = gcTimeIn(t);
    longest = Math.max(longest, dur);
    longestWithoutGc = Math.max(longestWithoutGc, dur - gc);
    if (dur > 50_000) over50.push({ ms: ms(dur), gcMs: ms(gc) });
  }
  return { tasks: tasks.length, longest: ms(longest), over50, longestWithoutGc: ms(longestWithoutGc) };
}
