const { evaluate } = await import('./checkthat.ts');
for (const shortBlock of [400]) for (const required of [0, 1]) for (const maxTerms of [10, 20]) for (const minScore of [0.2, 0.3, 0.4]) for (const margin of [1.2, 1.5]) for (const extraWeight of [1]) {
  const f = evaluate('train', { required, maxTerms, minScore, minTerms: 3, extraWeight }, { margin, shortBlock });
  console.log(JSON.stringify({ shortBlock, required, maxTerms, minScore, margin, extraWeight, P: +f.precision.toFixed(3), R: +f.recall.toFixed(3) }));
}
