import type { NextBestAction } from './analysis.js';
import type { Budget } from './budget.js';
import type { Intent, Language, Objection } from './conversation.schema.js';
import type { Timeline } from './timeline.js';

/**
 * The CRM note in the SPEC §11 shape, in the conversation's language:
 *
 *     Chatbot conversation summary:
 *     - Asked about Enterprise pricing
 *     - Budget: 40,000–80,000 PLN
 *     - Timeline: Q2
 *     - Decision maker: yes
 *     - Main concern: integration with existing systems
 *     - Recommendation: book a technical demo
 *
 * followed by key topics and products of interest. Lines with nothing to say are left out, except
 * the decision maker, which says "not stated" (a salesperson wants to know it is unknown).
 */

export interface NoteFacts {
  language: Language;
  firstName: string | null;
  intents: readonly Intent[];
  productNames: readonly string[];
  questions: readonly string[];
  budget: Budget | null;
  timeline: Timeline | null;
  decisionMaker: boolean | null;
  objections: readonly Objection[];
  keyTopics: readonly string[];
  nextBestAction: NextBestAction;
}

const CONCERN: Readonly<Record<Objection, Record<Language, string>>> = {
  integration: { en: 'integration with existing systems', pl: 'Integracja z istniejącymi systemami' },
  price: { en: 'price', pl: 'Cena' },
  security: { en: 'security and data protection', pl: 'Bezpieczeństwo i ochrona danych' },
  timing: { en: 'timing', pl: 'Termin / moment zakupu' },
  contract: { en: 'contract terms', pl: 'Warunki umowy' },
  features: { en: 'missing features', pl: 'Brakujące funkcje' },
};

const LABELS = {
  en: { title: 'Chatbot conversation summary:', budget: 'Budget', timeline: 'Timeline', dm: 'Decision maker', concern: 'Main concern', rec: 'Recommendation', topics: 'Key topics', products: 'Products of interest', yes: 'yes', no: 'no', unknown: 'not stated' },
  pl: { title: 'Podsumowanie rozmowy z chatbotem:', budget: 'Budżet', timeline: 'Termin', dm: 'Decydent', concern: 'Główna obawa', rec: 'Rekomendacja', topics: 'Kluczowe tematy', products: 'Produkty', yes: 'Tak', no: 'Nie', unknown: 'nie określono' },
} as const;

function amount(value: number, language: Language): string {
  return new Intl.NumberFormat(language === 'pl' ? 'pl-PL' : 'en-US', { maximumFractionDigits: 2, useGrouping: true })
    .format(value)
    .replace(/\u00a0|\u202f/g, ' ');
}

/** "40,000–80,000 PLN" / "40 000–80 000 zł", "up to 50,000 PLN / month", "około 100 000 zł". */
export function formatBudget(b: Budget, language: Language): string {
  const pl = language === 'pl';
  // Polish groups four-digit numbers too in CRM notes ("5 000 zł"), as the source documents do.
  const fmt = (v: number) => (pl && v >= 1000 && v < 10_000 ? `${Math.floor(v / 1000)} ${String(v % 1000).padStart(3, '0')}` : amount(v, language));
  let range: string;
  if (b.min !== null && b.max !== null) range = b.min === b.max ? fmt(b.min) : `${fmt(b.min)}–${fmt(b.max)}`;
  else if (b.max !== null) range = `${pl ? 'do' : 'up to'} ${fmt(b.max)}`;
  else range = `${pl ? 'od' : 'from'} ${fmt(b.min ?? 0)}`;
  const currency = b.currency === null ? '' : pl && b.currency === 'PLN' ? ' zł' : ` ${b.currency}`;
  const period = b.period === 'month' ? (pl ? ' miesięcznie' : ' / month') : b.period === 'year' ? (pl ? ' rocznie' : ' / year') : '';
  return `${b.approximate ? (pl ? 'około ' : 'about ') : ''}${range}${currency}${period}`;
}

function askedLine(f: NoteFacts): string | null {
  const pl = f.language === 'pl';
  // Polish verbs agree with the speaker's gender; most Polish female first names end in -a.
  const verb = !pl ? 'Asked about' : f.firstName === null ? 'Pytanie o' : /a$/iu.test(f.firstName) && !/^(kuba|barnaba|bonawentura)$/iu.test(f.firstName) ? 'Pytała o' : 'Pytał o';
  const products = f.productNames.join(', ');
  if (f.intents.includes('pricing')) return pl ? `${verb} cennik${products ? ` ${products}` : ''}` : `${verb} ${products ? `${products} ` : ''}pricing`;
  if (f.intents.includes('demo')) return pl ? `${verb} demo${products ? ` ${products}` : ''}` : `${verb} a demo${products ? ` of ${products}` : ''}`;
  if (products) return `${verb} ${products}`;
  const q = f.questions[0];
  return q ? (pl ? `Pytanie: ${q}` : `Asked: ${q}`) : null;
}

export function writeNote(f: NoteFacts): string {
  const l = LABELS[f.language];
  const lines: string[] = [l.title];
  const asked = askedLine(f);
  if (asked) lines.push(`- ${asked}`);
  if (f.budget) lines.push(`- ${l.budget}: ${formatBudget(f.budget, f.language)}`);
  if (f.timeline) lines.push(`- ${l.timeline}: ${f.timeline.label} (${f.timeline.targetDate})`);
  lines.push(`- ${l.dm}: ${f.decisionMaker === null ? l.unknown : f.decisionMaker ? l.yes : l.no}`);
  const concern = f.objections[0];
  if (concern) lines.push(`- ${l.concern}: ${CONCERN[concern][f.language]}`);
  const rec = f.language === 'en' ? f.nextBestAction.text.charAt(0).toLowerCase() + f.nextBestAction.text.slice(1) : f.nextBestAction.text;
  lines.push(`- ${l.rec}: ${rec}`);
  if (f.keyTopics.length > 0) lines.push(`${l.topics}: ${f.keyTopics.join(', ')}`);
  if (f.productNames.length > 0) lines.push(`${l.products}: ${f.productNames.join(', ')}`);
  return lines.join('\n');
}
