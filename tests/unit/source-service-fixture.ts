/**
 * A fresh profile for tests of the real SourceService and Library over fake-indexeddb: an empty
 * database with the bundled list, no network, settings kept in `profile.settings`, time from `now`.
 */
import { IDBFactory } from 'fake-indexeddb';
import { Library } from '../../utils/background/library';
import type { SourceServiceDeps } from '../../utils/background/source-context';
import { SourceService } from '../../utils/background/sources';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/settings';

export interface TestProfile {
  library: Library;
  service: SourceService;
  deps: SourceServiceDeps;
  settings: Settings;
}

export async function freshProfile(
  now: () => number,
  settings: Settings = { ...DEFAULT_SETTINGS },
): Promise<TestProfile> {
  globalThis.indexedDB = new IDBFactory();
  const library = new Library();
  await library.ensureDefaults(now());
  const profile = { library, settings } as TestProfile;
  profile.deps = {
    library,
    notify: { indexChanged: () => undefined, sourcesChanged: () => undefined },
    now,
    getSettings: async () => profile.settings,
    setSettings: async (s: Settings) => void (profile.settings = s),
  };
  profile.service = new SourceService(profile.deps);
  return profile;
}
