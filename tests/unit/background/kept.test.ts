import { describe, expect, it, vi } from 'vitest';
import { Kept } from '../../../utils/background/kept';

describe('Kept', () => {
  it('makes the value once and answers every request with it', async () => {
    const kept = new Kept<number>();
    const make = vi.fn(() => Promise.resolve(1));
    const [a, b] = [kept.get(make), kept.get(make)];
    expect(a).toBe(b);
    expect(await a).toBe(1);
    expect(make).toHaveBeenCalledTimes(1);
  });

  it('makes a failed value again on the next request', async () => {
    const kept = new Kept<number>();
    await expect(kept.get(() => Promise.reject(new Error('disk')))).rejects.toThrow('disk');
    expect(await kept.get(() => Promise.resolve(2))).toBe(2);
  });

  it('keeps a value put in its place, which a failure of the one before does not drop', async () => {
    const kept = new Kept<number>();
    let fail: (e: Error) => void = () => undefined;
    const first = kept.get(() => new Promise<number>((_, reject) => (fail = reject)));
    kept.keep(Promise.resolve(3));
    fail(new Error('late'));
    await expect(first).rejects.toThrow('late');
    expect(await kept.get(() => Promise.resolve(4))).toBe(3);
  });

  it('makes it again once cleared', async () => {
    const kept = new Kept<number>();
    await kept.get(() => Promise.resolve(5));
    kept.clear();
    expect(await kept.get(() => Promise.resolve(6))).toBe(6);
  });
});
