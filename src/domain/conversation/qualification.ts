import type { NextQuestion } from './analysis.js';
import type { ConversationConfig, Language, QualificationField } from './conversation.schema.js';
import { askedSlots } from './slots.js';
import type { ConversationMessage } from './transcript.js';

/**
 * The qualification dialogue: which configured fields are still unknown, and the next question the
 * bot should ask. A field the bot already asked `maxAsksPerField` times is skipped (the visitor
 * chose not to answer; asking again annoys). Email and phone are one requirement: either is
 * enough to reach the person, so once one is known the other is not asked for.
 */

export type KnownFields = Readonly<Record<QualificationField, boolean>>;

const QUESTIONS: Readonly<Record<QualificationField, Record<Language, string>>> = {
  email: { en: 'What email address can we reach you at?', pl: 'Na jaki adres e-mail możemy się z Panem/Panią skontaktować?' },
  phone: { en: 'What phone number can we call you on?', pl: 'Pod jaki numer telefonu możemy zadzwonić?' },
  firstName: { en: 'May I have your name?', pl: 'Jak mogę się do Pana/Pani zwracać?' },
  company: { en: 'Which company are you with?', pl: 'Z jakiej firmy Pan/Pani pisze?' },
  budget: { en: 'What budget do you have in mind for this?', pl: 'Jaki budżet planujecie na to przeznaczyć?' },
  timeline: { en: 'When would you like to get started?', pl: 'Kiedy chcielibyście wystartować?' },
  decisionMaker: { en: 'Who else is involved in the decision?', pl: 'Kto jeszcze bierze udział w decyzji?' },
  companySize: { en: 'How many people work at your company?', pl: 'Ile osób pracuje w Państwa firmie?' },
};

export function missingFields(known: KnownFields, config: Pick<ConversationConfig, 'qualification'>): QualificationField[] {
  const reachable = known.email || known.phone;
  return config.qualification.ask.filter((field) => !known[field] && !((field === 'email' || field === 'phone') && reachable));
}

export function askCounts(messages: readonly ConversationMessage[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of messages) {
    if (m.role === 'user') continue;
    for (const slot of askedSlots(m.text)) counts.set(slot, (counts.get(slot) ?? 0) + 1);
  }
  return counts;
}

export function nextQuestion(
  missing: readonly QualificationField[],
  messages: readonly ConversationMessage[],
  language: Language,
  config: Pick<ConversationConfig, 'qualification'>,
): NextQuestion | null {
  const counts = askCounts(messages);
  const field = missing.find((f) => (counts.get(f) ?? 0) < config.qualification.maxAsksPerField);
  if (!field) return null;
  return { field, text: config.qualification.questions[`${language}.${field}`] ?? QUESTIONS[field][language] };
}
