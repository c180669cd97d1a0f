/**
 * Reads a Source Flags feed ("source-flags-feed") entry by entry, in steps: a bad entry is skipped
 * with a plain-words reason, good ones are kept, cleaned by the format's one definition (schema.ts).
 * Kept objects are built afresh from the schema's fields only, so unknown keys, `__proto__` and
 * `constructor` are never copied.
 * Pure: no wxt, browser or DOM imports.
 */
import * as v from 'valibot';
import { FEED_FORMAT, FEED_VERSION } from './types';
import type { Entry } from './types';
import { failed, Problems, type ParseResult, type ParseSteps } from './parse-result';
import { runSteps } from '../steps';
import { CAPS, isRecord, own, quote } from './sanitize';
import { reasonFor, withNotes, type Note, type Reasons } from './lenient';
import { APP_REASONS, AppBodySchema, CLAIM_REASONS, ClaimBodySchema, IdSchema, TitleSchema } from './schema';

const KINDS: Record<string, { body: typeof ClaimBodySchema | typeof AppBodySchema; reasons: Reasons<string> }> = {
  claim: { body: ClaimBodySchema, reasons: CLAIM_REASONS },
  app: { body: AppBodySchema, reasons: APP_REASONS },
};

/**
 * The id, cleaned, or why it cannot be used. `shown` names the entry in messages, also when the
 * id is refused for its length or a reserved separator.
 */
function readId(raw: unknown): { shown: string; why?: undefined } | { shown?: string; why: string } {
  const result = v.safeParse(IdSchema, raw);
  if (result.success) return { shown: result.output };
  const issue = result.issues[0];
  return { shown: typeof issue.input === 'string' && issue.input ? issue.input : undefined, why: issue.message };
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
  const titleRead = v.safeParse(TitleSchema, own(json, 'title'));
  const title = titleRead.success ? titleRead.output : 'Untitled list';
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
    const id = readId(own(raw, 'id'));
    // Built only when a message needs it: quoting cleans the id again.
    const label = () => `entry ${i + 1}${id.shown ? ` (id ${quote(id.shown)})` : ''}`;
    const skip = (why: string) => problems.skip(`${label()}: ${why}`);
    if (!isRecord(raw)) {
      skip(`is not an object (${quote(raw)})`);
      continue;
    }
    if (id.why !== undefined) {
      skip(id.why);
      continue;
    }
    const first = firstSeen.get(id.shown);
    if (first !== undefined) {
      skip(`duplicate id (first used by entry ${first})`);
      continue;
    }
    const kind = own(raw, 'kind');
    const read = typeof kind === 'string' && Object.hasOwn(KINDS, kind) ? KINDS[kind] : undefined;
    if (!read) {
      skip(`has an unknown kind ${quote(kind)} (expected "claim" or "app")`);
      continue;
    }
    // An app without a restrictions list is skipped without notes on its aliases, as before the
    // format had one definition (the list was checked before either was read).
    const doomed = kind === 'app' && !Array.isArray(own(raw, 'restrictions'));
    const note: Note = doomed ? () => undefined : (m) => problems.note(`${label()}: ${m}`);
    const body = withNotes(note, () => v.safeParse(read.body, raw));
    if (!body.success) {
      skip(reasonFor(read.reasons, body.issues[0], 'cannot be read'));
      continue;
    }
    const result = { kind, id: id.shown, ...body.output } as Entry;
    firstSeen.set(id.shown, i + 1);
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
