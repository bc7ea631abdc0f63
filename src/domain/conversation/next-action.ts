import type { NextBestAction, NextBestActionCode } from './analysis.js';
import type { ContactDetails } from './contact.js';
import type { Intent, Language, Objection } from './conversation.schema.js';

/**
 * The next best action for the salesperson, in priority order: spam is discarded; churn alerts the
 * account owner; a support issue opens a case; a purchase gets the contract; a demo request (or a
 * decision maker asking about prices) gets a demo — a technical one when integration or security
 * worries them (the SPEC §11 note); pricing questions get the pricing; no way to reach the person
 * means collecting contact details; a high score means a call back; anything else is nurtured.
 */

export interface ActionFacts {
  isSpam: boolean;
  intents: readonly Intent[];
  objections: readonly Objection[];
  decisionMaker: boolean | null;
  contact: Pick<ContactDetails, 'email' | 'phone'>;
  highIntent: boolean;
}

const TEXT: Readonly<Record<NextBestActionCode, Record<Language, string>>> = {
  'discard-spam': { en: 'Discard as spam', pl: 'Odrzuć jako spam' },
  'alert-account-owner': { en: 'Alert the account owner and call to retain the customer', pl: 'Powiadom opiekuna klienta i zadzwoń, aby zatrzymać klienta' },
  'open-support-case': { en: 'Open a support case', pl: 'Utwórz zgłoszenie w supporcie' },
  'send-contract': { en: 'Send the proposal and contract', pl: 'Wyślij ofertę i umowę' },
  'book-technical-demo': { en: 'Book a technical demo', pl: 'Umów demo techniczne' },
  'book-demo': { en: 'Book a demo', pl: 'Umów demo' },
  'send-pricing': { en: 'Send the pricing', pl: 'Wyślij cennik' },
  'collect-contact': { en: 'Ask for contact details', pl: 'Poproś o dane kontaktowe' },
  'call-back': { en: 'Call back within an hour', pl: 'Oddzwoń w ciągu godziny' },
  nurture: { en: 'Add to the nurture sequence', pl: 'Dodaj do sekwencji nurturingowej' },
};

function choose(f: ActionFacts): NextBestActionCode {
  const has = (i: Intent) => f.intents.includes(i);
  if (f.isSpam) return 'discard-spam';
  if (has('churn')) return 'alert-account-owner';
  if (has('support')) return 'open-support-case';
  if (has('purchase')) return 'send-contract';
  if (has('demo') || (has('pricing') && f.decisionMaker === true)) {
    return f.objections.includes('integration') || f.objections.includes('security') ? 'book-technical-demo' : 'book-demo';
  }
  if (has('pricing')) return 'send-pricing';
  if (!f.contact.email && !f.contact.phone) return 'collect-contact';
  return f.highIntent ? 'call-back' : 'nurture';
}

export function nextBestAction(facts: ActionFacts, language: Language): NextBestAction {
  const code = choose(facts);
  return { code, text: TEXT[code][language] };
}
