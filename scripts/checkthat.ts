/**
 * Measures claim detection on the CLEF CheckThat! 2020 Task 2 data: every verified claim becomes
 * a feed entry (claim text, with the fact-check's headline as its review title), every tweet a
 * page. Precision = share of flags that point to the right claim; recall = share of tweets whose
 * right claim is flagged. Rules are derived exactly as for a ClaimReview feed.
 *
 *   npm run checkthat [-- --split dev|train] [--data DIR] [--json]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ClaimEntry } from '../utils/feed/types';
import { compileIndex, listTermStats } from '../utils/match/index-data';
import { Matcher } from '../utils/match/matcher';
import { parseTsv } from './lib/tsv';

const { values } = parseArgs({
  options: {
    split: { type: 'string', default: 'dev' },
    data: { type: 'string', default: resolve(import.meta.dirname, '..', '..', 'shared', 'data', 'checkthat2020') },
    json: { type: 'boolean', default: false },
  },
});
const dir = values.data!;

export interface Figures {
  split: string;
  tweets: number;
  flags: number;
  correctFlags: number;
  tweetsFound: number;
  precision: number;
  recall: number;
  claims: number;
  claimsWithRules: number;
  ms: number;
}

function load(split: string) {
  const claims = parseTsv(readFileSync(`${dir}/verified_claims.docs.tsv`, 'utf8'))
    .slice(1)
    .filter((r) => r.length >= 3);
  const tweets = parseTsv(readFileSync(`${dir}/${split}/tweets.queries.tsv`, 'utf8'))
    .slice(1)
    .filter((r) => r.length >= 2);
  const gold = new Map<string, Set<string>>();
  for (const line of readFileSync(`${dir}/${split}/tweet-vclaim-pairs.qrels`, 'utf8').split('\n')) {
    const [tweet, , claim] = line.trim().split(/\s+/);
    if (!tweet || !claim) continue;
    if (!gold.has(tweet)) gold.set(tweet, new Set());
    gold.get(tweet)!.add(claim);
  }
  return { claims, tweets, gold };
}

export function evaluate(
  split: string,
  derive?: import('../utils/match/derive-rule').DeriveOptions,
  matcherOptions?: import('../utils/match/matcher').MatcherOptions,
): Figures {
  const started = performance.now();
  const { claims, tweets, gold } = load(split);
  const entries: ClaimEntry[] = claims.map(([id, text, title]) => ({
    kind: 'claim',
    id: id!,
    claim: text!,
    verdict: 'unrated',
    reviewedBy: 'Snopes',
    sources: [{ url: `https://example.org/checkthat/${id}`, title }],
  }));
  const items = entries.map((entry) => ({ entry, source: 'CheckThat! 2020' }));
  const index = compileIndex(items, listTermStats(items), derive);
  const matcher = new Matcher(index, matcherOptions);
  let flags = 0;
  let correctFlags = 0;
  let tweetsFound = 0;
  for (const [tweetId, text] of tweets) {
    const right = gold.get(tweetId!) ?? new Set<string>();
    const flagged = new Set(
      matcher
        .scan(text!)
        .filter((m) => m.kind === 'claim')
        .map((m) => m.id),
    );
    flags += flagged.size;
    let found = false;
    for (const id of flagged) {
      if (right.has(id)) {
        correctFlags++;
        found = true;
      }
    }
    if (found) tweetsFound++;
  }
  return {
    split,
    tweets: tweets.length,
    flags,
    correctFlags,
    tweetsFound,
    precision: flags ? correctFlags / flags : 0,
    recall: tweets.length ? tweetsFound / tweets.length : 0,
    claims: entries.length,
    claimsWithRules: index.entries.length,
    ms: Math.round(performance.now() - started),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) main();
function main() {
  const f = evaluate(values.split!);
  if (values.json) console.log(JSON.stringify(f));
  else {
    console.log(
      `CheckThat! 2020 Task 2, ${f.split} split: ${f.tweets} tweets against ${f.claims} verified claims (${f.claimsWithRules} with derived rules)`,
    );
    console.log(`  flags raised:  ${f.flags} (${f.correctFlags} point to the right claim)`);
    console.log(`  precision:     ${f.precision.toFixed(3)}  (target ≥ 0.95)`);
    console.log(`  recall:        ${f.recall.toFixed(3)}  (target ≥ 0.80)`);
    console.log(`  time:          ${f.ms} ms (load, derive rules, compile, scan)`);
  }
}
