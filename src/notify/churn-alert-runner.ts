import type { Config } from '../config/loader.js';
import { churnAlertCondition } from '../domain/alerts/alerts.js';
import type { Lead } from '../domain/types.js';
import type { ChurnAlertPayload } from '../pipeline/stages/churn-signal.js';
import type { LeadAnalysis } from '../pipeline/stages/conversation-data.js';
import { personData } from '../pipeline/stages/person.js';
import type { StepRunner } from '../pipeline/worker.js';
import type { AlertRecord, AlertStore } from '../storage/ports.js';
import type { Notifier } from './notifier.js';

/**
 * Runs a `churn-alert` step: raises the lead's churn alert (`churn-signal:<leadId>`, visible in
 * GET /v1/alerts) and tells the lead's owner — email to the owner's address, Slack with the
 * owner's mention — or `alerts.emailTo` when the lead has no owner yet or the owner no address. One alert per lead: while
 * it fires, another churn conversation only refreshes it. A delivery failure throws the notifier's
 * typed error, so the step retries; the retry finds the alert it raised and delivers again (the
 * email's Message-Id is the alert's, so the outbox keeps one). Texts carry ids, never message text.
 */
export function createChurnAlertRunner(deps: {
  store: Pick<AlertStore, 'firingAlerts' | 'applyAlerts'>;
  config: Pick<Config, 'routing'> & { alerts: { emailTo: string[] } };
  notifier: Notifier;
  baseUrl?: string;
}): StepRunner {
  const { store, config, notifier } = deps;
  return {
    async run({ job, lead, now }) {
      const payload = job.payload as ChurnAlertPayload;
      const condition = churnAlertCondition({ leadId: lead.id, conversationId: payload.conversationId, owner: lead.owner });
      const firing = (await store.firingAlerts()).find((a) => a.key === condition.key);
      const about = { kind: 'churn-signal', conversationId: payload.conversationId };

      if (payload.action === 'resolve') {
        if (!firing) return { status: 'alert', detail: { ...about, action: 'none', reason: 'no churn alert firing' } };
        const [resolved] = await store.applyAlerts({ fire: [], hold: [], resolve: [condition.key] }, now);
        return { status: 'alert', detail: { ...about, action: 'resolved', alertId: resolved?.id ?? firing.id } };
      }
      // Firing for an earlier conversation: de-duplicated, the alert is refreshed, nobody is told twice.
      if (firing && firing.detail.conversationId !== payload.conversationId) {
        await store.applyAlerts({ fire: [], hold: [{ ...condition, detail: { ...firing.detail, lastConversationId: payload.conversationId } }], resolve: [] }, now);
        return { status: 'alert', detail: { ...about, action: 'held', alertId: firing.id } };
      }
      const alert = firing ?? (await store.applyAlerts({ fire: [condition], hold: [], resolve: [] }, now))[0]!;
      const delivered = await deliver(alert, lead);
      const ownerEmail = lead.owner ? config.routing.owners[lead.owner]?.email : undefined;
      return { status: 'alert', detail: { ...about, action: 'fired', alertId: alert.id, recipient: ownerEmail ? lead.owner : 'alerts.emailTo', delivered } };
    },
  };

  async function deliver(alert: AlertRecord, lead: Lead): Promise<Record<string, string>> {
    const owner = lead.owner ? config.routing.owners[lead.owner] : undefined;
    // Nobody to tell by email (no owner yet, or one without an address): the alert recipients are.
    const to = owner?.email ? [owner.email] : config.alerts.emailTo;
    const analysis = personData(lead).analysis as LeadAnalysis | null | undefined;
    const link = `${deps.baseUrl ?? ''}/v1/leads/${lead.id}`;
    const title = `Churn risk: lead ${lead.id}`;
    const text = [
      `A customer conversation signals churn. ${alert.message}.`,
      analysis ? `Intents: ${analysis.intents.join(', ')}; sentiment: ${analysis.sentiment}; next best action: ${analysis.nextBestAction.text}` : null,
      `Lead: ${link}`,
      `Alert: ${alert.id}`,
    ].filter(Boolean).join('\n');
    const delivered: Record<string, string> = {};
    for (const address of to) {
      await notifier.email({ to: address, subject: `[Leadwire] ${title}`, text, leadId: lead.id, messageId: `<${alert.id}.churn@leadwire>` });
    }
    delivered.email = to.length > 0 ? 'sent' : 'no address';
    const mention = owner?.slackUserId ? `<@${owner.slackUserId}> ` : '';
    const slack = await notifier.slack({ text: `🔴 ${mention}${title}`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*🔴 ${mention}${title}*\n${alert.message}\n<${link}|${lead.id}>` } }] });
    delivered.slack = slack ? 'sent' : 'not configured';
    return delivered;
  }
}
