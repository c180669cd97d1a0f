/**
 * The visible text of a page as blocks, and the rules for what is never read or badged. This
 * module is the public face of the pieces below (the scanner, the scan CLI and the benchmark
 * import from here):
 * - block-walker.ts: the walk itself (blocks, shadow roots, long blocks), kept allocation-light;
 * - tags.ts: what an element's tag says (inline, skipped, may host a shadow root), block containers;
 * - skip-rules.ts: editable regions, text-entry roles, hidden and aria-hidden, our own nodes;
 * - visibility.ts: hidden by style, asked per element or only where a mention was found;
 * - locate.ts: the TextBlock shape and the way from a block offset back to a text node.
 */
export { BlockWalker, collectBlocks, iterateBlocks, MAX_BLOCK, type WalkOptions } from './block-walker';
export { locate, type TextBlock } from './locate';
export { isInsideSkipped, isSkippedElement, OWN_ATTR } from './skip-rules';
export { blockContainer, isBlockElement } from './tags';
export { isTextVisible, visibilityCheck } from './visibility';
