import { createServer, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createAlertEvaluator } from '../../src/notify/alert-evaluator.js';
import { admin, DEMO_KEY, testConfig } from '../helpers.js';
import { startPipeline, type Pipeline } from '../pipeline-harness.js';
import { CATALOGUE, msg, open } from './chat.js';
import { hubspotPipeline, settled } from './hubspot-pipeline.js';

/**
 * Signals of a person's conversations turned into actions, through the real pipeline: progressive
 * profiling converts the lead (and the CRM sync creates the deal), a churn signal alerts the owner,
 * a support issue is on the lead's analysis for the CRM side.
 */
let p: Pipeline;
let sandboxes: FastifyInstance | undefined;
let sink: Server | undefined;
afterEach(async () => {
  await p.close();
  await sandboxes?.close();
  sandboxes = undefined;
  if (sink) await new Promise((resolve) => sink!.close(resolve));
  sink = undefined;
});

const lead = async (id: string) => (await p.app.inject({ method: 'GET', url: `/v1/leads/${id}`, headers: admin })).json();
const alerts = async () => (await p.app.inject({ method: 'GET', url: '/v1/alerts', headers: admin })).json().items;
const outbox = async () => (await p.app.inject({ method: 'GET', url: '/v1/outbox', headers: admin })).json().items as Array<{ to: string[]; subject: string; text?: string }>;

/** One whole conversation, posted one-shot and ended; resolves once the pipeline has settled. */
async function chat(externalId: string, channel: string, texts: string[], minute = 0): Promise<{ conversationId: string; leadId: string }> {
  const messages = texts.map((t, i) => msg(`u${i + 1}`, 'user', t, minute + i));
  const res = (await open(p.app, { channel, externalId, messages, ended: true })).json();
  await settle();
  return { conversationId: res.conversationId, leadId: res.leadId };
}

const settle = () => settled(p);

const OWNER = `
routing:
  owners:
    kasia: { name: Kasia Nowak, email: kasia@firma.test, slackUserId: U123KASIA }
  rules:
    - { id: everyone, when: { field: email, exists: true }, assign: { owner: kasia } }
alerts: { emailTo: [ops@firma.test] }
`;

describe('progressive profiling', () => {
  it('the conversation that makes 4 of 5 qualification facts known converts the lead: marker, `qualified` event, a deal in the CRM', async () => {
    let hubspot;
    ({ p, sandboxes, hubspot } = await hubspotPipeline(CATALOGUE));

    const first = await chat('pp-1', 'webchat', ["Hi, I'm Ola Wiśniewska from Baltic Foods.", 'My email is ola@balticfoods.pl, just looking around for now.']);
    let person = await lead(first.leadId);
    expect(person.identity.profiling).toEqual({ known: ['company'], interactions: 1 });
    expect(person.identity.qualified).toBeUndefined();
    expect(person.events.map((e: { status: string }) => e.status)).not.toContain('qualified');
    expect(hubspot.all('contacts')).toHaveLength(1);
    expect(hubspot.all('deals')).toHaveLength(0);

    await chat('pp-2', 'whatsapp', ['Hello again, ola@balticfoods.pl here.', 'We need a lead management tool for our sales reps.', 'Our budget is about 20 000 PLN and we plan to start in Q4.'], 60);
    person = await lead(first.leadId);
    expect(person.identity.profiling).toEqual({ known: ['budget', 'timeline', 'need', 'company'], interactions: 2 });
    expect(person.identity.analysis.highIntent).toBe(false); // converted by profiling, not by intent
    expect(person.identity.qualified).toMatchObject({ at: expect.any(Number), reasons: ['known-facts 4/5 ≥ 4 (budget, timeline, need, company)'], known: ['budget', 'timeline', 'need', 'company'], interactions: 2 });
    const qualified = person.events.filter((e: { status: string }) => e.status === 'qualified');
    expect(qualified).toHaveLength(1);
    expect(qualified[0].detail.qualified.reasons).toEqual(person.identity.qualified.reasons);
    expect(hubspot.all('deals')).toHaveLength(1);

    // Converted once: a later, vaguer conversation neither un-qualifies nor adds a deal.
    await chat('pp-3', 'webchat', ['ola@balticfoods.pl again, thanks for the info!'], 120);
    person = await lead(first.leadId);
    expect(person.identity.qualified.at).toBe(qualified[0].detail.qualified.at);
    expect(person.events.filter((e: { status: string }) => e.status === 'qualified')).toHaveLength(1);
    expect(hubspot.all('deals')).toHaveLength(1);
  });

  it('configurable: convert at the second interaction only, whatever is known', async () => {
    p = await startPipeline(testConfig(`${CATALOGUE}  profiling: { convertAt: { knownFacts: null, interactions: 2 } }\n`));
    const first = await chat('cf-1', 'webchat', ['hi, jan@kowal-transport.pl']);
    expect((await lead(first.leadId)).identity.qualified).toBeUndefined();
    await chat('cf-2', 'sms', ['to znowu ja, jan@kowal-transport.pl'], 30);
    expect((await lead(first.leadId)).identity.qualified).toMatchObject({ reasons: ['interactions 2 ≥ 2'] });
  });
});

describe('progressive profiling across submissions', () => {
  it('a form submission\'s facts count with the conversations\'; a chat\'s first message is not a need by itself', async () => {
    p = await startPipeline(testConfig(CATALOGUE));
    const form = await p.app.inject({
      method: 'POST', url: '/v1/leads', headers: { 'x-api-key': DEMO_KEY, 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'iza@hurtownia-iza.pl', company: 'Hurtownia Iza', budget: '15 000 zł' }),
    });
    const leadId = form.json().leadId;
    await settle();
    expect((await lead(leadId)).identity.profiling).toEqual({ known: ['budget', 'company'], interactions: 1 });
    await chat('ps-1', 'webchat', ['iza@hurtownia-iza.pl, hello'], 10);
    expect((await lead(leadId)).identity).toMatchObject({ profiling: { known: ['budget', 'company'], interactions: 2 } });
    expect((await lead(leadId)).identity.qualified).toBeUndefined();
    await chat('ps-2', 'webchat', ['iza@hurtownia-iza.pl: we need a lead management tool by the end of the year.'], 20);
    expect((await lead(leadId)).identity.qualified).toMatchObject({ reasons: [expect.stringMatching(/^known-facts 4\/5 ≥ 4 \(budget, timeline, need, company\)/), 'interactions 3 ≥ 3'] });
  });
});

describe('churn signal', () => {
  it('alerts the lead\'s owner once per lead (email over SMTP, Slack with a mention, listed in GET /v1/alerts) and resolves when a later conversation is calm', async () => {
    const slack: string[] = [];
    sink = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => (slack.push(JSON.parse(body).text), res.end('ok')));
    });
    await new Promise<void>((resolve) => sink!.listen(0, '127.0.0.1', resolve));
    const hook = `http://127.0.0.1:${(sink.address() as { port: number }).port}/hook`;
    const config = testConfig(`${CATALOGUE}${OWNER}notify: { slack: { webhookUrl: "${hook}" } }\n`);
    p = await startPipeline(config);
    const angry = await chat('ch-1', 'webchat', ['This is marek@stal-hurt.pl.', 'We want to cancel our subscription, too many problems with the sync.']);
    let person = await lead(angry.leadId);
    expect(person.owner).toBe('kasia');
    expect(person.identity.analysis).toMatchObject({ intents: expect.arrayContaining(['churn']), conversationId: angry.conversationId });

    let listed = await alerts();
    expect(listed).toMatchObject([{ rule: 'churn-signal', key: `churn-signal:${angry.leadId}`, status: 'firing', severity: 'critical', detail: { leadId: angry.leadId, conversationId: angry.conversationId, owner: 'kasia' } }]);
    let mail = (await outbox()).filter((m) => m.subject.includes('Churn risk'));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.to).toEqual(['kasia@firma.test']);
    const alertEvent = person.events.find((e: { status: string }) => e.status === 'alert');
    expect(alertEvent.detail).toMatchObject({ kind: 'churn-signal', action: 'fired', alertId: listed[0].id, recipient: 'kasia', delivered: { email: 'sent', slack: 'sent' } });
    expect(slack).toEqual([`🔴 <@U123KASIA> Churn risk: lead ${angry.leadId}`]);
    // The count-based alert rules neither resolve nor re-send it.
    const evaluator = createAlertEvaluator({ store: p.db.store, config: config.alerts, notifier: { email: async () => ({ response: '' }), slack: async () => false, close() {} }, clock: { now: () => Date.now() }, log: { info() {}, warn() {}, error() {}, debug() {} } });
    expect(await evaluator.evaluate()).toEqual([]);
    expect((await alerts())[0].status).toBe('firing');

    // Another churn conversation while the alert fires: the same alert, nobody told twice.
    const again = await chat('ch-2', 'whatsapp', ['marek@stal-hurt.pl here. Please cancel our subscription, we want a refund.'], 30);
    expect(again.leadId).toBeDefined();
    listed = await alerts();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ status: 'firing', detail: { conversationId: angry.conversationId, lastConversationId: again.conversationId } });
    mail = (await outbox()).filter((m) => m.subject.includes('Churn risk'));
    expect(mail).toHaveLength(1);

    // A later calm conversation: the risk is over, the alert resolves.
    await chat('ch-3', 'webchat', ['marek@stal-hurt.pl — the sync works again, thank you, all good now.'], 60);
    listed = await alerts();
    expect(listed).toMatchObject([{ rule: 'churn-signal', status: 'resolved' }]);
    person = await lead(angry.leadId);
    expect(person.events.filter((e: { status: string; detail: { kind?: string } }) => e.status === 'alert' && e.detail.kind === 'churn-signal').map((e: { detail: { action: string } }) => e.detail.action)).toEqual(['fired', 'held', 'resolved']);
  });

  it('a failed delivery retries the step: still one alert and one email, Slack delivered on the retry', async () => {
    let calls = 0;
    sink = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        calls += 1;
        res.statusCode = calls === 1 ? 503 : 200;
        res.end(calls === 1 ? 'busy' : 'ok');
      });
    });
    await new Promise<void>((resolve) => sink!.listen(0, '127.0.0.1', resolve));
    const hook = `http://127.0.0.1:${(sink.address() as { port: number }).port}/hook`;
    p = await startPipeline(testConfig(`${CATALOGUE}${OWNER}notify: { slack: { webhookUrl: "${hook}" } }\n`));
    const angry = await chat('ch-r', 'webchat', ['tomasz@mleczarnia-tomasz.pl: we want to cancel our subscription.']);
    // The retry waits out its backoff; bring it forward instead of sleeping.
    const churnSteps = `step:${angry.leadId}:churn-`;
    while ((await p.db.store.pendingJobs(churnSteps)).count > 0) {
      await p.db.store.wakeJobs(churnSteps);
      await settle();
    }
    await settle(); // a retry claimed between the two reads is leased, not pending: let it finish
    expect(calls).toBe(2);
    expect(await alerts()).toMatchObject([{ rule: 'churn-signal', status: 'firing' }]);
    expect((await alerts())).toHaveLength(1);
    expect((await outbox()).filter((m) => m.subject.includes('Churn risk'))).toHaveLength(1);
    const events = (await lead(angry.leadId)).events.filter((e: { stage: string | null; status: string }) => e.stage === 'follow-up' && ['retry-scheduled', 'alert'].includes(e.status));
    expect(events.map((e: { status: string }) => e.status)).toEqual(['retry-scheduled', 'alert']);
    expect(events[1].detail).toMatchObject({ action: 'fired', delivered: { email: 'sent', slack: 'sent' } });
  });

  it('a lead without an owner (or an owner without an address) alerts alerts.emailTo instead', async () => {
    p = await startPipeline(testConfig(`${CATALOGUE}\nalerts: { emailTo: [ops@firma.test] }\n`));
    const angry = await chat('ch-9', 'webchat', ['ewa@piekarnia-ewa.pl: chcemy wypowiedzieć umowę i zrezygnować z usługi.']);
    expect((await lead(angry.leadId)).owner).toBeNull();
    expect(await alerts()).toMatchObject([{ rule: 'churn-signal', status: 'firing', detail: { owner: null } }]);
    expect((await outbox()).filter((m) => m.subject.includes('Churn risk')).map((m) => m.to)).toEqual([['ops@firma.test']]);
    await p.close();

    p = await startPipeline(testConfig(`${CATALOGUE}${OWNER.replace(', email: kasia@firma.test', '')}`));
    const owned = await chat('ch-10', 'webchat', ['adam@tartak-adam.pl: we will not renew the contract.']);
    expect((await lead(owned.leadId)).owner).toBe('kasia');
    const event = (await lead(owned.leadId)).events.find((e: { status: string }) => e.status === 'alert');
    expect(event.detail).toMatchObject({ action: 'fired', recipient: 'alerts.emailTo', delivered: { email: 'sent' } });
    expect((await outbox()).filter((m) => m.subject.includes('Churn risk')).map((m) => m.to)).toEqual([['ops@firma.test']]);
  });
});

describe('support issue on the lead', () => {
  it('the lead\'s analysis carries intents with `support`, and a silent newer conversation does not blank them', async () => {
    p = await startPipeline(testConfig(CATALOGUE));
    const help = await chat('sp-1', 'webchat', ['piotr@drukarnia-piotr.pl here. I cannot log in, the sync is failing since yesterday.']);
    let person = await lead(help.leadId);
    expect(person.identity.analysis).toMatchObject({ intents: expect.arrayContaining(['support']), conversationId: help.conversationId });
    // The widget opens a new conversation for the same visitor and nobody writes.
    await open(p.app, { channel: 'webchat', externalId: 'sp-2', visitor: { leadId: help.leadId } });
    await send(help.leadId);
    person = await lead(help.leadId);
    expect(person.identity.analysis.intents).toContain('support');
    expect(person.identity.analysis.conversationId).toBe(help.conversationId);
  });
});

/** Re-process the person (a behaviour event re-scores it) and wait. */
async function send(leadId: string): Promise<void> {
  const res = await p.app.inject({ method: 'POST', url: `/v1/leads/${leadId}/events`, headers: { ...admin, 'content-type': 'application/json' }, payload: JSON.stringify({ type: 'pricing_page_view' }) });
  expect(res.statusCode).toBeLessThan(300);
  await settle();
}
