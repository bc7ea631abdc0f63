import { describe, expect, it } from 'vitest';
import { cached } from './bounded-cache.js';

describe('cached', () => {
  it('computes a value once while it is kept, and starts over when the cache is full', () => {
    const cache = new Map<string, number>();
    let computed = 0;
    const length = (key: string) => cached(cache, 3, key, (k) => (computed++, k.length));
    expect([length('a'), length('bb'), length('a'), length('ccc')]).toEqual([1, 2, 1, 3]);
    expect(computed).toBe(3);
    expect(cache.size).toBe(3);
    // A fourth key empties the full cache first: memory stays flat.
    expect(length('dddd')).toBe(4);
    expect([...cache.keys()]).toEqual(['dddd']);
    expect(length('a')).toBe(1);
    expect(computed).toBe(5);
  });

  it('keeps falsy values (only undefined means a miss)', () => {
    const cache = new Map<string, boolean | number>();
    let computed = 0;
    for (let i = 0; i < 3; i++) cached(cache, 10, 'x', () => (computed++, false));
    for (let i = 0; i < 3; i++) cached(cache, 10, 'y', () => (computed++, 0));
    expect(computed).toBe(2);
  });
});
