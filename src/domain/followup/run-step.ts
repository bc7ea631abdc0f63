import type { WorkingCalendar } from '../routing/calendar.schema.js';
import { nextWorkingStart } from '../routing/working-hours.js';
import type { BehaviourEvent } from '../scoring/lead-facts.js';
import type { FollowupConfig } from './followup.schema.js';
import type { PlannedStep } from './plan-followup.js';
import { nextSendableTime } from './quiet-hours.js';

/**
 * The run-time check of a planned step, made by the scheduler when its job comes due: the lead may
 * have been contacted since, consent may have been withdrawn, the scheduler may be late into the
 * person's night. Pure: the caller passes the lead's events since receipt and the consent ledger's
 * answer for each purpose at `now` (`hasConsent(records, purpose, now)`).
 */
export interface StepRunContext {
  now: number;
  receivedAt: number;
  events: readonly BehaviourEvent[];
  /** Purpose → whether consent holds now. */
  consent: Readonly<Record<string, boolean>>;
  /** The current owner's calendar (they may have gone out of office since planning). */
  ownerCalendar: WorkingCalendar | null;
}

export type StepDecision =
  | { action: 'send'; emits: 'sla-breached' | null }
  | { action: 'skip'; reason: string }
  | { action: 'defer'; until: number; reason: 'quiet-hours' | 'working-hours' };

export function decideStep(step: PlannedStep, context: StepRunContext, config: FollowupConfig): StepDecision {
  const { now } = context;
  const cancelling = context.events.find((e) => e.at >= context.receivedAt && e.at <= now && step.cancelOn.includes(e.type));
  if (cancelling) return { action: 'skip', reason: `event:${cancelling.type}` };
  if (step.consent && !step.consent.legitimateInterest && !step.consent.purposes.some((p) => context.consent[p] === true)) {
    return { action: 'skip', reason: 'no-consent' };
  }
  if (step.window?.kind === 'person') {
    const until = nextSendableTime(now, step.window.timeZone, config.person.quietHours, config.person.skipWeekends);
    if (until > now) return { action: 'defer', until, reason: 'quiet-hours' };
  }
  if (step.window?.kind === 'owner' && context.ownerCalendar) {
    const until = nextWorkingStart(context.ownerCalendar, now);
    if (until !== null && until > now) return { action: 'defer', until, reason: 'working-hours' };
  }
  return { action: 'send', emits: step.escalation?.breach ? 'sla-breached' : null };
}
