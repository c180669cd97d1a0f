import { existsSync } from 'node:fs';
import { FIREFOX_EXTENSION_DIR, firefoxPath } from '../firefox';

/** Fails the run (never skips) when there is no Firefox or no Firefox build. */
export default function setup(): void {
  firefoxPath();
  if (!existsSync(`${FIREFOX_EXTENSION_DIR}/manifest.json`))
    throw new Error('No Firefox build: run `npm run build:firefox` first.');
}
