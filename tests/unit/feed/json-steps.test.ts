/**
 * The background parses large lists in steps (issue 15); what it reads must be exactly what
 * JSON.parse reads, and it must refuse exactly what JSON.parse refuses.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsonTooDeepSteps, parseJsonSteps, TooDeep } from '../../../utils/feed/json-steps';
import { runSteps } from '../../../utils/steps';

/** The stepped reader's value, or "throws" (the caller then asks JSON.parse for the message). */
function stepped(text: string, leaf: number): unknown {
  try {
    return { value: runSteps(parseJsonSteps(text, leaf)) };
  } catch {
    return 'throws';
  }
}
function native(text: string): unknown {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return 'throws';
  }
}

/** JSON text with whitespace of every kind JSON allows around every token. */
const spaced = (value: unknown, space: string) =>
  JSON.stringify(value, null, space).replace(/([[{,:])/g, `$1${space.replace(/ /g, '\r\n')}`);

describe('parseJsonSteps', () => {
  it('reads what JSON.parse reads, whatever the leaf size', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.integer({ min: 1, max: 64 }),
        fc.constantFrom('', ' ', '\t', '  '),
        (v, leaf, sp) => {
          const text = spaced(v, sp);
          expect(stepped(text, leaf)).toEqual(native(text));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('refuses what JSON.parse refuses, and reads the rest alike, on damaged text', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.nat(),
        fc.constantFrom('', ',', ']', '}', '"', ':', '\\', 'x', '{', '[', ' ', '\u0001', '1'),
        fc.integer({ min: 1, max: 16 }),
        (v, at, insert, leaf) => {
          const json = JSON.stringify(v);
          const i = at % (json.length + 1);
          // Insert, or (with '') delete one character.
          const text = json.slice(0, i) + insert + json.slice(insert ? i : i + 1);
          const want = native(text);
          const got = stepped(text, leaf);
          if (want === 'throws') expect(got).toBe('throws');
          else if (got !== 'throws') expect(got).toEqual(want);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads strings full of backslashes and quotes as JSON.parse does (escaped quotes are found by counting back)', () => {
    // Strings and keys made of backslashes, quotes and brackets only: runs of backslashes of every
    // length before a quote, escaped or not, whole or cut by a damaged character.
    const tricky = fc.string({ unit: fc.constantFrom('\\', '"', 'a', '[', '}'), maxLength: 12 });
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        tricky,
        fc.array(tie('v'), { maxLength: 4 }),
        fc.dictionary(tricky, tie('v'), { maxKeys: 3 }),
      ),
    })).v;
    fc.assert(
      fc.property(
        value,
        fc.integer({ min: 1, max: 24 }),
        fc.nat(),
        fc.constantFrom('', '\\', '"'),
        (v, leaf, at, ins) => {
          const json = JSON.stringify(v);
          const i = at % (json.length + 1);
          const text = json.slice(0, i) + ins + json.slice(i);
          const want = native(text);
          const got = stepped(text, leaf);
          if (want === 'throws') expect(got).toBe('throws');
          else if (got !== 'throws') expect(got).toEqual(want);
          if (ins === '') expect(got).toEqual(want);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['trailing comma', '[1,2,]'],
    ['missing comma', '{"a":1 "b":2}'],
    ['text after the value', '{"a":1} x'],
    ['nothing', '   '],
    ['an unclosed object', '{"a":{"b":1}'],
    ['a key that is not a string', '{a:1}'],
    ['a bad literal', '[tru]'],
    ['a control character in a string', '["a\u0001b"]'],
  ])('refuses %s', (_what, text) => {
    expect(native(text)).toBe('throws');
    expect(stepped(text, 2)).toBe('throws');
  });

  it('keeps "__proto__" as an own member, as JSON.parse does', () => {
    const text = '{"list":[{"__proto__":{"polluted":1},"a":1}],"b":2}';
    const got = runSteps(parseJsonSteps(text, 4)) as { list: Record<string, unknown>[] };
    expect(got).toEqual(JSON.parse(text));
    expect(Object.keys(got.list[0]!)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(got.list[0])).toBe(Object.prototype);
  });

  it('reads a long list in many short steps', () => {
    const list = Array.from({ length: 5000 }, (_, i) => ({ '@type': 'ClaimReview', n: i, text: `claim ${i}` }));
    const text = JSON.stringify({ '@context': 'https://schema.org', dataFeedElement: list });
    let steps = 0;
    const reader = parseJsonSteps(text, 1 << 12);
    let r = reader.next();
    for (; !r.done; r = reader.next()) steps++;
    expect(r.value).toEqual(JSON.parse(text));
    expect(steps).toBeGreaterThan(text.length / (1 << 12) / 2);
  });
});

/** The depth check as one loop over the whole text (what it was before it ran in steps). */
function jsonTooDeep(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

describe('parseJsonSteps with a depth limit', () => {
  /** JSON values nested up to 8 deep, in arrays and objects. */
  const nested = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom(1, 'a', '[{', null),
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom('k', '[', '}'), tie('value'), { maxKeys: 3 }),
    ),
  })).value;

  it('refuses, as TooDeep, exactly the valid texts jsonTooDeep refuses, whatever the leaf size', () => {
    fc.assert(
      fc.property(nested, fc.integer({ min: 1, max: 40 }), fc.nat(6), (v, leaf, limit) => {
        const text = JSON.stringify(v);
        let got: unknown;
        try {
          got = runSteps(parseJsonSteps(text, leaf, limit));
        } catch (e) {
          got = e instanceof TooDeep ? 'too deep' : e;
        }
        expect(got).toEqual(jsonTooDeep(text, limit) ? 'too deep' : JSON.parse(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('jsonTooDeepSteps', () => {
  it('refuses exactly the texts jsonTooDeep refuses', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('[', ']', '{', '}', '"', '\\', 'a', ',') }),
        fc.nat(8),
        (text, limit) => {
          expect(runSteps(jsonTooDeepSteps(text, limit))).toBe(jsonTooDeep(text, limit));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('carries an escape across the boundary of its steps', () => {
    // The backslash is the last character of the first million: the quote after it is escaped.
    const text = '"' + 'a'.repeat((1 << 20) - 2) + '\\"[[[' + '"';
    expect(runSteps(jsonTooDeepSteps(text, 2))).toBe(jsonTooDeep(text, 2));
    expect(jsonTooDeep(text, 2)).toBe(false);
  });
});
