/**
 * Reads list text of any supported kind: a Source Flags feed, ClaimReview JSON-LD, a Google Fact Check
 * Tools response, or a fact-check web page with ClaimReview JSON-LD. Hostile input is bounded before
 * parsing (size, nesting depth) and every failure comes back as `error`: this never throws.
 * Pure: no wxt, browser or DOM imports.
 */
import { FEED_FORMAT } from './types';
import { failed, type ParseResult, type ParseSteps } from './parse-result';
import { laterTask, runInSteps, runSteps } from '../steps';
import { NO_CLAIMREVIEW, parseClaimReviewSteps } from './claimreview';
import { findClaimReviewsSteps } from './jsonld-walk';
import { parseFactCheckTools } from './factcheck-tools';
import { extractJsonLdBlocks, MAX_JSON_DEPTH } from './html-jsonld';
import { jsonErrorPosition, lineColumn } from './json-position';
import { cleanString, isRecord, own } from './sanitize';
import { jsonTooDeepSteps, parseJsonSteps, TooDeep } from './json-steps';
import { validateOwnFeedSteps } from './validate';

export const MAX_FEED_CHARS = 50 * 1024 * 1024;

export const ERRORS = {
  notText: 'The list is empty or not text.',
  empty: 'The list is empty.',
  tooLarge: 'The list is too large (over 50 MB).',
  tooDeep: `The list is nested more than ${MAX_JSON_DEPTH} levels deep, so it is not a claim list.`,
  htmlWithoutClaimReview: 'This is a web page without any ClaimReview data (perhaps an error page or a login page)',
  notAClaimList: 'Not a claim list: expected a Source Flags feed, ClaimReview JSON-LD or a Fact Check Tools response',
} as const;

export interface ParseFeedOptions {
  /** Where the text came from: relative ClaimReview URLs resolve against it. */
  url?: string;
  /** The HTTP Content-Type, when known. */
  contentType?: string;
  /** Without `url`: keep ClaimReviews whose url or @id is relative, with no link (the scan CLI). */
  keepUnlinked?: boolean;
}

function* parseHtml(html: string, url?: string, keepUnlinked?: boolean): ParseSteps {
  const blocks = extractJsonLdBlocks(html);
  yield;
  const result = yield* parseClaimReviewSteps(blocks, url, {
    format: 'html-claimreview',
    pageIsReview: true,
    keepUnlinked,
  });
  if (result.error === NO_CLAIMREVIEW) return failed('html-claimreview', ERRORS.htmlWithoutClaimReview);
  return result;
}

/** The engine's message (which quotes the input, so it is cleaned) with a position, line and column. */
function jsonErrorDetail(text: string, e: unknown): string {
  const message = cleanString(e instanceof Error ? e.message : 'unreadable', 200);
  const given = /position (\d+)/.exec(message);
  const position = given ? Number(given[1]) : jsonErrorPosition(text);
  if (position === undefined) return message;
  const at = given ? '' : ` at position ${position}`;
  return `${message}${at}, ${lineColumn(text, position)}`;
}

function* parseJson(text: string, url?: string, keepUnlinked?: boolean): ParseSteps {
  let json: unknown;
  try {
    json = yield* parseJsonSteps(text, undefined, MAX_JSON_DEPTH);
  } catch (e) {
    // Too deep for later tree walks, whether or not the rest is valid JSON.
    if (e instanceof TooDeep || (yield* jsonTooDeepSteps(text, MAX_JSON_DEPTH)))
      return failed('source-flags', ERRORS.tooDeep);
    // The engine says what is wrong (or reads what the stepped reader does not follow).
    try {
      json = JSON.parse(text);
    } catch (e) {
      return failed('source-flags', `The list is not valid JSON (${jsonErrorDetail(text, e)}).`);
    }
  }
  yield;
  if (isRecord(json) && own(json, 'format') === FEED_FORMAT) return yield* validateOwnFeedSteps(json);
  if (isRecord(json) && Array.isArray(own(json, 'claims'))) return parseFactCheckTools(json);
  const found = yield* findClaimReviewsSteps(json);
  if (found.reviews.length) {
    yield;
    return yield* parseClaimReviewSteps(json, url, { keepUnlinked, found });
  }
  return failed('source-flags', ERRORS.notAClaimList);
}

function* parseInner(text: unknown, opts: ParseFeedOptions): ParseSteps {
  if (typeof text !== 'string') return failed('source-flags', ERRORS.notText);
  if (text.length > MAX_FEED_CHARS) return failed('source-flags', ERRORS.tooLarge);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstIndex = body.search(/\S/);
  if (firstIndex < 0) return failed('source-flags', ERRORS.empty);
  const first = body[firstIndex];
  const contentType = typeof opts.contentType === 'string' ? opts.contentType.toLowerCase() : '';
  const looksJson = first === '{' || first === '[';
  if (first === '<' || (!looksJson && /html/.test(contentType)))
    return yield* parseHtml(body, opts.url, opts.keepUnlinked);
  return yield* parseJson(body, opts.url, opts.keepUnlinked);
}

/** Detects the kind of list and parses it. Never throws. */
export function parseFeedText(text: string, opts: ParseFeedOptions = {}): ParseResult {
  return runSteps(parseFeedTextSteps(text, opts));
}

/**
 * parseFeedText in steps that let the event loop run (the background parses a list of 100,000
 * claims while it keeps matching tabs' text). Never throws.
 */
export function parseFeedTextInSteps(
  text: string,
  opts: ParseFeedOptions = {},
  pause: () => Promise<void> = laterTask,
  sliceMs = 20,
): Promise<ParseResult> {
  return runInSteps(parseFeedTextSteps(text, opts), pause, sliceMs);
}

function* parseFeedTextSteps(text: string, opts: ParseFeedOptions): ParseSteps {
  try {
    return yield* parseInner(text, opts ?? {});
  } catch (e) {
    return failed('source-flags', `The list could not be read (${e instanceof Error ? e.message : 'unknown error'}).`);
  }
}
