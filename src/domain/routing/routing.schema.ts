import { z } from 'zod';
import { conditionSchema } from '../scoring/condition.schema.js';
import { idSchema as slug, reportDuplicateIds } from '../scoring/config-ids.js';
import { localDateSchema, timeZoneSchema, workingHoursSchema } from './calendar.schema.js';

/**
 * The `routing` config section (SPEC §7). Owners carry their id in each CRM, working hours in their
 * own zone, out-of-office dates and a daily capacity; teams list members (with weights); ordered
 * rules send a lead to an owner, a team (with a strategy) or a queue. A rule whose target has no
 * one available passes the lead on to the next matching rule; when none can take it, the lead goes
 * to `fallback.queue` (`triage`) with an alert — never to nobody.
 */
export const STRATEGIES = ['round-robin', 'weighted', 'next-available'] as const;
export type TeamStrategy = (typeof STRATEGIES)[number];

export const ownerSchema = z
  .object({
    name: z.string().min(1),
    email: z.email().optional(),
    slackUserId: z.string().optional(),
    crmIds: z.record(z.string(), z.string().min(1)).default({}).describe('this owner\'s user id in each CRM, by connector id'),
    timeZone: timeZoneSchema.default('UTC'),
    workingHours: workingHoursSchema,
    outOfOffice: z
      .array(z.object({ from: localDateSchema, to: localDateSchema }).strict().refine((r) => r.from <= r.to, { message: '`from` is after `to`' }))
      .default([])
      .describe('inclusive local dates in the owner\'s zone'),
    dailyCapacity: z.number().int().min(0).optional().describe('most new leads per local day; absent = unlimited'),
    active: z.boolean().default(true),
    manager: slug.optional().describe('owner id that escalations go to'),
  })
  .strict();

const member = z.union([slug.transform((owner) => ({ owner, weight: 1 })), z.object({ owner: slug, weight: z.number().int().min(1).max(1000).default(1) }).strict()]);

export const teamSchema = z
  .object({
    name: z.string().optional(),
    members: z.array(member).min(1),
    strategy: z.enum(STRATEGIES).default('round-robin'),
    requireWorkingNow: z.boolean().default(false).describe('round robin / weighted skip members outside working hours (next-available always does)'),
  })
  .strict();

const assignSchema = z.union([
  z.object({ owner: slug }).strict(),
  z.object({ team: slug, strategy: z.enum(STRATEGIES).optional() }).strict(),
  z.object({ queue: slug }).strict(),
]);

export const routingRuleSchema = z.object({ id: slug, when: conditionSchema, assign: assignSchema }).strict();

export const routingConfigSchema = z
  .object({
    owners: z.record(slug, ownerSchema).default({}),
    teams: z.record(slug, teamSchema).default({}),
    queues: z.record(slug, z.object({ name: z.string().optional(), crmIds: z.record(z.string(), z.string()).default({}) }).strict()).default({ triage: { name: 'Triage', crmIds: {} } }),
    regions: z.record(z.string().min(1), z.array(z.string().regex(/^[A-Z]{2}$/))).default({}).describe('region name → ISO countries; the facts get `region`'),
    holidays: z.array(localDateSchema).default([]).describe('dates closed for every owner, in each owner\'s zone'),
    rules: z.array(routingRuleSchema).default([]),
    sticky: z
      .object({ enabled: z.boolean().default(true), skipOutOfOffice: z.boolean().default(true).describe('an out-of-office previous owner is routed around') })
      .strict()
      .prefault({}),
    fallback: z.object({ queue: slug.default('triage') }).strict().prefault({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    const missing = (kind: 'owners' | 'teams' | 'queues', id: string, path: (string | number)[]): void => {
      if (!(id in c[kind])) ctx.addIssue({ code: 'custom', message: `unknown ${kind.slice(0, -1)} "${id}"`, path });
    };
    Object.entries(c.teams).forEach(([teamId, t]) => t.members.forEach((m, i) => missing('owners', m.owner, ['teams', teamId, 'members', i])));
    Object.entries(c.owners).forEach(([id, o]) => o.manager && missing('owners', o.manager, ['owners', id, 'manager']));
    reportDuplicateIds(c.rules, ['rules'], ctx);
    c.rules.forEach((r, i) => {
      if ('owner' in r.assign) missing('owners', r.assign.owner, ['rules', i, 'assign', 'owner']);
      if ('team' in r.assign) missing('teams', r.assign.team, ['rules', i, 'assign', 'team']);
      if ('queue' in r.assign) missing('queues', r.assign.queue, ['rules', i, 'assign', 'queue']);
    });
    missing('queues', c.fallback.queue, ['fallback', 'queue']);
  });

export type RoutingConfig = z.output<typeof routingConfigSchema>;
export type RoutingConfigInput = z.input<typeof routingConfigSchema>;
export type OwnerConfig = z.output<typeof ownerSchema>;
export type TeamConfig = z.output<typeof teamSchema>;
export type RoutingRule = z.output<typeof routingRuleSchema>;
