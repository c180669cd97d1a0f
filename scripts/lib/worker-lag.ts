/**
 * The longest task of an extension's background, seen from inside it: a timer that should fire
 * every 5 ms, and how late it fires. Used by the benchmarks (never by the extension).
 */
import type { Worker } from 'playwright-core';

export async function startLagProbe(worker: Worker): Promise<void> {
  await worker.evaluate(`(() => {
    globalThis.__lag = 0;
    let last = performance.now();
    globalThis.__lagTimer = setInterval(() => {
      const now = performance.now();
      globalThis.__lag = Math.max(globalThis.__lag, now - last - 5);
      last = now;
    }, 5);
  })()`);
}

/** The longest delay seen since the start or the last reading (which starts a new one). */
export async function readLag(worker: Worker): Promise<number> {
  return (await worker.evaluate('(() => { const l = globalThis.__lag; globalThis.__lag = 0; return l; })()')) as number;
}

export async function stopLagProbe(worker: Worker): Promise<number> {
  const lag = await readLag(worker);
  await worker.evaluate('clearInterval(globalThis.__lagTimer)');
  return lag;
}
