/**
 * "My entries": what the options page form sends, turned into a feed entry and checked by the same
 * validator as remote lists (utils/feed/validate.ts). Pure.
 */
import { FEED_FORMAT, FEED_VERSION, type Entry } from './feed/types';
import { validateOwnFeed } from './feed/validate';

export const LOCAL_TEXT_MAX = 2000;

export type LocalEntryInput =
  | {
      kind: 'claim';
      claim: string;
      verdict: string;
      /** The fact-check or denial. */
      url: string;
      reviewedBy?: string;
      ratingText?: string;
    }
  | {
      kind: 'app';
      name: string;
      /** Other names the app goes by. */
      aliases?: string[];
      where: string;
      scope: string;
      status: string;
      url: string;
      date?: string;
    };

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^www\./, '') || undefined;
  } catch {
    return undefined;
  }
}

const trimmed = (s: string | undefined) => (typeof s === 'string' && s.trim() ? s.trim() : undefined);

/** The raw feed entry for the form's input (not yet validated). */
export function rawLocalEntry(input: LocalEntryInput, id: string): Record<string, unknown> {
  if (input.kind === 'claim') {
    return {
      kind: 'claim',
      id,
      claim: input.claim,
      verdict: input.verdict,
      reviewedBy: trimmed(input.reviewedBy) ?? hostOf(input.url) ?? 'You',
      ratingText: trimmed(input.ratingText),
      sources: [{ url: input.url.trim() }],
    };
  }
  const aliases = [input.name, ...(input.aliases ?? [])].map((a) => a.trim()).filter(Boolean);
  return {
    kind: 'app',
    id,
    name: input.name,
    aliases: [...new Set(aliases)],
    restrictions: [
      {
        where: input.where,
        scope: input.scope,
        status: input.status,
        date: trimmed(input.date),
        sources: [{ url: input.url.trim() }],
      },
    ],
  };
}

/** Validates one entry of "My entries"; the error is in plain words. */
export function buildLocalEntry(
  input: LocalEntryInput,
  id: string,
): { ok: true; entry: Entry } | { ok: false; error: string } {
  const raw = rawLocalEntry(input, id);
  const result = validateOwnFeed({ format: FEED_FORMAT, version: FEED_VERSION, title: 'My entries', entries: [raw] });
  const entry = result.entries[0];
  const problem = result.problems.find((p) => !/dropped/.test(p)) ?? result.problems[0];
  const why = problem?.replace(/^entry \d+( \(id "[^"]*"\))?: /, '');
  if (!entry) return { ok: false, error: why ? `Not added: the entry ${why}.` : 'Not added: the entry is not valid.' };
  // A restriction dropped for a bad link or status leaves an app without restrictions: refuse it.
  if (entry.kind === 'app' && entry.restrictions.length === 0)
    return {
      ok: false,
      error: `Not added: the restriction ${why?.replace(/^restriction \d+ /, '') ?? 'is not valid'}.`,
    };
  return { ok: true, entry };
}
