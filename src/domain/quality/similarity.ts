/**
 * String similarity for fuzzy dedup, written here so its behaviour is ours to test and tune.
 * All functions return a score in [0, 1]; 1 means equal. Callers fold diacritics and case first.
 */

/** Jaro similarity over code points. */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  const s1 = Array.from(a);
  const s2 = Array.from(b);
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
  const t = halfTranspositions / 2;
  return (m / s1.length + m / s2.length + (m - t) / m) / 3;
}

/**
 * Jaro-Winkler: Jaro boosted for a common prefix of up to 4 characters (scale 0.1, the usual
 * constant), which suits names — typos cluster at the end more than at the start.
 */
export function jaroWinkler(a: string, b: string, prefixScale = 0.1): number {
  const j = jaro(a, b);
  const s1 = Array.from(a);
  const s2 = Array.from(b);
  let prefix = 0;
  while (prefix < 4 && prefix < s1.length && prefix < s2.length && s1[prefix] === s2[prefix]) prefix++;
  return j + prefix * prefixScale * (1 - j);
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
