import { describe, expect, it } from 'vitest';
import { emptyRoutingState } from '../routing/rotation.js';
import { calendarOfOwner, routeLead } from '../routing/route-lead.js';
import { routingConfigSchema } from '../routing/routing.schema.js';
import { buildLeadFacts, withScore } from '../scoring/lead-facts.js';
import { aLead, DAY, HOUR, NOW } from '../scoring/test-builders.js';
import { followupConfigSchema } from './followup.schema.js';
import { planFollowUp, type FollowUpInput, type PlanOwner } from './plan-followup.js';

const config = followupConfigSchema.parse({});
const MIN = 60_000;
const at = (iso: string): number => Date.parse(iso);
const owners = { ann: { name: 'Anna Nowak', timeZone: 'Europe/Warsaw', manager: 'max' }, max: { name: 'Max Boss', timeZone: 'Europe/Warsaw' } };
const routing = routingConfigSchema.parse({ owners });
const ann: PlanOwner = { id: 'ann', name: 'Anna Nowak', managerId: 'max', calendar: calendarOfOwner(routing, 'ann')! };
const input = (segment: string, lead: Parameters<typeof aLead>[0] = {}, extra: Partial<FollowUpInput> = {}): FollowUpInput => ({
  leadId: 'L1',
  facts: withScore(buildLeadFacts(aLead({ firstName: 'Jan', email: 'jan@firma.pl', timezone: 'Europe/Warsaw', ...lead })), 80, segment),
  receivedAt: NOW,
  owner: ann,
  ...extra,
});
const byStep = (plan: ReturnType<typeof planFollowUp>) => Object.fromEntries((plan?.steps ?? []).map((s) => [s.stepId, s]));

describe('planFollowUp with the shipped plans (SPEC §8)', () => {
  it('a hot lead gets the task at once, confirmation in 2 min, reminder, SLA escalations and a second touch at 24 h', () => {
    const plan = planFollowUp(input('hot'), config, NOW)!;
    expect(plan.planId).toBe('hot');
    expect(plan.sla.dueAt).toBe(NOW + HOUR);
    expect(plan.steps.map((s) => [s.stepId, s.runAt - NOW])).toEqual([
      ['task', 0],
      ['confirmation', 2 * MIN],
      ['reminder', 45 * MIN],
      ['sla-1', HOUR],
      ['sla-2', 3 * HOUR],
      ['second-touch', DAY],
    ]);
    const s = byStep(plan);
    expect(s.task?.task).toEqual({ type: 'call', title: 'Call back within 1 hour: Jan', dueAt: NOW + HOUR, ownerId: 'ann' });
    expect(s.confirmation?.message?.subject).toBe('Thanks, Jan — we have your message');
    expect(s.confirmation?.message?.body).toContain('Anna Nowak will get back to you shortly.');
    expect(s.reminder).toMatchObject({ recipient: 'owner', channels: ['email', 'slack'], cancelOn: ['contacted'] });
    expect(s['sla-1']?.escalation).toEqual({ level: 1, notify: ['owner', 'slack'], ownerId: 'ann', managerId: 'max', breach: true });
    expect(s['second-touch']?.consent).toEqual({ purposes: ['marketing'], legitimateInterest: false });
    expect(plan.steps.map((x) => x.key)).toContain('L1:followup:confirmation');
  });

  it('warm is due by the end of the working day; cold within 24 h', () => {
    const warm = planFollowUp(input('warm'), config, NOW)!;
    expect([warm.planId, warm.sla.dueAt, byStep(warm).task?.task?.title]).toEqual(['warm', at('2026-11-23T16:00:00Z'), 'Call back today: Jan']);
    const cold = planFollowUp(input('cold'), config, NOW)!;
    // the reminder 20 h later would be 06:00 in Warsaw: it waits for the owner's 09:00
    expect([cold.planId, cold.sla.dueAt - NOW, byStep(cold).reminder?.runAt]).toEqual(['default', DAY, at('2026-11-24T08:00:00Z')]);
  });

  it('writes to a Polish lead in Polish and to an unknown language in the default', () => {
    expect(byStep(planFollowUp(input('hot', { language: 'pl-PL' }), config, NOW)).confirmation?.message).toMatchObject({ language: 'pl', subject: 'Dziękujemy, Jan — otrzymaliśmy Twoją wiadomość' });
    expect(byStep(planFollowUp(input('hot', { language: 'de' }), config, NOW)).confirmation?.message?.language).toBe('en');
  });

  it('moves the second touch out of the person\'s night, in their own zone', () => {
    const plan = planFollowUp(input('hot', { timezone: 'America/New_York' }), config, NOW)!;
    // 24 h after receipt is 04:00 in New York → 08:00 there
    expect(byStep(plan)['second-touch']).toMatchObject({ runAt: at('2026-11-24T13:00:00Z'), shifted: 'quiet-hours', window: { kind: 'person', timeZone: 'America/New_York' } });
    expect(byStep(plan).confirmation).toMatchObject({ runAt: NOW + 2 * MIN, shifted: null }); // confirmations go at once
  });

  it('moves the owner reminder into the owner\'s working hours', () => {
    const late = at('2026-11-23T21:00:00Z'); // 22:00 in Warsaw
    const plan = planFollowUp(input('warm', {}, { receivedAt: late }), config, late)!;
    expect(byStep(plan).reminder).toMatchObject({ runAt: at('2026-11-24T08:00:00Z'), shifted: 'working-hours' });
  });

  it('a queued lead (no owner) runs on the business hours and never plans in the past', () => {
    const queued = planFollowUp(input('hot', {}, { owner: null }), config, NOW + 10 * MIN)!;
    expect(queued.sla.dueAt).toBe(NOW + HOUR); // business hours default to Mon–Fri 09–17 UTC: 09:00 UTC + 1 h
    expect(byStep(queued).confirmation?.runAt).toBe(NOW + 10 * MIN);
    expect(byStep(queued).task?.task?.ownerId).toBeNull();
    expect(byStep(queued).confirmation?.message?.body).toContain('We will get back to you shortly.');
  });

  it('chooses a plan by source and skips steps whose condition fails', () => {
    const custom = followupConfigSchema.parse({
      plans: [
        {
          id: 'chatbot-hot',
          when: { all: [{ field: 'leadSource', equals: 'Chatbot AI' }, { field: 'segment', equals: 'hot' }] },
          steps: [
            { id: 'confirm', kind: 'confirmation-email', delay: '1m', calendarLink: 'https://cal.example/ann', when: { field: 'company', exists: true } },
            { id: 'call', kind: 'crm-task', title: 'Call {{fullName}} now' },
          ],
        },
        { id: 'rest', steps: [{ id: 'call', kind: 'crm-task' }] },
      ],
    });
    const chat = planFollowUp(input('hot', { source: 'Chatbot AI', company: 'Firma' }), custom, NOW)!;
    expect(chat.planId).toBe('chatbot-hot');
    expect(byStep(chat).confirm?.message?.body).toContain('https://cal.example/ann');
    expect(byStep(chat).call?.task?.title).toBe('Call Jan now');
    expect(byStep(planFollowUp(input('hot', { source: 'Chatbot AI' }), custom, NOW)).confirm).toBeUndefined();
    expect(planFollowUp(input('hot', { source: 'Form' }), custom, NOW)?.planId).toBe('rest');
  });

  it('keeps job keys stable when a re-score changes the plan', () => {
    const keys = (segment: string) => planFollowUp(input(segment), config, NOW)!.steps.map((s) => s.key).sort();
    expect(keys('warm')).toEqual(keys('hot'));
  });

  it('works on a routed lead end to end: route → plan', () => {
    const facts = withScore(buildLeadFacts(aLead({ country: 'PL' })), 90, 'hot');
    const routed = routeLead(facts, routingConfigSchema.parse({ owners, rules: [{ id: 'pl', when: { field: 'country', equals: 'PL' }, assign: { owner: 'ann' } }] }), { now: NOW, state: emptyRoutingState() });
    const owner = { id: routed.owner!, name: 'Anna Nowak', calendar: calendarOfOwner(routing, routed.owner!)! };
    expect(planFollowUp({ leadId: 'L2', facts, receivedAt: NOW, owner }, config, NOW)?.sla.dueAt).toBe(NOW + HOUR);
  });

  it('rejects a plan step whose template has no default-language version', () => {
    const r = followupConfigSchema.safeParse({ plans: [{ id: 'p', steps: [{ id: 's', kind: 'confirmation-email', template: 'nope' }] }] });
    expect(r.error?.issues[0]?.path).toEqual(['plans', 0, 'steps', 0, 'template']);
  });
});
