import { z } from 'zod';
import { messageInputSchema, visitorHintsSchema, type ConversationMessage } from '../domain/conversation/index.js';
import type { Issue } from './errors.js';
import { splitName } from './lead-body.js';
import type { OpenConversation } from '../conversation/service.js';

/**
 * The bodies of the conversation API, as zod schemas (also their OpenAPI documentation) and
 * parsers that report every problem with its dotted path, like the lead intake.
 */

const timestamp = z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]);

export const visitorSchema = visitorHintsSchema
  .extend({
    name: z.string().max(200).optional().describe('full name; split into first and last when those are absent'),
    leadId: z.string().min(1).max(100).optional().describe('an existing lead of this source this conversation belongs to'),
  })
  .describe('what the chatbot already knows about the visitor; used where the messages say nothing');

/** A streamed message must carry the sender's id: it is what makes a retry safe. */
export const streamedMessageSchema = messageInputSchema.extend({ id: z.string().min(1).max(200).describe('the chatbot\'s message id; a repeated id is stored once') });

export const openBodySchema = z
  .object({
    channel: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'a channel id such as webchat, whatsapp, sms'),
    externalId: z.string().min(1).max(200).describe("the chatbot's conversation id; opening the same one again returns it"),
    visitor: visitorSchema.optional(),
    startedAt: timestamp.optional().describe('default: the first message, else now'),
    messages: z.array(messageInputSchema).max(5000).default([]).describe('a transcript so far (ids default to m1, m2… by position)'),
    ended: z.boolean().default(false).describe('true for one-shot capture: the conversation is over'),
  })
  .strict();

export const appendBodySchema = z.union([
  streamedMessageSchema,
  z.object({ messages: z.array(streamedMessageSchema).min(1).max(500) }).strict(),
]).describe('one message, or `{messages: [...]}` for a batch');

export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

function issuesOf(error: z.ZodError): Issue[] {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

const toMessage = (m: { id?: string; role: ConversationMessage['role']; text: string; timestamp: number }, i: number): ConversationMessage => ({
  id: m.id ?? `m${i + 1}`,
  role: m.role,
  text: m.text,
  at: m.timestamp,
});

export function parseOpenBody(body: unknown): Parsed<OpenConversation> {
  const parsed = openBodySchema.safeParse(body ?? {});
  if (!parsed.success) return { ok: false, issues: issuesOf(parsed.error) };
  const b = parsed.data;
  const { name, leadId, ...hints } = b.visitor ?? {};
  if (name !== undefined && hints.firstName === undefined && hints.lastName === undefined) Object.assign(hints, splitName(name));
  return {
    ok: true,
    value: {
      channel: b.channel,
      externalId: b.externalId,
      hints,
      leadId: leadId ?? null,
      ...(b.startedAt !== undefined ? { startedAt: b.startedAt } : {}),
      messages: b.messages.map(toMessage),
      ended: b.ended,
    },
  };
}

export function parseAppendBody(body: unknown): Parsed<ConversationMessage[]> {
  const batch = typeof body === 'object' && body !== null && 'messages' in body;
  const schema = batch ? appendBodySchema.options[1] : appendBodySchema.options[0];
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) return { ok: false, issues: issuesOf(parsed.error) };
  const messages = 'messages' in parsed.data ? parsed.data.messages : [parsed.data];
  return { ok: true, value: messages.map(toMessage) };
}
