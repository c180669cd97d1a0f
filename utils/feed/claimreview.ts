/**
 * Reads schema.org ClaimReview JSON-LD as publishers really write it: single objects, arrays, `@graph`,
 * Data Commons DataFeeds, `type` without `@`, single values or arrays everywhere, relative URLs.
 * Each ClaimReview becomes a ClaimEntry without `match` (rules are derived later by the matcher).
 * Pure: no wxt, browser or DOM imports; the tree walk is iterative and depth-limited.
 */
import type { ClaimEntry, SourceLink } from './types';
import { failed, Problems, type FeedFormat, type ParseResult, type ParseSteps } from './parse-result';
import { runSteps } from '../steps';
import { findClaimReviewsSteps, type FoundReviews } from './jsonld-walk';
import { normalizeRating } from './rating';
import {
  asArray,
  CAPS,
  cleanHtmlText,
  cleanText,
  hashString,
  hasReservedSeparator,
  isoDate,
  isRecord,
  own,
  plainUrl,
  safeUrl,
} from './sanitize';

export { normalizeRating, normalizeRatingText, type NormalizedRating } from './rating';
export { findClaimReviews, isClaimReviewNode, type FoundReviews } from './jsonld-walk';

type Node = Record<string, unknown>;

export const NO_CLAIMREVIEW = 'No ClaimReview found in this data.';

interface Ctx {
  base?: string;
  byId: Map<string, Node>;
  /** The page being read is itself the fact-check (HTML): use it as the review URL when none is given. */
  pageIsReview: boolean;
  /** No base URL to resolve against: keep a review whose url or @id is relative, without a link. */
  keepUnlinked: boolean;
}

/** Follows a bare `{"@id": …}` reference to the full node, when the document has one. */
function deref(v: unknown, ctx: Ctx): unknown {
  if (!isRecord(v)) return v;
  const id = own(v, '@id');
  if (typeof id === 'string' && Object.keys(v).length === 1) return ctx.byId.get(id) ?? v;
  return v;
}

function firstText(v: unknown, max: number): string | undefined {
  for (const x of asArray(v).slice(0, 20)) {
    const s = cleanHtmlText(x, max);
    if (s) return s;
  }
  return undefined;
}

function firstRecord(v: unknown, ctx: Ctx): Node | undefined {
  for (const x of asArray(v).slice(0, 20)) {
    const r = deref(x, ctx);
    if (isRecord(r)) return r;
  }
  return undefined;
}

/** Names of authors/publishers given as strings, objects (typed or not) or arrays of either. */
function names(v: unknown, ctx: Ctx): string[] {
  const out: string[] = [];
  for (const x of asArray(v).slice(0, 20)) {
    const r = deref(x, ctx);
    const name = typeof r === 'string' ? cleanHtmlText(r, CAPS.name) : firstText(own(r, 'name'), CAPS.name);
    if (name && !out.includes(name)) out.push(name);
  }
  return out;
}

function joinNames(list: string[]): string | undefined {
  return list.length ? cleanText(list.join(', '), CAPS.name) : undefined;
}

function firstUrl(v: unknown, base?: string): string | undefined {
  for (const x of asArray(v).slice(0, 20)) {
    const u = safeUrl(x, base, true);
    if (u) return u;
  }
  return undefined;
}

function firstDate(...values: unknown[]): string | undefined {
  for (const v of values) {
    for (const x of asArray(v).slice(0, 5)) {
      const d = isoDate(x);
      if (d) return d;
    }
  }
  return undefined;
}

/** `@id` or `url` as an entry id, resolved against the base; blank nodes and unresolvable ids give undefined. */
function resolveId(v: unknown, base?: string): string | undefined {
  const raw = firstText(v, CAPS.url * 2);
  if (!raw || raw.startsWith('_:')) return undefined;
  let href = plainUrl(raw)?.href;
  try {
    href ??= new URL(raw, base).href;
  } catch {
    return undefined;
  }
  const web = href.startsWith('https://') || href.startsWith('http://');
  return web && href.length <= CAPS.id ? href : `cr-${hashString(href)}`;
}

/** "Claimed by X on 2025-02-07", "Appeared on host", "Claimed on 2025-02-07", or undefined. */
export function originText(claimant?: string, date?: string, seenOn?: string): string | undefined {
  const on = date ? ` on ${date}` : '';
  const text = claimant
    ? `Claimed by ${claimant}${on}`
    : seenOn
      ? `Appeared on ${seenOn}${on}`
      : date
        ? `Claimed${on}`
        : undefined;
  return text ? cleanText(text, CAPS.text) : undefined;
}

/**
 * Reserves an entry id in `taken` (id → claim text). Several claims reviewed in one article often share
 * its URL, so a clash with a different claim gets a content-derived suffix; a clash with the same claim
 * is a true duplicate and gives undefined.
 */
export function uniqueClaimId(taken: Map<string, string>, id: string, claim: string): string | undefined {
  // Here the id is derived from the review's URL or @id, not chosen by anyone as an id, and the
  // review itself is sound: so rather than skip it, an id holding the separator reserved for
  // qualified ids ("@@", utils/feed/sanitize.ts) takes the hashed form an over-long URL gets, which
  // can never hold it. Both ClaimReview and Fact Check Tools ids (and learned claims) pass here.
  let out = hasReservedSeparator(id) ? `cr-${hashString(id)}` : id;
  const prior = taken.get(out);
  if (prior !== undefined && prior !== claim) {
    const alt = `${out}#cr-${hashString(claim)}`;
    out = alt.length <= CAPS.id ? alt : `cr-${hashString(alt)}`;
  }
  if (taken.has(out)) return undefined;
  taken.set(out, claim);
  return out;
}

export function host(url: string | undefined): string | undefined {
  try {
    return url ? (plainUrl(url)?.hostname ?? new URL(url).hostname).replace(/^www\./, '') : undefined;
  } catch {
    return undefined;
  }
}

/** Where the claim appeared: URL strings, objects with `url` (or an http `@id`), or arrays of either. */
function appearances(item: Node, ctx: Ctx): SourceLink[] {
  const out: SourceLink[] = [];
  for (const x of [...asArray(own(item, 'appearance')), ...asArray(own(item, 'firstAppearance'))].slice(0, 100)) {
    const r = deref(x, ctx);
    const url =
      typeof r === 'string'
        ? safeUrl(r, ctx.base, true)
        : (firstUrl(own(r, 'url'), ctx.base) ?? firstUrl(own(r, '@id'), ctx.base));
    if (!url) continue;
    const link: SourceLink = { url };
    const title = firstText(own(r, 'headline'), CAPS.name) ?? firstText(own(r, 'name'), CAPS.name);
    const publisher = joinNames(names(own(r, 'author'), ctx)) ?? joinNames(names(own(r, 'publisher'), ctx));
    const date = firstDate(own(r, 'datePublished'));
    if (title) link.title = title;
    if (publisher) link.publisher = publisher;
    if (date) link.date = date;
    out.push(link);
  }
  return out;
}

function reviewToEntry(node: Node, ctx: Ctx): (Omit<ClaimEntry, 'id'> & { idHint?: string }) | string {
  const claim = firstText(own(node, 'claimReviewed'), CAPS.text);
  if (!claim) return 'has no claimReviewed text';

  const rating = firstRecord(own(node, 'reviewRating'), ctx);
  const ratingValue = asArray(own(rating, 'ratingValue'))[0];
  let ratingText = firstText(own(rating, 'alternateName'), CAPS.name) ?? firstText(own(rating, 'name'), CAPS.name);
  if (!ratingText && typeof ratingValue === 'string' && !/^\s*-?[\d.,]*\s*$/.test(ratingValue)) {
    ratingText = cleanHtmlText(ratingValue, CAPS.name);
  }
  const verdict = normalizeRating(
    ratingText,
    ratingValue,
    asArray(own(rating, 'bestRating'))[0],
    asArray(own(rating, 'worstRating'))[0],
  );

  const ownUrl = firstUrl(own(node, 'url'), ctx.base);
  const reviewUrl =
    ownUrl ?? firstUrl(own(node, '@id'), ctx.base) ?? (ctx.pageIsReview ? safeUrl(ctx.base) : undefined);
  const authors = joinNames(names(own(node, 'author'), ctx)) ?? joinNames(names(own(node, 'publisher'), ctx));
  const reviewedBy = authors ?? host(reviewUrl) ?? 'Unknown fact-checker';
  const reviewDate = firstDate(own(node, 'datePublished'), own(node, 'dateCreated'));

  const sources: SourceLink[] = [];
  if (reviewUrl) {
    const link: SourceLink = { url: reviewUrl };
    const title = firstText(own(node, 'headline'), CAPS.name) ?? firstText(own(node, 'name'), CAPS.name);
    if (title) link.title = title;
    if (authors) link.publisher = authors;
    if (reviewDate) link.date = reviewDate;
    sources.push(link);
  }
  const items = asArray(own(node, 'itemReviewed'))
    .slice(0, 20)
    .map((x) => deref(x, ctx))
    .filter(isRecord);
  for (const item of items) {
    for (const link of appearances(item, ctx)) {
      if (sources.length < CAPS.sources && !sources.some((s) => s.url === link.url)) sources.push(link);
    }
  }
  // A relative url or @id with nothing to resolve it against (a local file in the CLI): the entry
  // is kept under its id as written, with no link.
  const asWritten = !sources.length && !ctx.base && ctx.keepUnlinked ? relativeId(node) : undefined;
  if (!sources.length && !asWritten) return 'has no http or https link (no url, and no appearance)';

  const out: Omit<ClaimEntry, 'id'> & { idHint?: string } = { kind: 'claim', claim, verdict, reviewedBy, sources };
  if (ratingText) out.ratingText = ratingText;
  if (reviewDate) out.reviewDate = reviewDate;
  const item = items[0];
  if (item) {
    const claimant = joinNames(names(own(item, 'author'), ctx));
    const claimDate = firstDate(own(item, 'datePublished'), own(item, 'dateCreated'));
    const seenOn = host(sources.find((s) => s.url !== reviewUrl)?.url);
    const origin = originText(claimant, claimDate, seenOn);
    if (origin) out.origin = origin;
  }
  const summary = firstText(own(node, 'description'), CAPS.text);
  if (summary && summary !== claim) out.summary = summary;
  const urlId = ownUrl && (ownUrl.length <= CAPS.id ? ownUrl : `cr-${hashString(ownUrl)}`);
  out.idHint = resolveId(own(node, '@id'), ctx.base) ?? urlId ?? asWritten;
  return out;
}

/** The review's own url or @id as written, when it is a relative reference (a path, not a scheme). */
function relativeId(node: Node): string | undefined {
  for (const key of ['url', '@id']) {
    const v = asArray(own(node, key))[0];
    if (typeof v !== 'string') continue;
    const s = cleanText(v, CAPS.id);
    if (s && !/^[a-z][a-z0-9+.-]*:/i.test(s) && !s.startsWith('_:')) return s;
  }
  return undefined;
}

export interface ClaimReviewOptions {
  /** Result format; 'html-claimreview' when the JSON-LD came from a web page. */
  format?: FeedFormat;
  /** The base URL is the fact-check page itself, so it can stand in for a missing review `url`. */
  pageIsReview?: boolean;
  /**
   * Without a base URL, keep reviews whose url or @id is relative (under that id, with no link)
   * instead of skipping them. The scan CLI sets it for local files read without --base.
   */
  keepUnlinked?: boolean;
  /** The reviews of `json`, when the caller has found them already (a walk of the whole list). */
  found?: FoundReviews;
}

function* parseInner(json: unknown, baseUrl: string | undefined, opts: ClaimReviewOptions): ParseSteps {
  const format = opts.format ?? 'claimreview';
  const base = safeUrl(baseUrl);
  const found = opts.found ?? (yield* findClaimReviewsSteps(json));
  if (!found.reviews.length) return failed(format, NO_CLAIMREVIEW);
  const ctx: Ctx = {
    base,
    byId: found.byId,
    pageIsReview: opts.pageIsReview ?? false,
    keepUnlinked: opts.keepUnlinked ?? false,
  };
  const problems = new Problems();
  const entries: ClaimEntry[] = [];
  const taken = new Map<string, string>();
  // Reported first, so the reason is not crowded out of the first 50 problems.
  if (found.reviews.length > CAPS.entries) {
    const rest = found.reviews.length - CAPS.entries;
    problems.skip(`${rest} ClaimReviews past the first ${CAPS.entries} were skipped`, rest);
  }
  const limit = Math.min(found.reviews.length, CAPS.entries);
  for (let i = 0; i < limit; i++) {
    if ((i & 63) === 63) yield;
    const mapped = reviewToEntry(found.reviews[i]!, ctx);
    if (typeof mapped === 'string') {
      problems.skip(`ClaimReview ${i + 1}: ${mapped}`);
      continue;
    }
    const { idHint, ...rest } = mapped;
    const id = uniqueClaimId(taken, idHint ?? `cr-${hashString(`${rest.claim}\u0000${rest.reviewedBy}`)}`, rest.claim);
    if (!id) {
      problems.skip(`ClaimReview ${i + 1}: duplicate of an earlier review of the same claim`);
      continue;
    }
    const entry: ClaimEntry = Object.assign({ kind: 'claim' as const, id }, rest);
    entries.push(entry);
  }
  const title = found.title ?? (base ? `ClaimReviews from ${host(base)}` : 'ClaimReview list');
  return { format, title, entries, skipped: problems.skipped, problems: problems.list };
}

/** Parses ClaimReview JSON-LD (any wrapper) into claim entries. Never throws. */
export function parseClaimReview(json: unknown, baseUrl?: string, opts: ClaimReviewOptions = {}): ParseResult {
  return runSteps(parseClaimReviewSteps(json, baseUrl, opts));
}

/** parseClaimReview in steps (the background parses large lists between other work). Never throws. */
export function* parseClaimReviewSteps(json: unknown, baseUrl?: string, opts: ClaimReviewOptions = {}): ParseSteps {
  try {
    return yield* parseInner(json, baseUrl, opts);
  } catch (e) {
    return failed(
      opts.format ?? 'claimreview',
      `The ClaimReview data could not be read (${e instanceof Error ? e.message : 'unknown error'}).`,
    );
  }
}
