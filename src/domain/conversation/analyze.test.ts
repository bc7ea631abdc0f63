import { describe, expect, it } from 'vitest';
import { realtimeEvents } from './actions.js';
import type { ConversationAnalysis } from './analysis.js';
import { analyzeConversation } from './analyze.js';
import { conversationConfigSchema } from './conversation.schema.js';
import { transcriptSchema, type Transcript } from './transcript.js';

const config = conversationConfigSchema.parse({
  products: [{ id: 'enterprise', name: 'Enterprise', synonyms: ['plan enterprise'] }],
  competitors: [{ id: 'hubspot', name: 'HubSpot', synonyms: [] }],
});
const T0 = Date.UTC(2026, 10, 23, 9);
let clock = 0;
const chat = (...turns: Array<[role: 'user' | 'bot' | 'agent', text: string]>): Transcript =>
  transcriptSchema.parse({ channel: 'webchat', messages: turns.map(([role, text]) => ({ role, text, timestamp: T0 + (clock += 5000) })) });

const polishSales = chat(
  ['bot', 'Dzień dobry! W czym mogę pomóc?'],
  ['user', 'Dzień dobry, nazywam się Jan Kowalski, jestem prezesem firmy Budmax. Ile kosztuje plan Enterprise?'],
  ['bot', 'Chętnie pomogę. Jaki budżet planujecie?'],
  ['user', 'Mamy budżet 40 000–80 000 zł, wdrożenie chcemy w Q2. Czy to się zintegruje z naszymi istniejącymi systemami?'],
  ['bot', 'Jaki jest Pana e-mail?'],
  ['user', 'jan.kowalski@budmax.pl, tel. +48 888-78-48-78. Obecnie używamy HubSpot.'],
);

describe('analyzeConversation', () => {
  it('analyses the SPEC §11 conversation in Polish', () => {
    const a = analyzeConversation(polishSales, config);
    expect(a.language).toBe('pl');
    expect(a.contact).toEqual({ email: 'jan.kowalski@budmax.pl', phone: '+48888784878', firstName: 'Jan', lastName: 'Kowalski', company: 'Budmax', jobTitle: 'Prezes' });
    expect(a.budget).toMatchObject({ min: 40_000, max: 80_000, currency: 'PLN' });
    expect(a.timeline).toMatchObject({ targetDate: '2027-06-30', label: 'Q2' });
    expect(a.decisionMaker).toBe(true);
    expect(a.products).toEqual(['enterprise']);
    expect(a.competitors).toEqual(['hubspot']);
    expect(a.intents).toEqual(['pricing']);
    expect(a.objections).toEqual(['integration']);
    expect(a.score.points).toBe(20 + 25 + 15);
    expect(a.highIntent).toBe(true);
    expect(a.note.split('\n').slice(0, 7)).toEqual([
      'Podsumowanie rozmowy z chatbotem:',
      '- Pytał o cennik Enterprise',
      '- Budżet: 40 000–80 000 zł',
      '- Termin: Q2 (2027-06-30)',
      '- Decydent: Tak',
      '- Główna obawa: Integracja z istniejącymi systemami',
      '- Rekomendacja: Umów demo techniczne',
    ]);
    expect(a.missing).toEqual([]);
    expect(a.nextQuestion).toBeNull();
    expect(a.timing.messages).toEqual({ user: 3, bot: 3, agent: 0 });
  });

  it('asks the next missing question in the conversation language', () => {
    const a = analyzeConversation(chat(['user', 'Hi, how much is the Enterprise plan for a team of 30 people?']), config);
    expect(a.language).toBe('en');
    expect(a.missing).toEqual(['email', 'firstName', 'company', 'budget', 'timeline', 'decisionMaker']);
    expect(a.nextQuestion).toEqual({ field: 'email', text: 'What email address can we reach you at?' });
    expect(a.companySize).toEqual({ employees: 30, band: '11-50' });
    expect(a.nextBestAction.code).toBe('send-pricing');
  });

  it('reads a support chat as support and a churn chat as churn with a hand-off', () => {
    const support = analyzeConversation(chat(['user', 'Hi, this is anna@acme.io — the sync is failing since yesterday, error 500']), config);
    expect(support.intents).toEqual(['support']);
    expect(support.highIntent).toBe(false);
    const churn = analyzeConversation(chat(['user', 'We want to cancel our subscription, this is useless. Contact: tom@acme.io'], ['bot', 'Sorry, I did not understand.'], ['user', 'Terrible. Cancel it.']), config);
    expect(churn.intents).toContain('churn');
    expect(churn.highIntent).toBe(false);
    expect(churn.handoff).toEqual({ required: true, reasons: ['negative-sentiment', 'intent:churn'] });
  });

  it('marks spam', () => {
    const a = analyzeConversation(chat(['user', 'We offer SEO services and backlinks: http://a.io http://b.io http://c.io']), config);
    expect(a).toMatchObject({ isSpam: true, intents: ['spam'], nextQuestion: null, handoff: { required: false } });
    expect(a.nextBestAction.code).toBe('discard-spam');
    expect(a.highIntent).toBe(false);
  });
});

describe('real-time pattern', () => {
  it('raises contact-identified when the email appears and buying-signal when the score crosses the threshold', () => {
    const events: string[] = [];
    let previous: ConversationAnalysis | null = null;
    for (let n = 1; n <= polishSales.messages.length; n++) {
      const a = analyzeConversation({ ...polishSales, messages: polishSales.messages.slice(0, n) }, config);
      events.push(...realtimeEvents(previous, a).map((e) => `${n}:${e.type}${'field' in e ? `:${e.field}` : ''}`));
      previous = a;
    }
    // Pricing + budget + decision maker = 45 points; the competitor (+15) reaches the 60-point threshold.
    expect(events).toEqual(['6:contact-identified:email', '6:contact-identified:phone', '6:buying-signal']);
  });
});
