/**
 * What the scanner tells a badge, and how it asks for one. The badge itself (a closed shadow root
 * with its card, rendered with Preact) lives in components/badge.ts: utils never imports
 * components (eslint.config.js), so the content script hands the scanner its `makeBadge`.
 */
import type { EntryDetails } from '../messages';
import type { BadgeEntry } from '../match/mention-source';

export type LoadDetails = (id: string) => Promise<EntryDetails | null>;

/** How badges look: the user's badge style and the apps whose restrictions apply to them. */
export interface BadgePresentation {
  style: 'labelled' | 'compact';
  appliesToYou: ReadonlySet<string>;
  /** The page's site, and how "Not this claim" is carried out (the content script's message). */
  site?: string;
  dismiss?: (id: string, name: string, sentence?: string) => Promise<void>;
}

/**
 * Why a claim badge is here, for its card: the sentence it sits after, and for free-text claims
 * the model's tier and the claim's words the page shares (highlighted in the card).
 */
export interface MatchWhy {
  sentence: string;
  tier?: 'inline' | 'possible';
  shared?: string[];
}

/** Makes a badge's host element for an entry (components/badge.ts createBadge). */
export type MakeBadge = (
  doc: Document,
  entry: BadgeEntry,
  loadDetails: LoadDetails,
  present?: BadgePresentation,
  why?: MatchWhy,
) => HTMLElement;
