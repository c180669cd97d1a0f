/** A block of text as the matcher sees it, and the way back from its offsets to the DOM. */

export interface TextBlock {
  /** The block-level element the text belongs to (the density unit: "paragraph"). */
  container: Element;
  nodes: Text[];
  /** Start offset of each node's text in `text`. */
  offsets: number[];
  text: string;
  /**
   * A cheaper answer to unchanged(), when the block has one (a whole element's text compares its
   * textContent: one native call instead of reading and joining its nodes).
   */
  unchanged?(): boolean;
}

/** The text node and offset inside it for a block offset (the character just before `pos`). */
export function locate(block: TextBlock, pos: number): { node: Text; offset: number; index: number } {
  let lo = 0;
  let hi = block.offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (block.offsets[mid]! < pos) lo = mid;
    else hi = mid - 1;
  }
  return { node: block.nodes[lo]!, offset: pos - block.offsets[lo]!, index: lo };
}

/**
 * Whether the block's text is still what was read: its nodes are in the page and hold the same
 * text. Asked after the background's answer, for blocks with mentions only.
 */
export function unchanged(block: TextBlock): boolean {
  if (block.unchanged) return block.unchanged();
  if (!block.container.isConnected) return false;
  let text = '';
  for (const node of block.nodes) {
    if (!node.isConnected) return false;
    text += node.data;
  }
  return text === block.text;
}
