/**
 * Follow-up within 24 h (issue 4, SPEC §8): plans per segment and source, SLA timers with
 * escalations, quiet hours in the person's zone, working hours for owner reminders, and message
 * templates in English and Polish. Pure: the scheduler stores the planned steps as jobs and asks
 * `decideStep` when each comes due.
 */
export { followupConfigSchema, planSchema, stepSchema } from './followup.schema.js';
export type { FollowupConfig, FollowupConfigInput, FollowupStep, FollowupPlanConfig, FollowupPlanInput, MessageTemplate } from './followup.schema.js';
export { slaPolicySchema, escalationSchema, ESCALATION_TARGETS, DEFAULT_SLA } from './sla.schema.js';
export type { SlaPolicy, EscalationTarget } from './sla.schema.js';
export { durationSchema, clockTimeSchema, quietHoursSchema } from './duration.js';
export type { QuietHours, DurationInput } from './duration.js';
export { computeSla, evaluateSla, firstContactAt, slaPolicyFor, FIRST_CONTACT_EVENT } from './sla.js';
export type { SlaTimer, SlaStatus } from './sla.js';
export { nextSendableTime, personTimeZone } from './quiet-hours.js';
export { renderTemplate } from './render-template.js';
export type { TemplateVars } from './render-template.js';
export { DEFAULT_TEMPLATES } from './default-templates.js';
export { DEFAULT_PLANS } from './default-plans.js';
export { planFollowUp } from './plan-followup.js';
export type { FollowUpPlan, FollowUpInput, PlannedStep, PlannedKind, PlanOwner } from './plan-followup.js';
export { decideStep } from './run-step.js';
export type { StepDecision, StepRunContext } from './run-step.js';
