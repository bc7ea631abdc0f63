import { z } from 'zod';
import { durationSchema } from './duration.js';

/**
 * One segment's first-contact SLA: either `within` a duration (on the owner's `working` clock or the
 * `calendar` clock) or `until: end-of-working-day` (Salesforce's "same day"). Escalations fire
 * `after` the deadline passes with no first contact; the first one is the breach (event + alert).
 */
export const ESCALATION_TARGETS = ['owner', 'manager', 'slack'] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];

export const escalationSchema = z
  .object({ after: durationSchema.prefault(0), notify: z.array(z.enum(ESCALATION_TARGETS)).min(1) })
  .strict();

const DEFAULT_ESCALATIONS = [
  { after: 0, notify: ['owner', 'slack'] },
  { after: '2h', notify: ['manager', 'slack'] },
] satisfies z.input<typeof escalationSchema>[];

export const slaPolicySchema = z
  .object({
    within: durationSchema.optional(),
    until: z.literal('end-of-working-day').optional(),
    clock: z.enum(['working', 'calendar']).default('working').describe('for `within`: count only working time, or every hour'),
    label: z.string().min(1).optional().describe('how the CRM task names the deadline, e.g. "Call back within 1 hour"'),
    escalations: z.array(escalationSchema).prefault(DEFAULT_ESCALATIONS),
  })
  .strict()
  .refine((p) => (p.within === undefined) !== (p.until === undefined), { message: 'give exactly one of `within` and `until`' });

export type SlaPolicy = z.output<typeof slaPolicySchema>;

export const DEFAULT_SLA = {
  hot: { within: '1h', clock: 'working', label: 'Call back within 1 hour' },
  warm: { until: 'end-of-working-day', label: 'Call back today' },
  cold: { within: '24h', clock: 'calendar', label: 'Follow up within 24 hours' },
  default: { within: '24h', clock: 'calendar', label: 'Follow up within 24 hours' },
} satisfies Record<string, z.input<typeof slaPolicySchema>>;
