/**
 * Maps fact-checkers' own rating texts ("Pants on Fire", "Falso", "错误", "really_false") and numeric
 * ratings to a normalised verdict. Pure: no wxt, browser or DOM imports.
 */

export type NormalizedRating = 'false' | 'misleading' | 'mixed' | 'true' | 'unrated';

/** Latin-script words match whole words; CJK and other unspaced scripts match as substrings. */
export function pattern(list: string): RegExp {
  const words = list
    .split(/[|\n]/)
    .map((w) => w.trim().normalize('NFKC').toLowerCase())
    .filter(Boolean);
  const esc = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const spaced = (w: string) => /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\d ']+$/u.test(w);
  // The word boundaries are written once around all whole-word phrases, not around each: the same
  // matches (the engine backtracks into the other phrases), and a tenth of the time to compile,
  // which the first list parsed in a fresh worker pays in one step.
  const whole = words.filter(spaced).map(esc);
  const anywhere = words.filter((w) => !spaced(w)).map(esc);
  const parts = whole.length ? [`(?<![\\p{L}\\p{N}])(?:${whole.join('|')})(?![\\p{L}\\p{N}])`] : [];
  return new RegExp([...parts, ...anywhere].join('|'), 'u');
}

/**
 * A pattern compiled on first use: compiling the seven took 2–3 ms of every service worker's
 * start, and a worker woken to match a page parses no feed.
 */
function lazyPattern(list: string): { test(text: string): boolean } {
  let re: RegExp | undefined;
  return { test: (text) => (re ??= pattern(list)).test(text) };
}

const NEGATED_TRUE = lazyPattern(`
  not true | not correct | not accurate | no true | untrue | not real | nicht wahr | pas vrai
  no es cierto | no es verdad | não é verdade | non è vero | 不是真的 | 并非事实 | 並非事實 | не правда
  isn't true | isnt true | غير صحيح | सच नहीं | 사실 아님 | 사실이 아님 | 사실 아닌
`);
const MOSTLY_FALSE = lazyPattern(`
  mostly false | largely false | mainly false | mostly inaccurate | mayormente falso
  mayormente falsa | principalmente falso | majoritairement faux | plutôt faux | überwiegend falsch
  größtenteils falsch | prevalentemente falso | in gran parte falso | 大部分错误 | 大部分錯誤 | 基本不实
  three pinocchios | four pinocchios | pants on fire | pants fire | barely true
`);
const MOSTLY_TRUE = lazyPattern(`
  mostly true | largely true | mainly true | mostly correct | mostly accurate | mayormente verdadero
  mayormente cierto | principalmente verdadeiro | plutôt vrai | majoritairement vrai
  überwiegend wahr | größtenteils richtig | prevalentemente vero | 大部分正确 | 大部分正確 | 基本属实 | 基本屬實
  one pinocchio | geppetto checkmark
`);
const MIXED = lazyPattern(`
  half true | half false | half truth | mixture | mixed | partly false | partly true | partially false
  partially true | part true | part false | unproven | unproved | unsupported | unverified
  unverifiable | no evidence | insufficient evidence | lacks evidence | disputed | two pinocchios
  mostly unverified | verdadero a medias | medio verdadero | a medias | parcialmente falso
  parcialmente verdadero | parcialmente falsa | parcialmente verdadeiro | sin evidencia | sin pruebas
  sem provas | sem evidências | insustentable | impreciso | à moitié vrai | à moitié faux
  partiellement faux | partiellement vrai | non prouvé | invérifiable | teilweise falsch
  teilweise richtig | teils richtig | halb wahr | unbelegt | unbewiesen | parzialmente falso
  parzialmente vero | non provato | deels onwaar | częściowo fałsz | częściowa prawda | kısmen doğru
  kısmen yanlış | частично | sebagian benar | sebagian salah | not verified | not confirmed | 部分错误
  部分錯誤 | 部分正确 | 部分正確 | 部分属实 | 部分屬實 | 半真半假 | 真假参半 | 真假參半 | 证据不足 | 證據不足 | 尚无证据 | 有待证实 | 未经证实 | 未經證實
  一部誤り | 根拠不明 | 부분 사실 | 절반의 사실
`);
const MISLEADING = lazyPattern(`
  misleading | missing context | lacks context | lacking context | needs context | out of context
  without context | exaggerated | exaggeration | cherry picks | cherry picking | distorted | distorts
  spin | misrepresented | engañoso | engañosa | enganoso | enganosa | fuera de contexto | sin contexto
  falta contexto | sacado de contexto | exagerado | exagerada | fora de contexto | sem contexto
  distorcido | trompeur | trompeuse | hors contexte | sorti de son contexte | manque de contexte
  exagéré | irreführend | aus dem zusammenhang gerissen | fehlender kontext | kontext fehlt
  übertrieben | fuorviante | fuori contesto | decontestualizzato | esagerato | misleidend
  zonder context | wprowadza w błąd | manipulacja | yanıltıcı | bağlamından koparılmış
  вводит в заблуждение | вырвано из контекста | manipulatif | menyesatkan | konteks keliru | 误导 | 誤導
  断章取义 | 斷章取義 | 缺乏背景 | 缺少背景 | 夸大 | 誇大 | 誤解を招く | 오해의 소지
`);
const FALSE = lazyPattern(`
  false | fake | incorrect | inaccurate | wrong | fabricated | hoax | scam | fiction | debunked
  baseless | altered | doctored | manipulated | bogus | pinocchio | falso | falsa | bulo | faux
  fausse | fake news | infox | intox | falsch | erfunden | manipuliert | onwaar | nep | fałsz
  nieprawda | yanlış | asılsız | ложь | неправда | фейк | hoaks | bohong | salah | keliru
  sai sự thật | ψευδές | falskt | falsk | usant | väärä | hamis | nepravda | neadevărat | fals | 错误
  錯誤 | 假 | 失实 | 失實 | 不符 | 不实 | 不實 | 谣言 | 謠言 | 虚假 | 虛假 | 造谣 | 造謠 | 捏造 | 誤り | 偽 | 虚偽 | 거짓 | 허위 | ไม่จริง
  ข่าวปลอม | تضليل | كاذب | زائف | गलत | झूठ | फर्जी
`);
const TRUE = lazyPattern(`
  true | correct | accurate | verified | confirmed | real | verdadero | verdadera | cierto | cierta
  verdade | verdadeiro | verdadeira | vrai | vraie | exact | wahr | richtig | zutreffend | vero
  corretto | waar | juist | klopt | prawda | doğru | правда | верно | benar | fakta | αληθές | sant
  totuus | igaz | pravda | adevărat | 真实 | 真實 | 正确 | 正確 | 属实 | 屬實 | 事实 | 事實 | 正しい | 사실 | จริง | صحيح
  सच | सही
`);

/** Lower-cased, NFKC, `_`/`-` as spaces, punctuation dropped, whitespace collapsed. */
export function normalizeRatingText(text: string): string {
  return text
    .slice(0, 500)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[_\-‐-―]+/g, ' ')
    .replace(/[^\p{L}\p{N}\p{M}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * fromText's verdicts by rating text, undefined for a text with nothing to read: a list repeats a
 * few rating texts ("False", "Pants on Fire") over thousands of reviews, and each was normalised
 * twice and tried against seven patterns.
 */
const verdicts = new Map<string, NormalizedRating | undefined>();
const VERDICTS_MAX = 2_000;

function fromTextOnce(text: string): NormalizedRating | undefined {
  if (verdicts.has(text)) return verdicts.get(text);
  const verdict = normalizeRatingText(text) === '' ? undefined : fromText(text);
  if (verdicts.size >= VERDICTS_MAX) verdicts.clear();
  verdicts.set(text, verdict);
  return verdict;
}

function fromText(text: string): NormalizedRating {
  const t = normalizeRatingText(text);
  if (t === '') return 'unrated';
  if (NEGATED_TRUE.test(t)) return 'false';
  if (MOSTLY_FALSE.test(t)) return 'false';
  if (MOSTLY_TRUE.test(t)) return 'true';
  if (MIXED.test(t)) return 'mixed';
  if (MISLEADING.test(t)) return 'misleading';
  if (FALSE.test(t)) return 'false';
  if (TRUE.test(t)) return 'true';
  return 'unrated';
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const n = Number(v.trim().replace(',', '.'));
  return Number.isFinite(n) ? n : undefined;
}

function fromScale(value: unknown, best: unknown, worst: unknown): NormalizedRating {
  const v = num(value);
  if (v === undefined) return 'unrated';
  const b = num(best) ?? 5;
  const w = num(worst) ?? 1;
  if (b === w || v < Math.min(b, w) || v > Math.max(b, w)) return 'unrated';
  // 0 at the worst end, 1 at the best end; an inverted scale (best < worst) works the same way.
  const position = (v - w) / (b - w);
  if (position <= 0.25) return 'false';
  if (position >= 0.75) return 'true';
  return 'mixed';
}

/**
 * A normalised verdict from a rating text; when there is no text, from `ratingValue` on its scale
 * (schema.org defaults: best 5, worst 1). Never throws.
 */
export function normalizeRating(
  text?: unknown,
  ratingValue?: unknown,
  best?: unknown,
  worst?: unknown,
): NormalizedRating {
  if (typeof text === 'string') {
    const verdict = fromTextOnce(text);
    if (verdict !== undefined) return verdict;
  }
  // Some publishers put the rating text in ratingValue.
  if (typeof ratingValue === 'string' && num(ratingValue) === undefined && ratingValue.trim() !== '') {
    return fromText(ratingValue);
  }
  return fromScale(ratingValue, best, worst);
}
