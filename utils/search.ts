/**
 * Look-up over cached entries for the popup: ranked by where the query words occur (name and
 * aliases first, then claim text, then jurisdictions), tolerant of case, accents and word order.
 * Pure.
 */
import type { Entry } from './feed/types';
import { describeEntry } from './match/describe';
import { foldPhrase } from './match/normalize';

export interface SearchResult {
  id: string;
  kind: 'claim' | 'app';
  name: string;
  label: string;
  tone: string;
  source: string;
  score: number;
}

interface Doc {
  entry: Entry;
  source: string;
  names: string;
  body: string;
  places: string;
}

export class SearchIndex {
  private readonly docs: Doc[];

  constructor(items: readonly { entry: Entry; source: string }[]) {
    this.docs = items.map(({ entry, source }) => {
      if (entry.kind === 'app') {
        const aliases = entry.aliases.map((a) => (typeof a === 'string' ? a : a.text));
        return {
          entry,
          source,
          names: foldPhrase([entry.name, ...aliases].join(' | ')),
          body: foldPhrase(entry.description ?? ''),
          places: foldPhrase(entry.restrictions.map((r) => `${r.where} ${r.authority ?? ''}`).join(' | ')),
        };
      }
      return {
        entry,
        source,
        names: foldPhrase(entry.claim),
        body: foldPhrase([entry.summary, entry.reviewedBy, entry.origin].filter(Boolean).join(' | ')),
        places: '',
      };
    });
  }

  search(query: string, opts: { kind?: 'claim' | 'app'; limit?: number } = {}): SearchResult[] {
    const words = foldPhrase(query).split(' ').filter(Boolean).slice(0, 12);
    if (!words.length) return [];
    const results: SearchResult[] = [];
    for (const d of this.docs) {
      if (opts.kind && d.entry.kind !== opts.kind) continue;
      let score = 0;
      let matched = 0;
      for (const w of words) {
        const s = d.names.includes(w) ? 3 : d.places.includes(w) ? 2 : d.body.includes(w) ? 1 : 0;
        if (s) matched++;
        score += s;
      }
      if (matched < Math.max(1, Math.ceil(words.length * 0.6))) continue;
      const desc = describeEntry(d.entry);
      const name = d.entry.kind === 'app' ? d.entry.name : d.entry.claim;
      results.push({
        id: d.entry.id,
        kind: d.entry.kind,
        name,
        label: desc.label,
        tone: desc.tone,
        source: d.source,
        score,
      });
    }
    results.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
    return results.slice(0, opts.limit ?? 30);
  }
}
