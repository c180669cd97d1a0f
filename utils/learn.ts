/**
 * "Learning from pages" (opt-in, off by default), the content-script side: the page's
 * `<script type="application/ld+json">` texts that mention ClaimReview, read as text (never run,
 * never parsed as HTML) and bounded, for the background to validate and keep on this device; and
 * the rules, shared with the background and the card, for which site taught a learned claim.
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

/*
 * Which site taught a learned claim (issue 17 item 7). The background decides it from the URL the
 * browser reports for the sending frame, never from the page's data: a page can write any author
 * and any link into its JSON-LD, but it cannot choose the address it is served from.
 */

/** A hostname without one leading "www." ("www.reuters.com" and "reuters.com" are one site). */
export function bareHost(hostname: string): string {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return h.startsWith('www.') ? h.slice(4) : h;
}

/** The hostname of an http(s) URL, or undefined. */
export function webHost(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.hostname : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a ClaimReview's own URL is on the site that publishes it: the same hostname, give or
 * take a leading "www.". Kept this strict on purpose: a fact-checker's page links its own review;
 * a page whose review points at another site (or has no web address) is not taken at its word.
 */
export function reviewIsOnSite(reviewUrl: string | undefined, pageUrl: string): boolean {
  const review = reviewUrl ? webHost(reviewUrl) : undefined;
  const page = webHost(pageUrl);
  return !!review && !!page && bareHost(review) === bareHost(page);
}

/** Second-level labels under a country code that are themselves public suffixes (co.uk, com.au…). */
const GENERIC_SECOND_LEVEL = new Set([
  'ac',
  'co',
  'com',
  'edu',
  'gob',
  'go',
  'gov',
  'ltd',
  'mil',
  'ne',
  'net',
  'or',
  'org',
]);

/**
 * The share of the learned store a teaching site counts against: roughly its registrable domain
 * (the last two labels, three under co.uk-style suffixes), so that one owner cannot multiply its
 * share with made-up subdomains (a.evil.example, b.evil.example…). Without the Public Suffix List
 * this lumps some unrelated sites together (all of github.io share one cap), which only means
 * fewer claims are learned from them, never that one of them can push out another site's claims.
 * IP addresses and single-label hosts are their own share.
 */
export function siteShare(hostname: string): string {
  const h = bareHost(hostname);
  if (!h.includes('.') || h.includes(':') || /^[\d.]+$/.test(h)) return h;
  const labels = h.split('.');
  const n = labels.length;
  const tld = labels[n - 1]!;
  const second = labels[n - 2]!;
  const keep = n >= 3 && tld.length === 2 && GENERIC_SECOND_LEVEL.has(second) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** What a learned claim carries besides the claim: the hostname of the page that taught it. */
export interface LearnedFields {
  learnedFrom?: string;
}

/**
 * The teaching site recorded on a learned entry, if it is a well-formed hostname (the card shows
 * it as text; anything else stored there, by an older version or a damaged record, is not shown).
 */
export function learnedFrom(entry: object): string | undefined {
  const v = (entry as LearnedFields).learnedFrom;
  return typeof v === 'string' && v.length <= 253 && /^[a-z0-9.\-[\]:]+$/i.test(v) ? v : undefined;
}
