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
  const button = badgeButton(doc, entry, present, id);
  const pop = cardPopover(doc, id);
  root.append(button, pop);
  const card = new Card(doc, host, button, pop, (place) => fillCard(pop, id, entry, loadDetails, present, why, place));
  listen(root, button, pop, card);
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
function badgeButton(doc: Document, entry: IndexEntry, present: BadgePresentation, id: string): HTMLButtonElement {
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
  button.setAttribute('aria-controls', id);
  return button;
}

/** The card's container: a dialog, hidden until the badge opens it. */
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

/**
 * One badge's card: open (on hover, for a moment), pinned (by a click or Enter, until Escape, a
 * click elsewhere or focus moving on) or closed; placed beside the badge and kept there on scroll.
 */
class Card {
  pinned = false;
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
    private readonly host: HTMLElement,
    readonly button: HTMLButtonElement,
    readonly pop: HTMLElement,
    private readonly fill: (place: () => void) => Promise<boolean>,
  ) {}

  get hidden(): boolean {
    return this.pop.hidden;
  }

  schedule(fn: () => void, ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(fn, ms);
  }

  cancel(): void {
    clearTimeout(this.timer);
  }

  place(): void {
    const { button, pop } = this;
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
    if (!this.pop.hidden) return;
    this.pop.hidden = false;
    showInTopLayer(this.pop);
    this.button.setAttribute('aria-expanded', 'true');
    this.place();
    this.doc.defaultView?.addEventListener('scroll', this.onScroll, { passive: true, capture: true });
    if (!this.loaded) {
      this.loaded = true;
      void this.fill(() => this.place()).then((ok) => {
        if (!ok) this.loaded = false;
      });
    }
  }

  close(): void {
    clearTimeout(this.timer);
    if (this.pinned) this.doc.removeEventListener('pointerdown', this.onPointerOutside, true);
    this.pinned = false;
    if (this.pop.hidden) return;
    this.pop.hidden = true;
    hideFromTopLayer(this.pop);
    this.button.setAttribute('aria-expanded', 'false');
    this.doc.defaultView?.removeEventListener('scroll', this.onScroll, { capture: true });
  }

  pin(): void {
    this.open();
    if (!this.pinned) this.doc.addEventListener('pointerdown', this.onPointerOutside, true);
    this.pinned = true;
  }
}

/** The badge's events: hover, focus, click, Escape; and nothing of them reaches the page. */
function listen(root: ShadowRoot, button: HTMLButtonElement, pop: HTMLElement, card: Card): void {
  const stop = (e: Event) => e.stopPropagation();
  /**
   * Clicks inside the badge: the page's handlers never see them, and only the card's own links
   * keep their default action. Anything else would act on what the badge sits in: a link around
   * a whole heading, a <label> (ticking its checkbox), a <summary> (toggling its <details>).
   */
  const keepFromPage = (e: Event) => {
    e.stopPropagation();
    if (!(e.target as Element | null)?.closest?.('a[href]')) e.preventDefault();
  };
  const open = () => card.open();
  const close = () => card.close();
  button.addEventListener('mouseenter', () => card.schedule(open, OPEN_DELAY));
  button.addEventListener('mouseleave', () => !card.pinned && card.schedule(close, CLOSE_DELAY));
  pop.addEventListener('mouseenter', () => card.cancel());
  pop.addEventListener('mouseleave', () => !card.pinned && card.schedule(close, CLOSE_DELAY));
  root.addEventListener('focusout', (e) => {
    const next = (e as FocusEvent).relatedTarget as Node | null;
    // Focus moved on (Tab past the card's last link, or a click elsewhere): the card goes too.
    if (next && !root.contains(next)) card.schedule(close, 100);
  });
  button.addEventListener('click', (e) => {
    keepFromPage(e);
    if (card.pinned) card.close();
    else card.pin();
  });
  root.addEventListener('keydown', (e) => {
    const ke = e as KeyboardEvent;
    ke.stopPropagation();
    if (ke.key === 'Escape' && !card.hidden) {
      card.close();
      button.focus({ preventScroll: true });
    }
  });
  for (const type of ['mousedown', 'mouseup', 'pointerdown', 'pointerup', 'dblclick', 'keyup', 'keypress', 'input']) {
    root.addEventListener(type, stop);
  }
  pop.addEventListener('click', keepFromPage);
  root.addEventListener('auxclick', keepFromPage);
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
