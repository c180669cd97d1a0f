/**
 * Reads a Google Fact Check Tools API `claims:search` response:
 * `{claims: [{text, claimant, claimDate, claimReview: [{publisher: {name, site}, url, title, reviewDate,
 * textualRating, languageCode}]}], nextPageToken}`. One ClaimEntry per claim.
 * Pure: no wxt, browser or DOM imports.
 */
import type { ClaimEntry, SourceLink } from './types';
import { failed, Problems, type ParseResult } from './parse-result';
import { host, originText, uniqueClaimId } from './claimreview';
import { normalizeRating, type NormalizedRating } from './rating';
import { asArray, CAPS, cleanHtmlText, hashString, isoDate, isRecord, own, safeUrl } from './sanitize';

interface Review {
  url?: string;
  publisher?: string;
  title?: string;
  date?: string;
  rating?: string;
  verdict: NormalizedRating;
}

function readReview(raw: Record<string, unknown>): Review {
  const url = safeUrl(own(raw, 'url'));
  const pub = own(raw, 'publisher');
  const site = cleanHtmlText(own(pub, 'site'), CAPS.name);
  const rating = cleanHtmlText(own(raw, 'textualRating'), CAPS.name);
  const review: Review = { verdict: normalizeRating(rating) };
  const publisher = cleanHtmlText(own(pub, 'name'), CAPS.name) ?? site ?? host(url);
  const title = cleanHtmlText(own(raw, 'title'), CAPS.name);
  const date = isoDate(own(raw, 'reviewDate'));
  if (url) review.url = url;
  if (publisher) review.publisher = publisher;
  if (title) review.title = title;
  if (date) review.date = date;
  if (rating) review.rating = rating;
  return review;
}

function claimToEntry(raw: unknown, taken: Map<string, string>): ClaimEntry | string {
  if (!isRecord(raw)) return 'is not an object';
  const claim = cleanHtmlText(own(raw, 'text'), CAPS.text);
  if (!claim) return 'has no claim text';
  const reviews = asArray(own(raw, 'claimReview')).slice(0, 200).filter(isRecord).map(readReview);
  const sources: SourceLink[] = [];
  for (const r of reviews) {
    if (!r.url || sources.length >= CAPS.sources || sources.some((s) => s.url === r.url)) continue;
    const link: SourceLink = { url: r.url };
    if (r.title) link.title = r.title;
    if (r.publisher) link.publisher = r.publisher;
    if (r.date) link.date = r.date;
    sources.push(link);
  }
  if (!sources.length) return 'has no review with an http or https link';

  // The first review whose rating we understand gives the verdict; otherwise the first linked review.
  const primary = reviews.find((r) => r.url && r.verdict !== 'unrated') ?? reviews.find((r) => r.url)!;
  const claimant = cleanHtmlText(own(raw, 'claimant'), CAPS.name);
  const firstUrl = sources[0]!.url;
  const hint = firstUrl.length <= CAPS.id ? firstUrl : `fct-${hashString(firstUrl)}`;
  const id = uniqueClaimId(taken, hint, claim);
  if (!id) return 'duplicate of an earlier claim with the same review';

  const entry: ClaimEntry = {
    kind: 'claim',
    id,
    claim,
    verdict: primary.verdict,
    reviewedBy: primary.publisher ?? host(primary.url) ?? 'Unknown fact-checker',
    sources,
  };
  if (primary.rating) entry.ratingText = primary.rating;
  if (primary.date) entry.reviewDate = primary.date;
  const origin = originText(claimant, isoDate(own(raw, 'claimDate')));
  if (origin) entry.origin = origin;
  return entry;
}

function parseInner(json: unknown): ParseResult {
  const claims = own(json, 'claims');
  if (!Array.isArray(claims))
    return failed('factcheck-tools', 'Not a Fact Check Tools response: there is no "claims" list.');
  const problems = new Problems();
  const entries: ClaimEntry[] = [];
  const taken = new Map<string, string>();
  // Reported first, so the reason is not crowded out of the first 50 problems.
  if (claims.length > CAPS.entries) {
    const rest = claims.length - CAPS.entries;
    problems.skip(`${rest} claims past the first ${CAPS.entries} were skipped`, rest);
  }
  const limit = Math.min(claims.length, CAPS.entries);
  for (let i = 0; i < limit; i++) {
    const result = claimToEntry(claims[i], taken);
    if (typeof result === 'string') problems.skip(`claim ${i + 1}: ${result}`);
    else entries.push(result);
  }
  return {
    format: 'factcheck-tools',
    title: 'Google Fact Check Tools results',
    entries,
    skipped: problems.skipped,
    problems: problems.list,
  };
}

/** Parses a Fact Check Tools `claims:search` response. Never throws. */
export function parseFactCheckTools(json: unknown): ParseResult {
  try {
    return parseInner(json);
  } catch (e) {
    return failed(
      'factcheck-tools',
      `The Fact Check Tools response could not be read (${e instanceof Error ? e.message : 'unknown error'}).`,
    );
  }
}
