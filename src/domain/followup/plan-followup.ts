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

function templateVars(facts: Facts, owner: PlanOwner | null, sla: SlaTimer): TemplateVars {
  const firstName = str(facts, 'firstName');
  const fullName = [firstName, str(facts, 'lastName')].filter(Boolean).join(' ') || str(facts, 'email') || str(facts, 'phone');
  return {
    firstName, fullName, company: str(facts, 'company'), product: str(facts, 'product'), email: str(facts, 'email'), phone: str(facts, 'phone'),
    ownerName: owner?.name ?? null, calendarLink: null, slaLabel: sla.label, segment: str(facts, 'segment'),
  };
}

// One calendar object per config, so the working-hours day cache (keyed by calendar) serves queues too.
const businessCalendars = new WeakMap<FollowupConfig['businessHours'], WorkingCalendar>();

function businessCalendar(hours: FollowupConfig['businessHours']): WorkingCalendar {
  let cal = businessCalendars.get(hours);
  if (!cal) businessCalendars.set(hours, (cal = { timeZone: hours.timeZone, hours: hours.hours, closedDates: [] }));
  return cal;
}

export function planFollowUp(input: FollowUpInput, config: FollowupConfig, now: number): FollowUpPlan | null {
  const { facts, receivedAt, owner } = input;
  const plan = config.plans.find((p) => !p.when || evaluateCondition(p.when, facts, now));
  if (!plan) return null;
  const segment = str(facts, 'segment');
  const ownerCalendar: WorkingCalendar = owner?.calendar ?? businessCalendar(config.businessHours);
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

  // Steps are built as one literal each (fields in the order of `PlannedStep`) and the vars once per
  // plan: spreading a shared part into every step cost more than the rest of the planning.
  type Timing = Pick<PlannedStep, 'runAt' | 'shifted' | 'window'>;
  const planned = (key: string, stepId: string, kind: PlannedKind, t: Timing, recipient: PlannedStep['recipient'], channels: PlannedStep['channels'], cancelOn: string[]): PlannedStep => ({
    key, planId: plan.id, stepId, kind, runAt: t.runAt, shifted: t.shifted, window: t.window, recipient, channels, cancelOn,
  });
  let shared: TemplateVars | undefined;
  const vars = (calendarLink?: string): TemplateVars => {
    shared ??= templateVars(facts, owner, sla);
    return calendarLink === undefined ? shared : { ...shared, calendarLink };
  };
  const steps: PlannedStep[] = [];
  for (const step of plan.steps) {
    if (step.when && !evaluateCondition(step.when, facts, now)) continue;
    const key = `${input.leadId}:followup:${step.id}`;
    const at = Math.max(receivedAt + step.delay, now);
    switch (step.kind) {
      case 'confirmation-email': {
        const s = planned(key, step.id, step.kind, toPerson(at, step.respectQuietHours), 'person', ['email'], []);
        s.message = message(step.template, vars(step.calendarLink));
        steps.push(s);
        break;
      }
      case 'crm-task': {
        const s = planned(key, step.id, step.kind, { runAt: at, shifted: null, window: null }, 'owner', ['crm'], []);
        s.task = { type: step.taskType, title: renderTemplate(step.title, vars()), dueAt: sla.dueAt, ownerId };
        steps.push(s);
        break;
      }
      case 'owner-reminder': {
        const runAt = nextWorkingStart(ownerCalendar, at) ?? at;
        steps.push(planned(key, step.id, step.kind, { runAt, shifted: runAt > at ? 'working-hours' : null, window: { kind: 'owner' } }, 'owner', [...step.channels], [...step.cancelOn]));
        break;
      }
      case 'second-touch': {
        const s = planned(key, step.id, step.kind, toPerson(at, step.respectQuietHours), 'person', ['email'], [...step.cancelOn]);
        s.message = message(step.template, vars());
        s.consent = { purposes: [...step.consentPurposes], legitimateInterest: step.legitimateInterest };
        steps.push(s);
        break;
      }
    }
  }
  for (const e of sla.escalations) {
    const s = planned(`${input.leadId}:sla:${e.level}`, `sla-${e.level}`, 'sla-escalation', { runAt: Math.max(e.at, now), shifted: null, window: null }, 'escalation', e.notify.includes('slack') ? ['email', 'slack'] : ['email'], ['contacted']);
    s.escalation = { level: e.level, notify: e.notify, ownerId, managerId: owner?.managerId ?? null, breach: e.level === 1 };
    steps.push(s);
  }
  steps.sort((a, b) => a.runAt - b.runAt);
  return { planId: plan.id, segment, sla, personTimeZone: tz, steps };
}
