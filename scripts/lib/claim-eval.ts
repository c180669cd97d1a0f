/**
 * Claim-matching evaluation on real data (shared by `npm run precision` and `npm run
 * train:claims`): the 10,375 CheckThat! 2020 verified claims as a real-size list, and four kinds
 * of text scanned against it.
 *
 * - tweets: CheckThat! tweets with their gold claims (positives; a flag on another claim is wrong);
 * - leave-gold-out: the same tweets scanned with their gold claims left out of the list;
 * - titles: each verified claim's fact-check headline, scanned with that claim and its near
 *   duplicates left out;
 * - AG News items (2004–05 news that mentions no fact-checked claim);
 * - titlePairs (training only, built by scripts/train-claim-model.ts): train headlines scanned
 *   with their claim in the list.
 *
 * Splits: tweets come split (train, dev); titles are split by claim id (every fifth is dev); AG
 * News items 0–1999 are dev (the figures the issue reported), the rest train.
 *
 * The data is read from ../shared/data (never copied into the repository).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ClaimEntry } from '../../utils/feed/types';
import { compileIndex, type IndexData } from '../../utils/match/index-data';
import { DEFAULT_MATCHER_OPTIONS, Matcher, type MatcherOptions } from '../../utils/match/matcher';
import { salientTerms } from '../../utils/match/derive-rule';
import type { ClaimModel } from '../../utils/match/claim-model';
import { parseTsv } from './tsv';

export const DATA_DIR = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'data');

export type Split = 'train' | 'dev';
export type SetName = 'tweets' | 'leaveGoldOut' | 'titles' | 'titlePairs' | 'agnews';

export interface Text {
  set: SetName;
  split: Split;
  key: string;
  text: string;
  /** Claim ids that are right for this text (tweets only). */
  gold: Set<string>;
  /** Claim ids left out of the list while scanning it. */
  exclude: Set<string>;
}

export interface Data {
  claims: { id: string; claim: string; title: string }[];
  texts: Text[];
}

/** Reads the data, or throws an error saying where it was looked for and how to get it. */
export function loadData(dir = DATA_DIR): Data {
  const ct = resolve(dir, 'checkthat2020');
  const ag = resolve(dir, 'agnews', 'test.csv');
  const missing = [resolve(ct, 'verified_claims.docs.tsv'), ag].filter((p) => !existsSync(p));
  if (missing.length) {
    throw new Error(
      `The evaluation data is not here: ${missing.join(', ')}.\n` +
        'It lives next to the repository in ../shared/data (CheckThat! 2020 claims and tweets, AG News test split); ' +
        'pass --data DIR to read it from elsewhere. Nothing was measured.',
    );
  }
  const claims = parseTsv(readFileSync(resolve(ct, 'verified_claims.docs.tsv'), 'utf8'))
    .slice(1)
    .filter((r) => r.length >= 3)
    .map(([id, claim, title]) => ({ id: id!, claim: claim!, title: title! }));
  const texts: Text[] = [];
  for (const split of ['train', 'dev'] as const) {
    const gold = new Map<string, Set<string>>();
    for (const line of readFileSync(resolve(ct, split, 'tweet-vclaim-pairs.qrels'), 'utf8').split('\n')) {
      const [tweet, , claim] = line.trim().split(/\s+/);
      if (!tweet || !claim) continue;
      if (!gold.has(tweet)) gold.set(tweet, new Set());
      gold.get(tweet)!.add(claim);
    }
    const tweets = parseTsv(readFileSync(resolve(ct, split, 'tweets.queries.tsv'), 'utf8'))
      .slice(1)
      .filter((r) => r.length >= 2);
    for (const [id, text] of tweets) {
      const right = gold.get(id!) ?? new Set<string>();
      texts.push({ set: 'tweets', split, key: `tweet ${id}`, text: text!, gold: right, exclude: new Set() });
      texts.push({ set: 'leaveGoldOut', split, key: `tweet ${id}`, text: text!, gold: new Set(), exclude: right });
    }
  }
  const dups = nearDuplicates(claims);
  for (const c of claims) {
    if (!c.title.trim()) continue;
    const split: Split = Number(c.id) % 5 === 0 ? 'dev' : 'train';
    const exclude = new Set([c.id, ...(dups.get(c.id) ?? [])]);
    texts.push({ set: 'titles', split, key: `title ${c.id}`, text: c.title, gold: new Set(), exclude });
  }
  readAgNews(ag).forEach((text, i) => {
    texts.push({
      set: 'agnews',
      split: i < 2000 ? 'dev' : 'train',
      key: `agnews ${i}`,
      text,
      gold: new Set(),
      exclude: new Set(),
    });
  });
  return { claims, texts };
}

/** AG News test.csv: class, title, description; a backslash stands for a line break. */
function readAgNews(path: string): string[] {
  const rows = parseTsv(readFileSync(path, 'utf8'), ',');
  return rows.filter((r) => r.length >= 3).map(([, title, desc]) => `${title}. ${desc!.replace(/\\/g, ' ')}`);
}

/**
 * Near duplicates of each claim: another claim with the same headline, or sharing at least half
 * of its salient terms (Jaccard over claim + headline terms). Left out with the claim when its
 * headline is scanned: they are the same claim told again, so a flag on them is right.
 */
export function nearDuplicates(claims: Data['claims']): Map<string, string[]> {
  const sets = claims.map((c) => new Set([...salientTerms(c.claim), ...salientTerms(c.title)]));
  const byTerm = new Map<string, number[]>();
  sets.forEach((s, i) => s.forEach((t) => (byTerm.get(t) ?? byTerm.set(t, []).get(t)!).push(i)));
  const byTitle = new Map<string, number[]>();
  claims.forEach((c, i) => {
    const k = c.title.trim().toLowerCase();
    if (k) (byTitle.get(k) ?? byTitle.set(k, []).get(k)!).push(i);
  });
  const out = new Map<string, string[]>();
  sets.forEach((s, i) => {
    const shared = new Map<number, number>();
    for (const t of s) {
      const list = byTerm.get(t)!;
      if (list.length > 300) continue; // a common word alone says nothing
      for (const j of list) if (j !== i) shared.set(j, (shared.get(j) ?? 0) + 1);
    }
    const dups = new Set<number>();
    for (const [j, n] of shared) if (n / (s.size + sets[j]!.size - n) >= 0.5) dups.add(j);
    for (const j of byTitle.get(claims[i]!.title.trim().toLowerCase()) ?? []) if (j !== i) dups.add(j);
    if (dups.size)
      out.set(
        claims[i]!.id,
        [...dups].map((j) => claims[j]!.id),
      );
  });
  return out;
}

export interface Built {
  index: IndexData;
  matcher: Matcher;
  /** Entry index of each claim id that got an entry. */
  entryOf: Map<string, number>;
}

/** The claims as a ClaimReview-like feed (claim text, headline as review title), compiled. */
export function buildIndex(claims: Data['claims']): { index: IndexData; entryOf: Map<string, number> } {
  const entries: ClaimEntry[] = claims.map(({ id, claim, title }) => ({
    kind: 'claim',
    id,
    claim,
    verdict: 'unrated',
    reviewedBy: 'Snopes',
    sources: [{ url: `https://example.org/checkthat/${id}`, title }],
  }));
  const items = entries.map((entry) => ({ entry, source: 'CheckThat! 2020' }));
  const index = compileIndex(items);
  const entryOf = new Map(index.entries.map((e, i) => [e.id, i]));
  return { index, entryOf };
}

export function matcherFor(index: IndexData, options: Partial<MatcherOptions> = {}): Matcher {
  return new Matcher(index, { ...DEFAULT_MATCHER_OPTIONS, ...options });
}

/** Entry indexes to leave out while scanning `t`. */
export function excluded(t: Text, entryOf: Map<string, number>): number[] {
  const out: number[] = [];
  for (const id of t.exclude) {
    const e = entryOf.get(id);
    if (e !== undefined) out.push(e);
  }
  return out;
}

export interface Flagged {
  id: string;
  tier: 'inline' | 'possible';
  score: number;
  text: string;
}

/** Claim flags of every text under `model` (verbatim quotes included). */
export function scanAll(data: Data, built: { index: IndexData; entryOf: Map<string, number> }, model?: ClaimModel) {
  const matcher = matcherFor(built.index, model ? { model } : {});
  return data.texts.map((t) => {
    const flags: Flagged[] = matcher
      .scan(t.text, excluded(t, built.entryOf))
      .filter((m) => m.kind === 'claim')
      .map((m) => ({ id: m.id, tier: m.tier ?? 'inline', score: m.score ?? 1, text: m.text }));
    return { t, flags };
  });
}

export interface Figures {
  split: Split;
  tweets: number;
  inlineFlags: number;
  inlineCorrect: number;
  precision: number;
  recallInline: number;
  recallWithPossible: number;
  leaveGoldOutRate: number;
  titles: number;
  titleRate: number;
  agItems: number;
  agPer100: number;
  agPossiblePer100: number;
}

/** The measures of the issue, for one split. */
export function figures(results: ReturnType<typeof scanAll>, split: Split): Figures {
  const of = (set: SetName) => results.filter((r) => r.t.set === set && r.t.split === split);
  const tweets = of('tweets');
  let inlineFlags = 0;
  let inlineCorrect = 0;
  let foundInline = 0;
  let foundAny = 0;
  for (const { t, flags } of tweets) {
    const inline = flags.filter((f) => f.tier === 'inline');
    inlineFlags += new Set(inline.map((f) => f.id)).size;
    const right = new Set(inline.filter((f) => t.gold.has(f.id)).map((f) => f.id));
    inlineCorrect += right.size;
    if (right.size) foundInline++;
    if (flags.some((f) => t.gold.has(f.id))) foundAny++;
  }
  const rate = (rs: typeof results) =>
    rs.length ? rs.filter((r) => r.flags.some((f) => f.tier === 'inline')).length / rs.length : 0;
  const ag = of('agnews');
  const count = (tier: string) => ag.reduce((n, r) => n + r.flags.filter((f) => f.tier === tier).length, 0);
  return {
    split,
    tweets: tweets.length,
    inlineFlags,
    inlineCorrect,
    precision: inlineFlags ? inlineCorrect / inlineFlags : 1,
    recallInline: tweets.length ? foundInline / tweets.length : 0,
    recallWithPossible: tweets.length ? foundAny / tweets.length : 0,
    leaveGoldOutRate: rate(of('leaveGoldOut')),
    titles: of('titles').length,
    titleRate: rate(of('titles')),
    agItems: ag.length,
    agPer100: ag.length ? (100 * count('inline')) / ag.length : 0,
    agPossiblePer100: ag.length ? (100 * count('possible')) / ag.length : 0,
  };
}
