import { describe, expect, it } from 'vitest';
import { ownerCalendar } from '../routing/availability.js';
import { ownerSchema } from '../routing/routing.schema.js';
import { buildLeadFacts, withScore } from '../scoring/lead-facts.js';
import { aLead, DAY, HOUR, NOW } from '../scoring/test-builders.js';
import { followupConfigSchema } from './followup.schema.js';
import { planFollowUp } from './plan-followup.js';
import { decideStep, type StepRunContext } from './run-step.js';

const config = followupConfigSchema.parse({});
const calendar = ownerCalendar(ownerSchema.parse({ name: 'Ann', timeZone: 'Europe/Warsaw' }));
const facts = withScore(buildLeadFacts(aLead({ firstName: 'Jan', timezone: 'Europe/Warsaw' })), 85, 'hot');
const plan = planFollowUp({ leadId: 'L1', facts, receivedAt: NOW, owner: { id: 'ann', name: 'Ann', calendar } }, config, NOW)!;
const step = (id: string) => plan.steps.find((s) => s.stepId === id)!;
const ctx = (over: Partial<StepRunContext> = {}): StepRunContext => ({ now: NOW, receivedAt: NOW, events: [], consent: {}, ownerCalendar: calendar, ...over });

describe('decideStep when a job comes due', () => {
  it('sends the reminder only while nobody has made contact', () => {
    const reminder = step('reminder');
    expect(decideStep(reminder, ctx({ now: reminder.runAt }), config)).toEqual({ action: 'send', emits: null });
    const contacted = [{ type: 'contacted', at: NOW + 10 * 60_000 }];
    expect(decideStep(reminder, ctx({ now: reminder.runAt, events: contacted }), config)).toEqual({ action: 'skip', reason: 'event:contacted' });
  });

  it('defers an owner reminder until the owner is at work', () => {
    const evening = Date.parse('2026-11-23T18:00:00Z');
    expect(decideStep(step('reminder'), ctx({ now: evening }), config)).toEqual({ action: 'defer', until: Date.parse('2026-11-24T08:00:00Z'), reason: 'working-hours' });
  });

  it('sends the second touch only with consent (asked at send time) or a legitimate interest', () => {
    const touch = step('second-touch');
    const when = ctx({ now: NOW + DAY });
    expect(decideStep(touch, when, config)).toEqual({ action: 'skip', reason: 'no-consent' });
    expect(decideStep(touch, { ...when, consent: { marketing: false } }, config)).toEqual({ action: 'skip', reason: 'no-consent' });
    expect(decideStep(touch, { ...when, consent: { marketing: true } }, config)).toEqual({ action: 'send', emits: null });
    expect(decideStep({ ...touch, consent: { purposes: ['marketing'], legitimateInterest: true } }, when, config).action).toBe('send');
    const booked = { ...when, consent: { marketing: true }, events: [{ type: 'meeting_booked', at: NOW + HOUR }] };
    expect(decideStep(touch, booked, config)).toEqual({ action: 'skip', reason: 'event:meeting_booked' });
  });

  it('re-checks the person\'s quiet hours when the scheduler runs late', () => {
    const lateNight = Date.parse('2026-11-24T21:30:00Z'); // 22:30 in Warsaw
    expect(decideStep(step('second-touch'), ctx({ now: lateNight, consent: { marketing: true } }), config)).toEqual({
      action: 'defer', until: Date.parse('2026-11-25T07:00:00Z'), reason: 'quiet-hours',
    });
  });

  it('the first SLA escalation is the breach; contact before it cancels every escalation', () => {
    expect(decideStep(step('sla-1'), ctx({ now: NOW + HOUR }), config)).toEqual({ action: 'send', emits: 'sla-breached' });
    expect(decideStep(step('sla-2'), ctx({ now: NOW + 3 * HOUR }), config)).toEqual({ action: 'send', emits: null });
    const contacted = ctx({ now: NOW + 3 * HOUR, events: [{ type: 'contacted', at: NOW + 2 * HOUR }] });
    expect(decideStep(step('sla-2'), contacted, config).action).toBe('skip');
  });

  it('ignores events from before this lead was received', () => {
    const old = ctx({ now: step('reminder').runAt, events: [{ type: 'contacted', at: NOW - DAY }] });
    expect(decideStep(step('reminder'), old, config).action).toBe('send');
  });
});
