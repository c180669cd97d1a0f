/**
 * The result every feed parser returns, plus a small collector for skip reasons.
 * Pure: no wxt, browser or DOM imports.
 */
import type { Entry } from './types';

export type FeedFormat = 'source-flags' | 'claimreview' | 'factcheck-tools' | 'html-claimreview';

export interface ParseResult {
  format: FeedFormat;
  title: string;
  entries: Entry[];
  /** Entries (or records) that were left out. */
  skipped: number;
  /** The first 50 reasons, in plain words. */
  problems: string[];
  /** Set when the list as a whole could not be read; `entries` is then empty. */
  error?: string;
}

export const MAX_PROBLEMS = 50;

/** A parser's work in steps: it yields between entries now and then and returns its result (utils/steps.ts). */
export type ParseSteps = Generator<void, ParseResult, void>;

/** Counts skipped records and keeps the first reasons. */
export class Problems {
  skipped = 0;
  readonly list: string[] = [];

  /** A record was left out. */
  skip(reason: string, count = 1): void {
    this.skipped += count;
    this.note(reason);
  }

  /** Something inside a kept record was dropped. */
  note(reason: string): void {
    if (this.list.length < MAX_PROBLEMS) this.list.push(reason);
  }
}

export function failed(format: FeedFormat, error: string): ParseResult {
  return { format, title: '', entries: [], skipped: 0, problems: [], error };
}
