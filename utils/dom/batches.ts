/**
 * The page's text on its way to the background and back (issue 15): walked blocks are gathered
 * into batches, each batch is sent as soon as it is full (the walk goes on while the background
 * matches), and the answers are handed back in the order the blocks were walked, so density and
 * the page cap decide as they would in one pass. A failed request finds nothing in its blocks.
 */
import { MATCH_LIMITS, type MentionSource } from '../match/mention-source';
import type { Mention } from '../match/matcher';
import type { TextBlock } from './locate';

/**
 * Characters of text sent to the background in one message at most (a slice's walk ends a batch
 * sooner): small enough that the background answers one batch in a few ms and other tabs' batches
 * are not kept waiting, large enough that a page is a handful of messages.
 */
export const BATCH_CHARS = 32_000;

/** A batch sent to the background, and its answer once it is back. */
interface Sent {
  blocks: TextBlock[];
  found: Mention[][] | undefined;
  ready: Promise<void>;
}

export class Batches {
  private batch: TextBlock[] = [];
  private chars = 0;
  private readonly pending: Sent[] = [];

  constructor(private readonly source: MentionSource) {}

  /** Takes a walked block; the batch goes once it is full. */
  add(block: TextBlock): void {
    this.batch.push(block);
    this.chars += block.text.length;
    if (this.chars >= BATCH_CHARS || this.batch.length >= MATCH_LIMITS.texts) this.send();
  }

  /** Sends the blocks gathered so far (the walk paused or ended). */
  send(): void {
    const blocks = this.batch;
    if (!blocks.length) return;
    this.batch = [];
    this.chars = 0;
    const sent: Sent = { blocks, found: undefined, ready: Promise.resolve() };
    sent.ready = this.source.scanBatch(blocks.map((b) => b.text)).then(
      (found) => void (sent.found = found),
      () => void (sent.found = blocks.map(() => [])),
    );
    this.pending.push(sent);
  }

  /** Whether answers are still to be handed back. */
  get waiting(): boolean {
    return this.pending.length > 0;
  }

  /** Resolves when the oldest answer is back; undefined when it is back already (or none is due). */
  get next(): Promise<void> | undefined {
    const head = this.pending[0];
    return head && !head.found ? head.ready : undefined;
  }

  /** Hands back, block by block and in order, the answers that are back, while `more()` allows. */
  takeReady(each: (block: TextBlock, mentions: readonly Mention[]) => void, more: () => boolean): void {
    while (this.pending.length && this.pending[0]!.found && more()) {
      const { blocks, found } = this.pending.shift()!;
      for (let i = 0; i < blocks.length; i++) each(blocks[i]!, found![i] ?? []);
    }
  }
}
