import { describe, expect, it } from 'vitest';
import { spread } from './spread.js';

describe('spread', () => {
  it('gives what { ...a, ...b } gives: later wins, keys keep their first place', () => {
    const a = JSON.parse('{"x":1,"y":{"n":2},"z":null,"u":"a"}') as Record<string, unknown>;
    const b = { y: 3, w: [1], u: undefined };
    const got = spread(a, b);
    expect(got).toEqual({ ...a, ...b });
    expect(Object.keys(got)).toEqual(Object.keys({ ...a, ...b }));
    expect(got.y).toBe(3);
  });

  it('keeps __proto__ an own key, as a spread does', () => {
    const a = JSON.parse('{"__proto__":{"polluted":true},"k":1}') as Record<string, unknown>;
    const got = spread(a, {}) as Record<string, unknown>;
    expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
    expect(Object.keys(got)).toEqual(['__proto__', 'k']);
    expect((got as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
