/**
 * One inline badge: a <span> host in the page with a closed shadow root, so page CSS cannot
 * style it and page scripts cannot read the card. Hovering opens the card for a moment; a click
 * (or Enter / Space) keeps it open until Escape, a click elsewhere or focus moving on. A badge is
 * one tab stop: focus alone opens nothing, so the card's links join the tab order only once the
 * card is open. Clicks never reach the page: not its handlers, nor a link, label or <summary>
 * around the badge (only the card's own links act). The card is shown in the top layer (the
 * popover API) where there is one, so no overflow, transform or stacking of the page hides it.
 */
import { render, h } from 'preact';
import { EntryCard } from './EntryCard';
import { BADGE_CSS, CARD_CSS } from './card-styles';
import type { IndexEntry } from '~/utils/match/index-data';
import { badgeLabel, t } from '~/utils/i18n';
import { OWN_ATTR } from '~/utils/dom/text-blocks';
import { markOwn } from '~/utils/dom/own-nodes';
import type { BadgePresentation, LoadDetails, MatchWhy } from '~/utils/dom/badge-types';

export type { BadgePresentation, LoadDetails, MatchWhy } from '~/utils/dom/badge-types';

/**
 * The badge adds its own width to the line and nothing else: the host's inline box has no height
 * of its own, and negative vertical margins fold the pill's margin box to nothing, so a 16 px pill
 * in a 12 px line neither pushes the lines apart nor moves the text (it may overlap the gap).
 */
const LAYOUT_CSS = `
:host { line-height: 0 !important; }
.sf-badge { margin-top: -9px; margin-bottom: -9px; }
`;
const STYLES = BADGE_CSS + CARD_CSS + LAYOUT_CSS;

let sheet: CSSStyleSheet | null | undefined;
function styleInto(root: ShadowRoot): void {
  // Constructed sheets are not subject to the page's style-src CSP; fall back to <style> elsewhere.
  try {
    if (sheet === undefined) {
      const created = new CSSStyleSheet();
      created.replaceSync(STYLES);
      sheet = created;
    }
    if (!sheet) throw new Error('no constructed sheets');
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = root.ownerDocument.createElement('style');
    style.textContent = STYLES;
    root.append(style);
  }
}

let uid = 0;
const OPEN_DELAY = 200;
const CLOSE_DELAY = 300;

const PLAIN: BadgePresentation = { style: 'labelled', appliesToYou: new Set() };

/**
 * The badge's visible text: the same whoever reads it. "Applies to you" is private (it follows
 * from "Where I am"), and a page can measure a badge's outer box (getBoundingClientRect on the
 * host), so it never changes the badge's size: it is in the card, in the accessible name (inside
 * the closed shadow root, which the page cannot read) and in a ring drawn by box-shadow, which
 * takes no layout space.
 */
export function badgeText(entry: IndexEntry): string {
  return badgeLabel(entry);
}

export function accessibleName(entry: IndexEntry, present: BadgePresentation = PLAIN): string {
  const label = badgeLabel(entry);
  return t('badgeName', entry.name, present.appliesToYou.has(entry.id) ? `${t('appliesToYou')} · ${label}` : label);
}

/** Opaque per-page tokens for the entries of the reader's own lists (see publicId). */
const tokens = new Map<string, string>();

/**
 * The id a page may see on a badge host: the entry id when it comes from a public list (the bundled
 * list, a subscribed list: anyone can read it there), else a random token made for this page. A My
 * entries id tells when it was made, a learned claim's id is the fact-check page the reader visited.
 */
export function publicId(entry: Pick<IndexEntry, 'id' | 'private'>): string {
  if (!entry.private) return entry.id;
  let token = tokens.get(entry.id);
  if (!token) {
    token = `private-${crypto.getRandomValues(new Uint32Array(2)).reduce((s, n) => s + n.toString(36), '')}`;
    tokens.set(entry.id, token);
  }
  return token;
}

export function createBadge(
  doc: Document,
  entry: IndexEntry,
  loadDetails: LoadDetails,
  present: BadgePresentation = PLAIN,
  why?: MatchWhy,
): HTMLElement {
  const { host, root } = badgeHost(doc, entry);
  const id = `sf-${++uid}`;
  const button = badgeButton(doc, entry, present);
  root.append(button);
  new Card(doc, root, host, button, id, (pop, place) => fillCard(pop, id, entry, loadDetails, present, why, place));
  return host;
}

/** The host the page sees: our marks and the public id only, with a closed shadow root. */
function badgeHost(doc: Document, entry: IndexEntry): { host: HTMLElement; root: ShadowRoot } {
  const host = doc.createElement('span');
  host.setAttribute(OWN_ATTR, 'badge');
  host.setAttribute('data-flag-id', publicId(entry));
  markOwn(host, entry.id);
  host.setAttribute('data-flag-kind', entry.kind);
  const root = host.attachShadow({ mode: 'closed', delegatesFocus: true });
  styleInto(root);
  return { host, root };
}

/** The pill: its label (or a mark when compact), tone, "applies to you" ring and accessible name. */
function badgeButton(doc: Document, entry: IndexEntry, present: BadgePresentation): HTMLButtonElement {
  const button = doc.createElement('button');
  button.type = 'button';
  const mine = present.appliesToYou.has(entry.id);
  button.className = `sf-badge sf-tone-${entry.tone}${mine ? ' sf-badge-mine' : ''}${present.style === 'compact' ? ' sf-badge-compact' : ''}`;
  // Compact badges show a mark; the label stays in the accessible name and the card.
  button.textContent = present.style === 'compact' ? (entry.kind === 'claim' ? '!' : '⚑') : badgeText(entry);
  button.title = badgeText(entry);
  button.setAttribute('aria-label', accessibleName(entry, present));
  button.setAttribute('aria-haspopup', 'dialog');
  button.setAttribute('aria-expanded', 'false');
  return button;
}

/** The card's container: a dialog, made when the badge first opens it. */
function cardPopover(doc: Document, id: string): HTMLElement {
  const pop = doc.createElement('div');
  pop.className = 'sf-popover';
  pop.id = id;
  pop.hidden = true;
  pop.setAttribute('role', 'dialog');
  pop.setAttribute('aria-labelledby', `${id}-h`);
  return pop;
}

/** Loads the entry's details into the card (once; again after a failure), then places it. */
function fillCard(
  pop: HTMLElement,
  id: string,
  entry: IndexEntry,
  loadDetails: LoadDetails,
  present: BadgePresentation,
  why: MatchWhy | undefined,
  place: () => void,
): Promise<boolean> {
  render(h('div', { class: 'sf-loading' }, t('cardLoading')), pop);
  return loadDetails(entry.id)
    .then((details) => {
      render(
        details
          ? h(
              'div',
              null,
              h(EntryCard, {
                details,
                headingId: `${id}-h`,
                why,
                site: present.site,
                onDismiss:
                  why && present.dismiss
                    ? (scope: 'sentence' | 'site') =>
                        present.dismiss!(entry.id, entry.name, scope === 'sentence' ? why.sentence : undefined)
                    : undefined,
              }),
            )
          : h('div', { class: 'sf-loading', id: `${id}-h` }, t('cardGone')),
        pop,
      );
      place();
      return true;
    })
    .catch(() => {
      render(h('div', { class: 'sf-loading', id: `${id}-h` }, t('cardError')), pop);
      return false;
    });
}

/** Events that never reach the page from inside a badge (clicks are handled in `keepFromPage`). */
const STOPPED = ['mousedown', 'mouseup', 'pointerdown', 'pointerup', 'dblclick', 'keyup', 'keypress', 'input'];

/**
 * Clicks inside the badge: the page's handlers never see them, and only the card's own links
 * keep their default action. Anything else would act on what the badge sits in: a link around
 * a whole heading, a <label> (ticking its checkbox), a <summary> (toggling its <details>).
 */
function keepFromPage(e: Event): void {
  e.stopPropagation();
  if (!(e.target as Element | null)?.closest?.('a[href]')) e.preventDefault();
}

/**
 * One badge's card, and the badge's events (hover, focus, click, Escape; none of them reaches the
 * page). The card is open (on hover, for a moment), pinned (by a click or Enter, until Escape, a
 * click elsewhere or focus moving on) or closed; placed beside the badge and kept there on scroll.
 * Its dialog is made when it first opens: a page holds up to a few hundred badges, and most are
 * never opened. The Card is the one listener of every event (handleEvent), so a badge adds no
 * closures per event. Creating 200 badges took 3.9 ms with their dialogs and listeners made up
 * front, 2.8 ms now (medians of 15 in Chromium).
 */
class Card {
  pinned = false;
  private pop: HTMLElement | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private loaded = false;
  private readonly onScroll = () => this.place();
  // A click or tap outside closes a card kept open (browsers that do not focus buttons on click
  // never send the focusout that does it otherwise).
  private readonly onPointerOutside = (e: Event) => {
    if (!e.composedPath().includes(this.host)) this.close();
  };

  constructor(
    private readonly doc: Document,
    private readonly root: ShadowRoot,
    private readonly host: HTMLElement,
    private readonly button: HTMLButtonElement,
    private readonly id: string,
    private readonly fill: (pop: HTMLElement, place: () => void) => Promise<boolean>,
  ) {
    button.addEventListener('mouseenter', this);
    button.addEventListener('mouseleave', this);
    button.addEventListener('click', this);
    for (const type of ['focusout', 'keydown', 'auxclick', ...STOPPED]) root.addEventListener(type, this);
  }

  handleEvent(e: Event): void {
    const fromPop = this.pop !== null && e.currentTarget === this.pop;
    switch (e.type) {
      case 'mouseenter':
        if (fromPop) this.cancel();
        else this.schedule(() => this.open(), OPEN_DELAY);
        return;
      case 'mouseleave':
        if (!this.pinned) this.schedule(() => this.close(), CLOSE_DELAY);
        return;
      case 'click':
        keepFromPage(e);
        if (fromPop) return;
        if (this.pinned) this.close();
        else this.pin();
        return;
      case 'auxclick':
        keepFromPage(e);
        return;
      case 'focusout': {
        const next = (e as FocusEvent).relatedTarget as Node | null;
        // Focus moved on (Tab past the card's last link, or a click elsewhere): the card goes too.
        if (next && !this.root.contains(next)) this.schedule(() => this.close(), 100);
        return;
      }
      case 'keydown':
        e.stopPropagation();
        if ((e as KeyboardEvent).key === 'Escape' && !this.hidden) {
          this.close();
          this.button.focus({ preventScroll: true });
        }
        return;
      default:
        e.stopPropagation();
    }
  }

  get hidden(): boolean {
    return !this.pop || this.pop.hidden;
  }

  schedule(fn: () => void, ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(fn, ms);
  }

  cancel(): void {
    clearTimeout(this.timer);
  }

  /** The dialog, made and wired on first use. */
  private dialog(): HTMLElement {
    if (this.pop) return this.pop;
    const pop = cardPopover(this.doc, this.id);
    pop.addEventListener('mouseenter', this);
    pop.addEventListener('mouseleave', this);
    pop.addEventListener('click', this);
    this.root.append(pop);
    this.button.setAttribute('aria-controls', this.id);
    this.pop = pop;
    return pop;
  }

  place(): void {
    const { button, pop } = this;
    if (!pop) return;
    const r = button.getBoundingClientRect();
    const view = this.doc.defaultView!;
    const width = Math.min(440, view.innerWidth - 16);
    const left = Math.max(8, Math.min(r.left, view.innerWidth - width - 8));
    const below = view.innerHeight - r.bottom;
    pop.style.left = `${left}px`;
    if (below >= 240 || below >= r.top) {
      pop.style.top = `${r.bottom + 6}px`;
      pop.style.bottom = '';
    } else {
      pop.style.top = '';
      pop.style.bottom = `${view.innerHeight - r.top + 6}px`;
    }
  }

  open(): void {
    clearTimeout(this.timer);
    if (!this.hidden) return;
    const pop = this.dialog();
    pop.hidden = false;
    showInTopLayer(pop);
    this.button.setAttribute('aria-expanded', 'true');
    this.place();
    this.doc.defaultView?.addEventListener('scroll', this.onScroll, { passive: true, capture: true });
    if (!this.loaded) {
      this.loaded = true;
      void this.fill(pop, () => this.place()).then((ok) => {
        if (!ok) this.loaded = false;
      });
    }
  }

  close(): void {
    clearTimeout(this.timer);
    if (this.pinned) this.doc.removeEventListener('pointerdown', this.onPointerOutside, true);
    this.pinned = false;
    const pop = this.pop;
    if (!pop || pop.hidden) return;
    pop.hidden = true;
    hideFromTopLayer(pop);
    this.button.setAttribute('aria-expanded', 'false');
    this.doc.defaultView?.removeEventListener('scroll', this.onScroll, { capture: true });
  }

  pin(): void {
    this.open();
    if (!this.pinned) this.doc.addEventListener('pointerdown', this.onPointerOutside, true);
    this.pinned = true;
  }
}

/** The popover API puts the card in the top layer (Chrome 114, Firefox 125); else it stays fixed in place. */
function showInTopLayer(pop: HTMLElement): void {
  const el = pop as HTMLElement & { showPopover?: () => void };
  if (typeof el.showPopover !== 'function') return;
  if (!pop.hasAttribute('popover')) pop.setAttribute('popover', 'manual');
  try {
    el.showPopover();
  } catch {
    // Not connected, or already shown: the card is still displayed in place.
  }
}

function hideFromTopLayer(pop: HTMLElement): void {
  const el = pop as HTMLElement & { hidePopover?: () => void };
  if (!pop.hasAttribute('popover') || typeof el.hidePopover !== 'function') return;
  try {
    el.hidePopover();
  } catch {
    // Already hidden (the page removed the badge meanwhile).
  }
}
