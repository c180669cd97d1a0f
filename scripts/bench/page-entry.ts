/**
 * Bundled into the benchmark pages with esbuild: the same DOM scanner the content script runs,
 * with a worker (worker-entry.ts) in the background's place, plus the measured methods. Everything the benchmark measures in the page lives
 * here, so the Node side only calls `window.__sfBench.*` by name.
 */
import { createBadge } from '../../components/badge';
import { compileIndex, type IndexData } from '../../utils/match/index-data';
import { Matcher, type MatcherSnapshot } from '../../utils/match/matcher';
import { PageScanner } from '../../utils/dom/scanner';
import { RemoteMentionSource, type BatchMatches } from '../../utils/match/mention-source';
import { iterateBlocks } from '../../utils/dom/text-blocks';
import { ruleSentenceSpans } from '../../utils/match/sentence-rules';
import { DEFAULT_SETTINGS } from '../../utils/settings';
import type { Entry } from '../../utils/feed/types';

declare const Mark: new (ctx: Element) => {
  mark(keywords: string[], opts: Record<string, unknown>): void;
};

interface MemoryInfo {
  usedJSHeapSize: number;
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const heap = (): number => (performance as Performance & { memory?: MemoryInfo }).memory?.usedJSHeapSize ?? 0;
const now = () => performance.now();

let pristine: HTMLElement | null = null;
let entries: Entry[] = [];

/** Replaces the body with a fresh copy of the generated one, rendered (style and layout done). */
function fresh(): number {
  if (!pristine) pristine = document.body.cloneNode(true) as HTMLElement;
  document.body.replaceWith(pristine.cloneNode(true));
  void document.body.offsetHeight;
  gc();
  return document.body.getElementsByTagName('*').length;
}

/** (a) The floor: a TreeWalker reading every text node's text. */
function floor(): { ms: number; nodes: number; chars: number } {
  const t = now();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let text = '';
  let nodes = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    text += (n as Text).data;
    nodes++;
  }
  const chars = text.length;
  return { ms: now() - t, nodes, chars };
}

/** Walk variants, to show what the visibility check costs. */
function walk(kind: 'blocks' | 'blocks-styled' | 'computed-style' | 'check-visibility'): {
  ms: number;
  elements: number;
} {
  const t = now();
  let elements = 0;
  if (kind === 'blocks' || kind === 'blocks-styled') {
    for (const b of iterateBlocks(document, [], { styleCheck: kind === 'blocks-styled' })) elements += b.text.length;
  } else {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n as Element;
      if (kind === 'computed-style') {
        const s = getComputedStyle(el);
        if (s.display === 'none' || s.visibility === 'hidden') elements++;
      } else if (!el.checkVisibility({ visibilityProperty: true } as CheckVisibilityOptions)) elements++;
    }
  }
  return { ms: now() - t, elements };
}

/** (b) mark.js with the same names, one keyword after another (as mark.js itself does), with a time limit. */
async function mark(keywords: string[], limitMs: number): Promise<{ ms: number; marks: number; done: boolean }> {
  const sorted = [...keywords].sort((a, b) => b.length - a.length);
  const instance = new Mark(document.body);
  const t = now();
  let i = 0;
  const chunk = 10;
  while (i < sorted.length) {
    const part = sorted.slice(i, i + chunk);
    await new Promise<void>((resolve) =>
      instance.mark(part, {
        separateWordSearch: false,
        accuracy: 'exactly',
        exclude: ['script', 'style', 'pre', 'code', 'noscript', 'textarea', 'form', '[hidden]'],
        done: () => resolve(),
      }),
    );
    i += chunk;
    if (now() - t > limitMs) return { ms: now() - t, marks: document.querySelectorAll('mark').length, done: false };
  }
  return { ms: now() - t, marks: document.querySelectorAll('mark').length, done: true };
}

function setEntries(json: string): number {
  entries = JSON.parse(json) as Entry[];
  return entries.length;
}

/** Index build as the background does it: term statistics and compile, then the Matcher. */
function buildIndex(): { compileMs: number; matcherMs: number; json: number } {
  const items = entries.map((entry) => ({ entry, source: 'bench' }));
  let t = now();
  const index = compileIndex(items);
  const compileMs = now() - t;
  t = now();
  const matcher = new Matcher(index);
  const matcherMs = now() - t;
  indexJson = JSON.stringify(index);
  snapshot = matcher.snapshot();
  return { compileMs, matcherMs, json: indexJson.length };
}
let indexJson = '';
/** What the extension keeps in IndexedDB, and a restarted background reads back (Matcher.restore). */
let snapshot: MatcherSnapshot | undefined;

/**
 * Heap the background holds for the index (once for every tab; content scripts hold none),
 * measured after garbage collection: while building (the index as read from the cache, plus the
 * Matcher) and afterwards (the Matcher alone: it keeps flat arrays, not the index it was given).
 */
function indexHeap(): { bytes: number; peakBytes: number; parseMs: number; matcherMs: number } {
  gc();
  gc();
  const before = heap();
  let parseMs = 0;
  let matcherMs = 0;
  let peakBytes = 0;
  const build = (json: string): Matcher => {
    let t = now();
    const data = JSON.parse(json) as IndexData;
    parseMs = now() - t;
    t = now();
    const m = new Matcher(data);
    matcherMs = now() - t;
    gc();
    gc();
    peakBytes = heap() - before;
    return m;
  };
  const m = build(indexJson);
  gc();
  gc();
  const bytes = heap() - before;
  void m;
  return { bytes, peakBytes, parseMs, matcherMs };
}

/** One scan's figures, returned to scripts/bench.ts. */
export interface ScanResult {
  /** From the start until the last badge is in (the page waits for the background meanwhile). */
  ms: number;
  /** The scan's time on the page's main thread: every slice added up. */
  busyMs: number;
  /** The background's time for this page (every batch added up), its longest batch and the batches. */
  backgroundMs: number;
  backgroundMaxMs: number;
  batches: number;
  mentions: number;
  badges: number;
  blocks: number;
  maxSliceMs: number;
  slices: number;
  longTasks: number;
  longestTask: number;
  /** Heap the content script holds after the scan (find only; measured after garbage collection). */
  heapBytes: number;
}

// ---- The background, played by a worker ----------------------------------------------------------

let worker: Worker | null = null;
let nextId = 0;
const waiting = new Map<number, (a: { answer: BatchMatches; ms: number }) => void>();
const background = { ms: 0, maxMs: 0, batches: 0 };

/**
 * Starts a worker and hands it the current list's Matcher snapshot, as a restarted background
 * reads it from IndexedDB; resolves with the time from sending it to the worker's Matcher being
 * ready (the structured copy there and back, and Matcher.restore), the worker's own start excluded.
 */
async function startBackground(): Promise<number> {
  worker?.terminate();
  const w = new Worker('bench-worker.js');
  worker = w;
  const started = new Promise<void>((resolve) => (w.onmessage = () => resolve()));
  w.postMessage({ type: 'hello' });
  await started;
  return new Promise((resolve) => {
    const t = now();
    w.onmessage = (e: MessageEvent<{ type: string; id: number; answer: BatchMatches; ms: number }>) => {
      if (e.data.type === 'ready') resolve(now() - t);
      else waiting.get(e.data.id)?.(e.data);
    };
    w.postMessage({ type: 'snapshot', snapshot });
  });
}

/** What the content script uses: its batches go to the worker, as they go to the background. */
function backgroundSource(): RemoteMentionSource {
  return new RemoteMentionSource(
    (texts) =>
      new Promise((resolve) => {
        const id = nextId++;
        waiting.set(id, ({ answer, ms }) => {
          waiting.delete(id);
          background.ms += ms;
          background.maxMs = Math.max(background.maxMs, ms);
          background.batches++;
          resolve(answer);
        });
        worker!.postMessage({ type: 'match', id, texts });
      }),
  );
}

/** (c) find only, (d) find and badge, against the worker; in one go, or in slices with long tasks observed. */
async function scan(mode: 'find' | 'badge', sliced: boolean): Promise<ScanResult> {
  if (!worker) throw new Error('no background');
  const tasks: PerformanceEntry[] = [];
  const po = sliced ? new PerformanceObserver((list) => tasks.push(...list.getEntries())) : null;
  po?.observe({ type: 'longtask' });
  const controller = new AbortController();
  background.ms = background.maxMs = background.batches = 0;
  // The heap is measured in the scan that is not sliced: a forced collection is a long task itself.
  const measureHeap = mode === 'find' && !sliced;
  if (measureHeap) {
    gc();
    gc();
  }
  const before = heap();
  const scanner = new PageScanner({
    source: backgroundSource(),
    settings: { ...DEFAULT_SETTINGS },
    signal: controller.signal,
    loadDetails: () => Promise.resolve(null),
    makeBadge: createBadge,
    onFlags: () => undefined,
    dryRun: mode === 'find',
    sliceMs: sliced ? undefined : Infinity,
    followNavigation: false,
  });
  const t = now();
  await scanner.start(document);
  const ms = now() - t;
  if (measureHeap) {
    gc();
    gc();
  }
  const heapBytes = measureHeap ? heap() - before : 0;
  scanner.stop();
  if (po) {
    // Let the last frame render and the observer deliver.
    await new Promise((r) => setTimeout(r, 100));
    tasks.push(...po.takeRecords());
    po.disconnect();
  }
  const scanTasks = tasks.filter((e) => e.startTime >= t - 1);
  return {
    ms,
    busyMs: scanner.stats.busyMs,
    backgroundMs: background.ms,
    backgroundMaxMs: background.maxMs,
    batches: background.batches,
    mentions: scanner.stats.mentions,
    badges: document.querySelectorAll('[data-source-flags]').length,
    blocks: scanner.stats.blocks,
    maxSliceMs: scanner.stats.maxSliceMs,
    slices: scanner.stats.slices,
    longTasks: scanTasks.length,
    longestTask: Math.max(0, ...scanTasks.map((e) => e.duration)),
    heapBytes,
  };
}

/** The matcher's own sentence rules against this browser's Intl.Segmenter, on random text. */
function checkSentenceRules(count: number): { checked: number; differences: number } {
  const pieces = ['a', 'A', '3', '.', '!', '?', '"', "'", '(', ')', ' ', '\n', '\r', ',', '-', ':', ';', '#', 'é', 'É'];
  pieces.push('\u00a0', '’', '“', '”', '–', '—', 'Mr', 'U.S.', 'e.g.', '...', 'word', 'Word', ' the', '12');
  const seg = new Intl.Segmenter('en', { granularity: 'sentence' });
  let seed = 12345;
  const r = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296;
  let differences = 0;
  for (let i = 0; i < count; i++) {
    let t = '';
    const len = 1 + Math.floor(r() * 16);
    for (let k = 0; k < len; k++) t += pieces[Math.floor(r() * pieces.length)];
    const want = JSON.stringify([...seg.segment(t)].map((x) => [x.index, x.index + x.segment.length]));
    if (JSON.stringify(ruleSentenceSpans(t)) !== want) differences++;
  }
  return { checked: count, differences };
}

(window as unknown as { __sfBench: unknown }).__sfBench = {
  checkSentenceRules,
  fresh,
  floor,
  walk,
  mark,
  setEntries,
  buildIndex,
  indexHeap,
  startBackground,
  scan,
};
