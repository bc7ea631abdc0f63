/**
 * Who is writing and for which company, from self-introductions: "my name is…", "I'm Anna",
 * "this is Anna from Acme", "nazywam się…", "mam na imię…", "tu Anna z Acme", "jestem Anna",
 * sign-offs ("Regards, Anna Nowak", "Pozdrawiam, Jan") and company statements ("I work at…",
 * "pracuję w…", "z firmy…"). Names after "I'm / jestem" must be capitalised (so "I'm interested"
 * is not a name); after "my name is / nazywam się" any casing is taken and cleaned later.
 */

const CAP = String.raw`\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}[\p{Ll}'’]+)?`;
const ANY = String.raw`\p{L}[\p{L}'’]+(?:-\p{L}[\p{L}'’]+)?`;

/** Capitalised words that follow "I'm / jestem / tu" without being a name. */
const NOT_NAMES = new Set([
  'the', 'a', 'an', 'not', 'here', 'just', 'also', 'very', 'really', 'looking', 'interested', 'writing', 'calling',
  'sure', 'happy', 'glad', 'ceo', 'cto', 'cfo', 'coo', 'head', 'owner', 'founder', 'manager', 'director', 'from',
  'in', 'at', 'on', 'with', 'polish', 'english', 'new', 'back', 'ok', 'okay', 'fine', 'good', 'sorry', 'still',
  'zainteresowany', 'zainteresowana', 'ciekawy', 'ciekawa', 'nowy', 'nowa', 'klientem', 'klientką', 'właścicielem',
  'prezesem', 'dyrektorem', 'kierownikiem', 'tutaj', 'teraz', 'tak', 'nie', 'w', 'z', 'na', 'po', 'od', 'do',
  'ja', 'my', 'we', 'our', 'nasza', 'nasz', 'pan', 'pani', 'chat', 'bot', 'support', 'sales', 'team', 'zespół',
  'dzień', 'dobry', 'hello', 'hi', 'hey', 'cześć', 'witam', 'dziękuję', 'thanks', 'thank',
]);

/** A trigger phrase matched in any case while the name after it keeps its case test. */
function anyCase(phrases: readonly string[]): string {
  const alts = phrases.map((p) => p.replace(/\p{L}/gu, (c) => (c.toLowerCase() === c.toUpperCase() ? c : `[${c.toLowerCase()}${c.toUpperCase()}]`)).replace(/ /g, '\\s+'));
  return `(?:${alts.join('|')})`;
}

const NAME_PATTERNS: readonly RegExp[] = [
  new RegExp(String.raw`(?<![\p{L}])${anyCase(['my name is', "my name's", 'name is', 'the name is', 'nazywam się', 'nazywam sie', 'mam na imię', 'mam na imie', 'moje imię to', 'moje imie to'])}\s+(${ANY}(?:\s+${ANY})?)`, 'gu'),
  new RegExp(String.raw`(?<![\p{L}])${anyCase(["i'm", 'i’m', 'i am', 'this is', "it's", 'jestem', 'tu', 'tutaj', 'z tej strony', 'mówi', 'pisze'])}\s+(${CAP}(?:\s+${CAP})?)`, 'gu'),
  new RegExp(String.raw`^(?:${anyCase(['hi', 'hello', 'hey', 'cześć', 'dzień dobry'])}[,!]?\s+)?(${CAP}(?:\s+${CAP})?)\s+${anyCase(['here', 'z tej strony', 'tutaj'])}(?![\p{L}])`, 'gu'),
  new RegExp(String.raw`${anyCase(['regards', 'best', 'thanks', 'cheers', 'pozdrawiam', 'pozdrowienia', 'z poważaniem', 'dziękuję'])}[,!.]?\s*(${CAP}(?:\s+${CAP})?)\s*\.?\s*$`, 'gu'),
];

export interface FoundName {
  name: string;
  index: number;
}

function plausibleName(name: string): boolean {
  const words = name.split(/\s+/);
  return words.every((w) => !NOT_NAMES.has(w.toLowerCase())) && words.length <= 3;
}

/** The name a message introduces, or null; the first introduction in the message wins. */
export function findIntroducedName(text: string): FoundName | null {
  let best: FoundName | null = null;
  for (const re of NAME_PATTERNS) {
    for (const m of text.matchAll(re)) {
      // Drop a trailing non-name word the pattern swallowed ("Anna Here", "Jan From").
      const words = (m[1] ?? '').split(/\s+/);
      while (words.length > 1 && NOT_NAMES.has((words[words.length - 1] ?? '').toLowerCase())) words.pop();
      const name = words.join(' ');
      if (!plausibleName(name)) continue;
      const index = m.index + m[0].indexOf(name);
      if (!best || index < best.index) best = { name, index };
    }
  }
  return best;
}

const NAME_CLAUSE = new RegExp(String.raw`^(${CAP}(?:\s+${CAP}){0,2})(\s+(?:z|ze|from|at)\s+\S.*)?$`, 'u');
const NOT_SIGNATURES = new Set(['mail', 'email', 'e-mail', 'tel', 'telefon', 'phone', 'kontakt', 'contact', 'fine', 'dobrze', 'jasne', 'sure', 'yes', 'no', 'ok']);

/**
 * A name written as a bare clause next to contact details — "Adam Król, adam.krol@fintera.pl",
 * "Fine. Robert Lane, +1 646…", "+48 691…, Joanna z Kwiaciarni" — for messages that carry an email,
 * a phone or answer the bot's request for them. Two capitalised words score highest, a word of the
 * email's local part adds to the score (`marek@…` → "Marek Nowicki", not "Kancelaria Radca").
 */
export function findSignedName(text: string, emailLocal: string | null): FoundName | null {
  const local = (emailLocal ?? '').toLowerCase();
  let best: (FoundName & { score: number }) | null = null;
  for (const m of text.matchAll(/[^,;\n.:]+(?:\.(?!\s)[^,;\n.:]*)*/gu)) {
    for (const part of m[0].split(/\s[-–—]\s/u)) {
      const clause = part.trim();
      const found = NAME_CLAUSE.exec(clause);
      if (!found?.[1]) continue;
      const words = found[1].split(/\s+/);
      if (words.some((w) => NOT_NAMES.has(w.toLowerCase()) || NOT_SIGNATURES.has(w.toLowerCase()))) continue;
      if (words.length === 1 && !found[2]) continue;
      const inEmail = words.some((w) => w.length >= 3 && local.includes(w.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')));
      const score = (words.length === 2 ? 3 : words.length === 1 ? 1 : 0) + (inEmail ? 2 : 0);
      const index = m.index + m[0].indexOf(clause);
      if (score > 0 && (!best || score > best.score)) best = { name: found[1], index, score };
    }
  }
  return best && { name: best.name, index: best.index };
}

const LEGAL = String.raw`(?:[Ss]p\.\s?z\s?o\.\s?o\.?|[Ss]\.\s?[Aa]\.|[Ss]p\.\s?[Kk]\.|[Ss]p\.\s?j\.|Inc\.?|Ltd\.?|LLC|GmbH|PLC|plc|Corp\.?|Co\.)`;
// Dots only inside a word (`Acme.io`), so "Budmax. Ile…" stops at the sentence end.
const COMPANY_WORD = String.raw`(?:\p{Lu}[\p{L}\p{N}&'’-]*(?:\.[\p{L}\p{N}]+)*|\p{N}+\p{L}+|&)`;
const LEGAL_END = new RegExp(`${LEGAL}$`, 'u');
const COMPANY = String.raw`(${COMPANY_WORD}(?:\s+(?!${LEGAL})${COMPANY_WORD}){0,3}(?:,?\s+${LEGAL})?)`;

const TITLE_HEADS = ['partner', 'lead', 'kierownik', 'ceo', 'cto', 'cfo', 'coo', 'cmo', 'owner', 'founder', 'co-founder', 'manager', 'director', 'president', 'prezes', 'prezesem', 'dyrektor', 'dyrektorem', 'właściciel', 'właścicielem', 'kierownik', 'kierownikiem'];

const COMPANY_PATTERNS: readonly RegExp[] = [
  new RegExp(String.raw`(?<![\p{L}])${anyCase(['i work at', 'i work for', "i'm calling from", "i'm writing from", "i'm with", 'i represent', 'we are', "we're", 'our company is called', 'our company is', 'company name is', 'company is'])}\s+${COMPANY}`, 'gu'),
  new RegExp(String.raw`(?<![\p{L}])${anyCase(['pracuję w', 'pracuje w', 'z firmy', 'ze firmy', 'firma', 'firmy', 'firmą', 'w firmie', 'reprezentuję', 'reprezentuje', 'dzwonię z', 'piszę z', 'nasza firma to', 'nazwa firmy to', 'ze spółki', 'spółka'])}\s+${COMPANY}`, 'gu'),
  // "tu Anna z Acme", "I'm Anna from Acme": the company right after an introduced name.
  new RegExp(String.raw`(?:\p{Lu}\p{Ll}+)\s+(?:z|ze|from|at)\s+${COMPANY}`, 'gu'),
  // "CEO at Acme", "dyrektorem w Acme".
  new RegExp(String.raw`(?<![\p{L}])${anyCase(TITLE_HEADS)}(?:\s+\p{Ll}+){0,2}\s+(?:at|of|in|w|z|ze)\s+${COMPANY}`, 'gu'),
  // "Head of Sales at Brightline": the department after "of" is not the company.
  new RegExp(String.raw`(?<![\p{L}])${anyCase(['head of', 'vp of', 'director of'])}\s+\p{L}+\s+(?:at|in|w)\s+${COMPANY}`, 'gu'),
];

/**
 * Words that name a kind of business and so start a company name — "Kancelaria Radca Nowicki",
 * "Kwiaciarnia Róża" — with their genitive, the form after "z / ze" ("Joanna z Kwiaciarni Róża"),
 * which the company name is given back in.
 */
const BUSINESS_KINDS: ReadonlyMap<string, string> = new Map(
  [
    ['kancelaria', 'kancelarii'], ['kwiaciarnia', 'kwiaciarni'], ['hurtownia', 'hurtowni'], ['piekarnia', 'piekarni'],
    ['drukarnia', 'drukarni'], ['pracownia', 'pracowni'], ['księgarnia', 'księgarni'], ['cukiernia', 'cukierni'],
    ['przychodnia', 'przychodni'], ['agencja', 'agencji'], ['restauracja', 'restauracji'], ['fundacja', 'fundacji'],
    ['spółdzielnia', 'spółdzielni'], ['apteka', 'apteki'], ['klinika', 'kliniki'], ['szkoła', 'szkoły'],
    ['sklep', 'sklepu'], ['gabinet', 'gabinetu'], ['hotel', 'hotelu'], ['warsztat', 'warsztatu'], ['salon', 'salonu'],
    ['biuro', 'biura'], ['studio', 'studia'], ['wydawnictwo', 'wydawnictwa'], ['stowarzyszenie', 'stowarzyszenia'],
    ['przedsiębiorstwo', 'przedsiębiorstwa'], ['zakład', 'zakładu'],
  ].flatMap(([nominative, genitive]) => [
    [nominative!, nominative!],
    [genitive!, nominative!],
  ]),
);

/** "Kwiaciarni Róża" → "Kwiaciarnia Róża": a leading business kind back in the nominative. */
function nominativeKind(company: string): string {
  const [first = '', ...rest] = company.split(/\s+/u);
  const kind = BUSINESS_KINDS.get(first.toLowerCase());
  if (!kind || kind === first.toLowerCase()) return company;
  return [kind.charAt(0).toUpperCase() + kind.slice(1), ...rest].join(' ');
}

/**
 * In a list of contact details ("Kancelaria Radca Nowicki, Marek Nowicki, marek@…",
 * "Emily Clark, Operations Director, Harbor & Co. emily@…"), the clause that is a company: it
 * starts with a capitalised business kind, or ends in a legal form.
 */
const LISTED_COMPANY: readonly RegExp[] = [
  new RegExp(String.raw`(?:^|[,;:]\s*)((?:${[...BUSINESS_KINDS.keys()].map((k) => `${k.charAt(0).toUpperCase()}${k.slice(1)}`).join('|')})(?:\s+${COMPANY_WORD}){1,3})(?=\s*(?:[,;]|$))`, 'gu'),
  new RegExp(String.raw`(?:^|[,;:]\s*)(${COMPANY_WORD}(?:\s+(?!${LEGAL})${COMPANY_WORD}){0,3},?\s+${LEGAL})`, 'gu'),
];

const NOT_COMPANIES = new Set([
  'the', 'a', 'our', 'my', 'your', 'this', 'that', 'i', 'we', 'you', 'it', 'q1', 'q2', 'q3', 'q4', 'monday', 'friday',
  'january', 'june', 'poland', 'polska', 'warszawa', 'warsaw', 'krakow', 'kraków', 'europe', 'home', 'pl', 'en', 'polish', 'based', 'krakowa', 'warszawy', 'poznania', 'gdańska', 'wrocławia',
]);

export interface FoundCompany {
  company: string;
  index: number;
}

/**
 * The company a message names, or null; `excluded` names (the visitor's own name) are skipped.
 * `listed`: the message gives contact details, so a bare clause that reads as a company counts too.
 */
export function findCompany(text: string, excluded: readonly string[] = [], listed = false): FoundCompany | null {
  let best: FoundCompany | null = null;
  const skip = new Set(excluded.map((e) => e.toLowerCase()));
  for (const re of listed ? [...COMPANY_PATTERNS, ...LISTED_COMPANY] : COMPANY_PATTERNS) {
    for (const m of text.matchAll(re)) {
      const raw = (m[1] ?? '').trim();
      const company = LEGAL_END.test(raw) ? raw : raw.replace(/[,.]+$/u, '');
      const first = (company.split(/\s+/)[0] ?? '').toLowerCase();
      if (company === '' || NOT_COMPANIES.has(first) || skip.has(company.toLowerCase())) continue;
      const index = m.index + m[0].lastIndexOf(company);
      if (!best || index < best.index) best = { company: nominativeKind(company), index };
    }
  }
  return best;
}

/**
 * The company named by the email's domain when the text writes it as a word — "…@polmarket.com.pl.
 * Jestem członkiem zarządu Polmarket." → "Polmarket" — as written; never for free-mail domains.
 */
export function companyFromDomain(text: string, domainLabel: string): string | null {
  const label = domainLabel.toLowerCase().replace(/-/g, '');
  if (label.length < 3) return null;
  for (const m of text.matchAll(/(?<![\p{L}@.])\p{Lu}[\p{L}\p{N}-]+(?![\p{L}@]|\.[\p{L}])/gu)) {
    if (m[0].toLowerCase().replace(/-/g, '') === label) return m[0];
  }
  return null;
}
