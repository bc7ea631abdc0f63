/**
 * Quantities in folded Polish/English text (see `text.ts`): digits with any thousands separator
 * (`40 000`, `40,000`, `40.000`), decimals (`1,5`, `2.5`), magnitude words and abbreviations
 * (`k`, `tys.`, `tysięcy`, `thousand`, `mln`, `million`, `mld`) and number words (`two weeks`,
 * `pół miliona`, `half a million`, `sto tysięcy`, `dwóch tygodni`). Indices refer to the folded text.
 */

export interface Quantity {
  value: number;
  index: number;
  end: number;
  /** True when the quantity carried a magnitude (`k`, `tys.`, `million`…): a money-like amount. */
  scaled: boolean;
}

const MAGNITUDES: ReadonlyArray<[RegExp, number]> = [
  [/^(k|tys\.?|tysiac\w*|tysiec\w*|thousand|thousands|grand)$/, 1_000],
  [/^(m|mln\.?|mio|milion\w*|million\w*)$/, 1_000_000],
  [/^(mld\.?|bn|miliard\w*|billion\w*)$/, 1_000_000_000],
];

const WORD_VALUES: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
  couple: 2, half: 0.5,
  jeden: 1, jedna: 1, jednego: 1, jednej: 1, dwa: 2, dwie: 2, dwoch: 2, dwu: 2, trzy: 3, trzech: 3, cztery: 4,
  czterech: 4, piec: 5, pieciu: 5, szesc: 6, szesciu: 6, siedem: 7, siedmiu: 7, osiem: 8, osmiu: 8, dziewiec: 9,
  dziewieciu: 9, dziesiec: 10, dziesieciu: 10, jedenascie: 11, dwanascie: 12, pietnascie: 15, pietnastu: 15,
  dwadziescia: 20, dwudziestu: 20, trzydziesci: 30, trzydziestu: 30, czterdziesci: 40, piecdziesiat: 50,
  piecdziesieciu: 50, szescdziesiat: 60, siedemdziesiat: 70, osiemdziesiat: 80, dziewiecdziesiat: 90,
  sto: 100, stu: 100, dwiescie: 200, trzysta: 300, czterysta: 400, piecset: 500, szescset: 600, siedemset: 700,
  osiemset: 800, dziewiecset: 900, pol: 0.5, pare: 2, paru: 2,
};
const FEW_WORDS = new Set(['few', 'several', 'kilka', 'kilku', 'kilkanascie']);
const HUNDRED = new Set(['hundred', 'hundreds']);
const CONNECTORS = new Set(['a', 'and', 'i']);

function magnitude(word: string): number | null {
  for (const [re, value] of MAGNITUDES) if (re.test(word)) return value;
  return null;
}

const NUMERIC = /(?<![\d.,])(\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+(?![\d])(?:[.,]\d{1,2}(?!\d))?|\d+(?:[.,]\d+)?)(?:\s?(k|tys\.?|tysi\p{L}*|thousand|m|mln\.?|mio|milion\p{L}*|million\p{L}*|mld\.?|bn|miliard\p{L}*|billion\p{L}*)(?![\p{L}\d]))?/gu;

function numericValue(digits: string): number {
  const grouped = /^\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+/.exec(digits);
  if (grouped) {
    const rest = digits.slice(grouped[0].length);
    return Number(grouped[0].replace(/\D/g, '')) + (rest ? Number(`0.${rest.slice(1)}`) : 0);
  }
  return Number(digits.replace(',', '.'));
}

function numericQuantities(folded: string): Quantity[] {
  const out: Quantity[] = [];
  for (const m of folded.matchAll(NUMERIC)) {
    const mag = m[2] ? magnitude(m[2]) : null;
    out.push({ value: numericValue(m[1] ?? '') * (mag ?? 1), index: m.index, end: m.index + m[0].length, scaled: mag !== null });
  }
  return out;
}

function wordQuantities(folded: string, fewValue: number): Quantity[] {
  const tokens = [...folded.matchAll(/[\p{L}]+\.?/gu)].map((m) => ({ word: m[0].replace(/\.$/, ''), index: m.index, end: m.index + m[0].length }));
  const out: Quantity[] = [];
  let i = 0;
  while (i < tokens.length) {
    let total = 0;
    let current = 0;
    let real = false;
    let scaled = false;
    let j = i;
    let end = -1;
    for (; j < tokens.length; j++) {
      const t = tokens[j];
      if (!t) break;
      const w = t.word;
      // Single letters (`k`, `m`) are magnitudes only right after digits, never after words.
      const mag = /^(m|k)$/.test(w) ? null : magnitude(w);
      if (w in WORD_VALUES) current += WORD_VALUES[w] ?? 0;
      else if (FEW_WORDS.has(w)) current += fewValue;
      else if (HUNDRED.has(w)) current = (current || 1) * 100;
      else if (mag !== null) {
        total += (current || 1) * mag;
        current = 0;
        scaled = true;
      } else if (CONNECTORS.has(w) && j > i) continue;
      else if (w === 'a' && j === i) continue;
      else break;
      real = true;
      end = t.end;
    }
    const start = tokens[i];
    if (real && start) {
      const first = tokens.slice(i, j).find((t) => !CONNECTORS.has(t.word)) ?? start;
      out.push({ value: total + current, index: first.index, end, scaled });
      i = j;
    } else i++;
  }
  return out;
}

/** Every quantity in the text, left to right; `fewValue` is what "a few / kilka" counts as. */
export function findQuantities(folded: string, fewValue = 3): Quantity[] {
  const numeric = numericQuantities(folded);
  const words = wordQuantities(maskSpans(folded, numeric), fewValue);
  return [...numeric, ...words].sort((a, b) => a.index - b.index);
}

/** Replaces the given spans with spaces (same length), so numbers inside them are not read again. */
export function maskSpans(text: string, spans: ReadonlyArray<{ index: number; end: number }>): string {
  let out = text;
  for (const s of spans) out = out.slice(0, s.index) + ' '.repeat(s.end - s.index) + out.slice(s.end);
  return out;
}
