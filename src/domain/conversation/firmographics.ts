import { findQuantities } from './numbers.js';
import { findPhrases, fold } from './text.js';

/**
 * Company size ("50 employees", "zatrudniamy 120 osób", "firma 50-osobowa", "a 10-person
 * startup") in the bands CRMs use, and industry from a built-in Polish/English keyword list that
 * the config can extend (`extraKeywords.industries`).
 */

export interface CompanySize {
  employees: number;
  /** HubSpot-style band: 1-10, 11-50, 51-200, 201-500, 501-1000, 1001-5000, 5001+. */
  band: string;
}

const BANDS: ReadonlyArray<[number, string]> = [[10, '1-10'], [50, '11-50'], [200, '51-200'], [500, '201-500'], [1000, '501-1000'], [5000, '1001-5000']];

export function sizeBand(employees: number): string {
  return BANDS.find(([max]) => employees <= max)?.[1] ?? '5001+';
}

const PEOPLE_AFTER = /^\s*(?:-\s*)?(?:\+\s*)?(?:full[- ]time\s+)?(?:employees|people|staff|persons|person|workers|fte|headcount|pracownik\p{L}*|osob\p{L}*|os\.|ludzi|etat\p{L}*)(?![\p{L}])/u;
const PEOPLE_BEFORE = /(?:team of|staff of|headcount(?: is)?|employ|zatrudniamy|zatrudnia|we have|mamy|liczy|zespol(?: liczy)?|firma|company of)\s*(?:about|around|okolo|ok\.|over|ponad|almost|prawie|blisko)?\s*$/u;
const PERSON_ADJ = /^-?(?:person|osobow\p{L}*|people)(?![\p{L}])/u;

/** The company size a text states, or null. */
export function findCompanySize(text: string): CompanySize | null {
  const folded = fold(text);
  for (const q of findQuantities(folded)) {
    const after = folded.slice(q.end);
    const beforeText = folded.slice(Math.max(0, q.index - 30), q.index);
    const people = PEOPLE_AFTER.test(after) || PERSON_ADJ.test(after);
    const staffContext = PEOPLE_BEFORE.test(beforeText) && /^\s*(?:people|osob\p{L}*|pracownik\p{L}*|employees|ludzi)/u.test(after);
    if ((people || staffContext) && q.value >= 1 && Number.isInteger(q.value) && q.value < 1_000_000) {
      return { employees: q.value, band: sizeBand(q.value) };
    }
  }
  return null;
}

const INDUSTRIES: Readonly<Record<string, readonly string[]>> = {
  'e-commerce': ['e-commerce', 'ecommerce', 'online store', 'online shop', 'webshop', 'sklep internetowy', 'sklepu internetowego', 'sklep online', 'shopify', 'woocommerce'],
  software: ['saas', 'software house', 'software company', 'software', 'oprogramowani*', 'it company', 'firma it', 'aplikacj* mobiln*', 'startup technologiczn*'],
  manufacturing: ['manufacturing', 'manufacturer', 'factory', 'production plant', 'produkcj*', 'produkcyjn*', 'fabryk*', 'zaklad produkcyjny', 'producent*'],
  healthcare: ['healthcare', 'hospital', 'clinic*', 'medical', 'pharma*', 'szpital*', 'klinik*', 'przychodni*', 'medyczn*', 'gabinet*', 'stomatolog*', 'farmac*'],
  finance: ['bank*', 'fintech', 'insurance', 'financial services', 'finans*', 'ubezpiecz*', 'leasing*', 'kredyt*', 'biuro rachunkowe', 'ksiegow*'],
  education: ['school*', 'university', 'education*', 'e-learning', 'szkol*', 'uczelni*', 'edukac*', 'kursy online', 'szkolen*'],
  'real-estate': ['real estate', 'property management', 'realtor*', 'nieruchomosc*', 'deweloper*', 'developer mieszkaniowy', 'biuro nieruchomosci'],
  logistics: ['logistics', 'transport*', 'shipping', 'freight', 'fleet', 'logisty*', 'spedycj*', 'flot*', 'kurier*', 'magazyn*'],
  retail: ['retail', 'retailer', 'stores', 'handel', 'handlow*', 'detal*', 'sieci sklepow', 'siec sklepow'],
  marketing: ['marketing agency', 'digital agency', 'advertising agency', 'agencj* marketingow*', 'agencj* reklamow*', 'agencj* digital', 'agencj* interaktywn*'],
  legal: ['law firm', 'legal services', 'kancelari*', 'prawnicz*', 'radca prawny', 'adwokac*'],
  construction: ['construction', 'contractor', 'budowlan*', 'budownict*', 'wykonawc*', 'remont*'],
  hospitality: ['hotel*', 'restaurant*', 'hospitality', 'restauracj*', 'gastronomi*', 'turystyk*', 'travel agency', 'biuro podrozy'],
  automotive: ['automotive', 'car dealer*', 'dealership', 'motoryzac*', 'salon samochodowy', 'dealer samochod*', 'warsztat*'],
  energy: ['energy', 'solar', 'photovoltaic*', 'energetyk*', 'fotowoltaik*', 'oze', 'pomp* ciepla'],
};

/** The industry most mentioned (the first mentioned on a tie), or null. */
export function findIndustry(texts: readonly string[], extra: Readonly<Record<string, readonly string[]>> = {}): string | null {
  const folded = texts.map(fold).join('\n');
  let best: { id: string; count: number; index: number } | null = null;
  const ids = new Set([...Object.keys(INDUSTRIES), ...Object.keys(extra)]);
  for (const id of ids) {
    const matches = findPhrases(folded, [...(INDUSTRIES[id] ?? []), ...(extra[id] ?? [])]).filter((m) => !m.negated);
    const first = matches[0];
    if (!first) continue;
    if (!best || matches.length > best.count || (matches.length === best.count && first.index < best.index)) {
      best = { id, count: matches.length, index: first.index };
    }
  }
  return best?.id ?? null;
}
