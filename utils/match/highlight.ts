/**
 * Why a free-text claim matched, for its card: the claim's text cut into runs, the words the page
 * shares with it marked. `shared` holds the claim's terms found on the page as the index has them
 * (folded; "releas*" is a prefix, "$1 billion" an amount). Pure.
 */
import { foldPhrase } from './normalize';

export interface Run {
  text: string;
  shared: boolean;
}

const WORD = /[\p{L}\p{N}$€£¥][\p{L}\p{N}'\u2019]*/gu;

export function highlightShared(text: string, shared: readonly string[]): Run[] {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const term of shared) {
    // Multi-word terms (amounts such as "$1 billion") mark each of their words.
    for (const part of term.split(/\s+/)) {
      if (!part) continue;
      if (part.endsWith('*')) prefixes.push(part.slice(0, -1));
      else exact.add(part);
    }
  }
  const runs: Run[] = [];
  const push = (s: string, hit: boolean) => {
    if (!s) return;
    const last = runs[runs.length - 1];
    if (last && last.shared === hit) last.text += s;
    else runs.push({ text: s, shared: hit });
  };
  let at = 0;
  for (const m of text.matchAll(WORD)) {
    push(text.slice(at, m.index), false);
    const w = foldPhrase(m[0]).replace(/['\u2019]s$|['\u2019]$/, '');
    const hit = w.length > 0 && (exact.has(w) || prefixes.some((p) => p.length > 0 && w.startsWith(p)));
    push(m[0], hit);
    at = m.index + m[0].length;
  }
  push(text.slice(at), false);
  return runs;
}
