/** The bundled list compiled once, for tests that build matchers from it in other ways. */
import { compileIndex } from '../../utils/match/index-data';
import { Matcher } from '../../utils/match/matcher';
import { defaultFeed } from './default-index';

export const defaultIndex = compileIndex(defaultFeed.entries.map((entry) => ({ entry, source: 'default' })));
export const defaultMatcher = new Matcher(defaultIndex);
