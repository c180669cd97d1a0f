/**
 * Bundled into the benchmark pages as a Worker: it stands for the extension's background, which
 * holds the one index and answers each tab's batches of text (issue 15). A worker is a thread of
 * its own, as the background is a process of its own, so the page's main thread pays only for its
 * walk, the messages and the badges.
 */
import { Matcher } from '../../utils/match/matcher';
import { matchBatch } from '../../utils/match/mention-source';

let matcher: Matcher | null = null;

type Message =
  | { type: 'hello' }
  | { type: 'snapshot'; snapshot: unknown }
  | { type: 'match'; id: number; texts: string[] };

self.onmessage = (e: MessageEvent<Message>) => {
  const msg = e.data;
  if (msg.type === 'hello') return self.postMessage({ type: 'hello' });
  if (msg.type === 'snapshot') {
    // As a restarted background does: the Matcher its predecessor built, read back from the cache.
    matcher = Matcher.restore(msg.snapshot);
    return self.postMessage({ type: 'ready' });
  }
  const t = performance.now();
  const answer = matchBatch(matcher!, msg.texts);
  self.postMessage({ type: 'answer', id: msg.id, answer, ms: performance.now() - t });
};
