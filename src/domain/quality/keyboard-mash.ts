import { foldDiacritics } from './text.js';
import { cached } from '../../lib/bounded-cache.js';

/**
 * Keyboard mash (`asdfgh`, `sdfsdf`, `qwerty`, `xkcdjhg`) in a name-like field. Heuristics, each
 * chosen to spare real names: five or more letters along one keyboard row (four would catch
 * "Wertheimer"), five or more letters without a vowel, four equal letters in a row, or a short
 * chunk repeated to fill the whole word (see `isRepeatedChunk`).
 */

const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'qwertzuiop', 'yxcvbnm', 'azertyuiop', 'qsdfghjklm', 'wxcvbn'];
const VOWELS = /[aeiouy]/;
const RUN = 5;

/** Every run along a row, either way: what `onOneRow` looks up instead of scanning the rows. */
const ROW_RUNS: ReadonlySet<string> = new Set(
  ROWS.flatMap((row) => [row, [...row].reverse().join('')]).flatMap((row) => [...row].flatMap((_, i) => [...row].map((__, j) => row.slice(i, j + 1)))),
);

function onOneRow(piece: string): boolean {
  return ROW_RUNS.has(piece);
}

function hasRowRun(word: string): boolean {
  for (let i = 0; i + RUN <= word.length; i++) if (onOneRow(word.slice(i, i + RUN))) return true;
  return false;
}

/**
 * A word made of one chunk repeated: three times or more (`lalala`), or twice when the chunk is a
 * keyboard run (`asdasd`). Twice alone is not enough — Turtur, Gingin and Woywoy are real names.
 */
function isRepeatedChunk(word: string): boolean {
  const m = /^(.{2,4})\1+$/.exec(word);
  const chunk = m?.[1];
  if (!chunk) return false;
  return word.length / chunk.length >= 3 || (chunk.length >= 3 && onOneRow(chunk));
}

// Names and company words repeat from lead to lead (Anna, Nowak, Group): each word's answer is
// kept, up to a bound (cleared when full).
export const WORD_CACHE_SIZE = 4096;
const judged = new Map<string, boolean>();

/** How many words the cache holds (for the bound's test). */
export const cachedWords = (): number => judged.size;

export function isKeyboardMashWord(raw: string): boolean {
  return cached(judged, WORD_CACHE_SIZE, raw, judgeWord);
}

function judgeWord(raw: string): boolean {
  const word = foldDiacritics(raw).toLowerCase().replace(/[^a-z]/g, '');
  if (word.length < 4) return false;
  if (/(.)\1{3}/.test(word)) return true;
  if (hasRowRun(word)) return true;
  if (word.length >= 5 && !VOWELS.test(word)) return true;
  return word.length >= 6 && isRepeatedChunk(word);
}

/** A field is mash when any of its words is (names and companies are short: one bad word is enough). */
export function isKeyboardMash(text: string | null | undefined): boolean {
  if (!text) return false;
  return text.split(/[\s-]+/).some((w) => isKeyboardMashWord(w));
}
