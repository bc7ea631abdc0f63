import { describe, expect, it } from 'vitest';
import { isoTime } from './iso-time.js';

describe('isoTime', () => {
  it('gives what toISOString gives', () => {
    const edges = [0, 1, 999, 1000, 86_399_999, 86_400_000, Date.UTC(2000, 1, 29, 23, 59, 59, 999), Date.UTC(2100, 2, 1), Date.UTC(9999, 11, 31, 23, 59, 59, 999)];
    const outside = [-1, -86_400_001, Date.UTC(10000, 0, 1), 1.5, Date.UTC(1969, 11, 31, 23, 59, 59, 999)];
    let seed = 7;
    const random = Array.from({ length: 50_000 }, () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return Math.floor((seed / 2_147_483_648) * Date.UTC(9999, 11, 31));
    });
    for (const ms of [...edges, ...outside, ...random]) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });
});
