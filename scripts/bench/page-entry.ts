/**
 * Bundled into the benchmark pages with esbuild: the same matcher and DOM scanner the content
 * script runs, plus the measured methods. Everything the benchmark measures in the page lives
 * here, so the Node side only calls `window.__sfBench.*` by name.
 */
import { compileIndex, type IndexData } from '../../utils/match/index-data';
import { Matcher } from '../../utils/match/matcher';
import { PageScanner } from '../../utils/dom/scanner';
import { LocalMentionSource } from '../../utils/match/mention-source';
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
let matcher: Matcher | null = null;
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

/** Index build as the background does it (term statistics, compile) and as a content script does it (Matcher). */
function buildIndex(): { compileMs: number; matcherMs: number; json: number } {
  const items = entries.map((entry) => ({ entry, source: 'bench' }));
  let t = now();
  const index = compileIndex(items);
  const compileMs = now() - t;
  t = now();
  matcher = new Matcher(index);
  const matcherMs = now() - t;
  indexJson = JSON.stringify(index);
  return { compileMs, matcherMs, json: indexJson.length };
}
let indexJson = '';

/**
 * Heap a content script holds for the index, measured after garbage collection: while building
 * (the index as it arrives in a message, parsed JSON, plus the Matcher) and afterwards (the
 * Matcher alone: it keeps flat arrays, not the message).
 */
function indexHeap(): { bytes: number; peakBytes: number; parseMs: number; matcherMs: number } {
  matcher = null;
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
  matcher = m;
  return { bytes, peakBytes, parseMs, matcherMs };
}

/** One scan's figures, returned to scripts/bench.ts. */
export interface ScanResult {
  ms: number;
  mentions: number;
  badges: number;
  blocks: number;
  maxSliceMs: number;
  slices: number;
  longTasks: number;
  longestTask: number;
}

/** (c) find only, (d) find and badge; synchronously, or in slices with long tasks observed. */
async function scan(mode: 'find' | 'badge', sliced: boolean): Promise<ScanResult> {
  if (!matcher) throw new Error('no matcher');
  const tasks: PerformanceEntry[] = [];
  const po = sliced ? new PerformanceObserver((list) => tasks.push(...list.getEntries())) : null;
  po?.observe({ type: 'longtask' });
  const controller = new AbortController();
  const scanner = new PageScanner({
    source: new LocalMentionSource(matcher),
    settings: { ...DEFAULT_SETTINGS },
    signal: controller.signal,
    loadDetails: () => Promise.resolve(null),
    onFlags: () => undefined,
    dryRun: mode === 'find',
    sliceMs: sliced ? undefined : Infinity,
    followNavigation: false,
  });
  const t = now();
  await scanner.start(document);
  const ms = now() - t;
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
    mentions: scanner.stats.mentions,
    badges: document.querySelectorAll('[data-source-flags]').length,
    blocks: scanner.stats.blocks,
    maxSliceMs: scanner.stats.maxSliceMs,
    slices: scanner.stats.slices,
    longTasks: scanTasks.length,
    longestTask: Math.max(0, ...scanTasks.map((e) => e.duration)),
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
  scan,
};
