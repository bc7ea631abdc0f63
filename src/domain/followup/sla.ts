import type { WorkingCalendar } from '../routing/calendar.schema.js';
import { addWorkingTime, endOfWorkingDay } from '../routing/working-hours.js';
import type { BehaviourEvent } from '../scoring/lead-facts.js';
import type { EscalationTarget, SlaPolicy } from './sla.schema.js';

/**
 * SLA timers: when first contact is due for a lead, and whether it was met. The clock starts at
 * `received`; first contact is the earliest `contacted` event; speed-to-lead is the calendar time
 * between them (what the dashboard reports), whatever clock the deadline was computed on.
 */
export const FIRST_CONTACT_EVENT = 'contacted';

export interface SlaTimer {
  policy: string;
  label: string;
  clock: 'working' | 'calendar' | 'end-of-working-day';
  startedAt: number;
  dueAt: number;
  escalations: { level: number; at: number; notify: EscalationTarget[] }[];
}

export interface SlaStatus {
  state: 'pending' | 'met' | 'breached';
  /** From received to first contact; null while nobody has made contact. */
  speedToLeadMs: number | null;
  /** When the deadline passed without contact (set also when contact came late). */
  breachedAt: number | null;
  /** Time left before the deadline (negative once overdue); null once contact is made. */
  remainingMs: number | null;
}

const HOUR = 3_600_000;

export function slaPolicyFor(segment: string | null, policies: Record<string, SlaPolicy>): [string, SlaPolicy] {
  const name = segment && policies[segment] ? segment : 'default';
  const policy = policies[name];
  if (!policy) throw new Error('followup.sla needs a `default` policy'); // the schema requires it
  return [name, policy];
}

function defaultLabel(policy: SlaPolicy): string {
  if (policy.until) return 'Contact today';
  const hours = (policy.within ?? 0) / HOUR;
  return hours >= 1 && Number.isInteger(hours) ? `Contact within ${hours} h` : `Contact within ${Math.round((policy.within ?? 0) / 60_000)} min`;
}

/**
 * The deadline for a lead received at `receivedAt`, on the calendar of whoever owns it (the owner's,
 * with out-of-office days and holidays; the business hours for a queue). A calendar without any
 * working time falls back to counting calendar time, so a deadline always exists.
 */
export function computeSla(segment: string | null, receivedAt: number, calendar: WorkingCalendar, policies: Record<string, SlaPolicy>): SlaTimer {
  const [name, policy] = slaPolicyFor(segment, policies);
  const within = policy.within ?? 0;
  let dueAt: number | null;
  let clock: SlaTimer['clock'];
  if (policy.until) {
    clock = 'end-of-working-day';
    dueAt = endOfWorkingDay(calendar, receivedAt);
  } else {
    clock = policy.clock;
    dueAt = policy.clock === 'working' ? addWorkingTime(calendar, receivedAt, within) : receivedAt + within;
  }
  const due = dueAt ?? receivedAt + (within || 24 * HOUR);
  return {
    policy: name,
    label: policy.label ?? defaultLabel(policy),
    clock,
    startedAt: receivedAt,
    dueAt: due,
    escalations: policy.escalations.map((e, i) => ({ level: i + 1, at: due + e.after, notify: [...e.notify] })),
  };
}

export function firstContactAt(events: readonly BehaviourEvent[], receivedAt: number): number | null {
  let first: number | null = null;
  for (const e of events) if (e.type === FIRST_CONTACT_EVENT && e.at >= receivedAt && (first === null || e.at < first)) first = e.at;
  return first;
}

export function evaluateSla(timer: SlaTimer, contactAt: number | null, now: number): SlaStatus {
  if (contactAt !== null) {
    const late = contactAt > timer.dueAt;
    return { state: late ? 'breached' : 'met', speedToLeadMs: contactAt - timer.startedAt, breachedAt: late ? timer.dueAt : null, remainingMs: null };
  }
  const breached = now > timer.dueAt;
  return { state: breached ? 'breached' : 'pending', speedToLeadMs: null, breachedAt: breached ? timer.dueAt : null, remainingMs: timer.dueAt - now };
}
