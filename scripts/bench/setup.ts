/**
 * What a benchmark page needs, shared by `npm run bench` and `npm run bench:compare`: the page's
 * script and its background worker bundled from a checkout's sources, mark.js, and the generated
 * news pages.
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Entry } from '../../utils/feed/types';
import { newsPage } from './pages';

/** The generated pages by name, with their visible text's size. */
export const PAGE_SIZES: Record<string, number> = { '200k': 200_000, '2m': 2_000_000 };

/**
 * Bundles the benchmark page's script (scanner and measured methods) and the worker standing for
 * the background from the checkout at `root` into `dir`, with mark.js from `modules`. A revision
 * from before issue 15 has no worker: it is skipped.
 */
export async function bundleBenchScripts(root: string, dir: string, modules = join(root, 'node_modules')) {
  mkdirSync(dir, { recursive: true });
  for (const [entry, out] of [
    ['page-entry', 'bench'],
    ['worker-entry', 'bench-worker'],
  ] as const) {
    const file = join(root, 'scripts', 'bench', `${entry}.ts`);
    if (!existsSync(file)) continue;
    await build({
      entryPoints: [file],
      bundle: true,
      format: 'iife',
      target: 'es2022',
      outfile: join(dir, `${out}.js`),
      tsconfig: join(root, 'tsconfig.json'),
      logLevel: 'warning',
    });
  }
  copyFileSync(join(modules, 'mark.js/dist/mark.min.js'), join(dir, 'mark.min.js'));
}

/** Writes `news-{size}.html` into `dir`, naming `names` (the first entries of the lists). */
export function writeBenchPage(dir: string, size: string, names: readonly Entry[]) {
  const p = newsPage(PAGE_SIZES[size] ?? Number(size), names);
  const html = p.html.replace(
    '</title>',
    '</title><script src="mark.min.js"></script><script src="bench.js"></script>',
  );
  writeFileSync(join(dir, `news-${size}.html`), html);
  return { visibleChars: p.visibleChars, mentions: p.mentions };
}
