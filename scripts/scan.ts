/**
 * `npm run scan -- [--json] [--feed PATH_OR_URL]... [--no-default] INPUT...`: flags refuted claims
 * and restricted apps in HTML files, text files and web pages, with the extension's own matcher
 * and text rules. Exit code: 0 all inputs scanned, 1 an input or list failed, 2 usage error.
 */
import { parseArgs } from 'node:util';
import { buildMatcher, loadLists, Scanner, type ScanResult } from './lib/scan-core';

const USAGE = `Usage: npm run scan -- [options] INPUT...

Flags mentions of refuted claims and restricted apps in drafts and archives.
INPUT is an .html/.htm file, a .txt file or an http(s) URL.

Options:
  --json              one JSON object per input per line:
                      {"input", "flags": [{"id", "kind", "label", "text", "start", "end"}], "error"?}
  --feed PATH_OR_URL  also use this list (Source Flags feed, ClaimReview JSON-LD, Fact Check Tools
                      response, or a fact-check page with ClaimReview JSON-LD); repeatable
  --no-default        leave out the bundled default list
  --base URL          resolve relative ClaimReview links of local --feed files against URL
                      (without it, such reviews are kept under their id as written, with no link)
  --possible          also list possible matches: claims below the inline tier, which the
                      extension lists in its popup but does not badge ("tier": "possible")
  --explain           with each claim flag, its tier, score, the features that weighed most
                      and the words the text shares with the claim
  -h, --help          show this help

start/end are UTF-16 offsets into the extracted text (HTML: the visible text blocks joined by blank
lines; .txt: the file text itself). Exit code: 0 all inputs scanned, 1 an input or list failed,
2 usage error.`;

const out = (s: string) => process.stdout.write(s + '\n');
const err = (s: string) => process.stderr.write(s + '\n');

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

const oneLine = (s: string, max = 200) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
};

/** --explain: each claim flag's tier, score and strongest features. */
let explain = false;

function printReport(r: ScanResult): void {
  out(r.input);
  if (r.error) {
    out(`  error: ${r.error}`);
    return;
  }
  for (const f of r.flags) {
    const where = r.kind === 'text' ? `line ${lineOf(r.text ?? '', f.start)}` : `offset ${f.start}`;
    out(`  ${where}  ${f.kind}  ${f.label}  ${f.id}${f.tier === 'possible' ? '  (possible match, not badged)' : ''}`);
    out(`      “${oneLine(f.text)}” [${f.start}–${f.end}]`);
    if (explain && f.kind === 'claim') {
      const tier = f.tier ?? 'inline (curated rule)';
      const score = f.score !== undefined ? ` score ${f.score.toFixed(3)}` : '';
      out(`      tier ${tier}${score}`);
      if (f.score === 1 && !f.why?.features.length) out('      the whole claim is quoted (or told word for word)');
      else if (f.why) {
        out(`      features: ${f.why.features.map(([n, v]) => `${n} ${v >= 0 ? '+' : ''}${v.toFixed(2)}`).join(', ')}`);
        out(`      shared words: ${f.why.shared.join(', ') || '(none)'}`);
      }
    }
  }
  const claims = r.flags.filter((f) => f.kind === 'claim').length;
  out(`  ${r.flags.length} flags (${claims} claims, ${r.flags.length - claims} apps)`);
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        feed: { type: 'string', multiple: true },
        'no-default': { type: 'boolean' },
        base: { type: 'string' },
        possible: { type: 'boolean' },
        explain: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    err(`scan: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals: inputs } = args;
  if (values.help) {
    out(USAGE);
    return 0;
  }
  const feeds = values.feed ?? [];
  const problem = !inputs.length
    ? 'no INPUT given'
    : values['no-default'] && !feeds.length
      ? '--no-default needs at least one --feed'
      : values.base !== undefined && !/^https?:\/\/[^/]/i.test(values.base)
        ? '--base needs an http(s) URL'
        : '';
  if (problem) {
    err(`scan: ${problem}\n\n${USAGE}`);
    return 2;
  }

  const { items, lists } = await loadLists({ feeds, noDefault: values['no-default'], base: values.base });
  explain = values.explain === true;
  let failed = false;
  for (const list of lists) {
    const what = list.name === 'default' ? 'default list' : `feed ${list.name}`;
    if (list.error) {
      failed = true;
      err(`scan: ${what}: ${list.error}`);
    } else if (list.skipped) {
      err(`scan: ${what}: ${list.skipped} entries skipped${list.problems[0] ? ` (${list.problems[0]})` : ''}`);
    }
  }

  const scanner = new Scanner(buildMatcher(items, explain), values.possible === true);
  let errors = 0;
  let flags = 0;
  try {
    await scanner.scanAll(inputs, (r) => {
      if (r.error) errors++;
      flags += r.flags.length;
      if (values.json) out(JSON.stringify({ input: r.input, flags: r.flags, ...(r.error ? { error: r.error } : {}) }));
      else printReport(r);
    });
  } finally {
    await scanner.close();
  }
  if (!values.json && inputs.length > 1) {
    out(`\n${inputs.length} inputs, ${flags} flags${errors ? `, ${errors} could not be scanned` : ''}`);
  }
  return failed || errors ? 1 : 0;
}

process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    err(`scan: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exitCode = 1;
  },
);
