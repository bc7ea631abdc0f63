import type { Migration } from './migrations.js';

/**
 * Migration 9 (numbered past the CRM branches' 7 and 8): chatbot conversations and their messages.
 *
 * - `conversations`: one row per (source, channel, external id) — the chatbot's own conversation id
 *   is the key that makes opening a conversation idempotent. `active_at` is the server time of the
 *   last write, which the inactivity sweep compares with the clock (message timestamps come from the
 *   client and may be skewed or historical). `analysis` is the latest rule/model analysis as JSON.
 * - `conversation_messages`: append-only (no updates); the message id is unique per conversation,
 *   so a retried batch is stored once. Deletes stay possible for erasure. The text is personal data.
 */
export const conversationsMigration: Migration = {
  version: 9,
  name: 'conversations and their messages',
  sql: `
CREATE TABLE conversations (
  workspace_id TEXT NOT NULL,
  id TEXT NOT NULL,
  source_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  external_id TEXT NOT NULL,
  lead_id TEXT,
  status TEXT NOT NULL CHECK (status IN ('open', 'ended')),
  hints TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  last_message_at INTEGER,
  ended_at INTEGER,
  end_reason TEXT,
  message_count INTEGER NOT NULL DEFAULT 0,
  analysis TEXT,
  active_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, source_id, channel, external_id)
) STRICT;
CREATE INDEX conversations_by_lead ON conversations (workspace_id, lead_id) WHERE lead_id IS NOT NULL;
CREATE INDEX conversations_open ON conversations (workspace_id, active_at) WHERE status = 'open';

CREATE TABLE conversation_messages (
  workspace_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  message_id TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('user', 'bot', 'agent')),
  text TEXT NOT NULL,
  at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, conversation_id, message_id),
  FOREIGN KEY (workspace_id, conversation_id) REFERENCES conversations (workspace_id, id)
) STRICT;
CREATE TRIGGER conversation_messages_no_update BEFORE UPDATE ON conversation_messages
BEGIN SELECT RAISE(ABORT, 'conversation_messages is append-only'); END;
`,
};
