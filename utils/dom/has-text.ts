/**
 * Whether a document shows any text yet, and waiting until it does. Frames without text (ads,
 * embedded images and players) then never ask for the match index, which is megabytes with
 * large lists and would otherwise be sent to every frame of every page.
 */

const NOT_TEXT = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);

/** True when some text node outside scripts, styles and templates has a non-space character. */
export function documentHasText(doc: Document): boolean {
  const root = doc.body ?? doc.documentElement;
  if (!root) return false;
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const parent = n.parentNode as Element | null;
    if (parent && NOT_TEXT.has(parent.nodeName.toUpperCase())) continue;
    if (/\S/.test((n as Text).data)) return true;
  }
  return false;
}

/**
 * Resolves true as soon as the document has text (at once if it already has), false if `signal`
 * aborts first. Changes are checked at most every 16 ms (a burst of mutations is one check).
 */
export function untilDocumentHasText(doc: Document, signal: AbortSignal): Promise<boolean> {
  if (documentHasText(doc)) return Promise.resolve(true);
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    let pending = false;
    const finish = (value: boolean) => {
      observer.disconnect();
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const onAbort = () => finish(false);
    const observer = new MutationObserver(() => {
      if (pending) return;
      pending = true;
      setTimeout(() => {
        pending = false;
        if (!signal.aborted && documentHasText(doc)) finish(true);
      }, 16);
    });
    observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true });
    signal.addEventListener('abort', onAbort);
  });
}
