import type { Config } from '../../config/loader.js';
import { isoTime } from '../../lib/iso-time.js';
import { spread } from '../../lib/spread.js';
import { planFollowUp, type PlannedStep } from '../../domain/followup/index.js';
import type { PlannedCrmTask } from '../../connectors/sync-plan.js';
import { calendarOfOwner } from '../../domain/routing/index.js';
import type { Lead } from '../../domain/types.js';
import type { ScheduledStep } from '../../storage/ports.js';
import type { Stage } from '../stage.js';
import { factsOf } from './facts.js';
import { personData } from './person.js';

/**
 * follow-up: plans the first 24 hours for the lead's segment and source — confirmation email,
 * CRM task due by the SLA, owner reminder, optional second touch, SLA escalations — and schedules
 * them in the same queue (a restart loses none) as one job, each step becoming a job of its own as
 * the one before it comes due. Re-planning moves the same steps.
 */
export function followUpStage(config: Pick<Config, 'followup' | 'routing'>): Stage {
  return {
    name: 'follow-up',
    run({ lead, submission, now }) {
      if ((personData(lead).quality as { blocksSync?: boolean } | undefined)?.blocksSync) {
        return { detail: { planned: false, reason: 'test or spam submission' } };
      }
      // factsOf carries the lead's `score` and `segment` already (what `withScore` would add).
      const facts = factsOf(lead);
      const receivedAt = submission.createdAt;
      const plan = planFollowUp({ leadId: lead.id, facts, receivedAt, owner: planOwner(config, lead) }, config.followup, now);
      if (!plan) return { detail: { planned: false, reason: 'no plan matches' } };
      const previous = personData(lead).followUp as { planId: string; steps: Array<{ key: string }> } | undefined;
      const newSubmission = submission.id !== lead.id;
      // A re-score (behaviour, a merge suggestion accepted) keeps the plan running unless the segment
      // moved it to another plan; a new submission of a known person gets its own steps.
      if (!newSubmission && previous?.planId === plan.planId) {
        return { detail: { planned: false, reason: 'plan unchanged', planId: plan.planId } };
      }
      const done = new Set((personData(lead).followUpDone as string[] | undefined) ?? []);
      const steps = plan.steps
        .map((step) => ({ key: stepKey(lead.id, newSubmission ? `${submission.id}:${step.key}` : step.key), runAt: step.runAt, payload: step }))
        .filter((step) => !done.has(step.key));
      return {
        schedule: asChain(steps),
        unschedule: newSubmission ? [] : (previous?.steps ?? []).map((s) => s.key),
        patch: {
          data: spread(personData(lead), {
            followUp: { planId: plan.planId, sla: plan.sla, steps: steps.map((s) => ({ key: s.key, kind: s.payload.kind, runAt: s.runAt })), tasks: mergeTasks(previousTasks(lead), crmTasks(steps, lead.segment)) },
          }),
        },
        detail: {
          planId: plan.planId,
          sla: plan.sla,
          steps: plan.steps.map((s) => ({ step: s.stepId, kind: s.kind, runAt: isoTime(s.runAt), shifted: s.shifted })),
        },
      };
    },
  };
}

export const stepKey = (leadId: string, key: string): string => `step:${leadId}:${key}`;

/** The plan's steps as one job: the earliest, with the rest following it in time order. */
function asChain(steps: ScheduledStep[]): ScheduledStep[] {
  const [first, ...rest] = [...steps].sort((a, b) => a.runAt - b.runAt);
  return first ? [{ ...first, then: rest }] : [];
}

/** The plan's CRM tasks, kept on the lead for each CRM account's sync to create (sync-plan.ts). */
function crmTasks(steps: Array<{ key: string; runAt: number; payload: PlannedStep }>, segment: string | null): PlannedCrmTask[] {
  const priority = segment === 'hot' ? 'high' : segment === 'warm' ? 'medium' : 'low';
  const tasks: PlannedCrmTask[] = [];
  for (const { key, runAt, payload } of steps) {
    if (payload.kind === 'crm-task' && payload.task) tasks.push({ key, title: payload.task.title, type: payload.task.type, runAt, dueAt: payload.task.dueAt, ownerId: payload.task.ownerId, priority });
  }
  return tasks;
}

function mergeTasks(previous: PlannedCrmTask[], next: PlannedCrmTask[]): PlannedCrmTask[] {
  const keys = new Set(next.map((t) => t.key));
  return [...previous.filter((t) => !keys.has(t.key)), ...next];
}

/** Tasks of earlier plans stay listed: a CRM that created them must not be asked again. */
function previousTasks(lead: Lead): PlannedCrmTask[] {
  return ((personData(lead).followUp as { tasks?: PlannedCrmTask[] } | undefined)?.tasks ?? []);
}

function planOwner(config: Pick<Config, 'routing'>, lead: Lead) {
  const owner = lead.owner ? config.routing.owners[lead.owner] : undefined;
  const calendar = lead.owner ? calendarOfOwner(config.routing, lead.owner) : null;
  if (!lead.owner || !owner || !calendar) return null;
  return { id: lead.owner, name: owner.name, managerId: owner.manager ?? null, calendar };
}
