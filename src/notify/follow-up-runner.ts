import type { Config } from '../config/loader.js';
import { decideStep, type PlannedStep } from '../domain/followup/index.js';
import { currentConsent } from '../domain/quality/index.js';
import { calendarOfOwner } from '../domain/routing/index.js';
import type { Lead } from '../domain/types.js';
import type { StepRunner } from '../pipeline/worker.js';
import type { IdentityLedger, LeadStore, ScheduledStep } from '../storage/ports.js';
import { syncJobKey } from '../connectors/sync-runner.js';
import { personData } from '../pipeline/stages/person.js';
import type { Notifier } from './notifier.js';

/**
 * Runs a due follow-up step: asks `decideStep` (cancelled by a first contact? consent still held?
 * inside quiet or working hours?) and then sends through each of the step's channels. Every
 * outcome lands on the lead's timeline: `followup-sent`, `followup-skipped`, `followup-deferred`,
 * `sla-breached`.
 */
export function createFollowUpRunner(deps: {
  config: Pick<Config, 'followup' | 'routing'>;
  store: Pick<LeadStore, 'listActivities'> & Pick<IdentityLedger, 'listConsents'>;
  notifier: Notifier;
  baseUrl?: string;
  /** Enabled CRM accounts: a CRM task step asks each for a sync, which creates the due task. */
  crmAccounts?: readonly string[];
}): StepRunner {
  const { config, store, notifier } = deps;
  return {
    async run({ job, lead, now }) {
      const step = job.payload as PlannedStep;
      const activities = await store.listActivities(lead.id);
      const consent = Object.fromEntries(Object.entries(currentConsent(await store.listConsents(lead.id))).map(([p, s]) => [p, s.granted]));
      const ownerCalendar = lead.owner ? calendarOfOwner(config.routing, lead.owner) : null;
      const decision = decideStep(step, { now, receivedAt: lead.createdAt, events: activities, consent, ownerCalendar }, config.followup);
      const about = { step: step.stepId, kind: step.kind, planId: step.planId };
      if (decision.action === 'skip') return { status: 'followup-skipped', detail: { ...about, reason: decision.reason } };
      if (decision.action === 'defer') return { status: 'followup-deferred', detail: { ...about, reason: decision.reason, until: new Date(decision.until).toISOString() }, deferUntil: decision.until };

      const delivered: Record<string, unknown> = {};
      const schedule: ScheduledStep[] = [];
      for (const channel of step.channels) {
        if (channel === 'email') delivered.email = await sendEmail(step, lead, job.key);
        else if (channel === 'slack') delivered.slack = (await notifier.slack(slackMessage(step, lead, deps.baseUrl))) ? 'sent' : 'not configured';
        else {
          const accounts = deps.crmAccounts ?? [];
          delivered.crm = accounts.length > 0 ? { queued: accounts } : 'no CRM account enabled';
          for (const account of accounts) schedule.push({ kind: 'sync', key: syncJobKey(account, lead.id), runAt: now, payload: { account, submissionId: lead.id } });
        }
      }
      return { status: decision.emits ?? 'followup-sent', detail: { ...about, recipient: step.recipient, delivered }, schedule };
    },
  };

  async function sendEmail(step: PlannedStep, lead: Lead, key: string): Promise<string> {
    const to = recipientAddress(step, lead);
    if (!to) return 'no address';
    const subject = step.message?.subject ?? step.task?.title ?? `Lead ${lead.id}`;
    const text = step.message?.body ?? `${step.task?.title ?? step.kind}\n\nLead: ${lead.id}`;
    await notifier.email({ to, subject, text, leadId: lead.id, messageId: `<${key.replace(/[^A-Za-z0-9._-]/g, '.')}@leadwire>` });
    return 'sent';
  }

  function recipientAddress(step: PlannedStep, lead: Lead): string | null {
    if (step.recipient === 'person') {
      const fields = personData(lead).fields;
      return typeof fields?.email === 'string' ? fields.email : null;
    }
    const ownerId = step.recipient === 'escalation' ? (step.escalation?.managerId ?? step.escalation?.ownerId ?? lead.owner) : lead.owner;
    return ownerId ? (config.routing.owners[ownerId]?.email ?? null) : null;
  }
}

/** Block Kit: who, score and segment, why routed, and a link to the lead. */
export function slackMessage(step: PlannedStep, lead: Lead, baseUrl = ''): { text: string; blocks: unknown[] } {
  const fields = personData(lead).fields;
  const who = [fields?.firstName, fields?.lastName].filter(Boolean).join(' ') || fields?.company || lead.id;
  const title = step.kind === 'sla-escalation' ? `SLA at risk: ${who}` : `${step.task?.title ?? 'New lead'}: ${who}`;
  return {
    text: title,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: title.slice(0, 150) } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Score*\n${lead.score ?? '–'} (${lead.segment ?? 'unscored'})` },
          { type: 'mrkdwn', text: `*Owner*\n${lead.owner ?? 'triage'}` },
          { type: 'mrkdwn', text: `*Company*\n${fields?.company ?? '–'}` },
          { type: 'mrkdwn', text: `*Why routed*\n${lead.routingReason ?? '–'}` },
        ],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `<${baseUrl}/v1/leads/${lead.id}|${lead.id}>` }] },
    ],
  };
}
