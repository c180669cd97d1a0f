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
import type { StoredRow } from '../db-schema';
import { describeStorageError } from '../storage-errors';
import { learnedFrom, reviewIsOnSite, siteShare, webHost, type LearnedFields } from '../learn';
import { buildLocalEntry, type LocalEntryInput } from '../my-entry-input';
import type { ActionResult, LearnResult, StoredEntry } from '../messages';
import { DEFAULT_INTERVAL_HOURS } from '../updates/schedule';
import {
  fail,
  MAX_LEARNED,
  MAX_LEARNED_PER_PAGE,
  MAX_LEARNED_PER_SITE,
  MAX_LISTED_ENTRIES,
  MAX_LOCAL,
  randomId,
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
  const built = buildLocalEntry(input, randomId('my'));
  if (!built.ok) return fail(built.error);
  try {
    await ensureSource(ctx, LOCAL_SOURCE_ID);
    // No `keep`: it makes room by dropping the oldest entries, and a list that already holds more
    // than the limit (imported by an older version, which did not cap imports) would lose them.
    // A new entry that overflows is taken back out with a message instead.
    const source = await putEntries(await ctx.db(), LOCAL_SOURCE_ID, [built.entry], now);
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
 *
 * A page can write anything into its JSON-LD, including another fact-checker's name and links
 * (issue 17 item 7). So a claim is learned only from a fact-checker's own page: the review's own
 * URL must be on the site that serves it (learn.ts reviewIsOnSite); the site is recorded with the
 * claim (`learnedFrom`, shown on its card), and each site may hold MAX_LEARNED_PER_SITE claims,
 * whose oldest make room for its new ones. Other sites' claims are never replaced or evicted
 * for it; only when the whole store is full does the site with the most claims give up its oldest.
 */
export async function learn(ctx: SourceContext, blocks: readonly string[], pageUrl: string): Promise<LearnResult> {
  if (!(await ctx.deps.getSettings()).learnFromPages) return { added: 0 };
  const teacher = webHost(pageUrl);
  if (!teacher) return { added: 0 };
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
  // With pageIsReview the first link is the review's own URL (its `url`, else its `@id`, else this
  // page). An id that is a web address must be on this site too, or a page could take the id of
  // another site's review and keep that site's real claim out.
  const onSite = parsed.entries.filter(
    (e) =>
      e.kind === 'claim' &&
      reviewIsOnSite(e.sources[0]?.url, pageUrl) &&
      (!webHost(e.id) || reviewIsOnSite(e.id, pageUrl)),
  );
  const found = onSite
    .slice(0, MAX_LEARNED_PER_PAGE)
    .map((e): Entry & LearnedFields => ({ ...e, learnedFrom: teacher }));
  const skipped = parsed.skipped + parsed.entries.length - onSite.length;
  if (!found.length) return withSkipped({ added: 0 }, skipped);
  // One page at a time: each decides from the stored claims what to keep, and two at once (two
  // tabs, a page reloading itself) could both pass a site's cap. A site with MAX_WAITING_PER_SITE
  // pages already in line is turned away: a page reloading itself faster than its claims can be
  // stored would otherwise pile up work that runs for minutes after it stops.
  const share = siteShare(teacher);
  const queue = queues.get(ctx) ?? { tail: Promise.resolve(), waiting: new Map<string, number>() };
  queues.set(ctx, queue);
  const waiting = queue.waiting.get(share) ?? 0;
  if (waiting >= MAX_WAITING_PER_SITE) return withSkipped({ added: 0 }, skipped + found.length);
  queue.waiting.set(share, waiting + 1);
  const run = queue.tail.then(() => {
    const left = (queue.waiting.get(share) ?? 1) - 1;
    if (left > 0) queue.waiting.set(share, left);
    else queue.waiting.delete(share);
    return storeLearned(ctx, found, teacher, skipped);
  });
  queue.tail = run.catch(() => undefined);
  return run;
}

const MAX_WAITING_PER_SITE = 4;
const queues = new WeakMap<SourceContext, { tail: Promise<unknown>; waiting: Map<string, number> }>();

const withSkipped = (r: LearnResult, skipped: number): LearnResult => (skipped > 0 ? { ...r, skipped } : r);

async function storeLearned(
  ctx: SourceContext,
  found: readonly (Entry & LearnedFields)[],
  teacher: string,
  skipped: number,
): Promise<LearnResult> {
  try {
    await ensureSource(ctx, LEARNED_SOURCE_ID);
    const db = await ctx.db();
    const plan = planLearned(await sourceEntries(db, LEARNED_SOURCE_ID), found, teacher);
    // Revisiting a page must not rewrite (and re-announce) claims that did not change.
    if (!plan.write.length) return withSkipped({ added: 0 }, skipped + plan.refused);
    // Two steps: a worker stopped in between has only dropped claims it chose to drop.
    if (plan.drop.length) await deleteEntries(db, LEARNED_SOURCE_ID, plan.drop);
    await putEntries(db, LEARNED_SOURCE_ID, plan.write, ctx.now(), MAX_LEARNED);
    ctx.entriesChanged();
    return withSkipped({ added: plan.write.length }, skipped + plan.refused);
  } catch (e) {
    return { added: 0, error: describeStorageError(e) };
  }
}

/**
 * What learning `found` from `teacher` writes and which stored claims it drops. Pure. Claims
 * learned before sites were recorded count as one share of their own.
 */
export function planLearned(
  rows: readonly StoredRow[],
  found: readonly Entry[],
  teacher: string,
): { write: Entry[]; drop: string[]; refused: number } {
  const share = siteShare(teacher);
  const shareOf = (e: Entry) => {
    const from = learnedFrom(e);
    return from === undefined ? '' : siteShare(from);
  };
  const known = new Map(rows.map((r) => [r.entry.id, r.entry]));
  const write: Entry[] = [];
  let refused = 0;
  for (const e of found) {
    const old = known.get(e.id);
    if (old && JSON.stringify(old) === JSON.stringify(e)) continue;
    // Another site's claim under the same id stays as that site taught it.
    if (old && learnedFrom(old) !== undefined && shareOf(old) !== share) {
      refused++;
      continue;
    }
    write.push(e);
  }
  const kept = write.slice(0, MAX_LEARNED_PER_SITE);
  refused += write.length - kept.length;
  if (!kept.length) return { write: kept, drop: [], refused };

  // The stored claims that stay, by share, oldest first (a stable sort keeps stored order on ties).
  const replaced = new Set(kept.map((e) => e.id));
  const byShare = new Map<string, StoredRow[]>();
  for (const r of rows) {
    if (replaced.has(r.entry.id)) continue;
    const key = shareOf(r.entry);
    const list = byShare.get(key);
    if (list) list.push(r);
    else byShare.set(key, [r]);
  }
  for (const list of byShare.values()) list.sort((a, b) => (a.addedAt ?? 0) - (b.addedAt ?? 0));
  const drop: string[] = [];
  // The site's own oldest claims make room for its new ones.
  const own = byShare.get(share) ?? [];
  while (own.length && own.length + kept.length > MAX_LEARNED_PER_SITE) drop.push(own.shift()!.entry.id);
  // A full store: the share with the most claims (the new ones included) gives up its oldest.
  let total = kept.length;
  for (const list of byShare.values()) total += list.length;
  while (total > MAX_LEARNED) {
    let largest: StoredRow[] | undefined;
    let size = 0;
    for (const [key, list] of byShare) {
      const n = list.length + (key === share ? kept.length : 0);
      if (list.length && n > size) [largest, size] = [list, n];
    }
    if (!largest) break;
    drop.push(largest.shift()!.entry.id);
    total--;
  }
  return { write: kept, drop, refused };
}
