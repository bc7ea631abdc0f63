import { splitLegalForm } from './legal-forms.js';
import { capitalizeFirst, collapseWhitespace, foldDiacritics, isAllLower, isAllUpper } from './text.js';

/**
 * Company-name cleaning. `name` is what we store and sync: whitespace collapsed, the legal form in
 * its canonical spelling (`acme sp. z o.o.` → `Acme Sp. z o.o.`), casing fixed only when the whole
 * name arrived in one case. `key` is for matching only: diacritics folded, legal form and
 * punctuation removed, lower-case (`ACME, Inc.` and `Acme` share `acme`).
 */
export interface CompanyQuality {
  raw: string;
  name: string;
  legalForm: string | null;
  key: string;
}

/** Short all-caps words in an all-caps name are kept as acronyms (`PKO BANK POLSKI` → `PKO Bank Polski`). */
const ACRONYM_MAX_LENGTH = 3;
const LOWER_WORDS = new Set(['and', 'of', 'the', 'for', 'und', 'der', 'die', 'das', 'i', 'w', 'na', 'de', 'la', 'et']);

function recase(base: string): string {
  const upper = isAllUpper(base);
  if (!upper && !isAllLower(base)) return base;
  return base
    .split(' ')
    .map((word, i) => {
      const lower = word.toLowerCase();
      if (i > 0 && LOWER_WORDS.has(lower)) return lower;
      if (upper && Array.from(word.replace(/[^\p{L}]/gu, '')).length <= ACRONYM_MAX_LENGTH) return word;
      return lower.split('-').map(capitalizeFirst).join('-');
    })
    .join(' ');
}

export function companyKey(name: string): string {
  const { base } = splitLegalForm(collapseWhitespace(name.normalize('NFC')));
  return collapseWhitespace(
    foldDiacritics(base)
      .toLowerCase()
      .replace(/&/g, ' and ')
      .replace(/['’`]/g, '')
      .replace(/[^\p{L}\p{N}]+/gu, ' '),
  );
}

export function normalizeCompany(raw: string): CompanyQuality | null {
  const text = collapseWhitespace(raw.normalize('NFC'));
  if (text === '') return null;
  const { base, legalForm } = splitLegalForm(text);
  const name = legalForm ? `${recase(base)} ${legalForm}` : recase(base);
  return { raw, name, legalForm, key: companyKey(text) };
}
