import { browser } from 'wxt/browser';
import { Matcher } from '~/utils/match/matcher';
import { PageScanner } from '~/utils/dom/scanner';
import type { EntryDetails, IndexResponse } from '~/utils/messages';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  async main(ctx) {
    const response = (await browser.runtime
      .sendMessage({ type: 'getIndex' })
      .catch(() => null)) as IndexResponse | null;
    if (!response || !response.settings.enabled || ctx.signal.aborted) return;
    const matcher = new Matcher(response.index);
    const details = new Map<string, Promise<EntryDetails | null>>();
    const scanner = new PageScanner({
      matcher,
      settings: response.settings,
      signal: ctx.signal,
      loadDetails: (id) => {
        let p = details.get(id);
        if (!p) {
          p = browser.runtime.sendMessage({ type: 'getEntry', id }) as Promise<EntryDetails | null>;
          details.set(id, p);
          p.catch(() => details.delete(id));
        }
        return p;
      },
      onFlags: (flags, scanned) => {
        void browser.runtime.sendMessage({ type: 'reportFlags', flags, scanned }).catch(() => undefined);
      },
    });
    ctx.onInvalidated(() => scanner.stop());
    await scanner.start(document);
  },
});
