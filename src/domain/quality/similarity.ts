import { hasSurrogates } from './text.js';

/**
 * String similarity for fuzzy dedup, written here so its behaviour is ours to test and tune.
 * All functions return a score in [0, 1]; 1 means equal. Callers fold diacritics and case first.
 */

/** Jaro similarity over code points. */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  return hasSurrogates(a) || hasSurrogates(b) ? jaroOf(Array.from(a), Array.from(b)) : jaroOfUnits(a, b);
}

/**
 * Jaro-Winkler: Jaro boosted for a common prefix of up to 4 characters (scale 0.1, the usual
 * constant), which suits names — typos cluster at the end more than at the start.
 */
export function jaroWinkler(a: string, b: string, prefixScale = 0.1): number {
  if (a === b) return 1;
  if (hasSurrogates(a) || hasSurrogates(b)) {
    const s1 = Array.from(a);
    const s2 = Array.from(b);
    return winkler(jaroOf(s1, s2), commonPrefix(s1, s2), prefixScale);
  }
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return winkler(jaroOfUnits(a, b), prefix, prefixScale);
}

const winkler = (j: number, prefix: number, prefixScale: number): number => j + prefix * prefixScale * (1 - j);

function commonPrefix(s1: readonly string[], s2: readonly string[]): number {
  let prefix = 0;
  while (prefix < 4 && prefix < s1.length && prefix < s2.length && s1[prefix] === s2[prefix]) prefix++;
  return prefix;
}

/** The Jaro formula, shared by both paths so they round alike. */
const jaroScore = (m: number, t: number, n1: number, n2: number): number => (m / n1 + m / n2 + (m - t) / m) / 3;

/** Jaro over arrays of code points (any text). */
function jaroOf(s1: readonly string[], s2: readonly string[]): number {
  if (s1.length === 0 || s2.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(s1.length, s2.length) / 2) - 1);
  const used2 = new Array<boolean>(s2.length).fill(false);
  const matched1: string[] = [];
  for (let i = 0; i < s1.length; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(s2.length - 1, i + window);
    for (let j = lo; j <= hi; j++) {
      if (!used2[j] && s2[j] === s1[i]) {
        used2[j] = true;
        matched1.push(s1[i] ?? '');
        break;
      }
    }
  }
  const m = matched1.length;
  if (m === 0) return 0;
  const matched2 = s2.filter((_, j) => used2[j]);
  let halfTranspositions = 0;
  for (let k = 0; k < m; k++) if (matched1[k] !== matched2[k]) halfTranspositions++;
  return jaroScore(m, halfTranspositions / 2, s1.length, s2.length);
}

// Scratch flags for `jaroOfUnits` (matching runs on one thread, one comparison at a time): names
// are compared millions of times, and allocating per comparison showed up as garbage collection.
let used1 = new Uint8Array(64);
let used2 = new Uint8Array(64);

/** Jaro over UTF-16 units: the same algorithm as `jaroOf` for text without surrogates, without allocating. */
function jaroOfUnits(a: string, b: string): number {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return 0;
  if (used1.length < n1) used1 = new Uint8Array(n1 * 2);
  if (used2.length < n2) used2 = new Uint8Array(n2 * 2);
  used1.fill(0, 0, n1);
  used2.fill(0, 0, n2);
  const window = Math.max(0, Math.floor(Math.max(n1, n2) / 2) - 1);
  let m = 0;
  for (let i = 0; i < n1; i++) {
    const unit = a.charCodeAt(i);
    const hi = Math.min(n2 - 1, i + window);
    for (let j = Math.max(0, i - window); j <= hi; j++) {
      if (used2[j] === 0 && b.charCodeAt(j) === unit) {
        used1[i] = 1;
        used2[j] = 1;
        m++;
        break;
      }
    }
  }
  if (m === 0) return 0;
  // The matched units of each side in order, compared pairwise.
  let halfTranspositions = 0;
  let j = 0;
  for (let i = 0; i < n1; i++) {
    if (used1[i] === 0) continue;
    while (used2[j] === 0) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) halfTranspositions++;
    j++;
  }
  return jaroScore(m, halfTranspositions / 2, n1, n2);
}

export function tokens(text: string): string[] {
  return text.split(/\s+/).filter((t) => t !== '');
}

/**
 * Token-set similarity for multi-word values (company names, addresses): each token of the shorter
 * side is paired with its best Jaro-Winkler partner on the other side, and the mean of those best
 * scores is returned (a symmetric Monge-Elkan variant). Word order does not matter and a typo in
 * one word costs only that word.
 */
export function tokenSimilarity(a: string, b: string): number {
  const ta = tokens(a);
  const tb = tokens(b);
  if (ta.length === 0 || tb.length === 0) return 0;
  const [short, long] = ta.length <= tb.length ? [ta, tb] : [tb, ta];
  let total = 0;
  for (const t of short) {
    let best = 0;
    for (const u of long) best = Math.max(best, t === u ? 1 : jaroWinkler(t, u));
    total += best;
  }
  // Unpaired extra tokens on the longer side lower the score a little, not to zero.
  const coverage = short.length / long.length;
  return (total / short.length) * (0.85 + 0.15 * coverage);
}

/**
 * `score` remembered per pair of values, for values that recur: a submission's names are compared
 * with the same candidate names again and again, and common names with each other across
 * submissions. Pure functions only. Bounded: past `limit` pairs it starts over, so memory stays
 * flat however many distinct values pass.
 */
export function memoizedPairs(score: (x: string, y: string) => number, limit: number): (x: string, y: string) => number {
  let byX = new Map<string, Map<string, number>>();
  let size = 0;
  return (x, y) => {
    let byY = byX.get(x);
    const known = byY?.get(y);
    if (known !== undefined) return known;
    if (size >= limit) {
      byX = new Map();
      size = 0;
      byY = undefined;
    }
    if (byY === undefined) byX.set(x, (byY = new Map()));
    const value = score(x, y);
    byY.set(y, value);
    size++;
    return value;
  };
}
