/**
 * One inline badge: a <span> host in the page with a closed shadow root, so page CSS cannot
 * style it and page scripts cannot read the card. Hover, focus or click opens the card;
 * Escape closes it and returns focus to the badge. Clicks never reach the page's handlers.
 */
import { render, h } from 'preact';
import { EntryCard } from '~/components/EntryCard';
import { BADGE_CSS, CARD_CSS } from '~/components/card-styles';
import type { EntryDetails } from '../messages';
import type { IndexEntry } from '../match/index-data';
import { badgeLabel, t } from '../i18n';
import type { WhereIAm } from '../where';
import { OWN_ATTR } from './text-blocks';

export type LoadDetails = (id: string) => Promise<EntryDetails | null>;

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

/** How badges look: the user's badge style and the apps whose restrictions apply to them. */
export interface BadgePresentation {
  style: 'labelled' | 'compact';
  appliesToYou: ReadonlySet<string>;
  /** Marks the restriction rows that apply, in the card. */
  me?: WhereIAm;
}

const PLAIN: BadgePresentation = { style: 'labelled', appliesToYou: new Set() };

/** The badge's text: localised, with "Applies to you" first when it does. */
export function badgeText(entry: IndexEntry, present: BadgePresentation = PLAIN): string {
  const label = badgeLabel(entry);
  return present.appliesToYou.has(entry.id) ? `${t('appliesToYou')} · ${label}` : label;
}

export function accessibleName(entry: IndexEntry, present: BadgePresentation = PLAIN): string {
  return t('badgeName', entry.name, badgeText(entry, present));
}

export function createBadge(
  doc: Document,
  entry: IndexEntry,
  loadDetails: LoadDetails,
  present: BadgePresentation = PLAIN,
): HTMLElement {
  const host = doc.createElement('span');
  host.setAttribute(OWN_ATTR, 'badge');
  host.setAttribute('data-flag-id', entry.id);
  host.setAttribute('data-flag-kind', entry.kind);
  const root = host.attachShadow({ mode: 'closed', delegatesFocus: true });
  styleInto(root);
  const id = `sf-${++uid}`;
  const button = doc.createElement('button');
  button.type = 'button';
  const mine = present.appliesToYou.has(entry.id);
  button.className = `sf-badge sf-tone-${entry.tone}${mine ? ' sf-badge-mine' : ''}${present.style === 'compact' ? ' sf-badge-compact' : ''}`;
  // Compact badges show a mark; the label stays in the accessible name and the card.
  button.textContent = present.style === 'compact' ? (entry.kind === 'claim' ? '!' : '⚑') : badgeText(entry, present);
  button.title = badgeText(entry, present);
  button.setAttribute('aria-label', accessibleName(entry, present));
  button.setAttribute('aria-haspopup', 'dialog');
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', id);
  const pop = doc.createElement('div');
  pop.className = 'sf-popover';
  pop.id = id;
  pop.hidden = true;
  pop.setAttribute('role', 'dialog');
  pop.setAttribute('aria-labelledby', `${id}-h`);
  root.append(button, pop);

  let pinned = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let loaded = false;
  const schedule = (fn: () => void, ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
  const place = () => {
    const r = button.getBoundingClientRect();
    const view = doc.defaultView!;
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
  };
  const onScroll = () => place();
  const open = () => {
    clearTimeout(timer);
    if (!pop.hidden) return;
    pop.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    place();
    doc.defaultView?.addEventListener('scroll', onScroll, { passive: true, capture: true });
    if (!loaded) {
      loaded = true;
      render(h('div', { class: 'sf-loading' }, t('cardLoading')), pop);
      loadDetails(entry.id)
        .then((details) => {
          render(
            details
              ? h('div', null, h(EntryCard, { details, headingId: `${id}-h`, me: present.me }))
              : h('div', { class: 'sf-loading', id: `${id}-h` }, t('cardGone')),
            pop,
          );
          place();
        })
        .catch(() => {
          loaded = false;
          render(h('div', { class: 'sf-loading', id: `${id}-h` }, t('cardError')), pop);
        });
    }
  };
  const close = () => {
    clearTimeout(timer);
    pinned = false;
    if (pop.hidden) return;
    pop.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    doc.defaultView?.removeEventListener('scroll', onScroll, { capture: true });
  };
  const stop = (e: Event) => e.stopPropagation();

  button.addEventListener('mouseenter', () => schedule(open, OPEN_DELAY));
  button.addEventListener('mouseleave', () => !pinned && schedule(close, CLOSE_DELAY));
  pop.addEventListener('mouseenter', () => clearTimeout(timer));
  pop.addEventListener('mouseleave', () => !pinned && schedule(close, CLOSE_DELAY));
  button.addEventListener('focus', () => open());
  root.addEventListener('focusout', (e) => {
    const next = (e as FocusEvent).relatedTarget as Node | null;
    if (!next || !root.contains(next)) if (!pinned) schedule(close, 100);
  });
  button.addEventListener('click', (e) => {
    e.preventDefault();
    e.stopPropagation();
    if (pinned) close();
    else {
      open();
      pinned = true;
    }
  });
  root.addEventListener('keydown', (e) => {
    const ke = e as KeyboardEvent;
    ke.stopPropagation();
    if (ke.key === 'Escape') {
      close();
      button.focus({ preventScroll: true });
      // Keep focus without re-opening: focus handler opens, so close again.
      close();
    }
  });
  for (const type of ['mousedown', 'mouseup', 'pointerdown', 'pointerup', 'dblclick', 'keyup', 'keypress', 'input']) {
    root.addEventListener(type, stop);
  }
  pop.addEventListener('click', (e) => {
    // Let links work (new tab) but keep the page's click handlers out of it.
    e.stopPropagation();
  });
  return host;
}
