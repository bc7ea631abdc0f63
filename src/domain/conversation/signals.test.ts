import { describe, expect, it } from 'vitest';
import { conversationConfigSchema } from './conversation.schema.js';
import { detectIntents, detectObjections, problemsAndNeeds, questionsAsked } from './signals.js';

const config = conversationConfigSchema.parse({});

describe('detectIntents', () => {
  it.each([
    [['Ile kosztuje plan Enterprise?'], ['pricing']],
    [['Can we book a demo next week?'], ['demo']],
    [['Od wczoraj nie działa logowanie, ciągle błąd 500'], ['support']],
    [['We want to cancel our subscription and get a refund'], ['churn']],
    [['Chcemy zacząć, proszę o umowę'], ['purchase']],
    [['How much is it? Also please send me the contract, ready to start.'], ['pricing', 'purchase']],
    [["We don't need a demo"], []],
    [['Can I cancel anytime?'], []],
  ])('%j → %j', (texts, intents) => {
    expect(detectIntents(texts, config)).toEqual(intents);
  });

  it('takes extra phrases from the config', () => {
    const custom = conversationConfigSchema.parse({ extraKeywords: { intents: { demo: ['pokazówk*'] } } });
    expect(detectIntents(['poproszę pokazówkę'], custom)).toEqual(['demo']);
  });
});

describe('detectObjections', () => {
  it('finds objections in order of first mention (SPEC note: integration with existing systems)', () => {
    expect(detectObjections(['Czy to się zintegruje z naszym ERP? Trochę za drogo, i co z RODO?'], config)).toEqual(['integration', 'price', 'security']);
    expect(detectObjections(['Is there a long-term contract or can we cancel anytime? Not now anyway.'], config)).toEqual(['contract', 'timing']);
    expect(detectObjections(['Does it support multi-currency?'], config)).toEqual(['features']);
  });
});

describe('questionsAsked / problemsAndNeeds', () => {
  it('lists the questions, with and without a question mark', () => {
    expect(questionsAsked(['Hi! How much does it cost? Czy jest integracja z SAP', 'Great, thanks.'])).toEqual([
      'How much does it cost?',
      'Czy jest integracja z SAP',
    ]);
  });

  it('lists stated problems and needs but not questions', () => {
    expect(problemsAndNeeds(['Tracimy leady, bo wszystko przepisujemy ręcznie. Czy pomożecie?', 'We need a shared inbox.'])).toEqual([
      'Tracimy leady, bo wszystko przepisujemy ręcznie.',
      'We need a shared inbox.',
    ]);
  });
});
