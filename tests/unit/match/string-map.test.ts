import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StringMap } from '../../../utils/match/string-map';

describe('StringMap', () => {
  it('keeps exactly what a Map keeps', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ maxLength: 6 }), fc.integer())),
        fc.array(fc.string({ maxLength: 6 })),
        (writes, reads) => {
          const map = new Map<string, number>();
          const ours = new StringMap<number>();
          for (const [k, v] of writes) {
            map.set(k, v);
            expect(ours.set(k, v)).toBe(ours);
          }
          expect(ours.size).toBe(map.size);
          for (const k of [...reads, ...map.keys()]) {
            expect(ours.get(k)).toBe(map.get(k));
            expect(ours.has(k)).toBe(map.has(k));
          }
          ours.clear();
          expect(ours.size).toBe(0);
          for (const k of map.keys()) expect(ours.has(k)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
