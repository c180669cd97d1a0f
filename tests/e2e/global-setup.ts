import { existsSync } from 'node:fs';
import { chromePath, EXTENSION_DIR } from '../browser';

/** Fails the run (never skips) when there is no browser or no build. */
export default function setup(): void {
  chromePath();
  if (!existsSync(`${EXTENSION_DIR}/manifest.json`)) throw new Error('No built extension: run `npm run build` first.');
}
