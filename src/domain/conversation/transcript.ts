import { z } from 'zod';

/**
 * The conversation model every analysis function reads.
 *
 * - **message**: one turn `{id, role, text, at}`; `role` is `user` (the visitor), `bot` (any
 *   chatbot) or `agent` (a person on our side). `id` is the sender's message id and the key of
 *   idempotency: a message id seen twice is stored once.
 * - **transcript**: the ordered messages of one conversation plus its channel and the visitor hints
 *   the chatbot already knew (a logged-in visitor's email, say). Ordered by `at`, then by arrival.
 *
 * `transcriptSchema` reads the JSON body of a one-shot `POST /v1/conversations` (and the file given
 * to `leadwire analyze`): timestamps as ISO strings or epoch milliseconds, message ids optional
 * (`m1`, `m2`… by position when absent).
 */

export const MESSAGE_ROLES = ['user', 'bot', 'agent'] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];

export interface ConversationMessage {
  id: string;
  role: MessageRole;
  text: string;
  /** Epoch milliseconds. */
  at: number;
}

/** What the chatbot already knew about the visitor; used where the messages say nothing. */
export interface VisitorHints {
  email?: string;
  phone?: string;
  firstName?: string;
  lastName?: string;
  company?: string;
  jobTitle?: string;
  language?: string;
}

export interface Transcript {
  channel: string;
  externalId?: string;
  hints: VisitorHints;
  messages: ConversationMessage[];
}

const timestamp = z.union([
  z.number().int().nonnegative(),
  z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
]);

export const messageInputSchema = z
  .object({
    id: z.string().min(1).max(200).optional(),
    role: z.enum(MESSAGE_ROLES),
    text: z.string().max(20_000),
    timestamp,
  })
  .strict();
export type MessageInput = z.input<typeof messageInputSchema>;

export const visitorHintsSchema = z
  .object({
    email: z.string().max(320).optional(),
    phone: z.string().max(64).optional(),
    firstName: z.string().max(200).optional(),
    lastName: z.string().max(200).optional(),
    company: z.string().max(300).optional(),
    jobTitle: z.string().max(200).optional(),
    language: z.string().max(16).optional(),
  })
  .strict();

export const transcriptSchema = z
  .object({
    channel: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'a channel id such as webchat, whatsapp, sms'),
    externalId: z.string().min(1).max(200).optional(),
    visitor: visitorHintsSchema.optional(),
    messages: z.array(messageInputSchema).max(5000).default([]),
  })
  .strict()
  .transform(
    (body): Transcript => ({
      channel: body.channel,
      ...(body.externalId ? { externalId: body.externalId } : {}),
      hints: body.visitor ?? {},
      messages: orderMessages(body.messages.map((m, i) => toMessage(m, `m${i + 1}`))),
    }),
  );

function toMessage(input: z.output<typeof messageInputSchema>, fallbackId: string): ConversationMessage {
  return { id: input.id ?? fallbackId, role: input.role, text: input.text, at: input.timestamp };
}

/** Stable order by time: messages with the same timestamp keep their arrival order. */
function orderMessages(messages: ConversationMessage[]): ConversationMessage[] {
  return messages.map((m, i) => ({ m, i })).sort((a, b) => a.m.at - b.m.at || a.i - b.i).map((x) => x.m);
}

export interface AppendResult {
  messages: ConversationMessage[];
  added: ConversationMessage[];
  /** Ids already present (or repeated inside the batch): acknowledged, not stored again. */
  duplicateIds: string[];
}

/**
 * Adds a batch of messages idempotently: an id already stored (or repeated in the batch) is skipped
 * and reported, the first copy wins. A late message (older timestamp) is placed in time order.
 */
export function appendMessages(existing: readonly ConversationMessage[], batch: readonly ConversationMessage[]): AppendResult {
  const seen = new Set(existing.map((m) => m.id));
  const added: ConversationMessage[] = [];
  const duplicateIds: string[] = [];
  for (const message of batch) {
    if (seen.has(message.id)) {
      duplicateIds.push(message.id);
      continue;
    }
    seen.add(message.id);
    added.push(message);
  }
  return { messages: orderMessages([...existing, ...added]), added, duplicateIds };
}

export function userMessages(transcript: Pick<Transcript, 'messages'>): ConversationMessage[] {
  return transcript.messages.filter((m) => m.role === 'user');
}

/** The bot or agent message right before each message, for reading answers in context. */
export function previousReply(messages: readonly ConversationMessage[], index: number): ConversationMessage | null {
  for (let i = index - 1; i >= 0; i--) {
    const m = messages[i];
    if (!m) continue;
    if (m.role !== 'user') return m;
    // Another user message in between: the question was already answered (or ignored).
    return null;
  }
  return null;
}
