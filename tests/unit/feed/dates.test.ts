/**
 * Dates are read from every review of a list, so the usual "YYYY-MM-DD" shape is read from its
 * character codes and checked by arithmetic; both must say what the regular expression and the
 * Date object said.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { strictIsoDate, validYmd } from '../../../utils/feed/sanitize';

function referenceYmd(y: number, m: number, d: number): boolean {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

function referenceStrict(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])/.exec(v.slice(0, 64));
  if (!m) return undefined;
  return referenceYmd(Number(m[1]), Number(m[2]), Number(m[3])) ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

describe('dates', () => {
  it('validYmd is what the Date object says, leap years included', () => {
    const year = fc.oneof(fc.integer({ min: 990, max: 10010 }), fc.constantFrom(1000, 1900, 2000, 2024, 2100, 9999));
    fc.assert(
      fc.property(year, fc.integer({ min: -1, max: 14 }), fc.integer({ min: -1, max: 33 }), (y, m, d) => {
        expect(validYmd(y, m, d)).toBe(referenceYmd(y, m, d));
      }),
      { numRuns: 20000 },
    );
  });

  it('strictIsoDate reads what the regular expression read', () => {
    const digit = fc.constantFrom('0', '1', '2', '3', '9');
    const date = fc
      .tuple(
        fc.constantFrom('', ' ', '\t'),
        fc.constantFrom('2024', '2100', '2000', '0999', '1999', '2025'),
        fc.constantFrom('-', '/'),
        fc.tuple(digit, digit).map((x) => x.join('')),
        fc.constantFrom('-', '.'),
        fc.tuple(digit, digit).map((x) => x.join('')),
        fc.constantFrom('', 'T10:00:00Z', ' 10:00', '\t', 'x', '1', '\u00a0', 'T'),
      )
      .map((p) => p.join(''));
    const noise = fc.string({ unit: fc.constantFrom('2', '0', '-', 'T', ' ', '1', '9'), maxLength: 14 });
    fc.assert(
      fc.property(fc.oneof(date, noise), (v) => {
        expect(strictIsoDate(v)).toBe(referenceStrict(v));
      }),
      { numRuns: 20000 },
    );
    expect(strictIsoDate('2024-02-29T12:00:00Z')).toBe('2024-02-29');
    expect(strictIsoDate('2100-02-29')).toBeUndefined();
  });
});
