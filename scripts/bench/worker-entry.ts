/**
 * Bundled into the benchmark pages as a Worker: it stands for the extension's background, which
 * holds the one index and answers each tab's batches of text (issue 15). A worker is a thread of
 * its own, as the background is a process of its own, so the page's main thread pays only for its
 * walk, the messages and the badges.
 */
import type { IndexData } from '../../utils/match/index-data';
import { Matcher } from '../../utils/match/matcher';
import { matchBatch } from '../../utils/match/mention-source';

let matcher: Matcher | null = null;

self.onmessage = async (
  e: MessageEvent<{ type: 'index'; json: string } | { type: 'match'; id: number; texts: string[] }>,
) => {
  const msg = e.data;
  if (msg.type === 'index') {
    const t = performance.now();
    matcher = await Matcher.create(JSON.parse(msg.json) as IndexData);
    self.postMessage({ type: 'ready', ms: performance.now() - t });
    return;
  }
  const t = performance.now();
  const answer = matchBatch(matcher!, msg.texts);
  self.postMessage({ type: 'answer', id: msg.id, answer, ms: performance.now() - t });
};
