/** Yielding to the event loop between steps of long work (index build, Matcher build). Pure. */

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
