/**
 * The compiled match index: plain JSON, built once by the background from the cached
 * entries and sent to content scripts, which turn it into a Matcher in a few milliseconds.
 * Pure.
 */
import type { Entry } from '../feed/types';
import { isClean } from '../feed/sanitize';
import { describeEntry, type Tone } from './describe';
import { foldKeepCase, foldPhrase } from './normalize';
import { parseAmountTerm } from './amounts';
import { verbatimPhrase } from './claim-shape';
import { StringMap } from './string-map';
import { SeenRules } from './seen-rules';
import { laterTask, runInSteps, runSteps } from '../steps';
import {
  claimTerms,
  countClaimTermsSteps,
  deriveClaimRule,
  type ClaimTerms,
  type DeriveOptions,
  type TermStats,
} from './derive-rule';

/** 2: derived rules carry the claim's shape (o, k, n, g) and short claims a verbatim phrase (v). */
// 3: entries of the reader's own lists are marked `private`.
export const INDEX_VERSION = 3;

export interface TermData {
  /** Folded phrase. */
  t: string;
  /** Prefix on the last word. */
  p?: 1;
  /** Case-sensitive form. */
  x?: string;
  /** Amount key: matches any spelling of this amount. */
  a?: string;
}

export interface AliasData {
  term: number;
  need?: number[];
  not?: number[];
}

/** Groups of term ids. Read-only: the compile shares one-term groups between claims. */
export interface ClaimRuleData {
  all: readonly (readonly number[])[];
  support: readonly (readonly number[])[];
  minSupport: number;
  none: readonly number[];
  /** Derived rules only: a weight per group (all, then support) and the share needed. */
  w?: number[];
  min?: number;
  /** Derived rules only: the score of a strong match (a feature of the match model). */
  s?: number;
  /** Derived rules only, per group: the term's word position in the claim (-1: headline only). */
  o?: number[];
  /** Derived rules only, per group: TERM_NAME / TERM_NUMBER / TERM_PREDICATE (claim-shape.ts). */
  k?: number[];
  /** Derived rules only: words in the claim, and 1 when the claim is negated. */
  n?: number;
  g?: 1;
  /**
   * Free-text claims too common for a derived rule ("The world is flat"): the term of the claim's
   * whole text, matched verbatim.
   */
  v?: number;
}

export interface IndexEntry {
  id: string;
  kind: 'claim' | 'app';
  /** Short badge label in English ("Denied", "Restricted in 9 places"); UIs may localise from labelKey. */
  label: string;
  labelKey: string;
  count: number;
  tone: Tone;
  /** Display name (app name, or the claim text shortened). */
  name: string;
  /** Which source list it came from. */
  source: string;
  /**
   * From the reader's own lists (My entries, learned claims): its id says something about the
   * reader (when it was made, which fact-check page they read), so pages never see it.
   */
  private?: true;
  aliases?: AliasData[];
  rule?: ClaimRuleData;
}

export interface IndexData {
  version: typeof INDEX_VERSION;
  terms: TermData[];
  entries: IndexEntry[];
}

export interface SourcedEntry {
  entry: Entry;
  source: string;
  /** From the reader's own lists (see IndexEntry.private). */
  private?: boolean;
}

class TermTable {
  readonly terms: TermData[] = [];
  // StringMaps: these grow to hundreds of thousands of phrases (see string-map.ts).
  private readonly ids = new StringMap<number>();
  /** Raw phrase (with a mark for case-sensitive ones) → id: lists repeat the same words a lot. */
  private readonly memo = new StringMap<number>();
  private readonly nonEmpty = new Map<string, boolean>();

  add(raw: string, caseSensitive = false): number {
    const memoKey = caseSensitive ? `\u0001${raw}` : raw;
    const known = this.memo.get(memoKey);
    if (known !== undefined) return known;
    const id = this.addNew(raw, caseSensitive);
    this.memo.set(memoKey, id);
    return id;
  }

  private addNew(raw: string, caseSensitive: boolean): number {
    const prefix = raw.endsWith('*');
    const text = prefix ? raw.slice(0, -1) : raw;
    const folded = foldPhrase(text);
    const amount = prefix ? undefined : parseAmountTerm(folded);
    const term: TermData = amount ? { t: folded, a: amount } : { t: folded };
    if (prefix) term.p = 1;
    if (caseSensitive) term.x = foldKeepCase(text);
    // One key per term: most terms are a folded word or stem, keyed by that text (a prefix term
    // with a U+0000 after it; a JSON key per new term was a fifth of a 100,000-claim compile in
    // Chromium). The rest (amounts, case-sensitive terms, a text holding U+0000) by their JSON after
    // a U+0000, which no other key starts with but the empty prefix term's, which is one character.
    const key =
      amount || caseSensitive || folded.includes('\u0000')
        ? `\u0000${JSON.stringify(term)}`
        : prefix
          ? `${folded}\u0000`
          : folded;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.terms.length;
      this.terms.push(term);
      this.ids.set(key, id);
    }
    return id;
  }

  addAll(list: readonly string[] | undefined): number[] {
    return (list ?? []).filter((s) => this.hasText(s)).map((s) => this.add(s));
  }

  private hasText(s: string): boolean {
    let v = this.nonEmpty.get(s);
    if (v === undefined) this.nonEmpty.set(s, (v = foldPhrase(s.replace(/\*$/, '')).length > 0));
    return v;
  }
}

/** Term statistics over every claim of the list (its text and its review's headline). */
export function listTermStats(items: readonly SourcedEntry[]): TermStats {
  return runSteps(countClaimTermsSteps(defined(runSteps(readClaimTerms(items)))));
}

/**
 * The terms of each claim and of its review's headline (what term statistics count and derived
 * rules weigh), by item (undefined for apps), read in steps: a list of 100,000 is about a
 * second of reading.
 */
function* readClaimTerms(items: readonly SourcedEntry[]): Generator<void, (ClaimTerms | undefined)[], void> {
  const out: (ClaimTerms | undefined)[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    if ((i & 15) === 15) yield;
    const { entry } = items[i]!;
    if (entry.kind === 'claim') out[i] = claimTerms(entry.claim, entry.sources[0]?.title);
  }
  return out;
}

function* defined<T>(list: readonly (T | undefined)[]): Generator<T> {
  for (const x of list) if (x !== undefined) yield x;
}

/**
 * Compiles entries (each tagged with its source title) into the index the background's Matcher uses.
 * Derived rules weigh words by their rarity across the whole list (`stats`, counted here when
 * not given).
 */
export function compileIndex(items: readonly SourcedEntry[], stats?: TermStats, derive?: DeriveOptions): IndexData {
  return runSteps(compileAll(items, stats, derive));
}

/**
 * compileIndex in steps that yield to the event loop (`pause`) once `sliceMs` of work is done:
 * the background compiles a list of 100,000 claims in seconds and must keep answering tabs
 * meanwhile (issue 15: no task over 50 ms).
 */
export function compileIndexSliced(
  items: readonly SourcedEntry[],
  pause: () => Promise<void> = laterTask,
  sliceMs = 20,
): Promise<IndexData> {
  return runInSteps(compileAll(items), pause, sliceMs);
}

function* compileAll(
  items: readonly SourcedEntry[],
  given?: TermStats,
  derive?: DeriveOptions,
): Generator<void, IndexData, void> {
  const read = yield* readClaimTerms(items);
  const stats = given ?? (yield* countClaimTermsSteps(defined(read)));
  yield;
  return yield* compileSteps(items, stats, read, derive);
}

function* compileSteps(
  items: readonly SourcedEntry[],
  stats: TermStats,
  read: readonly (ClaimTerms | undefined)[],
  derive?: DeriveOptions,
): Generator<void, IndexData, void> {
  const table = new TermTable();
  const entries: IndexEntry[] = [];
  const derivedRules = new SeenRules();
  const verbatim = new StringMap<true>();
  // A derived rule's groups are one term each: one array per term, shared by every claim that has
  // it (the index is read, never changed), and one empty array for the groups a derived rule does
  // not have. Twenty new arrays per claim were most of a 100,000-claim index's heap, and the
  // garbage collector's longest pauses while the background built it.
  const oneTerm: number[][] = [];
  const none: number[] = [];
  const noGroups: number[][] = [];
  let n = 0;
  for (const { entry, source, private: mine } of items) {
    // Every 8: the first claims run in cold code (a step of 64 took 100 ms in a fresh worker).
    if ((++n & 7) === 0) yield;
    const d = describeEntry(entry);
    if (entry.kind === 'app') {
      const aliases: AliasData[] = [];
      for (const alias of entry.aliases) {
        const rule = typeof alias === 'string' ? { text: alias } : alias;
        if (!foldPhrase(rule.text)) continue;
        const a: AliasData = { term: table.add(rule.text, rule.caseSensitive === true) };
        if (rule.requireContext?.length) a.need = table.addAll(rule.requireContext);
        if (rule.excludeContext?.length) a.not = table.addAll(rule.excludeContext);
        aliases.push(a);
      }
      if (aliases.length) entries.push(toIndexEntry(entry, d, source, mine, entry.name, { aliases }));
    } else {
      const name = shorten(entry.claim, 120);
      if (entry.match) {
        const match = entry.match;
        const all = match.all.map((g) => table.addAll(g)).filter((g) => g.length > 0);
        if (!all.length) continue;
        const support = (match.support ?? []).map((g) => table.addAll(g)).filter((g) => g.length > 0);
        const minSupport = Math.min(match.minSupport ?? (support.length ? 1 : 0), support.length);
        entries.push(
          toIndexEntry(entry, d, source, mine, name, {
            rule: { all, support, minSupport, none: table.addAll(match.none) },
          }),
        );
        continue;
      }
      const derived = deriveClaimRule(entry.claim, stats, derive, entry.sources[0]?.title, read[n - 1]);
      if (!derived) {
        // A claim with a rule quoted word for word is found by the rule (quotedWhole); one whose
        // words are too common for a rule is found only as a verbatim phrase.
        const phrase = verbatimPhrase(entry.claim);
        // Too few rare words for a rule ("The world is flat"), but quoted whole it is the claim.
        if (phrase && !verbatim.has(phrase)) {
          verbatim.set(phrase, true);
          entries.push(
            toIndexEntry(entry, d, source, mine, name, {
              rule: { all: [], support: [], minSupport: 0, none: [], w: [], v: table.add(phrase) },
            }),
          );
        }
        continue;
      }
      // The same claim twice (in two lists, or quoted differently) derives the same rule: the two
      // would tie in every sentence and neither would ever be badged. The first (the list
      // ranked higher) stands for both.
      if (!derivedRules.add(derived.terms, derived.weights)) continue;
      const groups = derived.terms.map((t) => {
        const id = table.add(t);
        return (oneTerm[id] ??= [id]);
      });
      const rule: ClaimRuleData = {
        all: derived.required ? groups.slice(0, derived.required) : noGroups,
        support: derived.required ? groups.slice(derived.required) : groups,
        minSupport: Math.max(0, derived.minMatched - derived.required),
        none,
        w: derived.weights,
        min: derived.minScore,
        s: derived.strong,
        o: derived.order,
        k: derived.flags,
        n: derived.words,
      };
      if (derived.negated) rule.g = 1;
      entries.push(toIndexEntry(entry, d, source, mine, name, { rule }));
    }
  }
  return { version: INDEX_VERSION, terms: table.terms, entries };
}

/**
 * One literal, not a spread of shared fields: spreading an object whose shape varies (with or
 * without `private`) was a tenth of a 100,000-claim compile.
 */
function toIndexEntry(
  entry: Entry,
  d: ReturnType<typeof describeEntry>,
  source: string,
  mine: boolean | undefined,
  name: string,
  { aliases, rule }: Pick<IndexEntry, 'aliases' | 'rule'>,
): IndexEntry {
  const e: IndexEntry = {
    id: entry.id,
    kind: entry.kind,
    label: d.label,
    labelKey: d.labelKey,
    count: d.count,
    tone: d.tone,
    source,
    name,
  };
  if (mine) e.private = true;
  if (aliases) e.aliases = aliases;
  if (rule) e.rule = rule;
  return e;
}

export function shorten(s: string, max: number): string {
  // A list's claims are mostly clean already (the feed's cleaning left them as they are: single
  // spaces, nothing around): taken as they are, not copied by the replace (a 100,000-claim
  // compile shortens every claim).
  const t = isClean(s) ? s : s.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : t.slice(0, max - 1).trimEnd() + '…';
}
