import { benchEntries } from './bench/lists';
import { newsPage } from './bench/pages';
import * as NI from '../utils/match/index-data';
import * as NM from '../utils/match/matcher';
import * as OI from '/tmp/base/utils/match/index-data';
import * as OM from '/tmp/base/utils/match/matcher';
import { Window } from 'happy-dom';
const n = Number(process.argv[2] ?? 20000);
const entries = benchEntries(n);
const page = newsPage(200_000, entries);
const doc = new new Window().DOMParser().parseFromString(page.html, 'text/html');
const blocks = [...doc.querySelectorAll('p, li, h1, h2, h3, td, blockquote')].map((e) => e.textContent ?? '');
const items = entries.map((entry) => ({ entry, source: 'b' }));
const neu = new NM.Matcher(NI.compileIndex(items));
const old = new OM.Matcher(OI.compileIndex(items as never));
const run = (m: { scan(t: string): unknown[] }) => { const t0 = performance.now(); for (let r = 0; r < 3; r++) for (const b of blocks) m.scan(b); return (performance.now() - t0) / 3; };
for (let i = 0; i < 3; i++) { run(neu); run(old); }
const tn: number[] = [], to: number[] = [];
for (let i = 0; i < 10; i++) { tn.push(run(neu)); to.push(run(old)); }
const med = (x: number[]) => [...x].sort((a, b) => a - b)[x.length >> 1]!;
console.log(`n=${n} new median ${med(tn).toFixed(1)} old median ${med(to).toFixed(1)} ratio ${(med(tn) / med(to)).toFixed(2)}`);
