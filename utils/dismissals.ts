/**
 * "Not this claim": the reader's choice to hide a claim in one sentence, or everywhere on a site.
 * Kept in storage.local under DISMISSALS_KEY (never leaves the device), applied in every tab, listed
 * on the options page with Undo. Storage is not trusted blindly: it is parsed back here. Pure.
 */
import { foldPhrase } from './match/normalize';

export const DISMISSALS_KEY = 'dismissals';
/** At most this many are kept (the oldest go first). */
export const MAX_DISMISSALS = 2000;

export interface Dismissal {
  /** The claim's entry id. */
  id: string;
  /** Its text as the card showed it (for the options page). */
  name: string;
  /** The site (hostname) it is hidden on. */
  site: string;
  /** The sentence it is hidden in (as the page showed it, clipped), or absent: the whole site. */
  sentence?: string;
  at: number;
}

/** What one frame needs: the claims hidden on its site, whole or per sentence (sentenceKey). */
export interface DismissedHere {
  site: string[];
  sentences: string[];
}

const SENTENCE_MAX = 300;

/** The key a sentence is compared by: folded, spaces collapsed, clipped. */
export function sentenceKey(id: string, sentence: string): string {
  return `${id}\u0000${foldPhrase(sentence).replace(/\s+/g, ' ').slice(0, SENTENCE_MAX)}`;
}

/** A stable key for one dismissal (Undo names it by this). */
export function dismissalKey(d: Pick<Dismissal, 'id' | 'site' | 'sentence'>): string {
  return d.sentence === undefined ? `${d.site}\u0001${d.id}` : `${d.site}\u0001${sentenceKey(d.id, d.sentence)}`;
}

function isDismissal(v: unknown): v is Dismissal {
  const d = v as Partial<Dismissal> | null;
  return (
    !!d &&
    typeof d.id === 'string' &&
    d.id.length > 0 &&
    d.id.length <= 2048 &&
    typeof d.name === 'string' &&
    typeof d.site === 'string' &&
    d.site.length > 0 &&
    d.site.length <= 253 &&
    (d.sentence === undefined || (typeof d.sentence === 'string' && d.sentence.length <= SENTENCE_MAX)) &&
    typeof d.at === 'number'
  );
}

/** The stored list, keeping only well-formed items. */
export function parseDismissals(value: unknown): Dismissal[] {
  return Array.isArray(value) ? value.filter(isDismissal).slice(-MAX_DISMISSALS) : [];
}

/** Adds a dismissal (replacing the same one), newest last, within the cap. */
export function addDismissal(list: readonly Dismissal[], d: Dismissal): Dismissal[] {
  const key = dismissalKey(d);
  const next = list.filter((x) => dismissalKey(x) !== key);
  next.push({
    ...d,
    name: d.name.slice(0, 300),
    ...(d.sentence !== undefined ? { sentence: d.sentence.slice(0, SENTENCE_MAX) } : {}),
  });
  return next.slice(-MAX_DISMISSALS);
}

export function removeDismissal(list: readonly Dismissal[], key: string): Dismissal[] {
  return list.filter((x) => dismissalKey(x) !== key);
}

/** The part of the list one site needs. */
export function dismissedOn(list: readonly Dismissal[], site: string): DismissedHere {
  const out: DismissedHere = { site: [], sentences: [] };
  for (const d of list) {
    if (d.site !== site) continue;
    if (d.sentence === undefined) out.site.push(d.id);
    else out.sentences.push(sentenceKey(d.id, d.sentence));
  }
  return out;
}

/** Checks a page's mention against what is hidden on its site. */
export class DismissedSet {
  private readonly site: Set<string>;
  private readonly sentences: Set<string>;
  /** The choices as the background sent them (a frame compares the next ones with these). */
  constructor(readonly here: DismissedHere = { site: [], sentences: [] }) {
    this.site = new Set(here.site);
    this.sentences = new Set(here.sentences);
  }
  get empty(): boolean {
    return !this.site.size && !this.sentences.size;
  }
  hides(id: string, sentence: string): boolean {
    if (this.site.has(id)) return true;
    return this.sentences.size > 0 && this.sentences.has(sentenceKey(id, sentence));
  }
}
