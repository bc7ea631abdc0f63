/**
 * Numbered, forward-only migrations. Each runs once, in order, inside a transaction together with
 * its row in `schema_migrations`. Never edit a shipped migration: add the next number.
 */
import { conversationsMigration } from './conversation-migration.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const appendOnly = (table: string) => `
CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END;
CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END;`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'core pipeline tables',
    sql: `
CREATE TABLE workspaces (
  id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE leads (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  id TEXT NOT NULL,
  source_id TEXT NOT NULL,
  status TEXT NOT NULL,
  input TEXT NOT NULL,
  meta TEXT NOT NULL,
  state TEXT NOT NULL,
  body_hash TEXT NOT NULL,
  received_event_id TEXT NOT NULL,
  score REAL,
  segment TEXT,
  owner TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  completed_at INTEGER,
  PRIMARY KEY (workspace_id, id)
) STRICT;
CREATE INDEX leads_by_body ON leads (workspace_id, source_id, body_hash, created_at);
CREATE INDEX leads_by_status ON leads (workspace_id, status, id);
CREATE INDEX leads_by_source ON leads (workspace_id, source_id, id);
CREATE INDEX leads_by_owner ON leads (workspace_id, owner, id);

CREATE TABLE lead_events (
  workspace_id TEXT NOT NULL,
  id TEXT NOT NULL,
  lead_id TEXT NOT NULL,
  status TEXT NOT NULL,
  stage TEXT,
  at INTEGER NOT NULL,
  duration_ms REAL,
  detail TEXT NOT NULL,
  FOREIGN KEY (workspace_id, lead_id) REFERENCES leads (workspace_id, id)
) STRICT;
-- A timeline is read in rowid order: insertion order, across processes (rows are never deleted).
-- Event ids are ULIDs (80 random bits per millisecond); no index enforces their uniqueness,
-- because each index costs every one of the ~10 inserts a lead makes.
CREATE INDEX lead_events_by_lead ON lead_events (workspace_id, lead_id);
${appendOnly('lead_events')}

CREATE TABLE jobs (
  workspace_id TEXT NOT NULL,
  id TEXT NOT NULL,
  lead_id TEXT NOT NULL,
  key TEXT NOT NULL,
  stage TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  run_at INTEGER NOT NULL,
  leased_until INTEGER,
  lease_owner TEXT,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, key),
  FOREIGN KEY (workspace_id, lead_id) REFERENCES leads (workspace_id, id)
) STRICT;
CREATE INDEX jobs_due ON jobs (workspace_id, run_at, id);
CREATE INDEX jobs_by_lead ON jobs (workspace_id, lead_id);

CREATE TABLE dead_letters (
  workspace_id TEXT NOT NULL,
  id TEXT NOT NULL,
  lead_id TEXT NOT NULL,
  job_key TEXT NOT NULL,
  stage TEXT NOT NULL,
  reason TEXT NOT NULL,
  error TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  replayed_at INTEGER,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, lead_id) REFERENCES leads (workspace_id, id)
) STRICT;
CREATE INDEX dead_letters_open ON dead_letters (workspace_id, replayed_at, reason, id);

CREATE TABLE idempotency_keys (
  workspace_id TEXT NOT NULL,
  source_id TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  lead_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, source_id, key)
) STRICT;
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);

-- The identity ledger: normalized key (email, E.164 phone, channel id) → our lead.
CREATE TABLE identities (
  workspace_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  lead_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, kind, value),
  FOREIGN KEY (workspace_id, lead_id) REFERENCES leads (workspace_id, id)
) STRICT;
CREATE INDEX identities_by_lead ON identities (workspace_id, lead_id);

-- … and lead → each CRM's record id.
CREATE TABLE crm_records (
  workspace_id TEXT NOT NULL,
  lead_id TEXT NOT NULL,
  crm TEXT NOT NULL,
  object_type TEXT NOT NULL,
  record_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, lead_id, crm, object_type),
  UNIQUE (workspace_id, crm, object_type, record_id),
  FOREIGN KEY (workspace_id, lead_id) REFERENCES leads (workspace_id, id)
) STRICT;

CREATE TABLE consents (
  workspace_id TEXT NOT NULL,
  id TEXT NOT NULL,
  lead_id TEXT NOT NULL,
  purpose TEXT NOT NULL,
  granted INTEGER NOT NULL,
  policy_version TEXT,
  text_hash TEXT,
  evidence TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, lead_id) REFERENCES leads (workspace_id, id)
) STRICT;
CREATE INDEX consents_by_lead ON consents (workspace_id, lead_id, at);
${appendOnly('consents')}
`,
  },
  {
    version: 2,
    name: 'identity ledger blocking keys, merges and merge suggestions',
    sql: `
-- A job may process another lead's submission: after a merge, the survivor's job carries the
-- submission that was merged into it (its input, its consent) through the remaining stages.
ALTER TABLE jobs ADD COLUMN submission_id TEXT;
ALTER TABLE leads ADD COLUMN merged_into TEXT;
-- Identity keys carry their kind as a prefix ("email:…"): look them up by value alone.
CREATE UNIQUE INDEX identities_by_value ON identities (workspace_id, value);

-- Fuzzy blocking keys (name/company forms): many leads per key, candidates for name matching.
CREATE TABLE identity_blocks (
  workspace_id TEXT NOT NULL,
  key TEXT NOT NULL,
  lead_id TEXT NOT NULL,
  PRIMARY KEY (workspace_id, key, lead_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX identity_blocks_by_lead ON identity_blocks (workspace_id, lead_id);

CREATE TABLE merge_suggestions (
  workspace_id TEXT NOT NULL,
  id TEXT NOT NULL,
  lead_id TEXT NOT NULL,
  candidate_id TEXT NOT NULL,
  rule TEXT NOT NULL,
  confidence REAL NOT NULL,
  evidence TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  decided_at INTEGER,
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, lead_id, candidate_id)
) STRICT;
CREATE INDEX merge_suggestions_open ON merge_suggestions (workspace_id, status, id);
`,
  },
  {
    version: 3,
    name: 'routing state and assignments',
    sql: `
-- Shared state the routing strategies rotate (round robin, daily load), one document per workspace.
CREATE TABLE routing_state (
  workspace_id TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

-- One routing decision per job run: a stage re-run after a crash gets the same owner back instead
-- of advancing the rotation twice.
CREATE TABLE assignments (
  workspace_id TEXT NOT NULL,
  job_id TEXT NOT NULL,
  lead_id TEXT NOT NULL,
  decision TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, job_id)
) STRICT;
`,
  },
  {
    version: 4,
    name: 'job kinds and payloads; outbox',
    sql: `
-- 'process' jobs run the pipeline's stages; 'step' jobs are timed follow-up steps (reminders,
-- emails, escalations) scheduled in the same queue, so a restart loses none of them.
ALTER TABLE jobs ADD COLUMN kind TEXT NOT NULL DEFAULT 'process';
ALTER TABLE jobs ADD COLUMN payload TEXT;
ALTER TABLE dead_letters ADD COLUMN kind TEXT NOT NULL DEFAULT 'process';
ALTER TABLE dead_letters ADD COLUMN payload TEXT;
ALTER TABLE dead_letters ADD COLUMN submission_id TEXT;

-- Every email the service sends (or captures, in embedded mode), newest last.
CREATE TABLE outbox (
  workspace_id TEXT NOT NULL,
  id TEXT NOT NULL,
  message_id TEXT NOT NULL,
  lead_id TEXT,
  mail_from TEXT NOT NULL,
  rcpt_to TEXT NOT NULL,
  subject TEXT NOT NULL,
  raw TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, message_id)
) STRICT;
`,
  },
  {
    version: 5,
    name: 'compact identity profile per lead',
    sql: `
-- What matching reads of a candidate (normalized name, company, email, phone, secondary ids),
-- kept small beside the full state so finding duplicates never parses whole lead documents.
ALTER TABLE leads ADD COLUMN profile TEXT;
`,
  },
  {
    version: 6,
    name: 'alerts',
    sql: `
CREATE TABLE alerts (
  workspace_id TEXT NOT NULL,
  id TEXT NOT NULL,
  key TEXT NOT NULL,
  rule TEXT NOT NULL,
  severity TEXT NOT NULL,
  status TEXT NOT NULL,
  message TEXT NOT NULL,
  detail TEXT NOT NULL,
  fired_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  resolved_at INTEGER,
  PRIMARY KEY (workspace_id, id)
) STRICT;
-- At most one firing alert per key: the de-duplication that prevents alert storms.
CREATE UNIQUE INDEX alerts_firing ON alerts (workspace_id, key) WHERE status = 'firing';
`,
  },
  {
    version: 7,
    name: 'CRM record ledger without the one-record-one-lead rule',
    sql: `
-- Each CRM record our leads were written to, per account and object (person, company, deal, and
-- note:<key> / task:<key> for activities). Two leads that stayed apart in our ledger (a merge only
-- suggested) may still resolve to one CRM record, so record ids are indexed, not unique.
DROP TABLE crm_records;
CREATE TABLE crm_records (
  workspace_id TEXT NOT NULL,
  lead_id TEXT NOT NULL,
  account TEXT NOT NULL,
  object_type TEXT NOT NULL,
  record_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, lead_id, account, object_type),
  FOREIGN KEY (workspace_id, lead_id) REFERENCES leads (workspace_id, id)
) STRICT;
CREATE INDEX crm_records_by_record ON crm_records (workspace_id, account, object_type, record_id);
`,
  },
  {
    version: 8,
    name: 'name frequencies',
    sql: `
-- How many people carry each folded name and company (keys from domain/quality/name-frequencies.ts,
-- e.g. 'name:kowalski', 'company:acme', and the totals 'name:*', 'company:*'): agreement on a rare
-- name is strong evidence of one person, on a common one weak. Counted in the transaction that
-- creates a person in the identity ledger; read per submission for the values it compares.
-- A ledger that existed before this table starts it empty and fills it as people arrive.
CREATE TABLE name_frequencies (
  workspace_id TEXT NOT NULL,
  key TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, key)
) STRICT, WITHOUT ROWID;
-- The leads counted so far, so a dedupe stage re-run after a crash does not count one twice (a
-- narrow table of its own: flagging the wide leads row would rewrite its page for every new lead).
CREATE TABLE name_frequency_leads (
  workspace_id TEXT NOT NULL,
  lead_id TEXT NOT NULL,
  PRIMARY KEY (workspace_id, lead_id)
) STRICT, WITHOUT ROWID;
`,
  },
  conversationsMigration,
  {
    version: 10,
    name: 'pipeline jobs index',
    sql: `
-- The due pipeline jobs alone: a worker that claims only those (scaled out beside one that runs the
-- follow-up steps) would otherwise read past every follow-up step that is due but not its to take.
CREATE INDEX jobs_due_process ON jobs (workspace_id, run_at, id) WHERE kind = 'process';
`,
  },
  {
    version: 11,
    name: 'narrow identity tables; assignments by lead',
    sql: `
-- Identity keys by value alone: the value carries its kind ("email:…"), so the old primary key
-- (kind, value) and the unique index on value were two random-keyed B-trees saying one thing —
-- each new key dirtied a page in both. One clustered B-tree now.
CREATE TABLE identities_by_value_only (
  workspace_id TEXT NOT NULL,
  value TEXT NOT NULL,
  kind TEXT NOT NULL,
  lead_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, value),
  FOREIGN KEY (workspace_id, lead_id) REFERENCES leads (workspace_id, id)
) STRICT, WITHOUT ROWID;
INSERT INTO identities_by_value_only (workspace_id, value, kind, lead_id, created_at)
  SELECT workspace_id, value, kind, lead_id, created_at FROM identities;
DROP TABLE identities;
ALTER TABLE identities_by_value_only RENAME TO identities;
CREATE INDEX identities_by_lead ON identities (workspace_id, lead_id);

-- What matching reads of a candidate lead (migration 5's profile), in a narrow table of its own:
-- as the last column of the wide leads row it sat behind the state's overflow pages, so reading
-- one candidate walked its whole row. A row here exists only for a lead not merged into another.
CREATE TABLE lead_profiles (
  workspace_id TEXT NOT NULL,
  lead_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  profile TEXT NOT NULL,
  PRIMARY KEY (workspace_id, lead_id)
) STRICT, WITHOUT ROWID;
INSERT INTO lead_profiles (workspace_id, lead_id, created_at, profile)
  SELECT workspace_id, id, created_at, profile FROM leads WHERE profile IS NOT NULL AND merged_into IS NULL;
ALTER TABLE leads DROP COLUMN profile;

-- A lead's latest routing decision, for the sticky owner (ahead of leads.owner after a crash).
CREATE INDEX assignments_by_lead ON assignments (workspace_id, lead_id, at);
`,
  },
  {
    version: 12,
    name: 'follow-up plans as one job',
    sql: `
-- A follow-up plan's later steps ride on its first pending step's job (JSON, in order) and become
-- jobs of their own one at a time, as each is claimed: one job row per plan instead of one per
-- step (each with its four index entries) when the plan is made.
ALTER TABLE jobs ADD COLUMN chain TEXT;
`,
  },
];
