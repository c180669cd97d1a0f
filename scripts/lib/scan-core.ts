/**
 * The core of `npm run scan`: loads the lists, extracts text with the content script's rules
 * (happy-dom + iterateBlocks, scripts never run) and scans it with the extension's Matcher.
 * Every failure of an input or a list comes back as a one-line `error`: nothing here throws.
 */
import { fileURLToPath } from 'node:url';
import { Window } from 'happy-dom';
import { parseFeedText } from '../../utils/feed/detect';
import { validateOwnFeed } from '../../utils/feed/validate';
import type { ParseResult } from '../../utils/feed/parse-result';
import { compileIndex, type SourcedEntry } from '../../utils/match/index-data';
import { DEFAULT_MATCHER_OPTIONS, Matcher } from '../../utils/match/matcher';
import { DEFAULT_CLAIM_MODEL, topContributions } from '../../utils/match/claim-model';
import { iterateBlocks, MAX_BLOCK } from '../../utils/dom/text-blocks';
import { fetchText, isUrl, kindOfPath, MAX_FEED_BYTES, message, readInput, readLocal, type InputKind } from './scan-io';

export * from './scan-io';

export const DEFAULT_LIST_PATH = fileURLToPath(new URL('../../assets/default-list.json', import.meta.url));
/** The source title the extension gives the bundled list. */
export const BUILTIN_TITLE = 'Source Flags default list';

export interface Flag {
  id: string;
  kind: 'claim' | 'app';
  label: string;
  text: string;
  /** UTF-16 offsets into the extracted text. */
  start: number;
  end: number;
  /** Free-text claims: the match model's tier and probability (1 for a quote of the whole claim). */
  tier?: 'inline' | 'possible';
  score?: number;
  /** With explain: the features that weighed most (name and log-odds contribution) and the words shared. */
  why?: { features: [string, number][]; shared: string[] };
}
export interface ScanResult {
  input: string;
  flags: Flag[];
  error?: string;
  kind?: InputKind;
  /** The extracted text (for line numbers in reports; not part of the JSON output). */
  text?: string;
}
export interface Extracted {
  text: string;
  /** Each block's text and its start offset in `text`. */
  blocks: { start: number; text: string }[];
}
export interface ListReport {
  /** The path or URL given (or "default"). */
  name: string;
  title: string;
  entries: number;
  skipped: number;
  problems: string[];
  error?: string;
}

// ---- Lists -----------------------------------------------------------------------------------

function report(name: string, r: ParseResult): ListReport {
  const out: ListReport = { name, title: r.title, entries: r.entries.length, skipped: r.skipped, problems: r.problems };
  if (r.error) out.error = r.error;
  else if (!r.entries.length && r.skipped)
    out.error = `no usable entries (${r.skipped} skipped${r.problems[0] ? `: ${r.problems[0]}` : ''})`;
  return out;
}

/**
 * A list from a URL resolves relative ClaimReview links against that URL; a local file against
 * `base` when given, else its relative ids are kept as written, without a link.
 */
async function readFeed(source: string, base?: string): Promise<ParseResult> {
  if (isUrl(source)) {
    const { text, contentType, url } = await fetchText(source, MAX_FEED_BYTES);
    return parseFeedText(text, { url, contentType });
  }
  const html = kindOfPath(source) === 'html';
  const text = await readLocal(source, MAX_FEED_BYTES, html);
  const contentType = html ? 'text/html' : 'application/json';
  return parseFeedText(text, base ? { url: base, contentType } : { contentType, keepUnlinked: true });
}

/** Loads the bundled list (unless `noDefault`) and every `--feed`; a failed list only adds a report. */
export async function loadLists(opts: { feeds?: readonly string[]; noDefault?: boolean; base?: string } = {}) {
  const items: SourcedEntry[] = [];
  const lists: ListReport[] = [];
  const add = (name: string, r: ParseResult, fallbackTitle: string) => {
    const rep = report(name, r);
    lists.push(rep);
    if (rep.error) return;
    const source = r.title || fallbackTitle;
    for (const entry of r.entries) items.push({ entry, source });
  };
  if (!opts.noDefault) {
    let r: ParseResult;
    try {
      r = validateOwnFeed(JSON.parse(await readLocal(DEFAULT_LIST_PATH, MAX_FEED_BYTES)));
    } catch (e) {
      r = { format: 'source-flags', title: '', entries: [], skipped: 0, problems: [], error: message(e) };
    }
    add('default', r, BUILTIN_TITLE);
  }
  for (const feed of opts.feeds ?? []) {
    let r: ParseResult;
    try {
      r = await readFeed(feed, opts.base);
    } catch (e) {
      r = { format: 'source-flags', title: '', entries: [], skipped: 0, problems: [], error: message(e) };
    }
    add(feed, r, feed);
  }
  return { items, lists };
}

/** Compiles entries exactly as the background's Library does. `explain` keeps the model's features. */
export function buildMatcher(items: readonly SourcedEntry[], explain = false): Matcher {
  return new Matcher(compileIndex(items), { ...DEFAULT_MATCHER_OPTIONS, explain });
}

// ---- Text extraction ---------------------------------------------------------------------------

const joinBlocks = (texts: string[]): Extracted => {
  const blocks: Extracted['blocks'] = [];
  let pos = 0;
  for (const text of texts) {
    blocks.push({ start: pos, text });
    pos += text.length + 2;
  }
  return { text: texts.join('\n\n'), blocks };
};

/** Plain text: blocks are the paragraphs between blank lines; offsets are into the text itself. */
export function extractPlainText(text: string): Extracted {
  const blocks: Extracted['blocks'] = [];
  const push = (start: number, end: number) => {
    while (end - start > MAX_BLOCK) {
      const window = text.slice(start, start + MAX_BLOCK);
      let cut = Math.max(window.lastIndexOf('\n'), window.search(/\s\S*$/));
      if (cut <= 0) cut = MAX_BLOCK - (/[\udc00-\udfff]/.test(window[MAX_BLOCK - 1] ?? '') ? 1 : 0);
      blocks.push({ start, text: text.slice(start, start + cut) });
      start += cut;
    }
    if (/\S/.test(text.slice(start, end))) blocks.push({ start, text: text.slice(start, end) });
  };
  let last = 0;
  for (const sep of text.matchAll(/\r?\n(?:[ \t\f\v]*\r?\n)+/g)) {
    push(last, sep.index);
    last = sep.index + sep[0].length;
  }
  push(last, text.length);
  return { text, blocks };
}

/** HTML, with one happy-dom Window for all documents: no scripts, no network, no navigation. */
export class HtmlExtractor {
  private readonly window = new Window({
    url: 'about:blank',
    settings: {
      enableJavaScriptEvaluation: false,
      disableJavaScriptFileLoading: true,
      enableCSSFileLoading: false,
      enableIframePageLoading: false,
      enableImageFileLoading: false,
      navigation: {
        disableMainFrameNavigation: true,
        disableChildFrameNavigation: true,
        disableChildPageNavigation: true,
      },
    },
  });

  /** The blocks the content script would scan (document, then open shadow roots), joined by blank lines. */
  extract(html: string): Extracted {
    const doc = new this.window.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
    const texts: string[] = [];
    const queue: (Document | ShadowRoot)[] = [doc];
    while (queue.length) {
      const shadows: ShadowRoot[] = [];
      for (const block of iterateBlocks(queue.shift()!, shadows)) texts.push(block.text);
      queue.push(...shadows);
    }
    return joinBlocks(texts);
  }

  close(): Promise<void> {
    return this.window.happyDOM.close();
  }
}

// ---- Scanning ----------------------------------------------------------------------------------

/**
 * The flags of the extracted text, as the extension would badge them; with `possible`, also the
 * lower-confidence claim matches the extension lists in its popup only.
 */
export function scanExtracted(matcher: Matcher, extracted: Extracted, possible = false): Flag[] {
  const flags: Flag[] = [];
  for (const block of extracted.blocks) {
    for (const m of matcher.scan(block.text)) {
      if (m.tier === 'possible' && !possible) continue;
      const { label } = matcher.entry(m.entry);
      const flag: Flag = {
        id: m.id,
        kind: m.kind,
        label,
        text: m.text,
        start: block.start + m.start,
        end: block.start + m.end,
      };
      if (m.tier) flag.tier = m.tier;
      if (m.score !== undefined) flag.score = m.score;
      if (m.features)
        flag.why = { features: topContributions(DEFAULT_CLAIM_MODEL, m.features), shared: m.shared ?? [] };
      flags.push(flag);
    }
  }
  return flags;
}

export class Scanner {
  private readonly html = new HtmlExtractor();
  constructor(
    readonly matcher: Matcher,
    /** Also report possible matches (not badged by the extension). */
    private readonly possible = false,
  ) {}

  extract(content: string, kind: InputKind): Extracted {
    return kind === 'html' ? this.html.extract(content) : extractPlainText(content);
  }

  scanText(extracted: Extracted): Flag[] {
    return scanExtracted(this.matcher, extracted, this.possible);
  }

  /** Scans one file or URL. Never throws: failures come back as `error`. */
  async scanInput(input: string): Promise<ScanResult> {
    try {
      const { kind, content } = await readInput(input);
      const extracted = this.extract(content, kind);
      return { input, kind, flags: this.scanText(extracted), text: extracted.text };
    } catch (e) {
      return { input, flags: [], error: message(e) };
    }
  }

  /** Scans every input with limited concurrency and hands the results to `emit` in input order. */
  async scanAll(inputs: readonly string[], emit: (r: ScanResult) => void, concurrency = 16): Promise<void> {
    const done = new Map<number, ScanResult>();
    let next = 0;
    let emitted = 0;
    const worker = async () => {
      while (next < inputs.length) {
        const i = next++;
        done.set(i, await this.scanInput(inputs[i]!));
        for (let r = done.get(emitted); r; r = done.get(emitted)) {
          done.delete(emitted++);
          emit(r);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, inputs.length) }, worker));
  }

  close(): Promise<void> {
    return this.html.close();
  }
}
