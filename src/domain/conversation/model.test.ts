import { describe, expect, it } from 'vitest';
import { extractFacts } from './analyze.js';
import { conversationConfigSchema } from './conversation.schema.js';
import { buildModelRequest, mergeModelExtraction } from './model.js';
import { transcriptSchema } from './transcript.js';

const config = conversationConfigSchema.parse({ products: [{ id: 'crm', name: 'CRM' }], competitors: [{ id: 'pipedrive', name: 'Pipedrive' }] });
const transcript = transcriptSchema.parse({
  channel: 'webchat',
  messages: [
    { role: 'user', text: 'Hi, I am Tom from Initech, we need a CRM. Budget around $20k.', timestamp: '2026-11-23T09:00:00Z' },
    { role: 'user', text: 'You can reach me at tom@initech.com', timestamp: '2026-11-23T09:01:00Z' },
  ],
});
const facts = extractFacts(transcript, config);

describe('mergeModelExtraction', () => {
  it('fills gaps the rules left, with validated values, and recomputes the score', () => {
    const r = mergeModelExtraction(
      facts,
      { contact: { lastName: 'anderson', phone: '+48 600 100 200' }, decisionMaker: true, timeline: { targetDate: '2026-12-10', label: 'before Christmas' }, competitors: ['pipedrive', 'salesforce'] },
      transcript,
      config,
    );
    expect(r.valid).toBe(true);
    expect(r.analysis.contact).toMatchObject({ firstName: 'Tom', lastName: 'Anderson', phone: '+48600100200', email: 'tom@initech.com' });
    expect(r.analysis.contactSources.lastName).toEqual({ from: 'model', messageId: null });
    expect(r.analysis.timeline).toEqual({ targetDate: '2026-12-10', withinDays: 17, label: 'before Christmas' });
    expect(r.analysis.competitors).toEqual(['pipedrive']);
    expect(r.analysis.score.points).toBe(20 + 25 + 15 + 15);
    expect(r.rejected).toEqual([{ field: 'competitors', reason: 'unknown-id' }]);
  });

  it('keeps the rules on disagreement by default, the model when configured, and rejects invalid contact data', () => {
    const answer = { contact: { email: 'not-an-email', company: 'Globex' }, budget: { min: 30_000, max: 30_000, currency: 'USD' } };
    const rules = mergeModelExtraction(facts, answer, transcript, config);
    expect(rules.analysis.contact.company).toBe('Initech');
    expect(rules.analysis.budget).toMatchObject({ min: 20_000 });
    expect(rules.rejected).toEqual([
      { field: 'contact.email', reason: 'invalid' },
      { field: 'contact.company', reason: 'rules-win' },
      { field: 'budget', reason: 'rules-win' },
    ]);
    const model = mergeModelExtraction(facts, answer, transcript, { ...config, model: { precedence: 'model' } });
    expect(model.analysis.contact).toMatchObject({ company: 'Globex', email: 'tom@initech.com' });
    expect(model.analysis.budget).toMatchObject({ min: 30_000 });
  });

  it('ignores a malformed answer (falls back to the rules)', () => {
    const r = mergeModelExtraction(facts, { intents: ['bribe'] }, transcript, config);
    expect(r).toMatchObject({ valid: false, rejected: [{ field: '*', reason: 'schema' }] });
    expect(r.analysis.contact.email).toBe('tom@initech.com');
  });
});

describe('buildModelRequest', () => {
  it('names the catalogue ids and carries the JSON schema', () => {
    const req = buildModelRequest(transcript, 'en', config);
    expect(req.instructions).toContain('crm (CRM)');
    expect(req.transcript).toHaveLength(2);
    expect(req.schema).toMatchObject({ type: 'object' });
  });
});
