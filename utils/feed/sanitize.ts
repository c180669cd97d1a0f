/**
 * Sanitising helpers shared by every feed parser. Feed text is only ever shown as text, but it is
 * cleaned anyway: control, bidi and zero-width characters and HTML tags are removed, whitespace is
 * collapsed and every string and array is capped. Pure: runs in Node and in a service worker.
 */
import { runSteps } from '../steps';
import { jsonTooDeepSteps } from './json-steps';

export const CAPS = {
  /** Free text: claims, scopes, summaries, caveats. */
  text: 2000,
  /** Names, titles, publishers, rating texts, free-form dates. */
  name: 200,
  term: 200,
  id: 200,
  tag: 64,
  url: 2048,
  aliases: 100,
  restrictions: 200,
  sources: 50,
  groups: 20,
  terms: 100,
  tags: 50,
  entries: 200_000,
} as const;

/**
 * Reserved in entry ids. Ids are unique within one list; when two lists use one id for different
 * entries, the library names the second `<id>@@<list id>` (utils/background/entry-ids.ts) and opens
 * its card from that list. An entry whose own id already held "@@" could pose as another list's
 * entry (`deepseek@@builtin` with its own match text and verdict, shown on the built-in DeepSeek
 * card), so no feed, backup, My entry or learned claim may produce one.
 */
export const ID_SEPARATOR = '@@';

/** Whether an id holds the separator reserved for qualified ids. */
export function hasReservedSeparator(id: string): boolean {
  return id.includes(ID_SEPARATOR);
}

/** Strings are cut to this before any regex work, so hostile megabyte fields stay cheap. */
const PRECAP = 100_000;

// C0/C1 controls (tab, LF, CR are whitespace and are collapsed later), soft hyphen, bidi marks,
// embeddings, overrides and isolates, zero-width characters, BOM, interlinear annotation, tag characters.
const INVISIBLE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB\u{E0000}-\u{E007F}]/gu;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// `[^<>]*` stops at the next `<`, so the scan stays linear.
const TAG = /<\/?[A-Za-z][^<>]*>|<![^<>]*>|<\?[^<>]*>/g;
const TAG_TEST = /<\/?[A-Za-z][^<>]*>|<![^<>]*>|<\?[^<>]*>/;

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An own property only: never reaches `__proto__`, `constructor` or anything inherited. */
export function own(obj: unknown, key: string): unknown {
  if (!isRecord(obj) || !Object.prototype.hasOwnProperty.call(obj, key)) return undefined;
  return obj[key];
}

/** A value that may be single or an array, as an array (null/undefined give []). */
export function asArray(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  return v === undefined || v === null ? [] : [v];
}

export function stripInvisible(s: string): string {
  return s.replace(INVISIBLE, '').replace(LONE_SURROGATE, '');
}

export function stripTags(s: string): string {
  let out = s;
  // Repeat so that "<scr<b>ipt>" cannot reassemble into a tag.
  for (let i = 0; i < 10; i++) {
    const next = out.replace(TAG, ' ');
    if (next === out) return out;
    out = next;
  }
  return TAG_TEST.test(out) ? out.replace(/[<>]/g, ' ') : out;
}

/** Cuts to `max` UTF-16 units without leaving half a surrogate pair. */
export function cap(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = s.slice(0, max);
  const last = out.charCodeAt(out.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) out = out.slice(0, -1);
  return out.trimEnd();
}

/** Cleans a plain string: invisible characters, tags, whitespace, length. */
export function cleanString(s: string, max: number): string {
  const pre = s.length > PRECAP ? s.slice(0, PRECAP) : s;
  const text = isClean(pre) ? pre : stripTags(stripInvisible(pre)).replace(/\s+/g, ' ').trim();
  return cap(text, max);
}

/**
 * Printable ASCII without `<`, with single spaces between words and none at either end: what the
 * cleaning above leaves as it is. Most strings of a feed are such; a 100,000-review list has
 * about a million, and three regular expressions on each were a tenth of reading it.
 */
export function isClean(s: string): boolean {
  const n = s.length;
  if (n && (s.charCodeAt(0) === 32 || s.charCodeAt(n - 1) === 32)) return false;
  let space = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c > 126 || c === 60 || (c === 32 && space)) return false;
    space = c === 32;
  }
  return true;
}

/** A cleaned, non-empty string, or undefined for anything else. */
export function cleanText(v: unknown, max: number): string | undefined {
  if (typeof v !== 'string') return undefined;
  const s = cleanString(v, max);
  return s === '' ? undefined : s;
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  sbquo: '‚',
  bdquo: '„',
  middot: '·',
  bull: '•',
  copy: '©',
  reg: '®',
  trade: '™',
  euro: '€',
  pound: '£',
  deg: '°',
};
const ENTITY = /&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});/g;

function decodeOnce(s: string): string {
  return s.replace(ENTITY, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return ' ';
      return String.fromCodePoint(code);
    }
    const named = Object.prototype.hasOwnProperty.call(NAMED, body) ? NAMED[body] : undefined;
    return named ?? whole;
  });
}

/** Decodes common HTML entities (twice, for the double-encoded "&amp;#039;" seen in the wild). */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return decodeOnce(decodeOnce(s));
}

/** Like cleanText, for text that came out of HTML pages: tags stripped, entities decoded, tags stripped again. */
export function cleanHtmlText(v: unknown, max: number): string | undefined {
  if (typeof v !== 'string') return undefined;
  const pre = v.length > PRECAP ? v.slice(0, PRECAP) : v;
  return cleanText(decodeEntities(stripTags(pre)), max);
}

/**
 * A URL already written as URL parsing would give it back: http or https, a lower-case DNS name (no
 * port, credentials, IP address or IDN label), then a path, query and fragment made only of
 * characters parsing never escapes or changes, and no dot segment. Most URLs of a real feed are,
 * and parsing them was about a fifth of reading a 100,000-review list in the background. Group 1 is
 * the host, group 2 everything after it.
 */
const PLAIN_URL =
  /^https?:\/\/((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z](?:[a-z0-9-]*[a-z0-9])?)((?:[/?#][\w\-.~!$&()*+,;=:@%/?#]*)?)$/;

/**
 * The href and hostname URL parsing gives `s`, when `s` is a plain URL (PLAIN_URL): `s` itself,
 * with the root path added when it has none. Undefined for anything else (parse it).
 */
export function plainUrl(s: string): { href: string; hostname: string } | undefined {
  const m = PLAIN_URL.exec(s);
  if (!m) return undefined;
  const hostname = m[1]!;
  const rest = m[2]!;
  if (hostname.includes('xn--') || /\/\.|%2e/i.test(rest)) return undefined;
  return { href: rest.startsWith('/') ? s : `${s.slice(0, s.length - rest.length)}/${rest}`, hostname };
}

/**
 * An http(s) URL as an absolute href, or undefined. Relative URLs resolve against `base`;
 * "//host/x" and "www.host/x" get https. Credentials are removed. `fromHtml`: decode "&amp;" (URLs
 * copied out of HTML attributes).
 */
export function safeUrl(v: unknown, base?: string, fromHtml = false): string | undefined {
  if (typeof v !== 'string' || v.length > CAPS.url * 4) return undefined;
  let s = stripInvisible(v).trim();
  if (fromHtml) s = s.replace(/&amp;/gi, '&');
  if (s === '') return undefined;
  if (/\s/.test(s)) s = s.replace(/\s/g, '%20');
  const hasScheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s);
  if (!hasScheme) {
    if (s.startsWith('//') && !base) s = 'https:' + s;
    else if (/^www\.[^/\\]+\.[^/\\]/i.test(s)) s = 'https://' + s;
    else if (!base && /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(\/|$)/.test(s)) s = 'https://' + s;
  }
  const plain = plainUrl(s);
  if (plain) return plain.href.length <= CAPS.url ? plain.href : undefined;
  let url: URL;
  try {
    url = base ? new URL(s, base) : new URL(s);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return undefined;
  // Only when there are any: the two setters were a tenth of a 100,000-review list's reading.
  if (url.username || url.password) {
    url.username = '';
    url.password = '';
  }
  const href = url.href;
  return href.length <= CAPS.url ? href : undefined;
}

/** Whether y-m-d is a day of the (proleptic Gregorian) calendar, years 1000–9999. */
export function validYmd(y: number, m: number, d: number): boolean {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  if (m !== 2) return d <= (m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (leap ? 29 : 28);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A strict calendar date "YYYY-MM-DD" (also accepted with a time part), else undefined. */
export function strictIsoDate(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  // Most dates of a feed read "2025-02-07" or "2025-02-07T…": from the character codes (a list of
  // 100,000 reviews has two or three dates each); anything else by the regular expression.
  if (v.length >= 10 && plainYmd(v)) {
    const y = num(v, 0, 4);
    const mo = num(v, 5, 7);
    const d = num(v, 8, 10);
    return validYmd(y, mo, d) ? (v.length === 10 ? v : v.slice(0, 10)) : undefined;
  }
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])/.exec(v.slice(0, 64));
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return validYmd(y, mo, d) ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/** "dddd-dd-dd" at the start of `v`, then its end, a "T" or a space. */
function plainYmd(v: string): boolean {
  for (let i = 0; i < 10; i++) {
    const c = v.charCodeAt(i);
    if (i === 4 || i === 7 ? c !== 45 : c < 48 || c > 57) return false;
  }
  const next = v.charCodeAt(10);
  return v.length === 10 || next === 84 || next === 32;
}

/** The decimal number of the ASCII digits v[from, to). */
function num(v: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (v.charCodeAt(i) - 48);
  return n;
}

/**
 * A date as "YYYY-MM-DD" when it can be read without guessing: ISO dates and date-times (the date as
 * written), "YYYY/MM/DD", and dates with a month name ("7 February 2025", "Feb 7, 2025").
 */
export function isoDate(v: unknown): string | undefined {
  const strict = strictIsoDate(v);
  if (strict || typeof v !== 'string' || v.length > 100) return strict;
  const s = v.trim();
  const slash = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?:$|[T\s])/.exec(s);
  if (slash) {
    const [y, mo, d] = [Number(slash[1]), Number(slash[2]), Number(slash[3])];
    return validYmd(y, mo, d) ? `${slash[1]}-${pad(mo)}-${pad(d)}` : undefined;
  }
  if (!/[A-Za-z]{3}/.test(s) || !/\d{4}/.test(s)) return undefined;
  const t = Date.parse(s);
  if (!Number.isFinite(t)) return undefined;
  const date = new Date(t);
  const [y, mo, d] = [date.getFullYear(), date.getMonth() + 1, date.getDate()];
  return validYmd(y, mo, d) ? `${pad(y, 4)}-${pad(mo)}-${pad(d)}` : undefined;
}

/** A stable short hash (cyrb53) in base 36. */
export function hashString(s: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** Quotes a value for a problem message, shortened. */
export function quote(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (v === undefined) return 'nothing';
  if (typeof v !== 'string') return Array.isArray(v) ? 'a list' : `a ${typeof v}`;
  const s = cleanString(v, 60);
  return JSON.stringify(s.length >= 60 ? s.slice(0, 57) + '…' : s);
}

/**
 * True when JSON text nests `[`/`{` deeper than `limit` (strings are skipped). A linear scan that
 * runs before JSON.parse, so later tree walks never meet absurd depths.
 */
export function jsonTooDeep(text: string, limit: number): boolean {
  return runSteps(jsonTooDeepSteps(text, limit));
}
