import type { QualificationField } from './conversation.schema.js';
import { fold, hasPhrase } from './text.js';

/**
 * Which field a bot or agent message asks the visitor for, so a bare answer ("Anna", "Acme",
 * "około 50 tys.") can be read as that field. Also counts how often each field was asked, which
 * the qualification dialogue uses to stop asking.
 */

const SLOT_PHRASES: ReadonlyArray<[QualificationField | 'jobTitle', readonly string[]]> = [
  ['email', ['email*', 'e-mail*', 'mail*', 'adres e-mail*', 'adres mailowy']],
  ['phone', ['phone*', 'telefon*', 'numer*', 'number', 'call you', 'zadzwonic']],
  ['firstName', ['your name', 'who am i speaking', 'who i am speaking', 'jak sie nazywa*', 'jak sie pan* nazywa', 'nazywasz sie', 'jak masz na imie', 'pana imie', 'pani imie', 'imie i nazwisko', 'imie', 'nazwisko', 'how should i call you', 'jak moge sie zwracac']],
  ['company', ['company', 'organization', 'organisation', 'firm*', 'where do you work', 'gdzie pracuje*', 'jaka firme', 'z jakiej firmy']],
  ['budget', ['budget*', 'budzet*', 'how much are you', 'spend', 'ile chc* przeznaczyc', 'ile mozecie', 'jaka kwot*']],
  ['timeline', ['when', 'timeline', 'timeframe', 'time frame', 'kiedy', 'termin*', 'jak szybko', 'how soon', 'by when']],
  ['decisionMaker', ['decision*', 'decyz*', 'decyduje', 'who else', 'kto jeszcze', 'sign off', 'approve']],
  ['companySize', ['how many employees', 'how many people', 'team size', 'size of your', 'ilu pracownik*', 'ile osob', 'wielkosc firmy']],
  ['jobTitle', ['your role', 'your position', 'job title', 'stanowisk*', 'jaka rol*', 'czym sie zajmuje*']],
];

export type AskedSlot = QualificationField | 'jobTitle';

/** The fields a message asks for (a question mark or a request verb is required). */
export function askedSlots(text: string): AskedSlot[] {
  const folded = fold(text);
  const isAsking = /\?/.test(text) || hasPhrase(folded, ['please', 'prosze', 'podaj*', 'let me know', 'share', 'could you', 'can you', 'may i have']);
  if (!isAsking) return [];
  return SLOT_PHRASES.filter(([, phrases]) => hasPhrase(folded, phrases)).map(([slot]) => slot);
}
