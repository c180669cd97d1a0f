/**
 * Generated news-like pages for the benchmark: a front page of articles with headlines, bylines,
 * paragraphs full of links and inline formatting, quotes, lists and figures, plus what a scanner
 * must skip: inline scripts, code blocks, a form, hidden blocks and an aria-hidden ticker (all of
 * which also mention listed names). Deterministic for a given size and seed.
 */
import type { Entry } from '../../utils/feed/types';
import { ADJECTIVES, CODE_SNIPPETS, FUNCTION_WORDS, NOUNS, PLACES, VERBS } from './words';
import { cap, personName, pick, rng, type Rand } from './lists';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Mentions the page makes of listed entries (always from the first 50, so present in every list). */
export function mentionsFor(entries: readonly Entry[]): string[] {
  const out = [
    'Italy ordered DeepSeek off local app stores after a privacy review.',
    'Texas also barred RedNote and Lemon8 from state-issued phones.',
    'Nepal blocked TikTok in November 2023, citing social harmony.',
    'Reports said Alibaba would invest $1 billion in DeepSeek, which the company denied.',
    'Posts claimed DeepSeek will release R2 on March 17, but no release came.',
    'India banned CamScanner and SHAREit along with dozens of other apps.',
    'Many readers still use WeChat and Weibo to follow the news.',
  ];
  for (const e of entries.slice(38, 50)) {
    if (e.kind === 'app') {
      const a = e.aliases[0]!;
      out.push(`The ${typeof a === 'string' ? a : a.text} app was pulled from government phones last spring.`);
    } else out.push(`A viral post repeated that ${e.claim[0]!.toLowerCase()}${e.claim.slice(1)}`);
  }
  return out;
}

function word(r: Rand): string {
  const x = r();
  if (x < 0.45) return FUNCTION_WORDS[Math.floor(Math.pow(r(), 2.2) * FUNCTION_WORDS.length)]!;
  if (x < 0.75) return pick(r, NOUNS);
  if (x < 0.88) return pick(r, VERBS);
  if (x < 0.96) return pick(r, ADJECTIVES);
  return pick(r, PLACES);
}

function sentence(r: Rand): string {
  const n = 8 + Math.floor(r() * 18);
  const ws: string[] = [];
  for (let i = 0; i < n; i++) ws.push(word(r));
  if (r() < 0.25) ws.splice(Math.floor(r() * ws.length), 0, personName(r));
  if (r() < 0.15) ws.splice(Math.floor(r() * ws.length), 0, String(1990 + Math.floor(r() * 35)));
  let s = ws.join(' ');
  if (r() < 0.3) s = s.replace(/ (\w+) /, ' $1, ');
  return cap(s) + pick(r, ['.', '.', '.', '.', '?', '!']);
}

/** A paragraph's inner HTML with links and inline formatting every few words. */
function inlineHtml(r: Rand, text: string): string {
  const ws = text.split(' ');
  let html = '';
  for (let i = 0; i < ws.length; ) {
    const take = 1 + Math.floor(r() * 3);
    const chunk = esc(ws.slice(i, i + take).join(' '));
    const roll = r();
    const sep = i + take < ws.length ? ' ' : '';
    if (roll < 0.1) html += `<a href="https://news.example.org/${i}">${chunk}</a>${sep}`;
    else if (roll < 0.15) html += `<b>${chunk}</b>${sep}`;
    else if (roll < 0.2) html += `<em>${chunk}</em>${sep}`;
    else if (roll < 0.23) html += `<span class="hl">${chunk}</span>${sep}`;
    else html += chunk + sep;
    i += take;
  }
  return html;
}

export interface GeneratedPage {
  html: string;
  /** Characters of visible text (approximate: what a reader sees). */
  visibleChars: number;
  /** How many paragraphs carry a mention of a listed entry. */
  mentions: number;
}

/** A front page with about `targetChars` of visible text. */
export function newsPage(targetChars: number, entries: readonly Entry[], seed = 11): GeneratedPage {
  const r = rng(seed);
  const mentions = mentionsFor(entries);
  let visible = 0;
  let mentionCount = 0;
  const body: string[] = [];
  const nav = ['World', 'Politics', 'Business', 'Technology', 'Science', 'Health', 'Sport', 'Culture', 'Opinion'];
  body.push(
    `<header class="masthead"><div class="name">The Generated Gazette</div><nav>${nav.map((n) => `<a href="/${n.toLowerCase()}">${n}</a>`).join(' ')}</nav></header>`,
  );
  body.push(
    `<form class="search"><label>Search <input name="q" value="DeepSeek TikTok"></label><button>Go</button></form>`,
    `<div class="ticker" aria-hidden="true">TikTok · DeepSeek · RedNote · Lemon8</div>`,
  );
  body.push('<main>');
  let article = 0;
  while (visible < targetChars) {
    article++;
    const headline = sentence(r).replace(/[.?!]$/, '');
    const parts: string[] = [];
    parts.push(`<article id="a${article}"><h2><a href="/story/${article}">${esc(headline)}</a></h2>`);
    parts.push(
      `<p class="byline">By <a href="/authors/${article}">${personName(r)}</a> · <time>${1 + (article % 28)} March 2025</time></p>`,
    );
    visible += headline.length + 40;
    const paras = 4 + Math.floor(r() * 8);
    for (let p = 0; p < paras; p++) {
      const sentences: string[] = [];
      const ns = 2 + Math.floor(r() * 5);
      for (let s = 0; s < ns; s++) sentences.push(sentence(r));
      if (r() < 0.1) {
        sentences.splice(Math.floor(r() * sentences.length), 0, mentions[mentionCount % mentions.length]!);
        mentionCount++;
      }
      const text = sentences.join(' ');
      visible += text.length;
      const roll = r();
      if (roll < 0.06) parts.push(`<blockquote><p>${inlineHtml(r, text)}</p></blockquote>`);
      else if (roll < 0.1) parts.push(`<ul>${sentences.map((s) => `<li>${inlineHtml(r, s)}</li>`).join('')}</ul>`);
      else parts.push(`<p>${inlineHtml(r, text)}</p>`);
    }
    if (article % 3 === 0) {
      const snippet = pick(r, CODE_SNIPPETS).replace('{A}', 'DeepSeek').replace('{B}', 'TikTok');
      parts.push(`<pre><code>${esc(snippet)}</code></pre>`);
    }
    if (article % 4 === 0) {
      parts.push(
        `<script>window.__trackers = (window.__trackers || []).concat([{ app: "TikTok", story: ${article}, text: "RedNote DeepSeek Lemon8" }]);</script>`,
      );
    }
    if (article % 5 === 0) {
      parts.push(`<div class="hidden-note" style="display:none"><p>${esc(mentions[0]!)} ${esc(sentence(r))}</p></div>`);
      parts.push(`<div hidden><p>Hidden: ${esc(mentions[2]!)}</p></div>`);
    }
    if (article % 6 === 0) {
      const cap2 = sentence(r);
      visible += cap2.length;
      parts.push(`<figure><div class="img"></div><figcaption>${inlineHtml(r, cap2)}</figcaption></figure>`);
    }
    parts.push('</article>');
    body.push(parts.join(''));
  }
  body.push('</main>');
  const trending: string[] = [];
  for (let i = 0; i < 10; i++) trending.push(`<li><a href="/t/${i}">${esc(sentence(r))}</a></li>`);
  body.push(`<aside><h3>Trending</h3><ol>${trending.join('')}</ol></aside>`);
  body.push(`<footer><p>© The Generated Gazette. Written by a benchmark; nothing here is news.</p></footer>`);
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>The Generated Gazette</title>
<style>
body { font: 16px/1.5 Georgia, serif; margin: 0 auto; max-width: 900px; color: #222; background: #fff; }
.masthead { text-align: center; border-bottom: 3px double #222; } .masthead nav a { margin: 0 6px; }
.byline { color: #666; font-size: 13px; } .hl { background: #fff3b0; } figure .img { height: 40px; background: #ddd; }
pre { background: #f4f4f4; padding: 8px; } blockquote { border-left: 3px solid #ccc; margin-left: 0; padding-left: 12px; }
</style></head>
<body>
${body.join('\n')}
</body></html>`;
  return { html, visibleChars: visible, mentions: mentionCount };
}
