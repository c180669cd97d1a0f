/**
 * Validates a Source Flags feed ("source-flags-feed") entry by entry: a bad entry is skipped with a
 * plain-words reason, good ones are kept. Every kept object is built afresh, field by field, from own
 * properties only, so unknown keys, `__proto__` and `constructor` are never copied.
 * Pure: no wxt, browser or DOM imports.
 */
import { FEED_FORMAT, FEED_VERSION, RESTRICTION_STATUSES, VERDICTS } from './types';
import type { AliasRule, AppEntry, ClaimEntry, ClaimMatchRule, Entry, Restriction, SourceLink, Term } from './types';
import { failed, Problems, type ParseResult, type ParseSteps } from './parse-result';
import { runSteps } from '../steps';
import {
  CAPS,
  cleanText,
  hasReservedSeparator,
  ID_SEPARATOR,
  isRecord,
  own,
  quote,
  safeUrl,
  strictIsoDate,
} from './sanitize';

type Note = (msg: string) => void;

function enumValue<T extends string>(v: unknown, allowed: readonly T[]): T | undefined {
  if (typeof v !== 'string') return undefined;
  const s = v.trim().toLowerCase();
  return (allowed as readonly string[]).includes(s) ? (s as T) : undefined;
}

/** One source link; a bare URL string is accepted too. */
function sourceLink(raw: unknown): SourceLink | undefined {
  const url = safeUrl(typeof raw === 'string' ? raw : own(raw, 'url'));
  if (!url) return undefined;
  const out: SourceLink = { url };
  const title = cleanText(own(raw, 'title'), CAPS.name);
  const publisher = cleanText(own(raw, 'publisher'), CAPS.name);
  const date = cleanText(own(raw, 'date'), CAPS.name);
  if (title) out.title = title;
  if (publisher) out.publisher = publisher;
  if (date) out.date = date;
  return out;
}

/** Valid http(s) sources, de-duplicated by URL, at most CAPS.sources. */
export function sourceList(raw: unknown, note: Note, what = 'source'): SourceLink[] {
  const out: SourceLink[] = [];
  if (!Array.isArray(raw)) return out;
  const seen = new Set<string>();
  for (let i = 0; i < raw.length && out.length < CAPS.sources; i++) {
    const link = sourceLink(raw[i]);
    if (!link) note(`${what} ${i + 1} dropped (no http or https link)`);
    else if (!seen.has(link.url)) {
      seen.add(link.url);
      out.push(link);
    }
  }
  return out;
}

/** Non-empty cleaned terms, at most `max`. Undefined when nothing usable is left. */
function termList(raw: unknown, max: number = CAPS.terms, len: number = CAPS.term): Term[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const out: Term[] = [];
  for (let i = 0; i < raw.length && out.length < max; i++) {
    const t = cleanText(raw[i], len);
    if (t) out.push(t);
  }
  return out.length ? out : undefined;
}

function termGroups(raw: unknown): Term[][] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const out: Term[][] = [];
  for (let i = 0; i < raw.length && out.length < CAPS.groups; i++) {
    const g = termList(raw[i]);
    if (g) out.push(g);
  }
  return out.length ? out : undefined;
}

function matchRule(raw: unknown, note: Note): ClaimMatchRule | undefined {
  if (raw === undefined) return undefined;
  const all = termGroups(own(raw, 'all'));
  if (!all) {
    note('match rule dropped (no usable "all" groups); rules will be derived from the claim');
    return undefined;
  }
  const out: ClaimMatchRule = { all };
  const support = termGroups(own(raw, 'support'));
  if (support) out.support = support;
  const minSupport = own(raw, 'minSupport');
  if (typeof minSupport === 'number' && Number.isInteger(minSupport) && minSupport >= 1 && minSupport <= 50) {
    out.minSupport = minSupport;
  }
  const none = termList(own(raw, 'none'));
  if (none) out.none = none;
  return out;
}

function claimEntry(raw: Record<string, unknown>, id: string, note: Note): ClaimEntry | string {
  const claim = cleanText(own(raw, 'claim'), CAPS.text);
  if (!claim) return 'has no claim text';
  const rawVerdict = own(raw, 'verdict');
  const verdict = enumValue(rawVerdict, VERDICTS);
  if (!verdict) return rawVerdict === undefined ? 'has no verdict' : `has an unknown verdict ${quote(rawVerdict)}`;
  const reviewedBy = cleanText(own(raw, 'reviewedBy'), CAPS.name);
  if (!reviewedBy) return 'does not say who reviewed it ("reviewedBy")';
  const sources = sourceList(own(raw, 'sources'), note);
  if (!sources.length) return 'has no source with an http or https link';
  const out: ClaimEntry = { kind: 'claim', id, claim, verdict, reviewedBy, sources };
  const ratingText = cleanText(own(raw, 'ratingText'), CAPS.name);
  const reviewDate = cleanText(own(raw, 'reviewDate'), CAPS.name);
  const medium = cleanText(own(raw, 'medium'), CAPS.text);
  const origin = cleanText(own(raw, 'origin'), CAPS.text);
  const summary = cleanText(own(raw, 'summary'), CAPS.text);
  const caveat = cleanText(own(raw, 'caveat'), CAPS.text);
  const match = matchRule(own(raw, 'match'), note);
  if (ratingText) out.ratingText = ratingText;
  if (reviewDate) out.reviewDate = reviewDate;
  if (medium) out.medium = medium;
  if (origin) out.origin = origin;
  if (summary) out.summary = summary;
  if (caveat) out.caveat = caveat;
  if (match) out.match = match;
  return out;
}

function alias(raw: unknown): string | AliasRule | undefined {
  if (typeof raw === 'string') return cleanText(raw, CAPS.term);
  const text = cleanText(own(raw, 'text'), CAPS.term);
  if (!text) return undefined;
  const out: AliasRule = { text };
  const caseSensitive = own(raw, 'caseSensitive');
  const typo = own(raw, 'typo');
  const requireContext = termList(own(raw, 'requireContext'));
  const excludeContext = termList(own(raw, 'excludeContext'));
  if (typeof caseSensitive === 'boolean') out.caseSensitive = caseSensitive;
  if (requireContext) out.requireContext = requireContext;
  if (excludeContext) out.excludeContext = excludeContext;
  if (typeof typo === 'boolean') out.typo = typo;
  return out;
}

function restriction(raw: unknown, n: number, note: Note): Restriction | undefined {
  const drop = (why: string) => (note(`restriction ${n} ${why}`), undefined);
  if (!isRecord(raw)) return drop('is not an object');
  const where = cleanText(own(raw, 'where'), CAPS.name);
  if (!where) return drop('does not say where ("where")');
  const scope = cleanText(own(raw, 'scope'), CAPS.text);
  if (!scope) return drop('has no scope');
  const rawStatus = own(raw, 'status');
  const status = enumValue(rawStatus, RESTRICTION_STATUSES);
  if (!status) return drop(`has an unknown status ${quote(rawStatus)}`);
  const sources = sourceList(own(raw, 'sources'), (m) => note(`restriction ${n}: ${m}`));
  if (!sources.length) return drop('has no sources');
  const out: Restriction = { where, scope, status, sources };
  const tags = termList(own(raw, 'tags'), CAPS.tags, CAPS.tag);
  const authority = cleanText(own(raw, 'authority'), CAPS.text);
  const rawDate = own(raw, 'date');
  const date = strictIsoDate(rawDate);
  const dateNote = cleanText(own(raw, 'dateNote'), CAPS.text);
  const caveat = cleanText(own(raw, 'caveat'), CAPS.text);
  if (rawDate !== undefined && !date) note(`restriction ${n}: date ${quote(rawDate)} dropped (not YYYY-MM-DD)`);
  if (tags) out.tags = tags;
  if (authority) out.authority = authority;
  if (date) out.date = date;
  if (dateNote) out.dateNote = dateNote;
  if (caveat) out.caveat = caveat;
  return out;
}

function appEntry(raw: Record<string, unknown>, id: string, note: Note): AppEntry | string {
  const name = cleanText(own(raw, 'name'), CAPS.name);
  if (!name) return 'has no name';
  const rawAliases = own(raw, 'aliases');
  if (!Array.isArray(rawAliases)) return 'has no "aliases" list';
  const rawRestrictions = own(raw, 'restrictions');
  if (!Array.isArray(rawRestrictions)) return 'has no "restrictions" list';
  const aliases: (string | AliasRule)[] = [];
  for (let i = 0; i < rawAliases.length && aliases.length < CAPS.aliases; i++) {
    const a = alias(rawAliases[i]);
    if (a) aliases.push(a);
    else note(`alias ${i + 1} dropped (no text)`);
  }
  const restrictions: Restriction[] = [];
  for (let i = 0; i < rawRestrictions.length && restrictions.length < CAPS.restrictions; i++) {
    const r = restriction(rawRestrictions[i], i + 1, note);
    if (r) restrictions.push(r);
  }
  const out: AppEntry = { kind: 'app', id, name, aliases, restrictions };
  const description = cleanText(own(raw, 'description'), CAPS.text);
  const caveat = cleanText(own(raw, 'caveat'), CAPS.text);
  if (description) out.description = description;
  if (caveat) out.caveat = caveat;
  return out;
}

function* validateInner(json: unknown): ParseSteps {
  if (!isRecord(json)) return failed('source-flags', 'The list is not a JSON object.');
  const format = own(json, 'format');
  if (format !== FEED_FORMAT) {
    return failed(
      'source-flags',
      format === undefined
        ? 'The list has no "format" field; expected "source-flags-feed".'
        : `The list's format is ${quote(format)}; expected "source-flags-feed".`,
    );
  }
  const rawEntries = own(json, 'entries');
  if (!Array.isArray(rawEntries)) return failed('source-flags', 'The list has no "entries" array.');
  const problems = new Problems();
  const version = own(json, 'version');
  if (typeof version === 'number' && version > FEED_VERSION) {
    problems.note(`The list is feed version ${version}; this extension reads version ${FEED_VERSION}.`);
  }
  const title = cleanText(own(json, 'title'), CAPS.name) ?? 'Untitled list';
  const entries: Entry[] = [];
  const firstSeen = new Map<string, number>();
  // Reported first, so the reason is not crowded out of the first 50 problems.
  if (rawEntries.length > CAPS.entries) {
    const rest = rawEntries.length - CAPS.entries;
    problems.skip(`${rest} entries past the first ${CAPS.entries} were skipped`, rest);
  }
  const limit = Math.min(rawEntries.length, CAPS.entries);
  for (let i = 0; i < limit; i++) {
    if ((i & 63) === 63) yield;
    const raw: unknown = rawEntries[i];
    const rawId = own(raw, 'id');
    const id = cleanText(rawId, CAPS.id + 1);
    const label = `entry ${i + 1}${id ? ` (id ${quote(id)})` : ''}`;
    const skip = (why: string) => problems.skip(`${label}: ${why}`);
    if (!isRecord(raw)) {
      skip(`is not an object (${quote(raw)})`);
      continue;
    }
    if (!id) {
      skip(rawId === undefined ? 'has no id' : 'has an empty or non-text id');
      continue;
    }
    if (id.length > CAPS.id) {
      skip(`id is longer than ${CAPS.id} characters`);
      continue;
    }
    // Skipped, not renamed: the id is the author's own (updates and dismissals key on it), a
    // renamed one could clash with another entry of the list, and the message tells the author
    // to pick another. Only qualified ids, made by the library, may hold the separator.
    if (hasReservedSeparator(id)) {
      skip(`id contains "${ID_SEPARATOR}", which is reserved for naming an entry of another list`);
      continue;
    }
    const first = firstSeen.get(id);
    if (first !== undefined) {
      skip(`duplicate id (first used by entry ${first})`);
      continue;
    }
    const kind = own(raw, 'kind');
    const note: Note = (m) => problems.note(`${label}: ${m}`);
    const result =
      kind === 'claim'
        ? claimEntry(raw, id, note)
        : kind === 'app'
          ? appEntry(raw, id, note)
          : `has an unknown kind ${quote(kind)} (expected "claim" or "app")`;
    if (typeof result === 'string') {
      skip(result);
      continue;
    }
    firstSeen.set(id, i + 1);
    entries.push(result);
  }
  return { format: 'source-flags', title, entries, skipped: problems.skipped, problems: problems.list };
}

/** Validates a parsed Source Flags feed. Never throws. */
export function validateOwnFeed(json: unknown): ParseResult {
  return runSteps(validateOwnFeedSteps(json));
}

/** validateOwnFeed in steps (the background parses large lists between other work). Never throws. */
export function* validateOwnFeedSteps(json: unknown): ParseSteps {
  try {
    return yield* validateInner(json);
  } catch (e) {
    return failed('source-flags', `The list could not be read (${e instanceof Error ? e.message : 'unknown error'}).`);
  }
}
