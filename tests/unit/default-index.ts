/** The bundled default list compiled into a Matcher, as the background does it. */
import defaultList from '../../assets/default-list.json';
import { validateOwnFeed } from '../../utils/feed/validate';
import { compileIndex } from '../../utils/match/index-data';
import { Matcher } from '../../utils/match/matcher';

export const defaultFeed = validateOwnFeed(defaultList);
/** The bundled list compiled once, for tests that build matchers from it in other ways. */
export const defaultIndex = compileIndex(defaultFeed.entries.map((entry) => ({ entry, source: 'default' })));
export const defaultMatcher = new Matcher(defaultIndex);

/** "id:matched text" for every mention, for compact table-driven assertions. */
export function found(text: string, kind?: 'app' | 'claim'): string[] {
  return defaultMatcher
    .scan(text)
    .filter((m) => !kind || m.kind === kind)
    .map((m) => (m.kind === 'claim' ? m.id : `${m.id}:${m.text}`));
}
