import type { WorkingCalendar } from '../routing/calendar.schema.js';
import { nextWorkingStart } from '../routing/working-hours.js';
import { evaluateCondition, readField, type Facts } from '../scoring/condition.js';
import type { FollowupConfig, FollowupStep } from './followup.schema.js';
import { nextSendableTime, personTimeZone } from './quiet-hours.js';
import { renderTemplate, type TemplateVars } from './render-template.js';
import { computeSla, type SlaTimer } from './sla.js';
import type { EscalationTarget } from './sla.schema.js';

/**
 * Plans a lead's follow-up as timed steps for the scheduler, which stores each as a job keyed by
 * `key`. Keys are stable per step id, so re-planning after a re-score (warm → hot) moves pending
 * jobs instead of adding new ones; a job already done is never re-run. Pure: nothing is sent here; at run
 * time `decideStep` says whether a step still applies. Times count from `receivedAt`, never earlier
 * than `now` (a lead planned late gets its confirmation at once, not in the past).
 */
export interface PlanOwner {
  id: string;
  name: string;
  managerId?: string | null;
  /** `calendarOfOwner(routing, id)`: working hours with out-of-office days and holidays. */
  calendar: WorkingCalendar;
}

export interface FollowUpInput {
  leadId: string;
  /** Lead facts with `score` and `segment` (see `withScore`). */
  facts: Facts;
  receivedAt: number;
  owner: PlanOwner | null;
}

export type PlannedKind = FollowupStep['kind'] | 'sla-escalation';

export interface PlannedStep {
  key: string;
  planId: string;
  stepId: string;
  kind: PlannedKind;
  runAt: number;
  recipient: 'person' | 'owner' | 'escalation';
  channels: ('email' | 'slack' | 'crm')[];
  /** Event types that make the step moot once recorded (`contacted`…). */
  cancelOn: string[];
  /** Why `runAt` was moved: the person's quiet hours or the owner's working hours. */
  shifted: 'quiet-hours' | 'working-hours' | null;
  /** Re-checked at run time: a person's zone (quiet hours) or the owner's working hours. */
  window: { kind: 'person'; timeZone: string } | { kind: 'owner' } | null;
  message?: { template: string; language: string; subject: string; body: string };
  task?: { type: 'call' | 'email' | 'todo'; title: string; dueAt: number; ownerId: string | null };
  consent?: { purposes: string[]; legitimateInterest: boolean };
  escalation?: { level: number; notify: EscalationTarget[]; ownerId: string | null; managerId: string | null; breach: boolean };
}

export interface FollowUpPlan {
  planId: string;
  segment: string | null;
  sla: SlaTimer;
  personTimeZone: string;
  steps: PlannedStep[];
}

const str = (facts: Facts, path: string): string | null => {
  const v = readField(facts, path);
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
};

function templateVars(facts: Facts, owner: PlanOwner | null, sla: SlaTimer, calendarLink?: string): TemplateVars {
  const firstName = str(facts, 'firstName');
  const fullName = [firstName, str(facts, 'lastName')].filter(Boolean).join(' ') || str(facts, 'email') || str(facts, 'phone');
  return {
    firstName, fullName, company: str(facts, 'company'), product: str(facts, 'product'), email: str(facts, 'email'), phone: str(facts, 'phone'),
    ownerName: owner?.name ?? null, calendarLink: calendarLink ?? null, slaLabel: sla.label, segment: str(facts, 'segment'),
  };
}

export function planFollowUp(input: FollowUpInput, config: FollowupConfig, now: number): FollowUpPlan | null {
  const { facts, receivedAt, owner } = input;
  const plan = config.plans.find((p) => !p.when || evaluateCondition(p.when, facts, now));
  if (!plan) return null;
  const segment = str(facts, 'segment');
  const ownerCalendar: WorkingCalendar = owner?.calendar ?? { timeZone: config.businessHours.timeZone, hours: config.businessHours.hours, closedDates: [] };
  const sla = computeSla(segment, receivedAt, ownerCalendar, config.sla);
  const tz = personTimeZone(readField(facts, 'timezone') ?? readField(facts, 'timeZone'), config.person.defaultTimeZone);
  const language = str(facts, 'language') ?? config.defaultLanguage;
  const ownerId = owner?.id ?? null;

  const toPerson = (at: number, respect: boolean): Pick<PlannedStep, 'runAt' | 'shifted' | 'window'> => {
    if (!respect) return { runAt: at, shifted: null, window: null };
    const runAt = nextSendableTime(at, tz, config.person.quietHours, config.person.skipWeekends);
    return { runAt, shifted: runAt > at ? 'quiet-hours' : null, window: { kind: 'person', timeZone: tz } };
  };
  const message = (template: string, vars: TemplateVars): PlannedStep['message'] => {
    const versions = config.templates[template] ?? {};
    const lang = versions[language] ? language : config.defaultLanguage;
    const t = versions[lang] ?? { subject: template, body: '' };
    return { template, language: lang, subject: renderTemplate(t.subject, vars), body: renderTemplate(t.body, vars) };
  };

  const steps: PlannedStep[] = [];
  for (const step of plan.steps) {
    if (step.when && !evaluateCondition(step.when, facts, now)) continue;
    const common = { key: `${input.leadId}:followup:${step.id}`, planId: plan.id, stepId: step.id, kind: step.kind };
    const at = Math.max(receivedAt + step.delay, now);
    switch (step.kind) {
      case 'confirmation-email':
        steps.push({ ...common, ...toPerson(at, step.respectQuietHours), recipient: 'person', channels: ['email'], cancelOn: [], message: message(step.template, templateVars(facts, owner, sla, step.calendarLink)) });
        break;
      case 'crm-task':
        steps.push({
          ...common, runAt: at, shifted: null, window: null, recipient: 'owner', channels: ['crm'], cancelOn: [],
          task: { type: step.taskType, title: renderTemplate(step.title, templateVars(facts, owner, sla)), dueAt: sla.dueAt, ownerId },
        });
        break;
      case 'owner-reminder': {
        const runAt = nextWorkingStart(ownerCalendar, at) ?? at;
        steps.push({ ...common, runAt, shifted: runAt > at ? 'working-hours' : null, window: { kind: 'owner' }, recipient: 'owner', channels: [...step.channels], cancelOn: [...step.cancelOn] });
        break;
      }
      case 'second-touch':
        steps.push({
          ...common, ...toPerson(at, step.respectQuietHours), recipient: 'person', channels: ['email'], cancelOn: [...step.cancelOn],
          message: message(step.template, templateVars(facts, owner, sla)),
          consent: { purposes: [...step.consentPurposes], legitimateInterest: step.legitimateInterest },
        });
        break;
    }
  }
  for (const e of sla.escalations) {
    steps.push({
      key: `${input.leadId}:sla:${e.level}`, planId: plan.id, stepId: `sla-${e.level}`, kind: 'sla-escalation',
      runAt: Math.max(e.at, now), shifted: null, window: null, recipient: 'escalation', channels: e.notify.includes('slack') ? ['email', 'slack'] : ['email'],
      cancelOn: ['contacted'], escalation: { level: e.level, notify: e.notify, ownerId, managerId: owner?.managerId ?? null, breach: e.level === 1 },
    });
  }
  steps.sort((a, b) => a.runAt - b.runAt);
  return { planId: plan.id, segment, sla, personTimeZone: tz, steps };
}
