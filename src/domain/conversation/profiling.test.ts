import { describe, expect, it } from 'vitest';
import { conversionDecision, knownProfileFacts, profilingConfigSchema, type ProfileAnalysis } from './profiling.js';

const chat = (over: Partial<ProfileAnalysis> = {}): ProfileAnalysis => ({
  budget: null, timeline: null, decisionMaker: null, problems: [], products: [], isSpam: false, contact: { company: null }, ...over,
});
const config = (input: unknown = {}) => profilingConfigSchema.parse(input);

describe('knownProfileFacts', () => {
  it('collects the facts across conversations and submissions; "no" is a known decision-maker status', () => {
    const known = knownProfileFacts({
      analyses: [chat({ budget: { min: 1, max: 2, currency: 'PLN', period: null, approximate: false } }), chat({ decisionMaker: false, products: ['crm'] })],
      submissions: [{ company: 'Acme', message: '  ' }],
    });
    expect(known).toEqual(['budget', 'decisionMaker', 'need', 'company']);
  });

  it('ignores spam conversations and keeps what was known before', () => {
    const known = knownProfileFacts({ analyses: [chat({ isSpam: true, problems: ['x'], contact: { company: 'Spam Inc' } }), null], submissions: [{ timeline: 'Q2' }], known: ['budget'] });
    expect(known).toEqual(['budget', 'timeline']);
  });
});

describe('conversionDecision', () => {
  it('defaults: 4 of 5 facts or the third interaction converts, whichever comes first', () => {
    expect(conversionDecision({ known: ['budget', 'timeline', 'need'], score: 90, interactions: 2 }, config())).toEqual({ convert: false, reasons: [] });
    expect(conversionDecision({ known: ['budget', 'timeline', 'need', 'company'], score: null, interactions: 1 }, config())).toEqual({
      convert: true, reasons: ['known-facts 4/5 ≥ 4 (budget, timeline, need, company)'],
    });
    expect(conversionDecision({ known: [], score: null, interactions: 3 }, config()).reasons).toEqual(['interactions 3 ≥ 3']);
  });

  it('combine: all needs every configured threshold; a score threshold reads the lead score', () => {
    const all = config({ convertAt: { knownFacts: 3, score: 60, interactions: null }, combine: 'all' });
    expect(conversionDecision({ known: ['budget', 'timeline', 'need'], score: 59, interactions: 9 }, all).convert).toBe(false);
    expect(conversionDecision({ known: ['budget', 'timeline', 'need'], score: 60, interactions: 1 }, all)).toEqual({
      convert: true, reasons: ['known-facts 3/5 ≥ 3 (budget, timeline, need)', 'score 60 ≥ 60'],
    });
  });

  it('disabled, or no threshold configured: never converts', () => {
    expect(conversionDecision({ known: ['budget', 'timeline', 'decisionMaker', 'need', 'company'], score: 100, interactions: 10 }, config({ enabled: false })).convert).toBe(false);
    expect(conversionDecision({ known: ['budget'], score: 100, interactions: 10 }, config({ convertAt: { knownFacts: null, interactions: null } })).convert).toBe(false);
  });
});
