import type { Config } from '../config/loader.js';
import type { ConversationMessage, VisitorHints } from '../domain/conversation/index.js';
import type { RequestMeta } from '../domain/types.js';
import type { ConversationEndReason, ConversationStore, ConversationWrite } from '../storage/ports.js';
import { createChatCompletionsModel } from './llm-client.js';
import { analyzeWithModel, type ModelOutcome, type ModelUse } from './model-analysis.js';
import { planConversation, transcriptOf, type PrecomputedAnalysis } from './plan.js';

/**
 * The conversation use cases shared by the HTTP routes and the worker's inactivity sweep: open
 * (with an optional one-shot transcript), append, end. Every write is one atomic store call that
 * re-runs the pure analysis over the whole transcript; the language model, when configured, is
 * asked once at the end, before the write, and its merged analysis is kept only if no message
 * arrived meanwhile.
 */
export interface OpenConversation {
  channel: string;
  externalId: string;
  hints: VisitorHints;
  leadId: string | null;
  startedAt?: number;
  messages: ConversationMessage[];
  ended: boolean;
}

export interface ConversationService {
  open(sourceId: string, request: OpenConversation, meta: RequestMeta): Promise<ConversationWrite>;
  append(sourceId: string, conversationId: string, messages: ConversationMessage[], meta: RequestMeta): Promise<ConversationWrite>;
  end(sourceId: string, conversationId: string, reason: ConversationEndReason, options?: { meta?: RequestMeta; idleSince?: number }): Promise<ConversationWrite>;
}

export interface ConversationServiceDeps {
  store: Pick<ConversationStore, 'recordConversation' | 'getConversation'>;
  config: Pick<Config, 'conversations' | 'intake'>;
  clock: { now(): number };
  /** Counts language-model outcomes; the model is used only when `conversations.llm` is configured. */
  countModel?: (outcome: ModelOutcome) => void;
}

export function createConversationService(deps: ConversationServiceDeps): ConversationService {
  const { store, config, clock } = deps;
  const llm = config.conversations.llm;
  const model: ModelUse | undefined = llm
    ? { port: createChatCompletionsModel(llm), timeoutMs: llm.timeoutMs, count: deps.countModel ?? (() => undefined) }
    : undefined;
  const planWith = (meta: RequestMeta, precomputed?: PrecomputedAnalysis) => (conversation: Parameters<typeof planConversation>[0], messages: ConversationMessage[]) =>
    planConversation(conversation, messages, { config, meta, precomputed });

  async function finalAnalysis(conversationId: string): Promise<PrecomputedAnalysis | undefined> {
    if (!model) return undefined;
    const found = await store.getConversation(conversationId);
    if (!found || found.conversation.status === 'ended') return undefined;
    const transcript = transcriptOf(found.conversation, found.messages);
    return { messageCount: found.messages.length, analysis: await analyzeWithModel(transcript, config.conversations, model) };
  }

  return {
    async open(sourceId, request, meta) {
      const open = { channel: request.channel, externalId: request.externalId, hints: request.hints, leadId: request.leadId, startedAt: request.startedAt };
      if (!request.ended || !model) {
        const end = request.ended ? { reason: 'ended' as const, at: clock.now() } : undefined;
        return store.recordConversation({ sourceId, open, messages: request.messages, end }, planWith(meta));
      }
      // One-shot capture with a model: the model reads the transcript as sent, before the write.
      const transcript = transcriptOf({ channel: request.channel, externalId: request.externalId, hints: request.hints }, request.messages);
      const precomputed = { messageCount: request.messages.length, analysis: await analyzeWithModel(transcript, config.conversations, model) };
      return store.recordConversation({ sourceId, open, messages: request.messages, end: { reason: 'ended', at: clock.now() } }, planWith(meta, precomputed));
    },
    append(sourceId, conversationId, messages, meta) {
      return store.recordConversation({ sourceId, conversationId, messages }, planWith(meta));
    },
    async end(sourceId, conversationId, reason, options = {}) {
      const precomputed = await finalAnalysis(conversationId);
      return store.recordConversation(
        { sourceId, conversationId, messages: [], end: { reason, at: clock.now() }, endIfIdleSince: options.idleSince },
        planWith(options.meta ?? {}, precomputed),
      );
    },
  };
}
