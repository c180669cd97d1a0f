/**
 * Scanning in slices: a 2 MB page takes longer than one frame, so the scan gives the page back
 * its main thread every few milliseconds (no long tasks, input stays responsive).
 */

/** Work per slice before yielding back to the page. */
export const SLICE_MS = 8;

/** Lets the page run: `scheduler.yield()` where there is one (keeps our priority), else a task. */
export const yieldToPage = (): Promise<void> => {
  const sched = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (sched?.yield) return sched.yield();
  return new Promise((r) => setTimeout(r, 0));
};
