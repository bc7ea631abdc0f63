import type { WorkingCalendar } from './calendar.schema.js';
import type { OwnerConfig } from './routing.schema.js';
import type { RoutingState } from './rotation.js';
import { addDays, isWorkingAt, localTime } from './working-hours.js';

/**
 * Whether an owner can take a lead at an instant, and why not. Out-of-office ranges and workspace
 * holidays become the calendar's closed dates, so SLA clocks and reminders skip them too.
 */
export type Unavailability = 'unknown-owner' | 'inactive' | 'out-of-office' | 'at-capacity' | 'outside-working-hours';

const MAX_RANGE_DAYS = 366;
const calendars = new WeakMap<OwnerConfig, { holidays: readonly string[]; calendar: WorkingCalendar }>();

export function ownerCalendar(owner: OwnerConfig, holidays: readonly string[] = []): WorkingCalendar {
  const cached = calendars.get(owner);
  if (cached && cached.holidays === holidays) return cached.calendar;
  const closed = new Set(holidays);
  for (const range of owner.outOfOffice) {
    for (let d = range.from, i = 0; d <= range.to && i < MAX_RANGE_DAYS; d = addDays(d, 1), i++) closed.add(d);
  }
  const calendar = { timeZone: owner.timeZone, hours: owner.workingHours, closedDates: [...closed] };
  calendars.set(owner, { holidays, calendar });
  return calendar;
}

export function isOutOfOffice(owner: OwnerConfig, at: number): boolean {
  const today = localTime(at, owner.timeZone).date;
  return owner.outOfOffice.some((r) => today >= r.from && today <= r.to);
}

/** Leads assigned to the owner on their current local day (the capacity counter resets at their midnight). */
export function assignedToday(state: RoutingState, ownerId: string, owner: OwnerConfig, at: number): number {
  const load = state.load[ownerId];
  return load && load.day === localTime(at, owner.timeZone).date ? load.count : 0;
}

export interface AvailabilityCheck {
  at: number;
  state: RoutingState;
  holidays: readonly string[];
  requireWorkingNow: boolean;
  ignoreCapacity?: boolean;
}

export function unavailability(ownerId: string, owner: OwnerConfig | undefined, check: AvailabilityCheck): Unavailability | null {
  if (!owner) return 'unknown-owner';
  if (!owner.active) return 'inactive';
  if (isOutOfOffice(owner, check.at)) return 'out-of-office';
  if (!check.ignoreCapacity && owner.dailyCapacity !== undefined && assignedToday(check.state, ownerId, owner, check.at) >= owner.dailyCapacity) {
    return 'at-capacity';
  }
  if (check.requireWorkingNow && !isWorkingAt(ownerCalendar(owner, check.holidays), check.at)) return 'outside-working-hours';
  return null;
}
