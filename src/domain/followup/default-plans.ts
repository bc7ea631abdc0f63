import type { FollowupPlanInput } from './followup.schema.js';

/**
 * SPEC §8 as shipped plans: the same four steps for every segment, with the owner reminder coming
 * sooner the hotter the lead (before its SLA runs out). Leads of an unknown segment get `default`.
 */
const steps = (reminderAfter: string): FollowupPlanInput['steps'] => [
  { id: 'confirmation', kind: 'confirmation-email', delay: '2m' },
  { id: 'task', kind: 'crm-task' },
  { id: 'reminder', kind: 'owner-reminder', delay: reminderAfter },
  { id: 'second-touch', kind: 'second-touch', delay: '24h' },
];

export const DEFAULT_PLANS: FollowupPlanInput[] = [
  { id: 'hot', when: { field: 'segment', equals: 'hot' }, steps: steps('45m') },
  { id: 'warm', when: { field: 'segment', equals: 'warm' }, steps: steps('4h') },
  { id: 'default', steps: steps('20h') },
];
