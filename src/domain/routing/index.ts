/**
 * Lead routing (issue 4, SPEC §7): owners, teams, ordered rules, strategies (fixed, round robin,
 * weighted, next available), sticky owners and the triage fallback, plus the working-hours calendar
 * that follow-up and SLA timing share. Pure: time and rotation state are arguments.
 */
export { routingConfigSchema, ownerSchema, teamSchema, routingRuleSchema, STRATEGIES } from './routing.schema.js';
export type { RoutingConfig, RoutingConfigInput, OwnerConfig, TeamConfig, RoutingRule, TeamStrategy } from './routing.schema.js';
export { workingHoursSchema, intervalSchema, timeZoneSchema, localDateSchema, isTimeZone, WEEKDAYS } from './calendar.schema.js';
export type { WorkingCalendar, WorkingHours, MinuteInterval, Weekday } from './calendar.schema.js';
export {
  localTime, zoneOffsetMs, zonedInstant, addDays, isWorkingAt, nextWorkingStart, addWorkingTime, workingTimeBetween, endOfWorkingDay,
} from './working-hours.js';
export type { LocalTime } from './working-hours.js';
export { ownerCalendar, isOutOfOffice, assignedToday, unavailability } from './availability.js';
export type { Unavailability, AvailabilityCheck } from './availability.js';
export { emptyRoutingState, pickRoundRobin, pickWeighted, pickNextAvailable, recordAssignment } from './rotation.js';
export type { RoutingState, TeamRotation, Candidate } from './rotation.js';
export { routeLead, withRegion, calendarOfOwner } from './route-lead.js';
export type { RouteDecision, RouteContext, RouteMethod } from './route-lead.js';
export { routingReason } from './routing-reason.js';
