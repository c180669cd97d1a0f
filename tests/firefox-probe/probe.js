/* global document, CustomEvent */
// Answers 'sf-probe' events with what the Chromium tests read over CDP (tests/browser.ts readBadges).
document.addEventListener('sf-probe', () => {
  const text = (n) => (n.textContent || '').replace(/\s+/g, ' ').trim();
  const out = [];
  for (const host of document.querySelectorAll('[data-flag-id]')) {
    const root = host.openOrClosedShadowRoot;
    if (!root) continue;
    const button = root.querySelector('button');
    const dialog = root.querySelector('[role="dialog"]');
    out.push({
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
  document.dispatchEvent(new CustomEvent('sf-probe-result', { detail: JSON.stringify(out) }));
});
