import { z } from 'zod';
import { conditionSchema } from '../scoring/condition.schema.js';
import { idSchema as slug, reportDuplicateIds } from '../scoring/config-ids.js';
import { timeZoneSchema, workingHoursSchema } from '../routing/calendar.schema.js';
import { DEFAULT_PLANS } from './default-plans.js';
import { DEFAULT_TEMPLATES } from './default-templates.js';
import { durationSchema, quietHoursSchema } from './duration.js';
import { slaPolicySchema, DEFAULT_SLA } from './sla.schema.js';

/**
 * The `followup` config section (SPEC §8). Ordered plans, the first whose `when` matches the lead
 * (segment, source, channel...) applies; each is a list of steps with delays. `parse({})` ships
 * the SPEC's plan: confirmation within minutes, a CRM task due by the segment's SLA, a reminder
 * to the owner and Slack when nobody has made contact, and a consent-gated second touch at 24 h.
 */
const eventList = z.array(z.string().min(1));

const base = {
  id: slug,
  when: conditionSchema.optional().describe('the step is planned only for leads this matches'),
};

export const stepSchema = z.discriminatedUnion('kind', [
  z
    .object({
      ...base,
      kind: z.literal('confirmation-email'),
      delay: durationSchema.prefault('2m'),
      template: slug.default('confirmation'),
      calendarLink: z.url().optional().describe('offered in the email when set (B2B demo booking)'),
      respectQuietHours: z.boolean().default(false).describe('a reply to a form just sent is expected at once'),
    })
    .strict(),
  z
    .object({
      ...base,
      kind: z.literal('crm-task'),
      delay: durationSchema.prefault(0),
      taskType: z.enum(['call', 'email', 'todo']).default('call'),
      title: z.string().min(1).default('{{slaLabel}}: {{fullName}}{{#company}} ({{company}}){{/company}}'),
    })
    .strict(),
  z
    .object({
      ...base,
      kind: z.literal('owner-reminder'),
      delay: durationSchema.describe('after receipt, when no first contact is recorded by then'),
      channels: z.array(z.enum(['email', 'slack'])).min(1).default(['email', 'slack']),
      cancelOn: eventList.default(['contacted']),
    })
    .strict(),
  z
    .object({
      ...base,
      kind: z.literal('second-touch'),
      delay: durationSchema.prefault('24h'),
      template: slug.default('second-touch'),
      consentPurposes: z.array(z.string().min(1)).default(['marketing']).describe('any one of them, asked of the ledger at send time'),
      legitimateInterest: z.boolean().default(false).describe('send without consent (a documented legitimate interest)'),
      respectQuietHours: z.boolean().default(true),
      cancelOn: eventList.default(['contacted', 'meeting_booked', 'replied', 'unsubscribed']),
    })
    .strict(),
]);

export const planSchema = z
  .object({ id: slug, when: conditionSchema.optional(), steps: z.array(stepSchema).min(1) })
  .strict()
  .superRefine((p, ctx) => reportDuplicateIds(p.steps, ['steps'], ctx));

const templateSchema = z.object({ subject: z.string().min(1), body: z.string().min(1) }).strict();

export const followupConfigSchema = z
  .object({
    plans: z.array(planSchema).prefault(DEFAULT_PLANS).describe('first matching plan applies; give the last one no `when`'),
    sla: z.record(z.string(), slaPolicySchema).prefault(DEFAULT_SLA).describe('per segment, plus `default`'),
    businessHours: z
      .object({ timeZone: timeZoneSchema.default('UTC'), hours: workingHoursSchema })
      .strict()
      .prefault({})
      .describe('the clock of leads without an owner (queued)'),
    person: z
      .object({
        quietHours: quietHoursSchema.prefault({ from: '20:00', to: '08:00' }),
        skipWeekends: z.boolean().default(true).describe('messages that respect quiet hours also wait for Monday'),
        defaultTimeZone: timeZoneSchema.default('UTC'),
      })
      .strict()
      .prefault({}),
    templates: z.record(slug, z.record(z.string().min(2), templateSchema)).prefault(DEFAULT_TEMPLATES),
    defaultLanguage: z.string().min(2).default('en'),
  })
  .strict()
  .superRefine((c, ctx) => {
    reportDuplicateIds(c.plans, ['plans'], ctx);
    if (!c.sla.default) ctx.addIssue({ code: 'custom', message: 'an SLA for `default` is required', path: ['sla'] });
    c.plans.forEach((p, i) =>
      p.steps.forEach((s, j) => {
        if ('template' in s && !c.templates[s.template]?.[c.defaultLanguage]) {
          ctx.addIssue({ code: 'custom', message: `template "${s.template}" has no ${c.defaultLanguage} version`, path: ['plans', i, 'steps', j, 'template'] });
        }
      }),
    );
  });

export type FollowupConfig = z.output<typeof followupConfigSchema>;
export type FollowupConfigInput = z.input<typeof followupConfigSchema>;
export type FollowupStep = z.output<typeof stepSchema>;
export type FollowupPlanConfig = z.output<typeof planSchema>;
export type FollowupPlanInput = z.input<typeof planSchema>;
export type MessageTemplate = z.output<typeof templateSchema>;
