/**
 * The Source Flags feed format's names and types. The format itself is defined once, in
 * schema.ts: the types here are inferred from it, so they cannot drift from what the reader keeps.
 * The bundled default list (assets/default-list.json) and remote lists use the same shape.
 * Pure types: no wxt, browser or DOM imports.
 */
import type * as v from 'valibot';
import type {
  AliasRuleSchema,
  AppEntrySchema,
  ClaimEntrySchema,
  ClaimMatchRuleSchema,
  FeedSchema,
  RestrictionSchema,
  SourceLinkSchema,
} from './schema';

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

/** A source; only http(s) URLs are ever rendered as links. */
export type SourceLink = v.InferOutput<typeof SourceLinkSchema>;

/**
 * One phrase to look for. Plain strings are case-insensitive, whole-word phrases.
 * A trailing `*` makes the last word a prefix ("invest*" matches "investing").
 * A money amount ("$1 billion") matches every spelling of the same amount ($1bn, US$1B, 10亿美元…).
 */
export type Term = string;

export type AliasRule = v.InferOutput<typeof AliasRuleSchema>;
export type Restriction = v.InferOutput<typeof RestrictionSchema>;
export type ClaimMatchRule = v.InferOutput<typeof ClaimMatchRuleSchema>;
export type ClaimEntry = v.InferOutput<typeof ClaimEntrySchema>;
export type AppEntry = v.InferOutput<typeof AppEntrySchema>;
export type Entry = ClaimEntry | AppEntry;
export type Feed = v.InferOutput<typeof FeedSchema>;
