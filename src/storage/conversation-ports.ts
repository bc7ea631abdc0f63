import type { ConversationMessage, VisitorHints } from '../domain/conversation/index.js';
import type { AcceptRequest } from './ports.js';

/** The conversation store's port (part of `Store`, re-exported by ports.ts). */

export type ConversationStatus = 'open' | 'ended';
export type ConversationEndReason = 'ended' | 'inactivity';

export interface ConversationRecord {
  id: string;
  sourceId: string;
  channel: string;
  externalId: string;
  /** The lead created (or hinted) for this conversation; a merge may have folded it into another. */
  leadId: string | null;
  status: ConversationStatus;
  hints: VisitorHints;
  startedAt: number;
  /** The latest message timestamp (client time), null before the first message. */
  lastMessageAt: number | null;
  endedAt: number | null;
  endReason: ConversationEndReason | null;
  messageCount: number;
  /** The latest analysis (domain `ConversationAnalysis`) as stored, null before the first write. */
  analysis: unknown;
  /** Server time of the last write: what the inactivity sweep compares with the clock. */
  activeAt: number;
}

/** One write on a conversation: open it (or find it by external id), append messages, end it. */
export interface ConversationChange {
  sourceId: string;
  /** Open (or find) by (source, channel, externalId); `conversationId` addresses an existing one. */
  open?: { channel: string; externalId: string; hints: VisitorHints; leadId: string | null; startedAt?: number };
  conversationId?: string;
  messages: readonly ConversationMessage[];
  end?: { reason: ConversationEndReason; at: number };
  /** Only end when nothing was written since this time (the inactivity sweep's guard). */
  endIfIdleSince?: number;
}

/** What to store, decided from the conversation after the change's messages are appended. */
export interface ConversationPlan {
  analysis: unknown;
  /** Create the conversation's lead through the intake's own durable path (no lead linked yet). */
  lead: AcceptRequest | null;
  /** Conversation facts changed: re-process the linked lead from the `score` stage. */
  reprocess: boolean;
}

export type ConversationWrite =
  | { outcome: 'not-found' }
  /** New messages for an ended conversation (ids already stored are still acknowledged). */
  | { outcome: 'ended'; conversation: ConversationRecord }
  /** `endIfIdleSince` and the conversation was written to meanwhile: nothing changed. */
  | { outcome: 'active'; conversation: ConversationRecord }
  | {
      outcome: 'stored';
      created: boolean;
      conversation: ConversationRecord;
      added: string[];
      duplicateIds: string[];
      /** Set when this write created the lead. */
      leadCreated: string | null;
      /** The lead a re-processing job was enqueued for (the survivor of any merge). */
      reprocessed: string | null;
    };

/**
 * Chatbot conversations. `recordConversation` runs in one atomic step: find or open the
 * conversation, append the new messages (idempotent per message id), call `plan` with the whole
 * transcript, then store the analysis, create the lead through the same writer `acceptLead` uses
 * (lead + `received` event + first job) and link it, or enqueue a re-processing job of the linked
 * lead — all committed together before the promise resolves. Nothing is written on `not-found`,
 * `ended` or `active`.
 *
 * Left out: message edits and deletes (append-only; erasure is a separate concern).
 */
export interface ConversationStore {
  recordConversation(change: ConversationChange, plan: (conversation: ConversationRecord, messages: ConversationMessage[]) => ConversationPlan): Promise<ConversationWrite>;
  getConversation(id: string): Promise<{ conversation: ConversationRecord; messages: ConversationMessage[] } | undefined>;
  /** The conversations of a person: its own and those of leads merged into it, oldest first. */
  leadConversations(leadId: string): Promise<ConversationRecord[]>;
  /** Open conversations with no write since `before` (server time), oldest first. */
  idleConversations(before: number, limit: number): Promise<Array<{ id: string; sourceId: string; activeAt: number }>>;
}
