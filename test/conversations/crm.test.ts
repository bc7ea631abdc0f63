import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { Pipeline } from '../pipeline-harness.js';
import { hubspotPipeline, settled } from './hubspot-pipeline.js';
import { CATALOGUE, end, msg, open, SALES_CHAT, send } from './chat.js';

/**
 * Issue 7's end to end: a chat streamed message by message creates the lead when the email appears,
 * and when it ends its CRM note lands in the HubSpot sandbox (over real HTTP), beside a deal for the
 * high-intent conversation — through the same sync as every other lead.
 */
let p: Pipeline;
let sandboxes: FastifyInstance;
afterEach(async () => {
  await p.close();
  await sandboxes.close();
});

const waitForSync = settled;

describe('conversations into the CRM', () => {
  it('streams, creates the lead on the email, and ends with the conversation note and a deal in HubSpot', async () => {
    let hubspot;
    ({ p, sandboxes, hubspot } = await hubspotPipeline(CATALOGUE));

    const id = (await open(p.app, { channel: 'webchat', externalId: 'crm-1' })).json().conversationId;
    for (const m of SALES_CHAT.slice(0, 5)) await send(p.app, id, m);
    await waitForSync(p);
    expect(hubspot.all('contacts')).toHaveLength(0);
    const leadId = (await send(p.app, id, SALES_CHAT[5]!)).json().leadId;
    await waitForSync(p);
    const [contact] = hubspot.all('contacts');
    expect(contact?.data).toMatchObject({ email: 'tom.baker@nordwind-logistics.com', firstname: 'Tom', lastname: 'Baker' });

    await send(p.app, id, msg('b3', 'bot', 'Thanks Tom, our team will email you today.', 6));
    await end(p.app, id);
    await waitForSync(p);

    const notes = hubspot.all('notes').map((n) => String(n.data.hs_note_body));
    expect(notes.some((body) => body.includes('Chatbot conversation summary'))).toBe(true);
    const deals = hubspot.all('deals');
    expect(deals).toHaveLength(1);
    expect(String(deals[0]!.data.dealname)).toContain('Nordwind');
    // One contact however many times the person was synced (each message re-processes the lead).
    expect(hubspot.all('contacts')).toHaveLength(1);
    const lead = (await p.app.inject({ method: 'GET', url: `/v1/leads/${leadId}`, headers: { 'x-api-key': 'admin-key-for-tests' } })).json();
    expect(lead.crmIds.hubspot).toBe(contact!.id);
  }, 30_000);
});
