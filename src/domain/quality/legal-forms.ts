/**
 * Company legal forms: how each is written canonically and the spellings people type. A pattern
 * matches a whole trailing part of the name (case-insensitive, dots and spaces optional). Longer,
 * compound forms come first so `GmbH & Co. KG` is not read as `KG`.
 */
export interface LegalForm {
  canonical: string;
  pattern: string;
}

const DOT = '\\.?\\s*';
/** `sp.` or the word `spółka` in front of the abbreviated rest (`spółka z o.o.`). */
const SP = `(?:sp${DOT}|spółka\\s+)`;

export const LEGAL_FORMS: readonly LegalForm[] = [
  { canonical: 'GmbH & Co. KG', pattern: `gmbh\\s*(?:&|und)\\s*co${DOT}kg` },
  { canonical: 'Sp. z o.o. Sp.k.', pattern: `${SP}z${DOT}o${DOT}o${DOT}sp${DOT}k\\.?` },
  { canonical: 'Sp. z o.o.', pattern: `${SP}z${DOT}o${DOT}o\\.?|spółka\\s+z\\s+ograniczoną\\s+odpowiedzialnością` },
  { canonical: 'S.K.A.', pattern: `s${DOT}k${DOT}a\\.?|sp${DOT}k${DOT}a\\.?|spółka\\s+komandytowo-akcyjna` },
  { canonical: 'P.S.A.', pattern: `p${DOT}s${DOT}a\\.?|prosta\\s+spółka\\s+akcyjna` },
  { canonical: 'Sp.k.', pattern: `sp${DOT}k\\.?|spółka\\s+komandytowa` },
  { canonical: 'Sp.j.', pattern: `sp${DOT}j\\.?|spółka\\s+jawna` },
  { canonical: 'Sp.p.', pattern: `sp${DOT}p\\.?|spółka\\s+partnerska` },
  // Dots required: a bare "SC" is too often part of a name.
  { canonical: 's.c.', pattern: `s\\.\\s*c\\.?|spółka\\s+cywilna` },
  { canonical: 'S.p.A.', pattern: `s${DOT}p${DOT}a\\.?` },
  { canonical: 'S.A.', pattern: `s\\.\\s*a\\.?|sa|spółka\\s+akcyjna` },
  { canonical: 'UG (haftungsbeschränkt)', pattern: 'ug\\s*\\(haftungsbeschränkt\\)' },
  { canonical: 'GmbH', pattern: 'gmbh|gesellschaft\\s+mit\\s+beschränkter\\s+haftung' },
  { canonical: 'KGaA', pattern: 'kgaa' },
  { canonical: 'AG', pattern: 'ag|aktiengesellschaft' },
  { canonical: 'KG', pattern: 'kg' },
  { canonical: 'OHG', pattern: 'ohg' },
  { canonical: 'e.V.', pattern: `e${DOT}v\\.?` },
  { canonical: 'Pty Ltd', pattern: `pty${DOT}ltd\\.?` },
  { canonical: 'Inc.', pattern: `inc\\.?|incorporated` },
  { canonical: 'Ltd', pattern: `ltd\\.?|limited` },
  { canonical: 'LLC', pattern: `l${DOT}l${DOT}c\\.?` },
  { canonical: 'LLP', pattern: `l${DOT}l${DOT}p\\.?` },
  { canonical: 'PLC', pattern: `p${DOT}l${DOT}c\\.?` },
  { canonical: 'Corp.', pattern: `corp\\.?|corporation` },
  { canonical: 'SARL', pattern: `s${DOT}a${DOT}r${DOT}l\\.?` },
  { canonical: 'SAS', pattern: `s${DOT}a${DOT}s\\.?` },
  { canonical: 'B.V.', pattern: `b${DOT}v\\.?` },
  { canonical: 'N.V.', pattern: `n${DOT}v\\.?` },
  { canonical: 'S.r.l.', pattern: `s${DOT}r${DOT}l\\.?` },
  { canonical: 'S.L.', pattern: `s\\.\\s*l\\.?|sl` },
  { canonical: 's.r.o.', pattern: `s${DOT}r${DOT}o\\.?|spol${DOT}s\\s*r${DOT}o\\.?` },
  { canonical: 'a.s.', pattern: `a\\.\\s*s\\.?` },
  { canonical: 'Kft.', pattern: `kft\\.?` },
  { canonical: 'Oyj', pattern: 'oyj' },
  { canonical: 'Oy', pattern: 'oy' },
  { canonical: 'AB', pattern: 'ab' },
  { canonical: 'ASA', pattern: 'asa' },
  { canonical: 'ApS', pattern: 'aps' },
  { canonical: 'UAB', pattern: 'uab' },
];

const COMPILED = LEGAL_FORMS.map((f) => ({
  canonical: f.canonical,
  // The form must follow a separator: "Visa SA" has one, "NASA" does not.
  regex: new RegExp(`(?:^|[\\s,])(?:${f.pattern})\\s*$`, 'iu'),
}));

/** Splits a trailing legal form off a (whitespace-collapsed) company name. */
export function splitLegalForm(name: string): { base: string; legalForm: string | null } {
  for (const form of COMPILED) {
    const match = form.regex.exec(name);
    if (match && match.index > 0) {
      return { base: name.slice(0, match.index).replace(/[\s,]+$/u, ''), legalForm: form.canonical };
    }
  }
  return { base: name, legalForm: null };
}
