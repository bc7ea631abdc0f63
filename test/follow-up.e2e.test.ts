import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../src/lib/clock.js';
import { startPipeline, type Pipeline } from './pipeline-harness.js';
import { admin, keyed, testConfig } from './helpers.js';

/**
 * SPEC §6–8 end to end over HTTP: a hot lead is scored, routed with a reason, gets its confirmation
 * email through a real SMTP exchange (captured into the outbox) and a Slack message (a local HTTP
 * sink); with no first contact, the SLA escalation fires when the clock passes the SLA — across a
 * worker restart in between.
 */
let p: Pipeline;
let sink: Server;
afterEach(async () => {
  await p?.close();
  await new Promise((resolve) => sink?.close(resolve));
});

async function slackSink(): Promise<{ url: string; messages: Array<{ text: string; blocks: unknown[] }> }> {
  const messages: Array<{ text: string; blocks: unknown[] }> = [];
  sink = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      messages.push(JSON.parse(body));
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const address = sink.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`, messages };
}

const config = (slackUrl: string) =>
  testConfig(`
scoring:
  version: e2e-1
  rules:
    - { id: ceo, category: fit, when: { field: jobTitle, equals: CEO }, points: 80 }
routing:
  owners:
    anna: { name: Anna Kowalska, email: anna@firma.test, timeZone: Europe/Warsaw }
  rules:
    - { id: everyone, when: { field: email, exists: true }, assign: { owner: anna } }
notify:
  slack: { webhookUrl: "${slackUrl}" }
`);

/** A pipeline on a fake clock (Monday 2026-11-23 09:00 UTC = 10:00 in Warsaw, inside Anna's
 * working hours), a Slack sink, and one lead submitted over HTTP. */
async function hotLead(body: object) {
  const slack = await slackSink();
  const clock = manualClock(Date.UTC(2026, 10, 23, 9, 0, 0));
  p = await startPipeline(config(slack.url), clock);
  const res = await p.app.inject({ method: 'POST', url: '/v1/leads', headers: { ...keyed, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  expect(res.statusCode).toBe(202);
  return { slack, clock, leadId: res.json().leadId as string };
}

describe('follow-up end to end', () => {
  it('hot lead: owner and reason, confirmation email over SMTP, Slack escalation when the SLA passes without contact', async () => {
    const { slack, clock, leadId } = await hotLead({ email: 'ewa.nowak@firma.pl', name: 'Ewa Nowak', jobTitle: 'CEO', company: 'Firma S.A.', language: 'pl', consent: { contact: true } });
    await p.drained();
    let lead = (await p.app.inject({ method: 'GET', url: `/v1/leads/${leadId}`, headers: admin })).json();
    expect(lead).toMatchObject({ segment: 'hot', owner: 'anna' });
    expect(lead.routingReason).toContain('rule=everyone');
    expect(lead.identity.followUp.planId).toBe('hot');

    // Three minutes later the confirmation (planned 2 min after receipt) has gone out.
    clock.advance(3 * 60_000);
    await p.drained();
    const outbox = (await p.app.inject({ method: 'GET', url: `/v1/outbox?leadId=${leadId}`, headers: admin })).json().items;
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ to: ['ewa.nowak@firma.pl'], leadId });
    expect(outbox[0].raw).toContain('Anna Kowalska');

    // A restart in between: the remaining steps live in the queue, not in memory.
    await p.restartWorker();

    // No `contacted` event: past the 1-hour SLA the escalation reaches Slack and the owner by email.
    clock.advance(70 * 60_000);
    await p.drained();
    lead = (await p.app.inject({ method: 'GET', url: `/v1/leads/${leadId}`, headers: admin })).json();
    const statuses = lead.events.map((e: { status: string }) => e.status);
    expect(statuses).toContain('sla-breached');
    expect(slack.messages.length).toBeGreaterThan(0);
    expect(JSON.stringify(slack.messages[0]!.blocks)).toContain('rule=everyone');
    const ownerMail = (await p.app.inject({ method: 'GET', url: `/v1/outbox?leadId=${leadId}`, headers: admin })).json().items;
    expect(ownerMail.some((m: { to: string[] }) => m.to.includes('anna@firma.test'))).toBe(true);
  });

  it('a first contact cancels the owner reminder and the escalation', async () => {
    const { slack, clock, leadId } = await hotLead({ email: 'jan@firma.pl', name: 'Jan Nowak', jobTitle: 'CEO' });
    await p.drained();
    clock.advance(10 * 60_000);
    const contacted = await p.app.inject({ method: 'POST', url: `/v1/leads/${leadId}/events`, headers: { ...admin, 'content-type': 'application/json' }, payload: JSON.stringify({ type: 'contacted' }) });
    expect(contacted.statusCode).toBe(202);
    await p.drained();
    clock.advance(3 * 3600_000);
    await p.drained();
    const lead = (await p.app.inject({ method: 'GET', url: `/v1/leads/${leadId}`, headers: admin })).json();
    const statuses = lead.events.map((e: { status: string }) => e.status);
    expect(statuses).toContain('activity');
    expect(statuses).not.toContain('sla-breached');
    const skipped = lead.events.filter((e: { status: string; detail: { reason?: string } }) => e.status === 'followup-skipped').map((e: { detail: { reason?: string } }) => e.detail.reason);
    expect(skipped).toContain('event:contacted');
    expect(slack.messages).toEqual([]);
    // The re-score the contact triggered kept the plan: the person got one confirmation, not two.
    const mail = (await p.app.inject({ method: 'GET', url: `/v1/outbox?leadId=${leadId}`, headers: admin })).json().items;
    expect(mail.filter((m: { to: string[] }) => m.to.includes('jan@firma.pl'))).toHaveLength(1);
    expect(lead.events.filter((e: { status: string }) => e.status === 'followup-scheduled').map((e: { detail: { reason?: string } }) => e.detail.reason)).toEqual([undefined, 'plan unchanged']);

    // The metrics see it: contacted 10 minutes after receipt, inside the 1-hour SLA.
    const summary = (await p.app.inject({ method: 'GET', url: '/v1/metrics/summary?from=2026-11-23', headers: admin })).json();
    expect(summary).toMatchObject({ submissions: 1, people: 1, speedToLead: { contacted: 1, medianMs: 10 * 60_000 }, sla: { met: 1, breached: 0 }, perSegment: { hot: 1 } });
    // …and Prometheus sees the same numbers, over the last 24 hours.
    const scrape = (await p.app.inject('/metrics')).body;
    expect(scrape).toContain('leadwire_summary_up 1');
    expect(scrape).toContain('leadwire_speed_to_lead_seconds{window="86400s",quantile="0.5"} 600');
    expect(scrape).toContain('leadwire_sla_leads{window="86400s",state="met"} 1');
    expect(scrape).toContain('leadwire_sla_met_ratio{window="86400s"} 1');
    expect(scrape).toContain('leadwire_leads_by_segment{window="86400s",segment="hot"} 1');
    expect(scrape).toContain('leadwire_leads_received{window="86400s",kind="people"} 1');
    expect(scrape).toContain('leadwire_duplicate_ratio{window="86400s",source="",campaign=""} 0');
  });
});
