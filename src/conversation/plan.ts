import type { Config } from '../config/loader.js';
import { analyzeConversation, formatBudget, type ConversationAnalysis, type ConversationMessage, type Transcript } from '../domain/conversation/index.js';
import type { RequestMeta } from '../domain/types.js';
import { parseLeadBody } from '../http/lead-body.js';
import { canonicalJson, sha256Hex } from '../lib/hash.js';
import type { AcceptRequest, ConversationPlan, ConversationRecord } from '../storage/ports.js';

/**
 * What a conversation write stores, decided from the whole transcript (pure): the rule analysis
 * (or a model-merged one computed for exactly these messages), the lead to create when a contact
 * first appears, and whether the linked lead must be re-processed.
 */

/** An analysis computed before the write (the language model at the end), valid for this many messages. */
export interface PrecomputedAnalysis {
  messageCount: number;
  analysis: ConversationAnalysis;
}

export interface PlanContext {
  config: Pick<Config, 'conversations' | 'intake'>;
  meta: RequestMeta;
  precomputed?: PrecomputedAnalysis;
}

export function transcriptOf(conversation: Pick<ConversationRecord, 'channel' | 'externalId' | 'hints'>, messages: ConversationMessage[]): Transcript {
  return { channel: conversation.channel, externalId: conversation.externalId, hints: conversation.hints, messages };
}

export function planConversation(conversation: ConversationRecord, messages: ConversationMessage[], ctx: PlanContext): ConversationPlan {
  const { precomputed } = ctx;
  const analysis =
    precomputed && precomputed.messageCount === messages.length ? precomputed.analysis : analyzeConversation(transcriptOf(conversation, messages), ctx.config.conversations);
  return {
    analysis,
    lead: conversation.leadId === null ? leadRequest(conversation, messages, analysis, ctx) : null,
    reprocess: true,
  };
}

/** The visitor's first question, else their first message: what the lead's `message` says. */
export function initialQuestion(analysis: Pick<ConversationAnalysis, 'questions'>, messages: readonly ConversationMessage[]): string | null {
  const first = analysis.questions[0] ?? messages.find((m) => m.role === 'user' && m.text.trim() !== '')?.text ?? null;
  return first === null ? null : first.slice(0, 2000);
}

/**
 * The lead a conversation creates once it carries an email or a phone, as the lead API would take
 * it: built as a body and parsed by the intake's own parser, then written by the intake's writer.
 * Spam conversations create none.
 */
function leadRequest(conversation: ConversationRecord, messages: ConversationMessage[], analysis: ConversationAnalysis, ctx: PlanContext): AcceptRequest | null {
  const { contact } = analysis;
  if (analysis.isSpam || (contact.email === null && contact.phone === null)) return null;
  const parsed = parseLeadBody(
    {
      email: contact.email,
      phone: contact.phone,
      firstName: contact.firstName,
      lastName: contact.lastName,
      company: contact.company,
      jobTitle: contact.jobTitle,
      message: initialQuestion(analysis, messages),
      budget: analysis.budget ? formatBudget(analysis.budget, analysis.language) : null,
      timeline: analysis.timeline?.label ?? null,
      language: analysis.language,
      channel: conversation.channel,
      source: ctx.config.conversations.leadSource,
      custom: { conversationId: conversation.id },
    },
    ctx.config.intake,
  );
  if (!parsed.ok) return null;
  return {
    sourceId: conversation.sourceId,
    input: parsed.input,
    meta: ctx.meta,
    bodyHash: sha256Hex(canonicalJson(parsed.input)),
    // Each conversation makes its own submission; the dedupe stage finds the person behind it.
    dedupWindowMs: 0,
    idempotencyTtlMs: ctx.config.intake.idempotencyTtlSeconds * 1000,
  };
}
