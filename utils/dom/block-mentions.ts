/**
 * The per-block mention handling of a scan: what the matcher found in a block becomes a badge
 * only when the settings show that kind of entry, the mention's text is visible, and density, the
 * page's removals and the page cap allow it. Chosen badges are inserted in one go per slice
 * (`commit`), so the DOM is changed between yields only, never while a block is being read.
 *
 * It lives apart from the scanner because this is the one place where a scan decides what to
 * badge; the scanner only runs passes and hands blocks over. One BlockMentions holds the state of
 * one page under one index and settings (the density memory, the badges chosen in this slice, the
 * settings asked per entry): the scanner makes a new one on navigation and on reset().
 */
import type { Mention } from '../match/matcher';
import type { MentionSource } from '../match/mention-source';
import { verdictOfLabelKey } from '../match/describe';
import type { ScanSettings } from '../settings';
import type { BadgePresentation, LoadDetails, MakeBadge, MatchWhy } from './badge-types';
import type { DismissedSet } from '../dismissals';
import type { PlacedBadges } from './badge-placement';
import { PageMemory, signature } from './density';
import type { ScanStats } from './scan-report';
import { isTextVisible, locate, type TextBlock } from './text-blocks';
import { unchanged } from './locate';

/**
 * The scanner's options this reads. Passed as the scanner's own options object and read at each
 * use, never copied: the content script may change `present` before reset().
 */
export interface MentionOptions {
  loadDetails: LoadDetails;
  /** Makes a badge (components/badge.ts createBadge; the content script passes it in). */
  makeBadge: MakeBadge;
  present?: BadgePresentation;
  /** Find only: choose mentions by the density policy but insert nothing (benchmarks). */
  dryRun?: boolean;
  /** Claims the reader hid on this site ("Not this claim"); the content script may replace it before reset(). */
  dismissed?: DismissedSet;
}

/** What the page's change watch (page-changes.ts) does for this module. */
export interface MentionChanges {
  /** Text hidden by style held a mention: remember the element, it may be revealed later. */
  hiddenMention(el: Element): void;
  /** Runs our own DOM changes so they never come back as the page's mutations. */
  own(fn: () => void): void;
}

interface Chosen {
  block: TextBlock;
  mention: Mention;
  sig: string;
}

/** The last element whose visibility was asked for in a block, and the answer. */
interface VisibilitySeen {
  el: Element | null;
  visible: boolean;
}

export class BlockMentions {
  /** Per-page state: what was badged where, what was found (reported as flags), what the page removed. */
  readonly memory = new PageMemory();
  /** Chosen in the current slice, inserted by commit(). */
  private chosen: Chosen[] = [];
  /** Whether the settings show badges for an entry, by entry index (filled as met). */
  private allowedEntries: (boolean | undefined)[] = [];

  constructor(
    private readonly source: Pick<MentionSource, 'entries'>,
    private readonly settings: ScanSettings,
    private readonly opts: MentionOptions,
    private readonly badges: PlacedBadges,
    private readonly changes: MentionChanges,
    private readonly stats: ScanStats,
  ) {}

  /**
   * Chooses which of a block's mentions (as the background found them in `block.text`) get a
   * badge; they are inserted by commit().
   */
  scanBlock(block: TextBlock, mentions: readonly Mention[]): void {
    this.stats.blocks++;
    if (!mentions.length) return;
    // Everything below is per mention: blocks without one (nearly all of a page) cost nothing more.
    const { density, pageCap } = this.settings;
    const budget = pageCap * 3;
    const memory = this.memory;
    const full = () => this.shown() >= pageCap || memory.inserted + this.chosen.length >= budget;
    // Once no badge can be added, a block changes what the popup lists only through its possible
    // matches and the mentions badged before (a rescan). Without either it costs nothing more:
    // checking those mentions' visibility was most of a large page's work past the cap.
    if (full() && !mentions.some((m) => m.tier === 'possible' || (!this.opts.dryRun && this.badges.hasBadge(block, m))))
      return;
    // The page may have changed the block while the background read it: its change is scanned
    // again (page-changes.ts), this reading is dropped.
    if (!unchanged(block)) return;
    const seen: VisibilitySeen = { el: null, visible: true };
    const dismissed = this.opts.dismissed;
    for (const m of mentions) {
      if (!this.allowed(m)) continue;
      if (m.kind === 'claim' && dismissed && !dismissed.empty && dismissed.hides(m.id, m.sentence ?? m.text)) continue;
      // The mention's first and last text nodes (the same node for most).
      const first = locate(block, m.start + 1).index;
      const last = locate(block, m.end).index;
      if (!this.visible(block.nodes[first]!, block.nodes[last]!, seen)) {
        // Hidden by style: `seen.el` is the hidden text's element; it may be revealed later.
        if (!this.opts.dryRun && seen.el) this.changes.hiddenMention(seen.el);
        continue;
      }
      if (first !== last && !inOneFlow(block.nodes, first, last)) continue;
      this.stats.mentions++;
      const sig = signature(block.text, m);
      if (m.tier === 'possible') {
        // Not sure enough for a badge: listed in the popup's "Possible matches" only.
        memory.takePossible(m, sig);
        continue;
      }
      if (!this.opts.dryRun && this.badges.hasBadge(block, m)) {
        // Scanned before (a rescan of a changed block, or a new page after a navigation).
        memory.take(block.container, m, sig);
        continue;
      }
      if (memory.refused(block.container, m, sig, density)) continue;
      if (full()) break;
      memory.take(block.container, m, sig);
      this.stats.inserted++;
      if (this.opts.dryRun) memory.chosenInDryRun++;
      else this.chosen.push({ block, mention: m, sig });
    }
  }

  /** Whether badges were chosen and not yet inserted. */
  get waiting(): boolean {
    return this.chosen.length > 0;
  }

  /**
   * Inserts the badges chosen since the last commit (from the last mention of each block
   * backwards). The scanner may hold them across a turn of the page (answers come back while the
   * page runs): a block the page changed meanwhile gets none (its change is scanned again).
   */
  commit(): void {
    if (!this.chosen.length) return;
    const chosen = this.chosen;
    this.chosen = [];
    const { loadDetails, present, makeBadge } = this.opts;
    // Checked before the first insertion into each block (its last mention): our own split of a
    // text node is not a change.
    const checked = new Map<TextBlock, boolean>();
    this.changes.own(() => {
      for (let i = chosen.length - 1; i >= 0; i--) {
        const { block, mention, sig } = chosen[i]!;
        let ok = checked.get(block);
        if (ok === undefined) checked.set(block, (ok = unchanged(block)));
        if (!ok) continue;
        const entry = this.source.entries[mention.entry]!;
        const why = matchWhy(mention);
        if (this.badges.place(block, mention, sig, (doc) => makeBadge(doc, entry, loadDetails, present, why)))
          this.memory.inserted++;
      }
    });
  }

  /** Whether the settings show badges of this mention's kind and verdict (asked once per entry). */
  private allowed(m: Mention): boolean {
    let yes = this.allowedEntries[m.entry];
    if (yes === undefined) {
      if (m.kind === 'app') yes = this.settings.showApps;
      else if (!this.settings.showClaims) yes = false;
      else {
        const verdict = verdictOfLabelKey(this.source.entries[m.entry]!.labelKey);
        yes = !verdict || this.settings.verdicts.includes(verdict);
      }
      this.allowedEntries[m.entry] = yes;
    }
    return yes;
  }

  /** Badges on the page and chosen for it (the page cap counts both), or chosen in a dry run. */
  private shown(): number {
    return this.opts.dryRun ? this.memory.chosenInDryRun : this.badges.size + this.chosen.length;
  }

  /**
   * Text hidden by style is walked (cheaper than asking for every element) but never badged.
   * Mentions of one block mostly share their element, so the last answer is kept for the block.
   */
  private visible(start: Text, end: Text, seen: VisibilitySeen): boolean {
    if (!visibleText(end, seen)) return false;
    return start === end || visibleText(start, seen);
  }
}

/** What the card says about why a claim matched here (claims only; apps are matched by name). */
function matchWhy(m: Mention): MatchWhy | undefined {
  if (m.kind !== 'claim') return undefined;
  const why: MatchWhy = { sentence: m.sentence ?? m.text };
  if (m.tier) why.tier = m.tier;
  if (m.shared) why.shared = m.shared;
  return why;
}

function visibleText(node: Text, seen: VisibilitySeen): boolean {
  const el = node.parentElement;
  if (el !== null && el === seen.el) return seen.visible;
  const visible = isTextVisible(node);
  seen.el = el;
  seen.visible = visible;
  return visible;
}

/**
 * Whether a mention's text is laid out as one run of text. The walk joins the text of inline tags
 * without asking for their style, but a page may lay them out apart: the items of a flex or grid
 * row ("<span>Lemon</span><span>8 in stock</span>" is not "Lemon8"), or spans styled as blocks.
 * Flex and grid items are blockified (CSS Display 3, §2.7), so an element whose computed display
 * is not inline-level between the mention's text nodes and their common ancestor splits it.
 * Asked only for mentions spanning several text nodes (`first` to `last` of the block's nodes).
 */
function inOneFlow(nodes: readonly Text[], first: number, last: number): boolean {
  let common: Node | null = nodes[first]!.parentNode;
  while (common && !common.contains(nodes[last]!)) common = common.parentNode;
  const view = nodes[first]!.ownerDocument.defaultView;
  if (!common || !view) return true;
  const checked = new Set<Element>();
  for (let i = first; i <= last; i++) {
    for (let el = nodes[i]!.parentElement; el && el !== common; el = el.parentElement) {
      if (checked.has(el)) break;
      checked.add(el);
      const display = view.getComputedStyle(el).display;
      if (!display.startsWith('inline') && display !== 'contents' && display !== 'ruby' && display !== 'ruby-base')
        return false;
    }
  }
  return true;
}
