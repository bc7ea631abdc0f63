import { describe, expect, it } from 'vitest';
import { createParsedRowCache } from './parsed-row-cache.js';

function counted() {
  const parsed: string[] = [];
  const cache = createParsedRowCache(2, (text: string) => (parsed.push(text), JSON.parse(text) as { v: number }));
  return { cache, parsed };
}

describe('parsed row cache', () => {
  it('returns the same object for a row read again with the same text', () => {
    const { cache, parsed } = counted();
    const first = cache.get('a', '{"v":1}');
    expect(cache.get('a', '{"v":1}')).toBe(first);
    expect(parsed).toEqual(['{"v":1}']);
  });

  it('parses anew when the row text changed', () => {
    const { cache } = counted();
    const before = cache.get('a', '{"v":1}');
    const after = cache.get('a', '{"v":2}');
    expect(after).not.toBe(before);
    expect(after).toEqual({ v: 2 });
    expect(cache.size).toBe(1);
  });

  it('keeps at most `limit` rows, dropping the least recently used', () => {
    const { cache, parsed } = counted();
    cache.get('a', '{"v":1}');
    cache.get('b', '{"v":2}');
    cache.get('a', '{"v":1}');
    cache.get('c', '{"v":3}');
    expect(cache.size).toBe(2);
    cache.get('a', '{"v":1}');
    cache.get('b', '{"v":2}');
    expect(parsed).toEqual(['{"v":1}', '{"v":2}', '{"v":3}', '{"v":2}']);
  });
});
