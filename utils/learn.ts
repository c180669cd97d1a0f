/**
 * "Learning from pages" (opt-in, off by default), the content-script side: the page's
 * `<script type="application/ld+json">` texts that mention ClaimReview, read as text (never run,
 * never parsed as HTML) and bounded, for the background to validate and keep on this device.
 */
import { LEARN_LIMITS } from './messages';

function isJsonLd(script: Element): boolean {
  const type = (script.getAttribute('type') ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/ld+json';
}

/** JSON-LD blocks of `doc` that mention ClaimReview, within the message limits. */
export function claimReviewBlocks(doc: Document): string[] {
  const out: string[] = [];
  let total = 0;
  for (const script of doc.querySelectorAll('script[type]')) {
    if (out.length >= LEARN_LIMITS.blocks) break;
    if (!isJsonLd(script)) continue;
    const text = script.textContent ?? '';
    if (text.length > LEARN_LIMITS.blockChars || total + text.length > LEARN_LIMITS.totalChars) continue;
    if (!/claimreview|claimReviewed/i.test(text)) continue;
    out.push(text);
    total += text.length;
  }
  return out;
}

/** Sends the page's ClaimReview blocks to the background, if there are any. */
export function offerClaimReviews(
  doc: Document,
  send: (message: { type: 'learnClaimReviews'; blocks: string[] }) => Promise<unknown>,
): void {
  const blocks = claimReviewBlocks(doc);
  if (blocks.length) void send({ type: 'learnClaimReviews', blocks }).catch(() => undefined);
}
