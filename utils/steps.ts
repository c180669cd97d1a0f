/**
 * Long work in steps that let the event loop run in between: the background compiles indexes,
 * builds the Matcher, parses feeds and matches batches for every tab, and must keep answering
 * (issue 15: no task over 50 ms). Pure: no browser APIs beyond MessageChannel (also in Node) and,
 * where the platform has it, scheduler.postTask.
 */

/**
 * Resolves in a new task of the event loop. A message to itself rather than setTimeout: nested
 * timers are clamped to 4 ms, which would make a build of 40 slices wait 160 ms for nothing.
 */
export function nextTask(): Promise<void> {
  if (typeof MessageChannel !== 'function') return new Promise((r) => setTimeout(r, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      channel.port2.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

interface TaskScheduler {
  postTask(callback: () => void, options: { priority: 'background' }): Promise<unknown>;
}

/**
 * Resolves in a new task of the lowest priority, where the browser has one (the Prioritized Task
 * Scheduling API: Chrome's service worker; Firefox's background page only in recent releases): a
 * list's parse, compile and build go on in the gaps, after the pages' batches, the messages and the
 * list's own write that arrived meanwhile. With nextTask a message waited behind the queued steps
 * (up to 248–313 ms during a 100,000-entry update; 46–54 ms with this).
 */
export function laterTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Partial<TaskScheduler> }).scheduler;
  if (typeof scheduler?.postTask !== 'function') return nextTask();
  return scheduler.postTask(() => undefined, { priority: 'background' }).then(() => undefined);
}

/** Runs a generator of steps to its end at once (the synchronous form of a stepped function). */
export function runSteps<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Runs a generator of steps, waiting for `pause` whenever `sliceMs` of work has been done. */
export async function runInSteps<T>(
  steps: Generator<void, T, void>,
  pause: () => Promise<void> = nextTask,
  sliceMs = 20,
): Promise<T> {
  let deadline = performance.now() + sliceMs;
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() > deadline) {
      await pause();
      deadline = performance.now() + sliceMs;
    }
  }
}
