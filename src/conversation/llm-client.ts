import { z } from 'zod';
import type { ConversationModelPort, ModelRequest } from '../domain/conversation/index.js';
import type { LlmConfig } from './config.schema.js';

/**
 * The optional language model: any OpenAI-compatible chat-completions endpoint, asked for a JSON
 * object (`response_format: json_object`). Transport only — the answer's content is returned as
 * parsed JSON and the domain validates and merges it (`mergeModelExtraction`). Every failure
 * (network, HTTP status, an envelope or content that is not JSON) is a `ModelCallError`; the caller
 * keeps the rules' analysis. The transcript goes to the endpoint; nothing of it is logged here.
 */
export class ModelCallError extends Error {
  constructor(
    readonly kind: 'http' | 'malformed',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ModelCallError';
  }
}

const completionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().min(1) }) })).min(1),
});

export function createChatCompletionsModel(config: Pick<LlmConfig, 'baseUrl' | 'model' | 'apiKey'>): ConversationModelPort {
  const url = `${config.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  return {
    async extract(request: ModelRequest, signal: AbortSignal): Promise<unknown> {
      const response = await fetch(url, {
        method: 'POST',
        signal,
        headers: { 'content-type': 'application/json', ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}) },
        body: JSON.stringify({
          model: config.model,
          temperature: 0,
          response_format: { type: 'json_object' },
          messages: [
            { role: 'system', content: `${request.instructions}\nConversation language: ${request.language}.\nJSON schema of the answer:\n${JSON.stringify(request.schema)}` },
            { role: 'user', content: JSON.stringify(request.transcript) },
          ],
        }),
      });
      if (!response.ok) {
        await response.body?.cancel();
        throw new ModelCallError('http', `chat completions answered ${response.status}`);
      }
      const envelope = completionSchema.safeParse(await response.json().catch(() => null));
      if (!envelope.success) throw new ModelCallError('malformed', 'not a chat-completions answer');
      try {
        return JSON.parse(envelope.data.choices[0]!.message.content) as unknown;
      } catch (error) {
        throw new ModelCallError('malformed', 'the answer content is not JSON', { cause: error });
      }
    },
  };
}
