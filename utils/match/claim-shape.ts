/**
 * What a free-text claim looks like beyond its bag of words, for the match model
 * (claim-features.ts): where each salient term sits in the claim, which terms are names or
 * numbers, which word is likely its action (the predicate), whether it is negated, how long it
 * is, and the whole-text phrase of a short claim (matched verbatim). Pure, no dictionary: the
 * heuristics are deliberately simple and documented in the README ("How a claim is matched").
 */
import { foldPhrase, isWordCode } from './normalize';
import { stem } from './stem';
import { STOPWORDS } from './stopwords';

/** Flags per term (ClaimRuleData.k). */
export const TERM_NAME = 1;
export const TERM_NUMBER = 2;
export const TERM_PREDICATE = 4;

/**
 * Common verbs of fact-checked claims, in the forms claims use them. A word ending in -ed or -ing
 * (five letters or more) counts as a verb too.
 */
const VERBS = new Set(
  `ban bans banning arrest arrests buy buys bought cause causes cure cures die dies died kill kills killed
  sell sells sold shut shuts close closes closed win wins won lose loses lost pay pays paid give gives gave
  take takes took send sends sent tell tells told show shows prove proves find finds found call calls
  ask asks deny denies hold holds held run runs ran eat eats ate drink drinks drank wear wears wore
  refuse refuses quit quits resign resigns fire fires hire hires sign signs veto vetoes vote votes
  leave leaves left invade invades attack attacks steal steals stole ruin ruins destroy destroys
  contain contains spread spreads grow grows grew turn turns fall falls fell rise rises rose cost costs
  use uses own owns owned fund funds support supports oppose opposes admit admits claim claims want wants
  need needs mean means makes create creates invent invents discover discovers block blocks order orders
  require requires allow allows force forces plan plans receive receives earn earns spend spends
  raise raises cut cuts lower lowers increase increases reduce reduces prevent prevents protect protects
  infect infects poison poisons harm harms threaten threatens endorse endorses praise praises
  flee flees fled move moves moved marry marries born dead fake hoax`.split(/\s+/),
);

/** Words that negate (folded, apostrophes straight). */
export const NEGATIONS: ReadonlySet<string> = new Set(
  "not no never none nobody nothing neither nor without cannot isn't aren't wasn't weren't don't doesn't didn't won't can't hasn't haven't hadn't".split(
    ' ',
  ),
);
const NEGATION = new RegExp(`(?:^|[^\\p{L}])(?:${[...NEGATIONS].join('|')})(?=$|[^\\p{L}])`, 'u');

/** Whether `text` (any case) says "not", "never", "didn't"… */
export function hasNegation(text: string): boolean {
  return NEGATION.test(text.toLowerCase().replace(/[\u2018\u2019]/g, "'"));
}

/** Words (runs of letters and digits) in text[from, to). */
export function wordsIn(text: string, from: number, to: number): number {
  let n = 0;
  let inWord = false;
  for (let i = from; i < to; i++) {
    const w = isWordCode(text.charCodeAt(i));
    if (w && !inWord) n++;
    inWord = w;
  }
  return n;
}

/** Number of words (letters or digits runs) in `text`. */
export function wordCount(text: string): number {
  let n = 0;
  for (const _ of text.matchAll(/[\p{L}\p{N}]+(?:['\u2019][\p{L}]+)?/gu)) n++;
  return n;
}

export interface ClaimShape {
  /** Position (0-based word index) of the term's first occurrence in the claim; -1 if unknown. */
  order(term: string): number;
  /** TERM_* flags of a term. */
  flags(term: string): number;
  words: number;
  negated: boolean;
}

/** `word` without trailing dots, commas and apostrophes. */
export function trimWordEnd(word: string): string {
  let end = word.length;
  for (let c = word.charCodeAt(end - 1); c === 46 || c === 44 || c === 39; c = word.charCodeAt(end - 1)) end--;
  return end === word.length ? word : word.slice(0, end);
}

/** A folded word without a final "'s" or "'". */
export function dropPossessive(w: string): string {
  const n = w.length;
  if (n && w.charCodeAt(n - 1) === 39) return w.slice(0, -1);
  if (n > 1 && w.charCodeAt(n - 1) === 115 && w.charCodeAt(n - 2) === 39) return w.slice(0, -2);
  return w;
}

export function hasDigit(w: string): boolean {
  for (let k = 0; k < w.length; k++) {
    const c = w.charCodeAt(k);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/**
 * Reads a claim's words once: their order, case and likely role. Run for every claim of a list
 * (a 100,000-claim list's compile spent a quarter of its time here), so a plain ASCII claim is
 * read from its character codes: no regular expression, array of words or closure per claim.
 */
export function claimShape(claim: string): ClaimShape {
  const shape = new Shape(hasNegation(claim));
  if (!ASCII_ONLY.test(claim)) {
    for (const word of claim.match(WORD_IN_CLAIM) ?? []) {
      const raw = trimWordEnd(word);
      // Plain ASCII words fold by lower-casing; others go through the full folding.
      shape.add(raw, dropPossessive(ASCII_WORD.test(raw) ? raw.toLowerCase() : foldPhrase(raw)), hasDigit(raw));
    }
    return shape;
  }
  const n = claim.length;
  for (let i = 0; i < n; ) {
    if (!startsWord(claim.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && insideWord(claim.charCodeAt(j))) j++;
    // trimWordEnd: no trailing dots, commas or apostrophes.
    let end = j;
    for (let c = claim.charCodeAt(end - 1); c === 46 || c === 44 || c === 39; c = claim.charCodeAt(end - 1)) end--;
    let digit = false;
    let upper = false;
    for (let k = i; k < end && !(digit && upper); k++) {
      const c = claim.charCodeAt(k);
      if (c >= 48 && c <= 57) digit = true;
      else if (c >= 65 && c <= 90) upper = true;
    }
    const raw = claim.slice(i, end);
    shape.add(raw, dropPossessive(upper ? raw.toLowerCase() : raw), digit);
    i = j;
  }
  return shape;
}

/** A claim word starts with a letter, a digit or "$" (ASCII). */
function startsWord(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 36;
}

/** ...and goes on with letters, digits, apostrophes, dots and commas. */
function insideWord(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 39 || c === 46 || c === 44;
}

/**
 * Each term's first word position and its flags, in parallel arrays: a claim has a few dozen
 * words at most, and a Map per claim (hashing every new word) was most of claimShape's time.
 */
class Shape implements ClaimShape {
  private readonly keys: string[] = [];
  private readonly orders: number[] = [];
  private readonly flagsOf: number[] = [];
  words = 0;

  constructor(readonly negated: boolean) {}

  /** The next word: as written (trimmed), folded, and whether it has a digit. */
  add(raw: string, folded: string, digit: boolean): void {
    if (!folded) return;
    const i = this.words;
    const key = digit ? folded : stem(folded);
    let k = this.keys.indexOf(key);
    if (k < 0) {
      k = this.keys.push(key) - 1;
      this.orders.push(i);
      this.flagsOf.push(0);
    }
    const upper = raw[0] !== raw[0]!.toLowerCase();
    if (digit) this.flagsOf[k]! |= TERM_NUMBER;
    // A capital inside the claim is a name; the claim's first word is capitalised anyway.
    else if (upper && (i > 0 || (raw.length > 1 && raw === raw.toUpperCase()))) this.flagsOf[k]! |= TERM_NAME;
    else if (!STOPWORDS.has(folded) && (VERBS.has(folded) || (folded.length >= 5 && endsEdOrIng(folded))))
      this.flagsOf[k]! |= TERM_PREDICATE;
    this.words++;
  }

  order(term: string): number {
    const t = stemOf(term);
    const k = this.keys.indexOf(t);
    return k >= 0 ? this.orders[k]! : firstByPrefix(this.keys, this.orders, t);
  }

  flags(term: string): number {
    const t = stemOf(term);
    const k = this.keys.indexOf(t);
    if (k >= 0) return this.flagsOf[k]!;
    // Amounts ("$1 billion") and CJK bigrams are kept whole: a digit makes a number.
    return /\d/.test(t) ? TERM_NUMBER : 0;
  }
}

/** A prefix term's stem ("releas*" → "releas"); most terms asked about are stems already. */
function stemOf(term: string): string {
  return term.charCodeAt(term.length - 1) === 42 ? term.slice(0, -1) : term;
}

/** /(?:ed|ing)$/.test(w) */
export function endsEdOrIng(w: string): boolean {
  const n = w.length;
  if (w.charCodeAt(n - 1) === 100 && w.charCodeAt(n - 2) === 101) return true;
  return w.charCodeAt(n - 1) === 103 && w.charCodeAt(n - 2) === 110 && w.charCodeAt(n - 3) === 105;
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;

function firstByPrefix(keys: readonly string[], orders: readonly number[], t: string): number {
  let best = -1;
  for (let k = 0; k < keys.length; k++) {
    const v = orders[k]!;
    if ((keys[k]!.startsWith(t) || t.startsWith(keys[k]!)) && (best < 0 || v < best)) best = v;
  }
  return best;
}

const ASCII_WORD = /^[A-Za-z0-9$'.,]*$/;
const WORD_IN_CLAIM = /[\p{L}\p{N}$€£¥][\p{L}\p{N}'\u2019.,]*/gu;

/** Claims of at most this many words are also matched by their whole text. */
export const VERBATIM_MAX_WORDS = 10;

/**
 * The phrase a short claim is matched by when quoted whole ("The world is flat", "Vaccines cause
 * autism"): its folded text without a leading article or final punctuation. Undefined for long
 * claims, claims under three words, and claims with fewer than two content words (a phrase such
 * as "It is true" appears in ordinary text for other reasons).
 */
export function verbatimPhrase(claim: string): string | undefined {
  const words = wordCount(claim);
  if (words < 3 || words > VERBATIM_MAX_WORDS) return undefined;
  const folded = foldPhrase(claim)
    .replace(/^(?:the|a|an)\s+/, '')
    .replace(/[\s.!?;:,"'\u201d\u2019)]+$/, '')
    .replace(/^["'\u201c\u2018(]+/, '');
  const content = folded.split(/[^\p{L}\p{N}']+/u).filter((w) => w.length > 1 && !STOPWORDS.has(w));
  return content.length >= 2 ? folded : undefined;
}
