/**
 * Money amounts in any common spelling, reduced to one key so "$1 billion", "$1bn", "US$1B",
 * "USD 1,000 million", "1 billion dollars" and "10亿美元" all compare equal ("¤usd:1000000000").
 * Works on normalize()d text (lower case, single spaces). Pure.
 */

export interface AmountHit {
  key: string;
  start: number;
  end: number;
}

const SCALES: Record<string, number> = {
  trillion: 1e12,
  tn: 1e12,
  billion: 1e9,
  bn: 1e9,
  b: 1e9,
  million: 1e6,
  mn: 1e6,
  mln: 1e6,
  m: 1e6,
  thousand: 1e3,
  k: 1e3,
};
const CJK_SCALES: Record<string, number> = { 万: 1e4, 萬: 1e4, 亿: 1e8, 億: 1e8, 千: 1e3, 百: 1e2 };
const CJK_DIGITS: Record<string, number> = {
  一: 1,
  二: 2,
  两: 2,
  兩: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
};
const CURRENCY_WORDS: Record<string, string> = {
  dollars: 'usd',
  dollar: 'usd',
  usd: 'usd',
  'us dollars': 'usd',
  'u.s. dollars': 'usd',
  yuan: 'cny',
  rmb: 'cny',
  cny: 'cny',
  euros: 'eur',
  euro: 'eur',
  eur: 'eur',
};
const CURRENCY_CJK: Record<string, string> = {
  美元: 'usd',
  美金: 'usd',
  元: 'cny',
  人民币: 'cny',
  人民幣: 'cny',
  欧元: 'eur',
  歐元: 'eur',
};

const NUM = String.raw`(\d+(?:[.,]\d+)*)`;
const SCALE = String.raw`(?:\s?(trillion|billion|million|thousand|tn|bn|mln|mn|b|m|k)(?![\p{L}\p{N}]))?`;
const PREFIX = String.raw`(us\s?\$|u\.s\.\s?\$|usd\s?|\$|€|eur\s?|rmb\s?|cny\s?|¥)`;
const SUFFIX_WORD = String.raw`\s?(u\.s\. dollars|us dollars|dollars|dollar|usd|yuan|rmb|cny|euros|euro|eur)(?![\p{L}\p{N}])`;
const CJK_NUM = String.raw`([\d.]+|[一二两兩三四五六七八九十]+)`;

const LATIN = new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${PREFIX}${NUM}${SCALE}|${NUM}${SCALE}${SUFFIX_WORD})`, 'gu');
const CURRENCY_MARK = /[$€¥]|usd|eur|rmb|cny|dollar|yuan/;
const CJK = new RegExp(String.raw`${CJK_NUM}([万萬亿億千百]*)(美元|美金|人民币|人民幣|欧元|歐元|元)`, 'gu');

function parseNumber(s: string): number {
  // "1,000,000" → 1000000; "1.5" → 1.5; "1,5" (decimal comma) → 1.5 when one group of != 3 digits.
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) return Number(s.replace(/,/g, ''));
  if (/^\d+,\d{1,2}$/.test(s)) return Number(s.replace(',', '.'));
  return Number(s.replace(/,/g, ''));
}

function currencyOfPrefix(p: string): string {
  if (p.includes('$')) return 'usd';
  if (p.startsWith('usd')) return 'usd';
  if (p === '€' || p.startsWith('eur')) return 'eur';
  return 'cny';
}

function parseCjkNumber(s: string): number {
  if (/^[\d.]+$/.test(s)) return Number(s);
  // 十 = 10, 十五 = 15, 二十 = 20, 三 = 3
  let total = 0;
  let digit = 0;
  for (const ch of s) {
    const v = CJK_DIGITS[ch] ?? 0;
    if (v === 10) {
      total += (digit || 1) * 10;
      digit = 0;
    } else digit = v;
  }
  return total + digit;
}

export function amountKey(currency: string, value: number): string {
  return `¤${currency}:${Math.round(value)}`;
}

/** Every money amount in normalised text. */
export function findAmounts(text: string): AmountHit[] {
  const hits: AmountHit[] = [];
  if (!/\d|[十亿億万萬]/.test(text)) return hits;
  // Every Latin amount names its currency; most text with digits (years, dates) names none.
  if (CURRENCY_MARK.test(text))
    for (const m of text.matchAll(LATIN)) {
      const [, prefix, num1, scale1, num2, scale2, word] = m;
      const num = num1 ?? num2;
      if (num === undefined) continue;
      const currency = prefix ? currencyOfPrefix(prefix.replace(/\s/g, '')) : CURRENCY_WORDS[word ?? ''];
      if (!currency) continue;
      const value = parseNumber(num) * (SCALES[scale1 ?? scale2 ?? ''] ?? 1);
      if (!Number.isFinite(value)) continue;
      hits.push({ key: amountKey(currency, value), start: m.index, end: m.index + m[0].length });
    }
  if (/[元金幣币]/.test(text)) {
    for (const m of text.matchAll(CJK)) {
      const [, num, scales, unit] = m;
      let value = parseCjkNumber(num!);
      for (const ch of scales ?? '') value *= CJK_SCALES[ch] ?? 1;
      const currency = CURRENCY_CJK[unit!];
      if (!currency || !Number.isFinite(value) || value === 0) continue;
      hits.push({ key: amountKey(currency, value), start: m.index, end: m.index + m[0].length });
    }
  }
  return hits;
}

/** The key of a term that is exactly one amount ("$1 billion"), else undefined. */
export function parseAmountTerm(foldedTerm: string): string | undefined {
  const hits = findAmounts(foldedTerm);
  if (hits.length === 1 && hits[0]!.start === 0 && hits[0]!.end === foldedTerm.length) return hits[0]!.key;
  return undefined;
}
