import type { Config } from '../config/loader.js';
import { appendMessages, type ConversationAnalysis } from '../domain/conversation/index.js';
import { parseOpenBody, type Parsed } from '../http/conversation-body.js';
import { createChatCompletionsModel } from './llm-client.js';
import { analyzeWithModel, type ModelUse } from './model-analysis.js';
import { transcriptOf } from './plan.js';

/**
 * The analysis a one-shot `POST /v1/conversations` body gets, without a server or a database
 * (`leadwire analyze`): the body is read by the API's own parser, the messages are ordered and
 * de-duplicated by id as the store does, and the analysis is the one the conversation write stores
 * — the rules, plus the language model for an `ended: true` body when `conversations.llm` is set.
 */
export async function analyzeOneShot(body: unknown, config: Pick<Config, 'conversations'>, model?: ModelUse): Promise<Parsed<ConversationAnalysis>> {
  const parsed = parseOpenBody(body);
  if (!parsed.ok) return parsed;
  const open = parsed.value;
  const { messages } = appendMessages([], open.messages);
  const transcript = transcriptOf({ channel: open.channel, externalId: open.externalId, hints: open.hints }, messages);
  const llm = config.conversations.llm;
  const use = open.ended ? (model ?? (llm ? { port: createChatCompletionsModel(llm), timeoutMs: llm.timeoutMs, count: () => undefined } : undefined)) : undefined;
  return { ok: true, value: await analyzeWithModel(transcript, config.conversations, use) };
}
