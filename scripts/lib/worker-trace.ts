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
  /**
   * Each task over 50 ms: its length, the garbage collector's share of it, and whether it was the
   * browser's network loader receiving a body with no script run (a list served from this machine
   * arrives faster than the loader hands it on, and it reads all of it in one task).
   */
  over50: { ms: number; gcMs: number; network: boolean }[];
  /** The longest task that ran script, less the garbage collection inside it, in ms. */
  longestScript: number;
}

/** The port to pass as --remote-debugging-port (fixed: the benchmarks run one browser at a time). */
export const TRACE_PORT = 9321;

/** A trace begun: stop() ends it and reads the worker's tasks. */
export interface WorkerTrace {
  stop(): Promise<TaskSummary>;
}

/** A connection to the browser, tracing one span at a time. */
export interface Tracer {
  start(): Promise<WorkerTrace>;
  close(): Promise<void>;
}

/** Connects to the browser started with --remote-debugging-port=`port`. */
export async function connectTracer(port = TRACE_PORT): Promise<Tracer> {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  return {
    close: () => browser.close(),
    start: async () => {
      const session: CDPSession = await browser.newBrowserCDPSession();
      const events: TraceEvent[] = [];
      session.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
      const complete = new Promise<void>((resolve) => session.once('Tracing.tracingComplete', () => resolve()));
      await session.send('Tracing.start', {
        traceConfig: { includedCategories: ['toplevel', 'v8', 'devtools.timeline', '__metadata'] },
        transferMode: 'ReportEvents',
      });
      return {
        stop: async () => {
          await session.send('Tracing.end');
          await complete;
          await session.detach();
          return summarize(events);
        },
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
  const onWorker = events.filter((e) => workerThreads.has(`${e.pid}:${e.tid}`));
  const tasks = onWorker.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask');
  const inside = (t: TraceEvent, names: ReadonlySet<string>) =>
    onWorker.filter((e) => names.has(e.name) && e !== t && e.ts >= t.ts && e.ts <= t.ts + (t.dur ?? 0));
  const ms = (us: number) => Math.round(us / 100) / 10;
  let longest = 0;
  let longestScript = 0;
  const over50: TaskSummary['over50'] = [];
  for (const t of tasks) {
    const dur = t.dur ?? 0;
    longest = Math.max(longest, dur);
    // Only the long ones are looked into: a trace holds tens of thousands of events.
    if (dur < 10_000) {
      longestScript = Math.max(longestScript, dur);
      continue;
    }
    const gc = inside(t, GC).reduce((sum, g) => sum + (g.dur ?? 0), 0);
    const network = inside(t, RECEIVED).length > 0 && inside(t, SCRIPT).length === 0;
    if (!network) longestScript = Math.max(longestScript, dur - gc);
    if (dur > 50_000) over50.push({ ms: ms(dur), gcMs: ms(gc), network });
  }
  return { tasks: tasks.length, longest: ms(longest), over50, longestScript: ms(longestScript) };
}

const GC: ReadonlySet<string> = new Set(['MajorGC', 'MinorGC']);
const RECEIVED: ReadonlySet<string> = new Set(['ResourceReceivedData']);
const SCRIPT: ReadonlySet<string> = new Set(['FunctionCall', 'v8.callFunction', 'EvaluateScript', 'v8.run']);
