/** Message handlers of the background, one per request type; the router checks the sender first. */
import { CONTENT_TYPES, parseRequest, type Request, type ResponseMap } from '../messages';
import { frameView, parseSettings, type Settings } from '../settings';
import { appliesTo, restrictionsFor } from '../where';
import type { Library } from './library';
import type { SourceService } from './sources';
import { TabFlagStore } from './tab-flags';
import type { SenderKind } from './sender';
import { addDismissal, dismissedOn, removeDismissal, type Dismissal } from '../dismissals';

export interface HandlerDeps {
  library: Library;
  sources: SourceService;
  tabFlags: TabFlagStore;
  getSettings: () => Promise<Settings>;
  setSettings: (s: Settings) => Promise<void>;
  setBadge: (tabId: number, text: string) => void;
  /** "Not this claim" choices (storage.local). */
  getDismissals: () => Promise<Dismissal[]>;
  setDismissals: (list: Dismissal[]) => Promise<void>;
  /**
   * The site (hostname) of the top-level page of a tab, as that page's own frame reports it; undefined
   * when it cannot be known (no content script runs there). A pause on that site covers all its frames.
   */
  topSiteOf?: (tabId: number) => Promise<string | undefined>;
}

export async function handleMessage(
  raw: unknown,
  kind: SenderKind,
  tabId: number | undefined,
  deps: HandlerDeps,
  /** The sending frame's URL as the browser reports it (content scripts only). */
  senderUrl?: string,
  /** The sending frame (0 = the tab's top document). */
  frameId?: number,
  /** The sending frame's site (hostname; a srcdoc frame has its page's), content scripts only. */
  senderSite?: string,
): Promise<ResponseMap[Request['type']] | undefined> {
  const req = parseRequest(raw);
  if (!req || !kind) return undefined;
  if (kind === 'content' && !CONTENT_TYPES.has(req.type)) return undefined;
  const { library, sources } = deps;
  switch (req.type) {
    case 'getFrameView': {
      const settings = await deps.getSettings();
      const site = senderSite ?? '';
      const top = tabId !== undefined && frameId ? await deps.topSiteOf?.(tabId) : undefined;
      return {
        revision: library.revision,
        view: frameView(settings, top ? [site, top] : [site]),
        appliesToYou: await library.appliesTo(settings.where),
        // Only this site's choices: a frame never learns what the reader hid elsewhere.
        dismissed: dismissedOn(await deps.getDismissals(), site),
      };
    }
    case 'matchBlocks':
      return library.match(req.texts);
    case 'getEntry': {
      const details = await library.getEntry(req.id);
      const me = details?.entry.kind === 'app' ? (await deps.getSettings()).where : undefined;
      if (!details || details.entry.kind !== 'app' || !me?.places.length) return details;
      const app = details.entry;
      const rows = app.restrictions.flatMap((r, i) => (appliesTo(r, me) ? [i] : []));
      return { ...details, applies: { you: restrictionsFor(app, me).length > 0, rows } };
    }
    case 'reportFlags':
      if (tabId !== undefined && kind === 'content') {
        const host = senderUrl ? new URL(senderUrl).hostname : undefined;
        await deps.tabFlags.set(tabId, { scanned: req.scanned, flags: req.flags, host }, frameId);
        deps.setBadge(tabId, TabFlagStore.badgeText(await deps.tabFlags.get(tabId)));
      }
      return { ok: true };
    case 'learnClaimReviews':
      return kind === 'content' && senderUrl ? sources.learn(req.blocks, senderUrl) : { added: 0 };
    case 'search':
      return library.search(req.query, { kind: req.kind, limit: req.limit });
    case 'getTabFlags':
      return deps.tabFlags.get(req.tabId);
    case 'getSources':
      return sources.list();
    case 'addSource':
      return sources.add(req.url);
    case 'updateSource':
      return sources.update(req.id, true);
    case 'updateAll':
      return sources.updateAll();
    case 'removeSource':
      return sources.remove(req.id);
    case 'setSourceEnabled':
      return sources.setEnabled(req.id, req.enabled);
    case 'setSourceInterval':
      return sources.setInterval(req.id, req.intervalHours);
    case 'getSourceEntries':
      return sources.entriesOf(req.id);
    case 'addLocalEntry':
      return sources.addLocal(req.entry);
    case 'deleteEntries':
      return sources.deleteEntries(req.sourceId, req.ids);
    case 'getSettings':
      return deps.getSettings();
    case 'setSettings': {
      const patch = req.settings;
      return serialized(settingsWrites, deps, async () => {
        const next = parseSettings({ ...(await deps.getSettings()), ...patch });
        await deps.setSettings(next);
        return next;
      });
    }
    case 'dismissClaim': {
      // The site comes from the browser (the sender), never from the message.
      if (kind !== 'content' || !senderSite) return { ok: false };
      const d: Dismissal = { id: req.id, name: req.name, site: senderSite, at: Date.now() };
      if (req.sentence !== undefined) d.sentence = req.sentence;
      await serialized(dismissalWrites, deps, async () =>
        deps.setDismissals(addDismissal(await deps.getDismissals(), d)),
      );
      return { ok: true };
    }
    case 'getDismissals':
      return deps.getDismissals();
    case 'undoDismissal':
      await serialized(dismissalWrites, deps, async () =>
        deps.setDismissals(removeDismissal(await deps.getDismissals(), req.key)),
      );
      return { ok: true };
    case 'exportAll':
      return sources.exportAll();
    case 'importAll':
      return sources.importAll(req.text);
  }
}

/**
 * setSettings reads, merges and writes back: two patches in flight at once would both read the same
 * settings and the second write would drop the first patch. Each write waits for the one before.
 * Dismissals (read, change, write back the list) are queued the same way, in a queue of their own.
 */
type WriteQueue = WeakMap<HandlerDeps, Promise<unknown>>;
const settingsWrites: WriteQueue = new WeakMap();
const dismissalWrites: WriteQueue = new WeakMap();
function serialized<T>(queue: WriteQueue, deps: HandlerDeps, write: () => Promise<T>): Promise<T> {
  const run = (queue.get(deps) ?? Promise.resolve()).then(write);
  queue.set(
    deps,
    run.catch(() => undefined), // a failed write must not block the next
  );
  return run;
}
