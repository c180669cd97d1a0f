/**
 * `npm run lint:firefox`: the addons.mozilla.org linter (`web-ext lint`) on the Firefox build.
 * Fails on any error, and on any warning except the one the README explains ("Firefox and
 * addons.mozilla.org"): UNSAFE_VAR_ASSIGNMENT where Preact's renderer supports
 * `dangerouslySetInnerHTML` (`el.innerHTML = props.__html`), which no component of ours uses. The
 * exception is checked, not assumed: every `innerHTML=` in the flagged file must assign `.__html`,
 * and no source file may use `dangerouslySetInnerHTML`.
 *
 *   npm run lint:firefox [-- --source-dir DIR]
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: { 'source-dir': { type: 'string', default: resolve(ROOT, '.output', 'firefox-mv2') } },
});
const dir = resolve(values['source-dir']!);

interface Message {
  code: string;
  message: string;
  file?: string;
  line?: number;
}

function lint(): { errors: Message[]; warnings: Message[]; notices: Message[] } {
  const bin = resolve(ROOT, 'node_modules', '.bin', 'web-ext');
  let out: string;
  try {
    out = execFileSync(bin, ['lint', '--source-dir', dir, '--output', 'json', '--no-config-discovery'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    // web-ext exits non-zero when there are errors, and still prints the report.
    out = (err as { stdout?: string }).stdout ?? '';
    if (!out.trim()) throw err;
  }
  return JSON.parse(out.slice(out.indexOf('{'))) as ReturnType<typeof lint>;
}

/** Source files of ours (not dependencies) that ask Preact to set raw HTML. */
function rawHtmlInSources(): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|tsx)$/.test(name) && readFileSync(p, 'utf8').includes('dangerouslySetInnerHTML')) found.push(p);
    }
  };
  for (const d of ['components', 'entrypoints', 'utils']) walk(resolve(ROOT, d));
  return found;
}

/** Preact's own dangerouslySetInnerHTML support: every innerHTML assignment takes `.__html`. */
function onlyPreactRawHtml(file: string): boolean {
  const text = readFileSync(resolve(dir, file), 'utf8');
  const assignments = [...text.matchAll(/\.innerHTML=([^,;)]*)/g)];
  return assignments.length > 0 && assignments.every((m) => /^[\w$]+\.__html$/.test(m[1]!));
}

function main(): number {
  const report = lint();
  const problems: string[] = [];
  for (const e of report.errors) problems.push(`error ${e.code} ${e.file ?? ''}: ${e.message}`);
  for (const w of report.warnings) {
    const explained = w.code === 'UNSAFE_VAR_ASSIGNMENT' && w.file && onlyPreactRawHtml(w.file);
    if (!explained) problems.push(`warning ${w.code} ${w.file ?? ''}:${w.line ?? ''} ${w.message}`);
  }
  for (const f of rawHtmlInSources())
    problems.push(`${f} uses dangerouslySetInnerHTML (feed text is rendered as text)`);
  const explained = report.warnings.length - problems.filter((p) => p.startsWith('warning')).length;
  if (problems.length) {
    console.error(`web-ext lint on ${dir}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    return 1;
  }
  console.log(
    `web-ext lint: 0 errors, ${report.warnings.length} warnings (${explained} explained: Preact's ` +
      `dangerouslySetInnerHTML support, unused), ${report.notices.length} notices.`,
  );
  return 0;
}

process.exitCode = main();
