import { afterEach, describe, expect, it } from 'vitest';
import { admin, testConfig } from '../helpers.js';
import { startPipeline, type Pipeline } from '../pipeline-harness.js';
import { CATALOGUE, end, msg, open, read, SALES_CHAT, send } from './chat.js';

let p: Pipeline;
afterEach(async () => {
  await p.close();
});

const lead = async (id: string) => (await p.app.inject({ method: 'GET', url: `/v1/leads/${id}`, headers: admin })).json();

describe('conversations through the pipeline', () => {
  it('streamed message by message: the lead appears exactly when the email does, with channel and first question', async () => {
    p = await startPipeline(testConfig(CATALOGUE));
    const id = (await open(p.app, { channel: 'webchat', externalId: 'stream-1' })).json().conversationId;
    for (const m of SALES_CHAT.slice(0, 5)) {
      expect((await send(p.app, id, m)).json().leadId).toBeNull();
    }
    expect(p.db.count('leads')).toBe(0);
    const withEmail = (await send(p.app, id, SALES_CHAT[5]!)).json();
    expect(withEmail.leadId).toMatch(/^ld_/);
    expect(withEmail.links.lead).toBe(`/v1/leads/${withEmail.leadId}`);
    expect(p.db.count('leads')).toBe(1);
    await p.drained();

    const created = await lead(withEmail.leadId);
    expect(created.input).toMatchObject({
      email: 'tom.baker@nordwind-logistics.com', firstName: 'Tom', lastName: 'Baker', channel: 'webchat', source: 'chatbot',
      message: 'How does your pricing compare to HubSpot?', custom: { conversationId: id },
    });
    expect(created.status).toBe('completed');
    expect(created.identity.conversation).toMatchObject({ id, channel: 'webchat', initialQuestion: 'How does your pricing compare to HubSpot?', messageCount: 6, endedAt: null, note: null });
  });

  it('end: the final analysis and the CRM note on the lead; a high-intent chat scores hot with the conversation signals named', async () => {
    p = await startPipeline(testConfig(CATALOGUE));
    const opened = (await open(p.app, { channel: 'webchat', externalId: 'hot-1', messages: SALES_CHAT })).json();
    await p.drained();
    await send(p.app, opened.conversationId, msg('b3', 'bot', 'Thanks Tom, our team will email you today.', 6));
    const ended = (await end(p.app, opened.conversationId)).json();
    expect(ended.status).toBe('ended');
    await p.drained();

    const view = (await read(p.app, opened.conversationId)).json();
    expect(view.endedAt).not.toBeNull();
    expect(view.analysis.note).toMatch(/^Chatbot conversation summary:\n/);
    const person = await lead(opened.leadId);
    expect(person.identity.conversation).toMatchObject({ id: opened.conversationId, messageCount: 7, note: view.analysis.note, durationMs: 6 * 60_000 });
    expect(person.identity.conversation.endedAt).toEqual(expect.any(Number));
    expect(person.identity.analysis).toMatchObject({ decisionMaker: true, competitors: ['hubspot'], budget: { min: 50000 }, questionsAsked: 3 });
    expect(person.segment).toBe('hot');
    const rules = person.identity.scoring.breakdown.map((b: { ruleId?: string; id?: string; rule?: string }) => b.ruleId ?? b.id ?? b.rule);
    expect(rules).toEqual(expect.arrayContaining(['decision-maker', 'budget-mentioned', 'timeline-under-30-days', 'several-questions', 'competitor-mentioned']));
    expect(person.events.filter((e: { status: string }) => e.status === 'conversation')).toHaveLength(2);
  });

  it('a second conversation with the same email lands on the same person', async () => {
    p = await startPipeline(testConfig(CATALOGUE));
    const first = (await open(p.app, { channel: 'webchat', externalId: 'a', messages: [msg('1', 'user', 'Hi, anna@kowalska-design.pl here, what does the Pro plan cost?')] })).json();
    await p.drained();
    const second = (await open(p.app, { channel: 'whatsapp', externalId: 'b', messages: [msg('1', 'user', 'Hello again, my email is anna@kowalska-design.pl. Can I get a demo?', 60)] })).json();
    expect(second.leadId).not.toBe(first.leadId);
    await p.drained();

    expect((await lead(second.leadId)).mergedInto).toBe(first.leadId);
    expect((await read(p.app, second.conversationId)).json().leadId).toBe(first.leadId);
    const person = await lead(first.leadId);
    expect(person.identity.conversations).toMatchObject({ count: 2, channels: { first: 'webchat', last: 'whatsapp', all: ['webchat', 'whatsapp'] } });
    expect(person.identity.conversation.channel).toBe('whatsapp');
    // Messages after the merge re-process the person, not the merged submission.
    await send(p.app, second.conversationId, msg('2', 'user', 'We have 120 employees.', 61));
    await p.drained();
    expect((await lead(first.leadId)).identity.analysis.companySize).toMatchObject({ employees: 120 });
  });
});
