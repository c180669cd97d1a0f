/* global document, CustomEvent, MutationObserver */
// Answers 'sf-probe' events with what the Chromium tests read over CDP (tests/browser.ts
// readBadges), and 'sf-probe-wait' events once the page or a badge's shadow root changed after a
// given answer (what the DevTools protocol's DOM events tell the Chromium tests).
let version = 0;
let observer;
const watched = new WeakSet();
let waiting = false;
const changes = { subtree: true, childList: true, attributes: true, characterData: true };

/** Counts changes of the document and of the badges' shadow roots, from the first question on. */
function watch() {
  if (!observer) {
    observer = new MutationObserver(() => {
      version++;
      watch();
      if (waiting) {
        waiting = false;
        changed();
      }
    });
    observer.observe(document, changes);
  }
  for (const host of document.querySelectorAll('[data-flag-id]')) {
    const root = host.openOrClosedShadowRoot;
    if (root && !watched.has(root)) {
      watched.add(root);
      observer.observe(root, changes);
    }
  }
}

function changed() {
  document.dispatchEvent(new CustomEvent('sf-probe-changed'));
}

document.addEventListener('sf-probe', () => {
  watch();
  const text = (n) => (n.textContent || '').replace(/\s+/g, ' ').trim();
  const badges = [];
  for (const host of document.querySelectorAll('[data-flag-id]')) {
    const root = host.openOrClosedShadowRoot;
    if (!root) continue;
    const button = root.querySelector('button');
    const dialog = root.querySelector('[role="dialog"]');
    badges.push({
      id: host.getAttribute('data-flag-id'),
      kind: host.getAttribute('data-flag-kind') || '',
      label: button ? text(button) : '',
      ariaLabel: (button && button.getAttribute('aria-label')) || '',
      cardText: dialog ? text(dialog) : '',
      cardOpen: dialog ? !dialog.hidden : false,
      cardLoading: !!(dialog && dialog.querySelector('.sf-loading')),
      marked: dialog ? [...dialog.querySelectorAll('mark')].map(text) : [],
      links: dialog
        ? [...dialog.querySelectorAll('a')].map((a) => ({
            href: a.getAttribute('href') || '',
            target: a.getAttribute('target') || '',
            rel: a.getAttribute('rel') || '',
          }))
        : [],
    });
  }
  document.dispatchEvent(new CustomEvent('sf-probe-result', { detail: JSON.stringify({ version, badges }) }));
});

document.addEventListener('sf-probe-wait', (e) => {
  const { after } = JSON.parse(e.detail);
  watch();
  if (version > after) changed();
  else waiting = true;
});
