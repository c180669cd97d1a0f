/** Message handlers of the background, one per request type; the router checks the sender first. */
import { CONTENT_TYPES, parseRequest, type Request, type ResponseMap } from '../messages';
import type { Settings } from '../settings';
import type { Library } from './library';
import { TabFlagStore } from './tab-flags';
import type { SenderKind } from './sender';

export interface HandlerDeps {
  library: Library;
  tabFlags: TabFlagStore;
  getSettings: () => Promise<Settings>;
  setBadge: (tabId: number, text: string) => void;
}

export async function handleMessage(
  raw: unknown,
  kind: SenderKind,
  tabId: number | undefined,
  deps: HandlerDeps,
): Promise<ResponseMap[Request['type']] | undefined> {
  const req = parseRequest(raw);
  if (!req || !kind) return undefined;
  if (kind === 'content' && !CONTENT_TYPES.has(req.type)) return undefined;
  const { library } = deps;
  switch (req.type) {
    case 'getIndex':
      return { index: await library.getIndex(), revision: library.revision, settings: await deps.getSettings() };
    case 'getEntry':
      return library.getEntry(req.id);
    case 'reportFlags':
      if (tabId !== undefined && kind === 'content') {
        const value = { scanned: req.scanned, flags: req.flags };
        deps.tabFlags.set(tabId, value);
        deps.setBadge(tabId, TabFlagStore.badgeText(value));
      }
      return { ok: true };
    case 'search':
      return library.search(req.query, { kind: req.kind, limit: req.limit });
    case 'getTabFlags':
      return deps.tabFlags.get(req.tabId);
    case 'getSources':
      return library.sources();
  }
}
