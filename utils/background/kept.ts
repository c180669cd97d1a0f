/**
 * A value the background makes once and keeps until the lists change (the Matcher, the search
 * index): asked for again while it is being made, the same promise answers; one that failed (a
 * storage fault) is made again on the next request instead of failing every request after it.
 */
export class Kept<T> {
  private promise: Promise<T> | undefined;

  /** The kept value, made by `make` when there is none. */
  get(make: () => Promise<T>): Promise<T> {
    return this.promise ?? this.keep(make());
  }

  /** Keeps `p` in place of whatever was kept. */
  keep(p: Promise<T>): Promise<T> {
    this.promise = p;
    p.catch(() => {
      if (this.promise === p) this.promise = undefined;
    });
    return p;
  }

  clear(): void {
    this.promise = undefined;
  }
}
