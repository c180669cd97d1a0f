/**
 * Single-page-app navigations: when a URL change means a new page (density, the page cap and
 * the reported flags start over), and the browser events that announce one.
 */

/** Whether moving from `prev` to `next` is a new page (path or query changed, or a hash route). */
export function isNewPage(prev: string, next: string): boolean {
  if (prev === next) return false;
  let a: URL;
  let b: URL;
  try {
    a = new URL(prev);
    b = new URL(next);
  } catch {
    return true;
  }
  if (a.origin !== b.origin || a.pathname !== b.pathname || a.search !== b.search) return true;
  // Same document, different fragment: only hash routers ("#/inbox", "#!/post/1") change page;
  // a table-of-contents jump ("#history") does not.
  const route = (h: string) => h.startsWith('#/') || h.startsWith('#!');
  return a.hash !== b.hash && (route(a.hash) || route(b.hash));
}

/**
 * Calls `onChange` when the URL may have changed (Navigation API, popstate, hashchange; a
 * pushState without any of them is caught by the scanner's next mutation batch) and `onRestore`
 * when the page comes back from the back/forward cache. Returns the function that stops listening.
 */
export function watchNavigation(win: Window, onChange: () => void, onRestore: () => void): () => void {
  const nav = (win as Window & { navigation?: EventTarget }).navigation;
  const hasNav = !!nav && typeof nav.addEventListener === 'function';
  if (hasNav) nav.addEventListener('currententrychange', onChange);
  const onShow = (e: PageTransitionEvent) => {
    if (e.persisted) onRestore();
  };
  win.addEventListener('popstate', onChange);
  win.addEventListener('hashchange', onChange);
  win.addEventListener('pageshow', onShow);
  return () => {
    if (hasNav) nav.removeEventListener('currententrychange', onChange);
    win.removeEventListener('popstate', onChange);
    win.removeEventListener('hashchange', onChange);
    win.removeEventListener('pageshow', onShow);
  };
}
