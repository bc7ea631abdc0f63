/**
 * Job titles from what people say about themselves: "I'm the CEO", "I work as a marketing
 * manager", "Head of Sales here", "jestem dyrektorem sprzedaży", "pracuję jako kierownik IT".
 * Polish titles after `jestem` are in the instrumental case and are put back into the nominative
 * (`dyrektorem operacyjnym` → `dyrektor operacyjny`), the form a CRM field should hold.
 */

const EN_HEADS = [
  'ceo', 'cto', 'cfo', 'coo', 'cmo', 'cio', 'cro', 'ciso', 'founder', 'co-founder', 'cofounder', 'owner', 'co-owner',
  'president', 'vp', 'vice president', 'director', 'head', 'manager', 'lead', 'specialist', 'engineer', 'developer',
  'consultant', 'analyst', 'coordinator', 'administrator', 'officer', 'partner', 'buyer', 'accountant', 'assistant',
  'architect', 'recruiter', 'marketer', 'strategist', 'executive', 'principal', 'chairman', 'board member',
];

/** Polish instrumental → nominative for the head nouns of titles (masculine and feminine). */
const PL_HEADS: Readonly<Record<string, string>> = {
  prezesem: 'prezes', prezeską: 'prezeska', wiceprezesem: 'wiceprezes', dyrektorem: 'dyrektor', dyrektorką: 'dyrektorka',
  kierownikiem: 'kierownik', kierowniczką: 'kierowniczka', właścicielem: 'właściciel', właścicielką: 'właścicielka',
  współwłaścicielem: 'współwłaściciel', współwłaścicielką: 'współwłaścicielka', założycielem: 'założyciel',
  założycielką: 'założycielka', współzałożycielem: 'współzałożyciel', współzałożycielką: 'współzałożycielka',
  managerem: 'manager', menedżerem: 'menedżer', menadżerem: 'menadżer', specjalistą: 'specjalista',
  specjalistką: 'specjalistka', członkiem: 'członek', członkinią: 'członkini', koordynatorem: 'koordynator',
  koordynatorką: 'koordynatorka', szefem: 'szef', szefową: 'szefowa', księgowym: 'księgowy', księgową: 'księgowa',
  informatykiem: 'informatyk', handlowcem: 'handlowiec', analitykiem: 'analityk', analityczką: 'analityczka',
  konsultantem: 'konsultant', konsultantką: 'konsultantka', zakupowcem: 'zakupowiec', inżynierem: 'inżynier',
  programistą: 'programista', programistką: 'programistka', administratorem: 'administrator', partnerem: 'partner',
  ceo: 'CEO', cto: 'CTO', cfo: 'CFO', coo: 'COO', cmo: 'CMO', cio: 'CIO',
};
const PL_NOMINATIVE_HEADS = new Set(Object.values(PL_HEADS).map((h) => h.toLowerCase()));

/** Words that end a title (`dyrektorem w Acme`, `CEO at Acme`). */
const STOP_AFTER = new Set(['firmy', 'firma', 'spółki', 'company', 'w', 'we', 'z', 'ze', 'i', 'oraz', 'a', 'at', 'in', 'for', 'and', 'from', 'with', 'here', 'tu', 'to', 'of', 'na', 'u', 'but', 'ale', 'so', 'i’m', "i'm", 'my', 'our', 'we']);
const EN_STOP_BEFORE = new Set(['not', 'very', 'really', 'little', 'bit', 'interested', 'looking', 'just', 'so', 'also', 'only', 'happy', 'sure', 'trying', 'going', 'here', 'calling', 'writing']);

function instrumentalAdjective(word: string): string {
  if (/ym$/u.test(word)) return word.replace(/ym$/u, 'y');
  if (/im$/u.test(word) && word.length > 4) return word.replace(/im$/u, 'i');
  if (/ą$/u.test(word)) return word.replace(/ą$/u, 'a');
  return word;
}

/** Heads that take a department after "of" ("Head of Sales"); "CEO of Acme" names a company instead. */
const OF_HEADS = new Set(['head', 'vp', 'vice president', 'director', 'manager', 'lead']);

const PUNCT_END = /[,.;:!?)]+$/u;

function tail(words: string[], stopAtCapital: boolean): string[] {
  const out: string[] = [];
  for (const w of words) {
    const bare = w.replace(PUNCT_END, '');
    // A capitalised word after the title is a company ("członkiem zarządu Polmarket"); acronyms (IT, HR) are not.
    if (bare === '' || STOP_AFTER.has(bare.toLowerCase()) || (stopAtCapital && /^\p{Lu}\p{Ll}/u.test(bare))) break;
    // "ds." (do spraw) takes the next word: "specjalistą ds. marketingu".
    const ds = /^ds\.$/iu.test(w);
    out.push(ds ? w : instrumentalAdjective(bare));
    if (out.length >= 3 || (bare !== w && !ds)) break;
  }
  return out;
}

function fromPolish(after: string): string | null {
  const words = after.split(/\s+/).filter(Boolean);
  const first = (words[0] ?? '').replace(PUNCT_END, '');
  const lower = first.toLowerCase();
  const head = PL_HEADS[lower] ?? (PL_NOMINATIVE_HEADS.has(lower) ? first : null);
  if (!head) return null;
  // Adjectives and genitives after the head: "dyrektorem handlowym" → "dyrektor handlowy".
  const rest = first === words[0] ? tail(words.slice(1), true) : [];
  return [head, ...rest].join(' ');
}

function fromEnglish(after: string): string | null {
  const words = after.split(/\s+/).filter(Boolean).slice(0, 8);
  const lower = words.map((w) => w.toLowerCase().replace(PUNCT_END, ''));
  for (let i = 0; i < Math.min(lower.length, 5); i++) {
    const headLen = EN_HEADS.includes(`${lower[i]} ${lower[i + 1] ?? ''}`) ? 2 : EN_HEADS.includes(lower[i] ?? '') ? 1 : 0;
    if (headLen === 0) continue;
    // "I'm Anna, CEO at Acme": the title starts after the last comma before its head.
    let start = 0;
    for (let k = 0; k < i; k++) if (PUNCT_END.test(words[k] ?? '')) start = k + 1;
    while (['the', 'a', 'an'].includes(lower[start] ?? '') && start < i) start++;
    if (i - start > 3 || lower.slice(start, i).some((w) => EN_STOP_BEFORE.has(w) || STOP_AFTER.has(w))) return null;
    const end = i + headLen;
    const title = words.slice(start, end).map((w) => w.replace(PUNCT_END, ''));
    const closed = PUNCT_END.test(words[end - 1] ?? '');
    // "Head of Sales", "VP of Marketing", "Director of IT Operations".
    if (!closed && lower[end] === 'of' && OF_HEADS.has(lower.slice(i, end).join(' '))) {
      const of = tail(words.slice(end + 1), false).slice(0, 2);
      if (of.length > 0) return [...title, 'of', ...of].join(' ');
    }
    return title.join(' ');
  }
  return null;
}

const TRIGGERS: ReadonlyArray<[RegExp, 'pl' | 'en']> = [
  [/\b(?:i'm|i’m|i am|im|as|i work as|working as|my (?:role|title|position|job) is)\s+(.{2,80})/giu, 'en'],
  [/(?<![\p{L}])(?:jestem|pracuję jako|pracuje jako|jako|moje stanowisko to|na stanowisku)\s+(.{2,80})/giu, 'pl'],
];

/** The job title a message states, or null. The first statement in the message wins. */
export function findJobTitle(text: string): string | null {
  const found: Array<{ index: number; title: string }> = [];
  for (const [re, lang] of TRIGGERS) {
    for (const m of text.matchAll(re)) {
      const after = m[1] ?? '';
      const title = lang === 'pl' ? (fromPolish(after) ?? fromEnglish(after)) : fromEnglish(after);
      if (title) found.push({ index: m.index, title });
    }
  }
  // "Head of Sales here", "CTO at Acme": a title opening the message.
  const opening = /^(?:hi|hello|hey|cześć|dzień dobry)?[,!\s]*((?:\S+\s+){0,3}?\S+)\s+(?:here|at|w|z)\b/iu.exec(text);
  if (opening?.[1]) {
    const title = fromEnglish(opening[1]) ?? fromPolish(opening[1]);
    if (title && title.split(' ').length === opening[1].split(/\s+/).length) found.push({ index: opening.index, title });
  }
  // "Ben Foster, CTO at Quantix", "Grzegorz Lis, dyrektor operacyjny": a short clause that is a title.
  for (const m of text.matchAll(/[^,;.!?\n]+/gu)) {
    const clause = m[0].trim().replace(/^(?:the|a|an)\s+/iu, '');
    if (clause.split(/\s+/).length > 7) continue;
    const title = fromEnglish(clause) ?? fromPolish(clause);
    const rest = title && clause.toLowerCase().startsWith(title.toLowerCase()) ? clause.slice(title.length).trim() : null;
    if (title && rest !== null && (rest === '' || /^(?:at|of|in|w|z|ze|from)\s+\p{Lu}/u.test(rest))) found.push({ index: m.index, title });
  }
  found.sort((a, b) => a.index - b.index);
  const title = found[0]?.title;
  return title ? title.charAt(0).toUpperCase() + title.slice(1) : null;
}
