/**
 * Synthetic leads for the benchmarks: Polish and international names, company emails, phones,
 * UTM landing pages, consent; 1 in 10 submissions is a returning person in a different spelling.
 */
import { canonicalJson, sha256Hex } from '../../dist/lib/hash.js';

const FIRST = ['Anna', 'Jan', 'Maria', 'Piotr', 'Katarzyna', 'Tomasz', 'Olivia', 'James', 'Sofia', 'Lukas', 'Ewa', 'Marek'];
const LAST = ['Kowalska', 'Nowak', 'Wiśniewska', 'Wójcik', 'Smith', 'Müller', 'García', 'Rossi', 'Dubois', 'Jones', 'Zielińska', 'Lewandowski'];
const LAST_SUFFIX = ['', 'ski', 'czyk', 'ewicz', 'iak', 'son', 'berg', 'ton', 'ley', 'ford'];
const WORD1 = ['Nowa', 'Polska', 'Global', 'Smart', 'Blue', 'Green', 'Prime', 'Delta', 'Nord', 'Vista', 'Terra', 'Alpha', 'Mega', 'Opti', 'Bio'];
const WORD2 = ['Technika', 'Logistyka', 'Systems', 'Foods', 'Media', 'Energia', 'Finance', 'Design', 'Software', 'Budowa', 'Health', 'Retail', 'Motors', 'Labs', 'Consulting', 'Group', 'Trade', 'Solutions', 'Data', 'Print'];
const FORMS = ['sp. z o.o.', 'S.A.', 'GmbH', 'Ltd', 'Inc.'];
const companyOf = (p) => `${WORD1[p % WORD1.length]} ${WORD2[Math.floor(p / 15) % WORD2.length]} ${FORMS[p % FORMS.length]}`;
const TITLES = ['CEO', 'Head of Sales', 'Marketing Manager', 'CTO', 'Office Manager'];
const COUNTRIES = ['PL', 'PL', 'PL', 'DE', 'GB', 'US'];

/** 1 in 10 submissions is a returning person (same email, different formatting): dedup merges it. */
export function lead(n) {
  const person = n % 10 === 9 ? n - 9 : n;
  const first = FIRST[person % FIRST.length];
  const last = LAST[Math.floor(person / 12) % LAST.length] + LAST_SUFFIX[Math.floor(person / 144) % LAST_SUFFIX.length];
  return {
    email: `${first}.${last}.${person}@firma-${person % 997}.pl`.replace(/[^\x00-\x7f]/g, 'x')[n % 10 === 9 ? 'toUpperCase' : 'toLowerCase'](),
    phone: `+48 6${String(10_000_000 + person).slice(-8)}`,
    firstName: first,
    lastName: last,
    company: companyOf(Math.floor(person / 7)),
    jobTitle: TITLES[person % TITLES.length],
    country: COUNTRIES[person % COUNTRIES.length],
    budget: person % 3 === 0 ? '50 000 PLN' : undefined,
    message: 'Dzień dobry, proszę o ofertę i kontakt w tym tygodniu. Interesuje nas wdrożenie dla 20 osób.',
    landingUrl: `https://www.example.com/pricing?utm_source=google&utm_medium=cpc&utm_campaign=c${person % 7}&gclid=x${person}`,
    consent: { contact: true, marketing: person % 2 === 0, policyVersion: '2026-01' },
    custom: {},
  };
}


/** Commit N leads through the store's intake path (as the API does), 2,000 at a time. */
export async function loadLeads(store, n, make = lead, sourceId = 'demo') {
  for (let from = 0; from < n; from += 2000) {
    const batch = [];
    for (let i = from; i < Math.min(n, from + 2000); i++) {
      const input = make(i);
      batch.push(store.acceptLead({ sourceId, input, meta: { ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Safari/605.1.15' }, bodyHash: sha256Hex(canonicalJson(input)), dedupWindowMs: 0, idempotencyTtlMs: 1 }));
    }
    await Promise.all(batch);
  }
}
