import type { Lead } from '../../domain/types.js';
import type { ScheduledStep } from '../../storage/ports.js';
import type { LeadAnalysis } from './conversation-data.js';
import { personData } from './person.js';

/**
 * Churn signal → alert to the account owner (SPEC §11). When the person's latest conversation
 * carries the `churn` intent, the score stage schedules a `churn-alert` step in the same commit
 * (a restart loses none); the step runner raises the alert and tells the owner. When a later
 * conversation no longer carries it, a `resolve` step clears the alert. `data.churnSignal`
 * remembers the conversation already alerted on, so re-scoring schedules nothing new.
 */
export interface ChurnAlertPayload {
  kind: 'churn-alert';
  action: 'raise' | 'resolve';
  conversationId: string;
}

export interface ChurnSignalState {
  conversationId: string;
  active: boolean;
  at: number;
}

export const churnStepKey = (leadId: string, conversationId: string, action: ChurnAlertPayload['action']) => `step:${leadId}:churn-${action}:${conversationId}`;

export function churnSignal(lead: Lead, now: number): { state: ChurnSignalState; step: ScheduledStep } | null {
  const data = personData(lead);
  const analysis = data.analysis as LeadAnalysis | null | undefined;
  if (!analysis || analysis.isSpam) return null;
  const previous = data.churnSignal as ChurnSignalState | undefined;
  const churn = analysis.intents.includes('churn');
  const step = (action: ChurnAlertPayload['action']) => ({
    key: churnStepKey(lead.id, analysis.conversationId, action),
    runAt: now,
    payload: { kind: 'churn-alert', action, conversationId: analysis.conversationId } satisfies ChurnAlertPayload,
  });
  if (churn && !(previous?.active && previous.conversationId === analysis.conversationId)) {
    return { state: { conversationId: analysis.conversationId, active: true, at: now }, step: step('raise') };
  }
  if (!churn && previous?.active && previous.conversationId !== analysis.conversationId) {
    return { state: { conversationId: analysis.conversationId, active: false, at: now }, step: step('resolve') };
  }
  return null;
}
