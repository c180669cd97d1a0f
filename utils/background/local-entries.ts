/**
 * The two sources kept in the browser rather than downloaded: "My entries" (written by hand on the
 * options page) and claims learned from visited pages (opt-in, from their ClaimReview JSON-LD).
 * Both are created on first use, listed newest first and can lose single entries; nothing here
 * touches the update queue, since neither source is ever fetched.
 */
import type { Entry } from '../feed/types';
import { parseClaimReview } from '../feed/claimreview';
import { MAX_JSON_DEPTH } from '../feed/html-jsonld';
import { jsonTooDeep } from '../feed/sanitize';
import { deleteEntries, getSource, putEntries, putSource, sourceEntries } from '../db';
import { LEARNED_SOURCE_ID, LEARNED_TITLE, LOCAL_SOURCE_ID, LOCAL_TITLE } from '../db-schema';
import { describeStorageError } from '../fetch-classify';
import { buildLocalEntry, type LocalEntryInput } from '../local-entry';
import type { ActionResult, LearnResult, StoredEntry } from '../messages';
import { DEFAULT_INTERVAL_HOURS } from '../update-schedule';
import {
  fail,
  MAX_LEARNED,
  MAX_LEARNED_PER_PAGE,
  MAX_LISTED_ENTRIES,
  MAX_LOCAL,
  newId,
  type SourceContext,
} from './source-context';

/** Entries of "My entries" or the learned source, newest first. */
export async function entriesOf(ctx: SourceContext, id: string): Promise<StoredEntry[]> {
  if (id !== LOCAL_SOURCE_ID && id !== LEARNED_SOURCE_ID) return [];
  const records = await sourceEntries(await ctx.db(), id);
  records.sort((a, b) => (b.addedAt ?? 0) - (a.addedAt ?? 0));
  return records.slice(0, MAX_LISTED_ENTRIES).map((r) => ({ entry: r.entry, addedAt: r.addedAt }));
}

/** Creates the record of "My entries" or the learned source if it is missing (also used by import). */
export async function ensureSource(
  ctx: SourceContext,
  id: typeof LOCAL_SOURCE_ID | typeof LEARNED_SOURCE_ID,
): Promise<void> {
  const db = await ctx.db();
  if (await getSource(db, id)) return;
  const local = id === LOCAL_SOURCE_ID;
  await putSource(db, {
    id,
    kind: local ? 'local' : 'learned',
    title: local ? LOCAL_TITLE : LEARNED_TITLE,
    builtin: false,
    enabled: true,
    format: local ? 'local' : 'learned',
    entryCount: 0,
    skipped: 0,
    addedAt: ctx.now(),
    intervalHours: DEFAULT_INTERVAL_HOURS,
  });
}

export async function addLocal(ctx: SourceContext, input: LocalEntryInput): Promise<ActionResult & { entry?: Entry }> {
  const now = ctx.now();
  const built = buildLocalEntry(input, newId('my', now));
  if (!built.ok) return fail(built.error);
  try {
    await ensureSource(ctx, LOCAL_SOURCE_ID);
    // `keep` would silently drop the oldest entries; one spare slot means none is dropped, and a
    // new entry that overflows is taken back out with a message instead.
    const source = await putEntries(await ctx.db(), LOCAL_SOURCE_ID, [built.entry], now, MAX_LOCAL + 1);
    if (source && source.entryCount > MAX_LOCAL) {
      await deleteEntries(await ctx.db(), LOCAL_SOURCE_ID, [built.entry.id]);
      return fail(`"My entries" is full (${MAX_LOCAL} entries); delete some first.`);
    }
  } catch (e) {
    return fail(describeStorageError(e));
  }
  ctx.entriesChanged();
  return { ok: true, entry: built.entry };
}

export async function deleteLocalEntries(ctx: SourceContext, sourceId: string, ids: string[]): Promise<ActionResult> {
  if (sourceId !== LOCAL_SOURCE_ID && sourceId !== LEARNED_SOURCE_ID)
    return fail('Only entries of "My entries" and learned claims can be deleted one by one.');
  try {
    const source = await deleteEntries(await ctx.db(), sourceId, ids);
    if (!source) return fail('This source no longer exists.');
  } catch (e) {
    return fail(describeStorageError(e));
  }
  ctx.entriesChanged();
  return { ok: true };
}

/**
 * Keeps the ClaimReview claims of a visited page (opt-in). `blocks` are the page's JSON-LD script
 * texts; `pageUrl` is the tab's URL as the browser reports it (never taken from the message).
 */
export async function learn(ctx: SourceContext, blocks: readonly string[], pageUrl: string): Promise<LearnResult> {
  if (!(await ctx.deps.getSettings()).learnFromPages) return { added: 0 };
  if (!/^https?:\/\//.test(pageUrl)) return { added: 0 };
  const values: unknown[] = [];
  for (const b of blocks) {
    if (jsonTooDeep(b, MAX_JSON_DEPTH)) continue;
    try {
      values.push(JSON.parse(b));
    } catch {
      // a broken block on someone's page: ignore it
    }
  }
  if (!values.length) return { added: 0 };
  const parsed = parseClaimReview(values, pageUrl, { format: 'html-claimreview', pageIsReview: true });
  const found = parsed.entries.slice(0, MAX_LEARNED_PER_PAGE);
  if (!found.length) return { added: 0 };
  try {
    await ensureSource(ctx, LEARNED_SOURCE_ID);
    const db = await ctx.db();
    // Revisiting a page must not rewrite (and re-announce) claims that did not change.
    const known = new Map((await sourceEntries(db, LEARNED_SOURCE_ID)).map((r) => [r.entry.id, r.entry]));
    const fresh = found.filter((e) => JSON.stringify(known.get(e.id)) !== JSON.stringify(e));
    if (!fresh.length) return { added: 0 };
    await putEntries(db, LEARNED_SOURCE_ID, fresh, ctx.now(), MAX_LEARNED);
    ctx.entriesChanged();
    return { added: fresh.length };
  } catch (e) {
    return { added: 0, error: describeStorageError(e) };
  }
}
