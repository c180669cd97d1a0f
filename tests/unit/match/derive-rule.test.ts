import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  asTerm,
  claimTerms,
  countTermStats,
  DEFAULT_DERIVE,
  deriveClaimRule,
  salientTerms,
  stem,
} from '../../../utils/match/derive-rule';
import { compileIndex, listTermStats } from '../../../utils/match/index-data';
import { Matcher } from '../../../utils/match/matcher';
import type { ClaimEntry } from '../../../utils/feed/types';
import { findAmounts } from '../../../utils/match/amounts';
import { foldPhrase } from '../../../utils/match/normalize';
import { STOPWORDS } from '../../../utils/match/stopwords';

/** stem as it was before it was read in place: the reference. */
function stemReference(word: string): string {
  if (word.length < 5 || /\d/.test(word)) return word;
  for (const suffix of ['ations', 'ation', 'ings', 'ing', 'edly', 'ed', 'ies', 'es', 'ly', 's']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 4) return word.slice(0, -suffix.length);
  }
  return word;
}

/** salientTerms as it was before its ASCII path read character codes: the reference. */
function salientTermsReference(text: string): string[] {
  const folded = foldPhrase(text);
  const out = new Set<string>();
  for (const a of findAmounts(folded)) out.add(folded.slice(a.start, a.end));
  for (const m of folded.matchAll(/[\p{L}\p{N}][\p{L}\p{N}']*/gu)) {
    const w = m[0].replace(/'s$|'$/, '');
    if (/[\u3400-\u9fff\uf900-\ufaff]+/u.test(w)) {
      for (let i = 0; i + 1 < w.length; i++) out.add(w.slice(i, i + 2));
      continue;
    }
    if (w.length < 2 || STOPWORDS.has(w) || /^\d{1,2}$/.test(w)) continue;
    out.add(stemReference(w));
  }
  return [...out];
}

const claim = (id: string, text: string, title?: string): ClaimEntry => ({
  kind: 'claim',
  id,
  claim: text,
  verdict: 'false',
  reviewedBy: 'Example Checks',
  sources: [{ url: `https://example.org/${id}`, title }],
});

describe('salient terms', () => {
  it.each([
    ['Photos show the mayor releasing birds', ['photo', 'show', 'mayor', 'releas', 'bird']],
    ["The senator's bill was passed in 1997", ['senator', 'bill', 'pass', '1997']],
    ['Alibaba will invest $1 billion in DeepSeek', ['$1 billion', 'alibaba', 'invest', 'billion', 'deepseek']],
    ['阿里巴巴投资', ['阿里', '里巴', '巴巴', '巴投', '投资']],
  ])('%s', (text, expected) => {
    expect(salientTerms(text)).toEqual(expected);
  });

  it('are the same as the reference on any ASCII text (apostrophes, digits, amounts, stopwords)', () => {
    const piece = fc.constantFrom(
      ...[
        "'",
        "'s",
        's',
        'it',
        'the',
        'The',
        '7',
        '12',
        '123',
        '$',
        '1',
        'billion',
        ' ',
        '-',
        '.',
        ',',
        'X',
        'ab',
        "o'",
        'rock',
        'themselves',
        'ourselves',
        "shouldn't",
        "n'",
        'Roll',
      ],
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), (parts) => {
        const text = parts.join('');
        expect(salientTerms(text)).toEqual(salientTermsReference(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('stem is the same as the reference on any word', () => {
    const piece = fc.constantFrom(
      ...['a', 'e', 's', 'ly', 'ed', 'ing', 'ation', 'ies', 'es', 'i', 'n', 'g', '1', 't', "'"],
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (parts) => {
        const word = parts.join('');
        expect(stem(word)).toBe(stemReference(word));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['releases', 'releas'],
    ['vaccinations', 'vaccin'],
    ['bus', 'bus'],
    ['2020s', '2020s'],
  ])('stem(%s) = %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });
});

describe('term statistics', () => {
  it('count words of the review headline too, once per claim', () => {
    const stats = countTermStats([
      ['Senator sold bridges', 'Fact check: senator sold bridges'],
      ['Mayor closed schools', 'Fact check: mayor closed schools'],
      'Governor banned coffee',
    ]);
    expect(stats.docs).toBe(3);
    expect(stats.df.get('fact')).toBe(2);
    expect(stats.df.get('senator')).toBe(1);
    expect(stats.df.get('governor')).toBe(1);
  });

  it('a word only headlines use is not rarer than it is', () => {
    const items = ['Senator sold bridges', 'Mayor closed schools', 'Governor banned coffee'].map((text, i) => ({
      entry: claim(`c${i}`, text, `Fact check: ${text}`),
      source: 'test',
    }));
    const rule = deriveClaimRule(
      items[0]!.entry.claim,
      listTermStats(items),
      undefined,
      items[0]!.entry.sources[0]!.title,
    )!;
    const weight = (t: string) => rule.weights[rule.terms.indexOf(t)]!;
    expect(weight('fact*')).toBeLessThan(weight('senator*'));
  });
});

describe('derived rules', () => {
  it('put the rarest terms first, with positive weights', () => {
    const stats = countTermStats(['The mayor closed the bridge', 'The mayor sold the bridge', 'Kentucky banned kites']);
    const rule = deriveClaimRule('The mayor of Kentucky flew kites', stats)!;
    expect(rule.terms.slice(0, 2).sort()).toEqual(['flew*', 'kentucky*']);
    expect(rule.terms.at(-1)).toBe('mayor*');
    for (let i = 1; i < rule.weights.length; i++) expect(rule.weights[i]).toBeLessThanOrEqual(rule.weights[i - 1]!);
    expect(rule.weights.every((w) => w > 0)).toBe(true);
  });

  it('are not made for claims too vague to match safely', () => {
    expect(deriveClaimRule('It is true', countTermStats(['It is true']))).toBeUndefined();
  });
});

const LIST = [
  claim('bridges', 'Senator Ada Brook sold the Harbor bridges to a Kentucky company in 1997.'),
  claim('vaccines', 'Photo shows Governor Lee injecting kittens with vaccines.'),
  claim('coffee', 'Norway banned coffee imports from Kenya in 2019.'),
  claim('coffee-2', 'Norway doubled coffee imports from Brazil in 2021.'),
  claim('moon', 'NASA admitted that the Moon landing footage was filmed in Nevada.'),
];
const matcher = new Matcher(compileIndex(LIST.map((entry) => ({ entry, source: 'test' }))));
const claimsIn = (text: string) =>
  matcher
    .scan(text)
    .filter((m) => m.kind === 'claim')
    .map((m) => m.id);

describe('matching free-text claims', () => {
  it.each([
    ['Did senator Ada Brook really sell the Harbor bridges to a Kentucky firm?', ['bridges']],
    ['Viral photo claims Governor Lee was injecting kittens with vaccines', ['vaccines']],
    ['Norway has banned coffee imports from Kenya, posts say.', ['coffee']],
    ['NASA "admitted" the moon landing footage was filmed in Nevada, a meme says.', ['moon']],
  ])('a paraphrase matches: %s', (text, expected) => {
    expect(claimsIn(text)).toEqual(expected);
  });

  it.each([
    ['Coffee prices rose in Norway this winter.'],
    ['The senator visited Kentucky last week.'],
    ['NASA showed new photos of the Moon.'],
    ['Norway and coffee imports: a story of Kenya and Brazil.'],
  ])('a near-miss or an ambiguous sentence does not: %s', (text) => {
    expect(claimsIn(text)).toEqual([]);
  });

  it('badges each sentence of a long block on its own', () => {
    const filler = 'Markets were calm and the weather was mild across the region for most of the week. '.repeat(6);
    const text = `${filler}Norway banned coffee imports from Kenya, a post said. ${filler}`;
    const found = matcher.scan(text).filter((m) => m.kind === 'claim');
    expect(found.map((m) => m.text)).toEqual(['Norway banned coffee imports from Kenya, a post said.']);
  });
});

describe('competing claims', () => {
  const filler = Array.from({ length: 40 }, (_, i) =>
    claim(`f${i}`, `Filler story number ${i} about weather markets and sports results`),
  );
  const scanWith = (list: ClaimEntry[], text: string, strongScore = DEFAULT_DERIVE.strongScore) =>
    new Matcher(
      compileIndex(
        list.map((entry) => ({ entry, source: 'test' })),
        undefined,
        { ...DEFAULT_DERIVE, strongScore },
      ),
    )
      .scan(text)
      .map((m) => m.id);

  it('the same claim in two lists, quoted differently, counts once: the first is badged', () => {
    const list = [
      claim('first', 'The mayor said "free coffee" would flow from Harbor Street taps by 2027.'),
      ...filler,
      claim('second', "The mayor said 'free coffee' would flow from Harbor Street taps by 2027."),
    ];
    expect(scanWith(list, 'Did the mayor say free coffee would flow from Harbor Street taps by 2027?')).toEqual([
      'first',
    ]);
  });

  it('a claim told word for word is badged inline, even next to a near-identical claim', () => {
    const list = [
      claim('water', 'Governor Pell secretly sold Lake Wendover water rights to Quexcorp bottlers'),
      claim('fishing', 'Governor Pell secretly sold Lake Wendover fishing rights to Quexcorp'),
      ...filler,
    ];
    const text = 'Governor Pell secretly sold Lake Wendover water rights to Quexcorp bottlers, posts say.';
    const found = new Matcher(compileIndex(list.map((entry) => ({ entry, source: 'test' })))).scan(text);
    expect(found.map((m) => [m.id, m.tier, m.score])).toEqual([['water', 'inline', 1]]);
    // The words the page shares with the claim are reported (the card highlights them).
    expect(found[0]!.shared).toEqual(expect.arrayContaining(['quexcorp*', 'wendover*', 'water*']));
  });
});

describe('the two-pass search decides exactly as the reference loop', () => {
  const WORDS = ['mayor', 'senator', 'sold', 'banned', 'coffee', 'bridges', 'kenya', 'norway', 'vaccines', '1997'];
  const sentence = fc.array(fc.constantFrom(...WORDS), { minLength: 3, maxLength: 9 }).map((w) => w.join(' '));

  it('on random lists and texts', () => {
    fc.assert(
      fc.property(
        fc.array(sentence, { minLength: 2, maxLength: 12 }),
        fc.array(sentence, { minLength: 1, maxLength: 4 }),
        (claims, texts) => {
          const items = claims.map((text, i) => ({ entry: claim(`c${i}`, text), source: 'test' }));
          const index = compileIndex(items);
          const fast = new Matcher(index);
          const reference = new Matcher(index);
          // The reference loop runs when the search's bounds do not apply; force it for the comparison.
          const forced = reference as unknown as { derived: { fast: boolean } };
          expect(forced.derived.fast).toBe(true);
          forced.derived.fast = false;
          // Several scans with the same matchers (scratch state must not leak from one window to
          // the next), one block short enough to be a single window, one long enough for each
          // sentence to be its own window.
          const short = texts.join('. ') + '.';
          const long = Array.from({ length: 6 }, () => short).join(' ');
          for (const text of [short, ...texts, long, short]) expect(fast.scan(text)).toEqual(reference.scan(text));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('reading a claim once', () => {
  it("asTerm makes a prefix term of a Latin stem of four letters or more, as /^[a-z][a-z']*$/ says", () => {
    const t = fc.string({ unit: fc.constantFrom('a', 'z', "'", 'B', '1', 'é', '*', 'q'), maxLength: 7 });
    fc.assert(
      fc.property(t, (w) => {
        expect(asTerm(w)).toBe(/^[a-z][a-z']*$/.test(w) && w.length >= 4 ? `${w}*` : w);
      }),
      { numRuns: 3000 },
    );
  });

  it("claimTerms gives the terms salientTerms gives, the headline's without the claim's", () => {
    const text = fc.array(
      fc.constantFrom('Garlic', 'cures', 'diabetes', "doctors'", '$1 billion', '東京都', 'the', 'cure'),
      {
        maxLength: 8,
      },
    );
    fc.assert(
      fc.property(text, text, (a, b) => {
        const claim = a.join(' ');
        const extra = b.join(' ');
        const main = salientTerms(claim);
        expect(claimTerms(claim, extra)).toEqual({ main, extra: salientTerms(extra).filter((t) => !main.includes(t)) });
        expect(claimTerms(claim)).toEqual({ main, extra: [] });
      }),
      { numRuns: 500 },
    );
  });
});
