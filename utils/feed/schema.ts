/**
 * The Source Flags feed format, version 1 ("source-flags-feed"), defined once. The reader
 * (validate.ts) runs these schemas entry by entry; the types in types.ts are inferred from them;
 * assets/feed.schema.json is generated from them (`npm run schema`, scripts/feed-schema.ts).
 * Descriptions are written for feed authors: they are the JSON Schema's documentation.
 * Pure: no wxt, browser or DOM imports.
 */
import * as v from 'valibot';
import { CAPS, isRecord, quote } from './sanitize';
import { FEED_FORMAT, FEED_VERSION, RESTRICTION_STATUSES, VERDICTS } from './types';
import { httpUrl, Id, IsoDate, oneOf, text } from './fields';
import { list, optionalNoted, reasonFor, record, type Reasons } from './lenient';

// The helpers here and the factories in fields.ts and lenient.ts are marked free of side effects, as
// valibot's own are, so that a bundle which imports this module but reads no feed (the options page,
// through utils/backup.ts) leaves the schemas out.
const described = /* @__NO_SIDE_EFFECTS__ */ <S extends v.GenericSchema>(schema: S, description: string) =>
  v.pipe(schema, v.description(description));

/** Free text: claims, scopes, summaries, caveats. */
const Text = /* @__NO_SIDE_EFFECTS__ */ (description?: string) => text(CAPS.text, description);
/** Names, titles, publishers, rating texts. */
const ShortText = /* @__NO_SIDE_EFFECTS__ */ (description?: string) => text(CAPS.name, description);
const FreeDate = ShortText(
  'A date as the source states it: an ISO date (YYYY-MM-DD) or free text ("undated", "\'Friday\'").',
);

export const IdSchema = described(Id, 'Unique within the list: updates and dismissals key on it. "@@" is reserved.');

export const TermSchema = text(
  CAPS.term,
  'A phrase; case-insensitive, whole words. A trailing * makes the last word a prefix ("invest*" matches ' +
    '"investing"); a money amount ("$1 billion") matches every spelling of the same amount ($1bn, US$1B, 10亿美元).',
);
/** Terms, at most CAPS.terms; terms that cannot be read are left out, and an empty list is dropped. */
const terms = /* @__NO_SIDE_EFFECTS__ */ (description?: string) =>
  list(TermSchema, { max: CAPS.terms, nonEmpty: true, description });
export const TermListSchema = terms();
const termGroups = /* @__NO_SIDE_EFFECTS__ */ (description: string) =>
  list(TermListSchema, { max: CAPS.groups, nonEmpty: true, description });

export const VerdictSchema = oneOf(VERDICTS);
export const RestrictionStatusSchema = oneOf(RESTRICTION_STATUSES);

export const SourceLinkSchema = record(
  {
    url: httpUrl('Only http(s) links are kept; they are the only links ever shown.'),
    title: v.optional(ShortText()),
    publisher: v.optional(ShortText()),
    date: v.optional(FreeDate),
  },
  { bare: 'url', description: 'A source. A bare URL string is read as { "url": … }.' },
);

/** Sources, at most CAPS.sources, each link once; at least one with an http(s) link. */
const sources = /* @__NO_SIDE_EFFECTS__ */ (description: string) =>
  list(SourceLinkSchema, {
    max: CAPS.sources,
    nonEmpty: true,
    dropped: (n) => `source ${n} dropped (no http or https link)`,
    key: (s) => s.url,
    description,
  });

export const ClaimMatchRuleSchema = record(
  {
    all: termGroups('Every group must have a term in the same sentence (the entities, the action…).'),
    support: v.optional(
      termGroups(
        'When given, at least minSupport of these groups must be there too (the key figure, or a denial cue ' +
          'so that reports of the denial are badged too).',
      ),
    ),
    minSupport: v.optional(described(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(50)), 'Default 1.')),
    none: v.optional(terms('No badge when any of these occurs in the same sentence (near-misses).')),
  },
  { description: 'Hand-written rules. A claim without them gets rules derived from its text.' },
);

export const AliasRuleSchema = record({
  text: TermSchema,
  caseSensitive: v.optional(
    described(v.boolean(), 'Match only with exactly this capitalisation (e.g. "XHS", "Little Red Book").'),
  ),
  requireContext: v.optional(terms('At least one of these must occur in the same sentence.')),
  excludeContext: v.optional(terms('The alias is ignored when any of these occurs in the same sentence.')),
  typo: v.optional(
    described(v.boolean(), 'A listed misspelling: matched like the alias, shown as a typo in the card.'),
  ),
});

export const AliasSchema = v.union([TermSchema, AliasRuleSchema]);

export const RestrictionSchema = record({
  where: ShortText('Jurisdiction or body: "Italy", "US, Texas", "NASA".'),
  scope: Text('What is restricted, for whom.'),
  status: RestrictionStatusSchema,
  sources: sources('At least one, with an http(s) link.'),
  tags: v.optional(
    list(text(CAPS.tag), {
      max: CAPS.tags,
      nonEmpty: true,
      description: 'ISO 3166 codes or role tags used by "Where I am" (e.g. "US", "US-TX", "gov-device").',
    }),
  ),
  authority: v.optional(Text('Who decided it.')),
  date: optionalNoted(
    described(IsoDate, 'ISO date when known (derived dates are allowed, with dateNote saying so).'),
    (raw) => `date ${quote(raw)} dropped (not YYYY-MM-DD)`,
  ),
  dateNote: v.optional(Text('The date as the sources state it, or why it is uncertain.')),
  caveat: v.optional(Text('Shown on the card: anything the sources mark uncertain or contested.')),
});

/** Why a restriction is dropped, by the first required field that cannot be read. */
const RESTRICTION_REASONS: Reasons<'where' | 'scope' | 'status' | 'sources'> = {
  where: () => 'does not say where ("where")',
  scope: () => 'has no scope',
  status: (raw) => `has an unknown status ${quote(raw)}`,
  sources: () => 'has no sources',
};

const claimFields = {
  claim: Text('The claim in one sentence, as it circulates.'),
  verdict: VerdictSchema,
  reviewedBy: ShortText('Who refuted or denied it ("Yan Qiao, Alibaba vice-president").'),
  sources: sources('At least one, with an http(s) link.'),
  ratingText: v.optional(ShortText('The publisher\'s own rating, kept word for word ("Pants on Fire", "Falso").')),
  reviewDate: v.optional(FreeDate),
  medium: v.optional(Text('Where the verdict was given ("WeChat Moments post, relayed by Reuters").')),
  origin: v.optional(Text('Where and when the claim started.')),
  summary: v.optional(Text()),
  caveat: v.optional(Text('Shown on the card.')),
  match: optionalNoted(
    ClaimMatchRuleSchema,
    () => 'match rule dropped (no usable "all" groups); rules will be derived from the claim',
  ),
};

/** Why a claim is skipped, by the first required field that cannot be read. */
export const CLAIM_REASONS: Reasons<'claim' | 'verdict' | 'reviewedBy' | 'sources'> = {
  claim: () => 'has no claim text',
  verdict: (raw) => (raw === undefined ? 'has no verdict' : `has an unknown verdict ${quote(raw)}`),
  reviewedBy: () => 'does not say who reviewed it ("reviewedBy")',
  sources: () => 'has no source with an http or https link',
};

const appFields = {
  name: ShortText('Display name.'),
  aliases: list(AliasSchema, {
    max: CAPS.aliases,
    dropped: (n) => `alias ${n} dropped (no text)`,
    description: 'Names that count as the app.',
  }),
  restrictions: list(RestrictionSchema, {
    max: CAPS.restrictions,
    dropped: (n, raw, issue) =>
      `restriction ${n} ${isRecord(raw) ? reasonFor(RESTRICTION_REASONS, issue, 'cannot be read') : 'is not an object'}`,
    within: (n) => `restriction ${n}: `,
  }),
  description: v.optional(Text()),
  caveat: v.optional(Text('Shown on the card.')),
};

/** Why an app is skipped, by the first required field that cannot be read. */
export const APP_REASONS: Reasons<'name' | 'aliases' | 'restrictions'> = {
  name: () => 'has no name',
  aliases: () => 'has no "aliases" list',
  restrictions: () => 'has no "restrictions" list',
};

/**
 * A claim or an app without the kind and id, which the reader checks first (validate.ts): fields
 * are read in this order, and the first required one that cannot be read is the reason to skip.
 */
export const ClaimBodySchema = record(claimFields);
export const AppBodySchema = record(appFields);

/** A whole entry: its kind and id, then its fields (for the JSON Schema and the types). */
const entry = /* @__NO_SIDE_EFFECTS__ */ <const K extends string, const F extends v.ObjectEntries>(
  kind: K,
  fields: F,
) => v.object({ kind: v.literal(kind), id: IdSchema, ...fields });
export const ClaimEntrySchema = entry('claim', claimFields);
export const AppEntrySchema = entry('app', appFields);
export const EntrySchema = v.variant('kind', [ClaimEntrySchema, AppEntrySchema]);

export const TitleSchema = ShortText();

/**
 * The whole file. The reader does not run it: it reads the entries one by one, in steps, and
 * skips a bad one with a reason instead of refusing the list.
 */
export const FeedSchema = v.pipe(
  v.object({
    format: v.literal(FEED_FORMAT),
    version: v.literal(FEED_VERSION),
    title: TitleSchema,
    description: v.optional(Text()),
    publisher: v.optional(ShortText()),
    homepage: v.optional(httpUrl()),
    updated: v.optional(
      v.pipe(
        v.string(),
        v.maxLength(40),
        v.regex(
          /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?$/,
        ),
        v.description('ISO date (or date and time) of the last edit.'),
      ),
    ),
    entries: v.pipe(v.array(EntrySchema), v.maxLength(CAPS.entries)),
  }),
  v.title('Source Flags feed, version 1'),
  v.description(
    'The "source-flags-feed" format of the bundled default list and of remote lists. Generated from ' +
      'utils/feed/schema.ts (npm run schema), which the extension reads lists with. The extension is more ' +
      'lenient than this schema: it clips long text, drops what it cannot read and says so.',
  ),
);
