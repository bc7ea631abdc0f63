/**
 * Small text helpers shared by the quality functions. All are pure and locale-independent.
 */

/** Collapses any run of Unicode whitespace to one ASCII space and trims the ends. */
export function collapseWhitespace(text: string): string {
  return text.replace(/[\s\u200B\uFEFF]+/gu, ' ').trim();
}

/** Whether the text has a surrogate pair (a code point outside the BMP): where UTF-16 units and code points differ. */
export function hasSurrogates(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdfff) return true;
  }
  return false;
}

/** Letters that do not decompose under NFD but have an obvious ASCII fold for matching. */
const SPECIAL_FOLDS: Readonly<Record<string, string>> = {
  ł: 'l', Ł: 'L', ß: 'ss', ẞ: 'SS', æ: 'ae', Æ: 'AE', ø: 'o', Ø: 'O', œ: 'oe', Œ: 'OE',
  đ: 'd', Đ: 'D', ð: 'd', Ð: 'D', þ: 'th', Þ: 'TH', ı: 'i', ħ: 'h', Ħ: 'H',
};

/**
 * Removes diacritics for matching only (`Łódź` → `Lodz`, `Müller` → `Muller`); never used for
 * values we store or show, where diacritics are kept.
 */
export function foldDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[łŁßẞæÆøØœŒđĐðÐþÞıħĦ]/gu, (c) => SPECIAL_FOLDS[c] ?? c);
}

/**
 * Maps every decimal digit of any script (`\p{Nd}`) to ASCII `0-9`. NFKC covers full-width and
 * mathematical digits but not e.g. Mongolian or Arabic-Indic ones; Unicode keeps each script's
 * digits as one contiguous run starting at zero, so a digit's value is its distance from the
 * start of its run, modulo 10.
 */
export function toAsciiDigits(text: string): string {
  let out = '';
  for (const ch of text) {
    if (/^[0-9]$/.test(ch) || !/^\p{Nd}$/u.test(ch)) {
      out += ch;
      continue;
    }
    const cp = ch.codePointAt(0) ?? 0;
    let start = cp;
    while (start > 0 && /^\p{Nd}$/u.test(String.fromCodePoint(start - 1))) start--;
    out += String((cp - start) % 10);
  }
  return out;
}

/** Upper-cases the first code point (after NFC, so `ż` is one code point) and keeps the rest. */
export function capitalizeFirst(word: string): string {
  const chars = Array.from(word);
  const first = chars[0];
  if (first === undefined) return word;
  return first.toUpperCase() + chars.slice(1).join('');
}

/** True when the text has at least one letter and no lower-case letter. */
export function isAllUpper(text: string): boolean {
  return /\p{Lu}/u.test(text) && !/\p{Ll}/u.test(text);
}

/** True when the text has at least one letter and no upper-case letter. */
export function isAllLower(text: string): boolean {
  return /\p{Ll}/u.test(text) && !/\p{Lu}/u.test(text);
}
