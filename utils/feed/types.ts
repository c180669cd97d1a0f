/**
 * The Source Flags feed format, version 1 ("source-flags-feed").
 * The bundled default list (assets/default-list.json) and remote lists use the same shape;
 * assets/feed.schema.json is the JSON Schema of this file and is checked against it in tests.
 * Pure types: no wxt, browser or DOM imports.
 */

export const FEED_FORMAT = 'source-flags-feed';
export const FEED_VERSION = 1;

/**
 * Normalised verdicts, the one list every part uses (validation, settings, the options and popup
 * choices), in the order readers see them: the strongest first, "true" last.
 */
export const VERDICTS = [
  'refuted-by-fact-checker',
  'denied-by-subject',
  'false',
  'misleading',
  'mixed',
  'unsubstantiated',
  'unrated',
  'true',
] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Restriction statuses, the one list every part uses, in the order readers see them. */
export const RESTRICTION_STATUSES = [
  'in-force',
  'interim',
  'temporary',
  'proposed',
  'planned',
  'requested',
  'advisory',
  'contested',
  'reported',
  'lifted',
] as const;
export type RestrictionStatus = (typeof RESTRICTION_STATUSES)[number];

export interface SourceLink {
  /** Only http(s) URLs are ever rendered as links. */
  url: string;
  title?: string;
  publisher?: string;
  /** As the source states it: ISO date (YYYY-MM-DD), or free text such as "undated", "'Friday'". */
  date?: string;
}

/**
 * One phrase to look for. Plain strings are case-insensitive, whole-word phrases.
 * A trailing `*` makes the last word a prefix ("invest*" matches "investing").
 * A money amount ("$1 billion") matches every spelling of the same amount ($1bn, US$1B, 10亿美元…).
 */
export type Term = string;

export interface AliasRule {
  text: string;
  /** Match only with exactly this capitalisation (e.g. "XHS", "Little Red Book"). */
  caseSensitive?: boolean;
  /** At least one of these terms must occur in the same sentence. */
  requireContext?: Term[];
  /** The alias is ignored when any of these terms occurs in the same sentence. */
  excludeContext?: Term[];
  /** A listed misspelling: matched like the alias, shown as a typo in the card. */
  typo?: boolean;
}

export interface Restriction {
  /** Jurisdiction or body: "Italy", "US, Texas", "NASA". */
  where: string;
  /** Free-form ISO 3166 codes or role tags used by "Where I am" (e.g. "US", "US-TX", "gov-device"). */
  tags?: string[];
  scope: string;
  authority?: string;
  /** ISO date when known (derived dates are allowed, with dateNote saying so). */
  date?: string;
  /** The date as the sources state it, or why it is uncertain. */
  dateNote?: string;
  status: RestrictionStatus;
  /** Shown visibly on the card: anything the sources mark uncertain or contested. */
  caveat?: string;
  sources: SourceLink[];
}

export interface ClaimMatchRule {
  /** Every group must have at least one term in one sentence (entities, action…). */
  all: Term[][];
  /** When given, at least `minSupport` (default 1) of these groups must also be present
   *  (e.g. the key figure, or a denial cue so reports of the denial are badged too). */
  support?: Term[][];
  minSupport?: number;
  /** No badge when any of these occurs in the same sentence (near-misses). */
  none?: Term[];
}

export interface ClaimEntry {
  kind: 'claim';
  id: string;
  /** The claim in one sentence, as it circulates. */
  claim: string;
  verdict: Verdict;
  /** A publisher's own rating text, kept verbatim ("Pants on Fire", "Falso"). */
  ratingText?: string;
  /** Who refuted or denied it ("Yan Qiao, Alibaba vice-president"). */
  reviewedBy: string;
  reviewDate?: string;
  /** Where the verdict was given ("WeChat Moments post, relayed by Reuters"). */
  medium?: string;
  /** Where and when the claim started. */
  origin?: string;
  summary?: string;
  caveat?: string;
  /** Hand-written rules. Entries without rules get rules derived from `claim`. */
  match?: ClaimMatchRule;
  sources: SourceLink[];
}

export interface AppEntry {
  kind: 'app';
  id: string;
  /** Display name. */
  name: string;
  description?: string;
  /** Names that count as the app. Strings are case-insensitive whole-word aliases. */
  aliases: (string | AliasRule)[];
  restrictions: Restriction[];
  caveat?: string;
}

export type Entry = ClaimEntry | AppEntry;

export interface Feed {
  format: typeof FEED_FORMAT;
  version: typeof FEED_VERSION;
  title: string;
  description?: string;
  publisher?: string;
  homepage?: string;
  /** ISO date of the last edit. */
  updated?: string;
  entries: Entry[];
}
