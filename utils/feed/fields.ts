/**
 * The kinds of value the feed format is made of, as valibot schemas that clean up rather than
 * refuse: text loses markup and invisible characters and is clipped to its length, a choice is
 * read in any case, a link is made absolute. Each also states the strict rule (length, pattern,
 * enum) that the published JSON Schema gives and that what the reader keeps always meets.
 * Pure: no wxt, browser or DOM imports.
 */
import * as v from 'valibot';
import { cleanString, CAPS, ID_SEPARATOR, safeUrl, strictIsoDate } from './sanitize';
import { done, withDescription, type JsonKeywords } from './lenient';

/** Cleaned text of 1 to `maxLength` characters. */
export interface TextSchema extends v.BaseSchema<string, string, v.StringIssue> {
  readonly type: 'string';
  readonly reference: typeof text;
  readonly expects: 'string';
  readonly maxLength: number;
  readonly json: JsonKeywords;
  readonly message: undefined;
}

/** Text with markup and invisible characters removed and whitespace collapsed; longer text is clipped. */
/* @__NO_SIDE_EFFECTS__ */
export function text(maxLength: number, description?: string): TextSchema {
  return v._standardSchema<TextSchema>({
    kind: 'schema',
    type: 'string',
    reference: text,
    expects: 'string',
    async: false,
    maxLength,
    json: withDescription({ minLength: 1, maxLength }, description),
    message: undefined,
    '~run'(dataset, config) {
      const raw = dataset.value;
      const clean = typeof raw === 'string' ? cleanString(raw, this.maxLength) : '';
      if (clean === '') {
        v._addIssue(this, 'type', dataset, config);
        return dataset as unknown as v.OutputDataset<string, v.StringIssue>;
      }
      return done(dataset, clean);
    },
  });
}

/** One of `options`, in any case and with spaces around it. */
export interface OneOfSchema<T extends readonly string[]> extends v.BaseSchema<string, T[number], v.PicklistIssue> {
  readonly type: 'picklist';
  readonly reference: typeof oneOf;
  readonly expects: string;
  readonly options: T;
  readonly message: undefined;
}

/* @__NO_SIDE_EFFECTS__ */
export function oneOf<const T extends readonly string[]>(options: T): OneOfSchema<T> {
  return v._standardSchema<OneOfSchema<T>>({
    kind: 'schema',
    type: 'picklist',
    reference: oneOf,
    expects: options.map((o) => JSON.stringify(o)).join(' | '),
    async: false,
    options,
    message: undefined,
    '~run'(dataset, config) {
      const raw = dataset.value;
      const value = typeof raw === 'string' ? raw.trim().toLowerCase() : raw;
      if (!(this.options as readonly unknown[]).includes(value)) {
        v._addIssue(this, 'type', dataset, config);
        return dataset as unknown as v.OutputDataset<T[number], v.PicklistIssue>;
      }
      return done(dataset, value as T[number]);
    },
  });
}

/** An http(s) link as an absolute URL without credentials ("www.x.org/a" gets https). */
export interface HttpUrlSchema extends v.BaseSchema<string, string, v.StringIssue> {
  readonly type: 'string';
  readonly reference: typeof httpUrl;
  readonly expects: 'string';
  readonly json: JsonKeywords;
  readonly message: undefined;
}

/* @__NO_SIDE_EFFECTS__ */
export function httpUrl(description?: string): HttpUrlSchema {
  return v._standardSchema<HttpUrlSchema>({
    kind: 'schema',
    type: 'string',
    reference: httpUrl,
    expects: 'string',
    async: false,
    json: withDescription({ maxLength: CAPS.url, pattern: '^https?://' }, description),
    message: undefined,
    '~run'(dataset, config) {
      const url = safeUrl(dataset.value);
      if (url === undefined) {
        v._addIssue(this, 'type', dataset, config);
        return dataset as unknown as v.OutputDataset<string, v.StringIssue>;
      }
      return done(dataset, url);
    },
  });
}

/** A real calendar date, YYYY-MM-DD (a time part after it is dropped). */
export const IsoDate = v.pipe(
  v.unknown(),
  v.transform(strictIsoDate),
  v.string(),
  v.regex(/^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/),
);

/**
 * An entry's id, clipped one character past the limit so that a longer id is refused, not cut
 * short into another entry's id. The messages are the reader's reasons for skipping the entry.
 */
export const Id = v.pipe(
  v.string((issue) => (issue.input === undefined ? 'has no id' : 'has an empty or non-text id')),
  v.transform((s) => cleanString(s, CAPS.id + 1)),
  v.nonEmpty('has an empty or non-text id'),
  v.maxLength(CAPS.id, `id is longer than ${CAPS.id} characters`),
  // Skipped, not renamed: the id is the author's own (updates and dismissals key on it), a
  // renamed one could clash with another entry of the list, and the message tells the author
  // to pick another. Only qualified ids, made by the library, may hold the separator. A pattern
  // (what hasReservedSeparator checks), so that the JSON Schema states the rule too.
  v.regex(
    new RegExp(`^(?![\\s\\S]*${ID_SEPARATOR})`),
    `id contains "${ID_SEPARATOR}", which is reserved for naming an entry of another list`,
  ),
);
