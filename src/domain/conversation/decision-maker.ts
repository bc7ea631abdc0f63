import { fold, findPhrases } from './text.js';

/**
 * Decision-maker status: true when the visitor says they decide ("I'm the CEO", "I make the
 * call", "decyduję", "jestem właścicielem"), false when they say someone else does ("I need to ask
 * my boss", "muszę zapytać szefa", "decyzję podejmuje zarząd"), null when they say nothing. A
 * later explicit statement overrides an earlier one; a "someone else decides" statement overrides
 * a title-based yes in the same message ("I'm the CTO but the board signs off").
 */

const YES = [
  "i'm the decision maker", 'i am the decision maker', 'decision maker', 'i decide', 'i make the decision*', 'i make the call',
  "it's my call", 'it is my call', 'my decision', 'i sign off', 'i approve', 'i own the budget', 'i have the budget',
  'i have budget authority', 'final say', 'i have the final', "i'm the owner", 'i am the owner', 'i own the company',
  "i'm the ceo", 'i am the ceo', "i'm the founder", 'i am the founder', "i'm the co-founder", "i'm the president",
  'decyduje', 'ja decyduje', 'jestem decydentem', 'jestem decydentka', 'podejmuje decyzj*', 'to moja decyzja',
  'decyzja nalezy do mnie', 'decyzja jest po mojej stronie', 'jestem wlascicielem', 'jestem wlascicielka',
  'jestem prezesem', 'jestem prezeska', 'jestem zalozycielem', 'jestem zalozycielka', 'jestem wspolwlascicielem',
  'zarzadzam budzetem', 'mam decyzyjnosc', 'ja zatwierdzam', 'ja podpisuje',
];

const NO = [
  'ask my boss', 'ask my manager', 'check with my boss', 'check with my manager', 'check with the board', 'need approval',
  'needs approval', 'need sign-off', 'get approval', 'run it by', 'run this by', 'not the decision maker', "i don't decide",
  'not my decision', "not my call", 'the board decides', 'board will decide', 'my boss decides', 'management decides',
  'someone else decides', 'i need to consult', 'the ceo decides', 'the ceo will decide', 'procurement decides',
  'zapytac szefa', 'zapytac przelozon*', 'zapytac zarzad', 'skonsultowac z szefem', 'skonsultowac z zarzadem',
  'skonsultowac z przelozon*', 'skonsultowac to z*', 'skonsultowac z prezes*', 'zapytac prezes*', 'musze to jeszcze skonsultowac', 'decyzje podejmuje', 'decyduje zarzad', 'decyduje szef',
  'decyduje prezes', 'zarzad decyduje', 'zarzad zdecyduje', 'szef zdecyduje', 'prezes zdecyduje', 'to nie moja decyzja',
  'nie jestem decydentem', 'nie decyduje', 'musze to uzgodnic', 'potrzebuje zgody', 'akceptacja zarzadu',
  'zgoda zarzadu', 'przedstawie to szefowi', 'przedstawie to zarzadowi',
];

/** Job titles that decide on their own (lower-case, compared after folding). */
const DECIDING_TITLES = /^(ceo|owner|co-owner|founder|co-founder|cofounder|president|managing director|general manager|prezes|wlasciciel\w*|wspolwlasciciel\w*|zalozyciel\w*|wspolzalozyciel\w*|dyrektor generalny|dyrektor zarzadzajacy|czlonek zarzadu|wiceprezes)$/;

/** The statement in one message: true, false, or null when there is none. */
export function decisionStatement(text: string): boolean | null {
  const folded = fold(text);
  const no = findPhrases(folded, NO);
  const yes = findPhrases(folded, YES);
  // "nie decyduję" is in NO itself; a negated YES ("I'm not the decision maker") is a no as well.
  if (no.length > 0 || yes.some((m) => m.negated)) return false;
  if (yes.length > 0) return true;
  return null;
}

export function titleDecides(jobTitle: string | null): boolean {
  return jobTitle !== null && DECIDING_TITLES.test(fold(jobTitle).trim());
}

/** Over the visitor's messages in order: the last explicit statement, else the job title. */
export function decisionMaker(userTexts: readonly string[], jobTitle: string | null): boolean | null {
  let stated: boolean | null = null;
  for (const text of userTexts) stated = decisionStatement(text) ?? stated;
  if (stated !== null) return stated;
  return titleDecides(jobTitle) ? true : null;
}
