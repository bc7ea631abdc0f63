import { z } from 'zod';
import { conversationConfigSchema } from '../domain/conversation/index.js';

/**
 * The `conversations` config section: the domain's analysis settings (catalogue, competitors,
 * scoring points, thresholds, `inactivityTimeoutMinutes`) plus what the service around it needs —
 * how often idle conversations are swept, how conversation leads name their source, and the optional
 * OpenAI-compatible language model.
 */
export const conversationsConfigSchema = conversationConfigSchema.extend({
  sweepEverySeconds: z.number().int().min(1).default(60).describe('how often the worker ends conversations idle for `inactivityTimeoutMinutes`'),
  leadSource: z.string().min(1).max(100).default('chatbot').describe('the `source` field of leads created from conversations'),
  llm: z
    .object({
      baseUrl: z.url().describe('an OpenAI-compatible API root, e.g. https://api.openai.com/v1 (POST {baseUrl}/chat/completions)'),
      model: z.string().min(1),
      apiKey: z.string().min(1).optional().describe('normally `${LLM_API_KEY}`; sent as a Bearer token'),
      timeoutMs: z.number().int().min(100).max(120_000).default(8000).describe('after this the rules-only analysis is kept'),
    })
    .strict()
    .optional()
    .describe('optional language model asked at the end of a conversation; merged with the rules (see `model.precedence`)'),
});

export type ConversationsConfig = z.output<typeof conversationsConfigSchema>;
export type LlmConfig = NonNullable<ConversationsConfig['llm']>;
