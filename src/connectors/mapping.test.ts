import { describe, expect, it } from 'vitest';
import { mappingEntrySchema } from './config.js';
import { applyTransform, leadSummary, mapFields, type LeadView } from './mapping.js';

const view: LeadView = {
  leadId: 'ld_1', firstName: 'Anna', lastName: 'Nowak', fullName: 'Anna Nowak', email: 'anna@acme.pl', phone: '+48600100200', company: 'Acme Sp. z o.o.',
  jobTitle: 'CEO', country: 'PL', product: 'AI', budget: '40 000 PLN', timeline: 'Q2', language: 'pl', score: 82, segment: 'hot', owner: 'anna',
  routingReason: 'region=PL, rule=pl', source: 'Chatbot AI', receivedAt: Date.UTC(2026, 10, 23, 10, 0), message: 'Ile kosztuje wdrożenie?', conversationId: null,
  initialQuestion: 'Ile kosztuje wdrożenie?', channel: 'webchat', utmSource: 'google', utmMedium: 'cpc', utmCampaign: 'q1', landingPage: 'acme.pl/pricing', referrer: null,
  custom: { plan: 'Pro', seats: 20 },
};
const entries = (list: unknown[]) => list.map((e) => mappingEntrySchema.parse(e));

describe('field mapping', () => {
  it('copies lead fields to CRM fields through transforms, leaving nulls out', () => {
    const fields = mapFields(view, entries([
      { from: 'score', to: 'lead_score', transform: ['string'] },
      { from: 'email', to: 'email_upper', transform: ['upper'] },
      { from: 'receivedAt', to: 'received_on', transform: ['date'] },
      { from: 'segment', to: 'temperature', transform: [{ map: { hot: 'Hot lead' }, default: 'Other' }] },
      { from: 'custom.plan', to: 'plan', transform: ['lower'] },
      { from: 'referrer', to: 'referrer' },
      { from: 'budget', to: 'budget_amount', transform: ['number'] },
    ]), true);
    expect(fields).toEqual({ lead_score: '82', email_upper: 'ANNA@ACME.PL', received_on: '2026-11-23', temperature: 'Hot lead', plan: 'pro', budget_amount: 40000 });
  });

  it('writes onUpdate:false fields only when creating', () => {
    const list = entries([{ from: 'source', to: 'leadsource', onUpdate: false }, { from: 'score', to: 'lead_score' }]);
    expect(mapFields(view, list, true)).toEqual({ leadsource: 'Chatbot AI', lead_score: 82 });
    expect(mapFields(view, list, false)).toEqual({ lead_score: 82 });
  });

  it('rejects an unknown lead field at config time', () => {
    expect(mappingEntrySchema.safeParse({ from: 'salary', to: 'x' }).success).toBe(false);
  });

  it('transforms dates, truncation and prefixes', () => {
    expect(applyTransform('2026-01-15T10:30:00Z', 'epochMs')).toBe(Date.UTC(2026, 0, 15, 10, 30));
    expect(applyTransform(Date.UTC(2026, 0, 15, 10, 30), 'datetime')).toBe('2026-01-15T10:30:00.000Z');
    expect(applyTransform('not a date', 'date')).toBeNull();
    expect(applyTransform('abcdef', { truncate: 3 })).toBe('abc');
    expect(applyTransform('42', { prefix: 'LW-' })).toBe('LW-42');
  });

  it('summarises the lead for the note a salesperson reads first', () => {
    const text = leadSummary(view);
    expect(text.split('\n')[0]).toBe('New lead: Anna Nowak (Acme Sp. z o.o.)');
    expect(text).toContain('Score: 82 (hot)');
    expect(text).toContain('Routing: region=PL, rule=pl');
    expect(text).toContain('Leadwire lead ld_1');
  });
});
