/**
 * The containers of the feed format, as custom valibot schemas (valibot.dev/guides/extend-valibot)
 * that read leniently: an object keeps what it can read of its optional fields, a list keeps its
 * readable items up to its cap, and what they drop is reported as a note. The reader (validate.ts)
 * runs them for every entry, so they read item by item and field by field without the per-step
 * calls and copies of valibot's pipes and array schema.
 * Pure: no wxt, browser or DOM imports.
 */
import * as v from 'valibot';
import { isRecord } from './sanitize';

export type Note = (msg: string) => void;

// Valibot hands a schema no context of its own, so the reader says here where notes about dropped
// parts go while it reads one entry (synchronously: reading in steps never pauses inside an entry).
let noteSink: Note = () => {};

/** Runs `read` with notes about dropped parts going to `note`. */
export function withNotes<T>(note: Note, read: () => T): T {
  const outer = noteSink;
  noteSink = note;
  try {
    return read();
  } finally {
    noteSink = outer;
  }
}

/** Marks a dataset read in place, as valibot's own schemas do, rather than allocating another. */
export function done<T>(dataset: v.UnknownDataset, value: T): v.SuccessDataset<T> {
  const read = dataset as unknown as { typed: true; value: T };
  read.typed = true;
  read.value = value;
  return read;
}

/**
 * What the JSON Schema says of a custom schema beyond its type and items or properties: its rule
 * and its description (scripts/lib/feed-json-schema.ts adds them).
 */
export type JsonKeywords = Record<string, string | number | boolean>;

/* @__NO_SIDE_EFFECTS__ */
export function withDescription(json: JsonKeywords, description: string | undefined): JsonKeywords {
  return description ? { ...json, description } : json;
}

/** An optional field that, when it is there but cannot be read, is dropped with this note. */
export type NotedOptionalSchema<S extends v.GenericSchema> = v.OptionalSchema<S, undefined> & {
  readonly dropNote: (raw: unknown) => string;
};

/* @__NO_SIDE_EFFECTS__ */
export function optionalNoted<S extends v.GenericSchema>(
  schema: S,
  dropNote: (raw: unknown) => string,
): NotedOptionalSchema<S> {
  return v._standardSchema<NotedOptionalSchema<S>>({ ...v.optional(schema), dropNote });
}

/**
 * An object of `entries`, read from the input's own properties only and built afresh: unknown
 * keys, `__proto__` and `constructor` are never copied. Fields are read in order. An optional
 * field (`v.optional`) that cannot be read is dropped and leaves no key; the first required field
 * that cannot be read stops the read (its issue's path names it). It has the `type` and `entries`
 * of valibot's object schema, so that it converts to JSON Schema as one.
 */
export interface RecordSchema<E extends v.ObjectEntries> extends v.BaseSchema<
  v.InferInput<v.ObjectSchema<E, undefined>>,
  v.InferOutput<v.ObjectSchema<E, undefined>>,
  v.InferIssue<v.ObjectSchema<E, undefined>>
> {
  readonly type: 'object';
  readonly reference: typeof record;
  readonly expects: 'Object';
  readonly entries: E;
  readonly json: JsonKeywords;
  readonly message: undefined;
}

interface RecordOptions {
  /** A bare string is read as an object with the string under this key. */
  bare?: string;
  description?: string;
}

/* @__NO_SIDE_EFFECTS__ */
export function record<const E extends v.ObjectEntries>(entries: E, opts: RecordOptions = {}): RecordSchema<E> {
  const { bare } = opts;
  const fields = Object.entries(entries).map(([key, schema]) => {
    const optional = schema.type === 'optional' ? (schema as Partial<NotedOptionalSchema<v.GenericSchema>>) : undefined;
    return { key, schema, wrapped: optional?.wrapped, dropNote: optional?.dropNote };
  });
  type Out = v.OutputDataset<v.InferOutput<v.ObjectSchema<E, undefined>>, v.InferIssue<v.ObjectSchema<E, undefined>>>;
  return v._standardSchema<RecordSchema<E>>({
    kind: 'schema',
    type: 'object',
    reference: record,
    expects: 'Object',
    async: false,
    entries,
    json: withDescription({}, opts.description),
    message: undefined,
    '~run'(dataset, config) {
      const input = bare && typeof dataset.value === 'string' ? { [bare]: dataset.value } : dataset.value;
      if (!isRecord(input)) {
        v._addIssue(this, 'type', dataset, config);
        return dataset as unknown as Out;
      }
      const out: Record<string, unknown> = {};
      for (const { key, schema, wrapped, dropNote } of fields) {
        const value = Object.hasOwn(input, key) ? input[key] : undefined;
        if (wrapped) {
          if (value === undefined) continue;
          const read = wrapped['~run']({ value }, config);
          if (!read.issues) out[key] = read.value;
          else if (dropNote) noteSink(dropNote(value));
          continue;
        }
        const read = schema['~run']({ value }, config);
        if (read.issues) {
          const at: v.ObjectPathItem = { type: 'object', origin: 'value', input, key, value };
          for (const issue of read.issues as { path?: v.IssuePathItem[] }[]) issue.path = [at, ...(issue.path ?? [])];
          return read as unknown as Out;
        }
        out[key] = read.value;
      }
      return done(dataset, out) as unknown as Out;
    },
  });
}

interface ListOptions<T> {
  /** Items kept at most; the rest are not read. */
  max: number;
  /** At least one item must be kept. */
  nonEmpty?: boolean;
  /** The note for an item that is dropped (n counts from 1); silent without it. */
  dropped?: (n: number, raw: unknown, issue: v.BaseIssue<unknown>) => string;
  /** Prefix for notes from inside item n. */
  within?: (n: number) => string;
  /** Items with the same key are kept once, the first. */
  key?: (item: T) => string;
  description?: string;
}

/**
 * An array that keeps its readable items, in order, and drops the others; it stops reading once it
 * holds `max`. It has the `type` and `item` of valibot's own array schema, so that it converts to
 * JSON Schema as an array of its items.
 */
export interface ListSchema<S extends v.GenericSchema> extends v.BaseSchema<
  unknown[],
  v.InferOutput<S>[],
  v.ArrayIssue
> {
  readonly type: 'array';
  readonly reference: typeof list;
  readonly expects: 'Array';
  readonly item: S;
  readonly json: JsonKeywords;
  readonly message: undefined;
}

/* @__NO_SIDE_EFFECTS__ */
export function list<S extends v.GenericSchema>(item: S, opts: ListOptions<v.InferOutput<S>>): ListSchema<S> {
  const { max, dropped, within, key } = opts;
  return v._standardSchema<ListSchema<S>>({
    kind: 'schema',
    type: 'array',
    reference: list,
    expects: 'Array',
    async: false,
    item,
    json: withDescription(opts.nonEmpty ? { minItems: 1, maxItems: max } : { maxItems: max }, opts.description),
    message: undefined,
    '~run'(dataset, config) {
      const raw = dataset.value;
      type Out = v.OutputDataset<v.InferOutput<S>[], v.ArrayIssue>;
      if (!Array.isArray(raw)) {
        v._addIssue(this, 'type', dataset, config);
        return dataset as unknown as Out;
      }
      const outer = noteSink;
      const out: v.InferOutput<S>[] = [];
      const seen = key && new Set<string>();
      for (let i = 0; i < raw.length && out.length < max; i++) {
        const prefix = within?.(i + 1);
        if (prefix) noteSink = (m) => outer(prefix + m);
        const read = this.item['~run']({ value: raw[i] }, config);
        noteSink = outer;
        if (read.issues) {
          if (dropped) outer(dropped(i + 1, raw[i], read.issues[0]));
          continue;
        }
        if (seen) {
          const k = key(read.value);
          if (seen.has(k)) continue;
          seen.add(k);
        }
        out.push(read.value);
      }
      if (opts.nonEmpty && !out.length) {
        v._addIssue(this, 'length', dataset, config, { expected: '>=1', received: '0' });
        return dataset as unknown as Out;
      }
      return done(dataset, out);
    },
  });
}

/** Why a required field failed, by field name, given the field's raw value. */
export type Reasons<K extends string> = Record<K, (raw: unknown) => string>;

/** The reason for the first issue of a failed object read, from the field it names. */
export function reasonFor(reasons: Reasons<string>, issue: v.BaseIssue<unknown>, otherwise: string): string {
  const at = issue.path?.[0];
  const why = at && typeof at.key === 'string' && Object.hasOwn(reasons, at.key) ? reasons[at.key] : undefined;
  return why ? why(at!.value) : otherwise;
}
