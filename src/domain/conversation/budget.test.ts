import { describe, expect, it } from 'vitest';
import { findBudget, type BudgetContext } from './budget.js';

const pl: BudgetContext = { asked: false, defaultCurrency: 'PLN' };
const en: BudgetContext = { asked: false, defaultCurrency: null };
const budget = (text: string, ctx: BudgetContext = en) => findBudget(text, ctx)?.budget ?? null;

describe('findBudget', () => {
  it.each([
    ['Mamy budżet 40 000–80 000 zł na ten projekt', pl, { min: 40_000, max: 80_000, currency: 'PLN' }],
    ['Budget is 40-80k PLN', en, { min: 40_000, max: 80_000, currency: 'PLN' }],
    ['We could spend $50k', en, { min: 50_000, max: 50_000, currency: 'USD' }],
    ['Przeznaczymy około 100 tys.', pl, { min: 100_000, max: 100_000, currency: 'PLN', approximate: true }],
    ['Our budget is around half a million euro', en, { min: 500_000, max: 500_000, currency: 'EUR', approximate: true }],
    ['budżet do 50 tys. zł miesięcznie', pl, { min: null, max: 50_000, currency: 'PLN', period: 'month' }],
    ['at least €20,000 per year for this', en, { min: 20_000, max: null, currency: 'EUR', period: 'year' }],
    ['mamy od 1 do 1,5 mln zł', pl, { min: 1_000_000, max: 1_500_000, currency: 'PLN' }],
    ['£3,500 a month', en, { min: 3_500, max: 3_500, currency: 'GBP', period: 'month' }],
  ])('%s', (text, ctx, expected) => {
    expect(budget(text, ctx)).toMatchObject(expected);
  });

  it('reads a bare amount as a budget only when the bot asked for one', () => {
    expect(budget('around 30k')).toBeNull();
    expect(findBudget('around 30k', { asked: true, defaultCurrency: null })?.budget).toMatchObject({ min: 30_000, currency: null });
  });

  it('never reads people, days, phones, dates or quarters as money', () => {
    expect(budget('We have 50 employees and need it within 14 days', pl)).toBeNull();
    expect(budget('Budżet ustalimy, zadzwoń 600 100 200, start 15.03.2026 albo Q2', pl)).toBeNull();
    expect(budget('our budget is for 2026', en)).toBeNull();
  });

  it('keeps the currency of the language when none is named', () => {
    expect(budget('budżet to 60 tysięcy', pl)).toMatchObject({ min: 60_000, currency: 'PLN' });
    expect(budget('budget is 60 thousand', en)).toMatchObject({ min: 60_000, currency: null });
  });
});
