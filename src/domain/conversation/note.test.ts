import { describe, expect, it } from 'vitest';
import { nextBestAction } from './next-action.js';
import { formatBudget, writeNote, type NoteFacts } from './note.js';

const budget = { min: 40_000, max: 80_000, currency: 'PLN', period: null, approximate: false };
const facts = (language: 'en' | 'pl', firstName: string | null = null): NoteFacts => ({
  language,
  firstName,
  intents: ['pricing'],
  productNames: ['Enterprise'],
  questions: ['How much is Enterprise?'],
  budget,
  timeline: { targetDate: '2027-06-30', withinDays: 219, label: 'Q2' },
  decisionMaker: true,
  objections: ['integration', 'price'],
  keyTopics: ['pricing', 'integration'],
  nextBestAction: nextBestAction({ isSpam: false, intents: ['pricing'], objections: ['integration'], decisionMaker: true, contact: { email: 'a@b.pl', phone: null }, highIntent: true }, language),
});

describe('writeNote', () => {
  it('writes the SPEC §11 note in English', () => {
    expect(writeNote(facts('en'))).toBe(
      [
        'Chatbot conversation summary:',
        '- Asked about Enterprise pricing',
        '- Budget: 40,000–80,000 PLN',
        '- Timeline: Q2 (2027-06-30)',
        '- Decision maker: yes',
        '- Main concern: integration with existing systems',
        '- Recommendation: book a technical demo',
        'Key topics: pricing, integration',
        'Products of interest: Enterprise',
      ].join('\n'),
    );
  });

  it('writes the source document note in Polish', () => {
    expect(writeNote(facts('pl', 'Jan')).split('\n').slice(0, 7)).toEqual([
      'Podsumowanie rozmowy z chatbotem:',
      '- Pytał o cennik Enterprise',
      '- Budżet: 40 000–80 000 zł',
      '- Termin: Q2 (2027-06-30)',
      '- Decydent: Tak',
      '- Główna obawa: Integracja z istniejącymi systemami',
      '- Rekomendacja: Umów demo techniczne',
    ]);
    expect(writeNote(facts('pl', 'Anna'))).toContain('- Pytała o cennik Enterprise');
  });

  it('says when the decision maker is unknown', () => {
    expect(writeNote({ ...facts('en'), decisionMaker: null })).toContain('- Decision maker: not stated');
  });
});

describe('formatBudget', () => {
  it('formats open ranges, periods and approximations', () => {
    expect(formatBudget({ min: null, max: 50_000, currency: 'PLN', period: 'month', approximate: false }, 'pl')).toBe('do 50 000 zł miesięcznie');
    expect(formatBudget({ min: 100_000, max: 100_000, currency: 'PLN', period: null, approximate: true }, 'pl')).toBe('około 100 000 zł');
    expect(formatBudget({ min: 5_000, max: null, currency: 'USD', period: 'year', approximate: false }, 'en')).toBe('from 5,000 USD / year');
    expect(formatBudget({ min: 5_000, max: 5_000, currency: null, period: null, approximate: false }, 'pl')).toBe('5 000');
  });
});

describe('nextBestAction', () => {
  const base = { isSpam: false, intents: [], objections: [], decisionMaker: null, contact: { email: 'a@b.pl', phone: null }, highIntent: false } as const;
  it.each([
    [{ isSpam: true, intents: ['purchase'] }, 'discard-spam'],
    [{ intents: ['churn', 'support'] }, 'alert-account-owner'],
    [{ intents: ['support'] }, 'open-support-case'],
    [{ intents: ['purchase', 'pricing'] }, 'send-contract'],
    [{ intents: ['demo'] }, 'book-demo'],
    [{ intents: ['pricing'] }, 'send-pricing'],
    [{ contact: { email: null, phone: null } }, 'collect-contact'],
    [{ highIntent: true }, 'call-back'],
    [{}, 'nurture'],
  ] as const)('%j → %s', (patch, code) => {
    expect(nextBestAction({ ...base, ...patch }, 'en').code).toBe(code);
  });
});
